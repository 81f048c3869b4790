// One W1 training step (Fashion-MNIST 784-256-128-10, Adam, batch 128) part by part (#28): the
// median wall time of each kernel call a step makes, by kernel and product shape (a product as
// mm(m,k,n,transA transB)), the time outside the kernels (the loop, the optimizer's JavaScript) and
// the step, for one or more builds in one process: each build's Trainer takes STEP_STEPS steps in
// turn, STEP_ROUNDS rounds, the order reversed every other round, so that a busy machine slows them
// alike. The medians are of each part's sum per step (a kernel called twice a step counts once), so
// a step's parts add up to about its median (a step without a part counts 0); a call made inside
// another (a task beside the workers, a product's own kernels) counts in the outer one. Where the
// time of a step on two threads goes: a part alone on the caller takes its single-thread time; a
// shared one about half.
// Usage: npm run build && [STEP_ROUNDS=10] [STEP_STEPS=100] node bench/step-parts.mjs [threads] [dist...]
// (dist: a build's dist folder, ../dist by default; several are compared column by column).
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { fashionMnist } from './data.mjs';
import { machine } from './report.mjs';

const [threadsArg = '2', ...given] = process.argv.slice(2);
const dists = given.length > 0 ? given.map((d) => pathToFileURL(`${d}/`)) : [new URL('../dist/', import.meta.url)];
const rounds = Number(process.env.STEP_ROUNDS ?? 10), steps = Number(process.env.STEP_STEPS ?? 100);
const tr = fashionMnist('train');

const builds = [];
for (const dist of dists) {
  const lib = await import(new URL('index.js', dist).href);
  await lib.initBackend({ backend: 'wasm-simd', threads: Number(threadsArg) });
  const k = lib.getBackend().kernels;
  const build = { name: dist.pathname, parts: new Map(), steps: [], step: new Map(), on: false };
  let depth = 0;
  for (const name of Object.keys(k)) {
    const f = k[name];
    k[name] = function (...a) {
      if (depth > 0 || !build.on) return f.apply(this, a);
      depth++;
      const t = performance.now();
      try {
        return f.apply(this, a);
      } finally {
        depth--;
        const key = name === 'matmul' ? `mm(${a[3]},${a[4]},${a[5]},${a[6] ? 1 : 0}${a[7] ? 1 : 0})` : name;
        build.step.set(key, (build.step.get(key) ?? 0) + performance.now() - t);
      }
    };
  }
  const net = new lib.Network({ inputs: 784, layers: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 1 });
  build.trainer = new lib.Trainer(net, { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, { batchSize: 128, optimizer: 'adam', lr: 1e-3, loss: 'cross-entropy', seed: 1 });
  // the split tuner's trials and V8's tiers first
  for (let i = 0; i < 60; i++) build.trainer.step();
  build.backend = lib.describeBackend();
  builds.push(build);
}

const load0 = os.loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const b of r % 2 ? [...builds].reverse() : builds) {
    b.on = true;
    for (let i = 0; i < steps; i++) {
      b.step = new Map();
      const t0 = performance.now();
      b.trainer.step();
      const dt = performance.now() - t0;
      b.steps.push(dt);
      let inKernels = 0;
      for (const [key, v] of b.step) {
        if (!b.parts.has(key)) b.parts.set(key, []);
        b.parts.get(key).push(v);
        inKernels += v;
      }
      if (!b.parts.has('(outside kernels)')) b.parts.set('(outside kernels)', []);
      b.parts.get('(outside kernels)').push(dt - inKernels);
    }
    b.on = false;
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const us = (ms) => (ms * 1000).toFixed(1);
console.log(`${machine()}; ${builds[0].backend}; load ${load0.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}; ${rounds} rounds of ${steps} steps a build; µs, medians`);
builds.forEach((b, i) => console.log(`[${i}] ${b.name}`));
// parts made in at least half the steps (the last, smaller batch of an epoch makes others)
const keys = [...new Set(builds.flatMap((b) => [...b.parts.keys()]))].filter((key) => builds.some((b) => (b.parts.get(key)?.length ?? 0) > b.steps.length / 2)).sort();
console.log('part'.padEnd(22) + builds.map((_, i) => `[${i}]`.padStart(10)).join(''));
// a step without the part counts 0
const partMedian = (b, key) => median([...(b.parts.get(key) ?? []), ...new Array(b.steps.length - (b.parts.get(key)?.length ?? 0)).fill(0)]);
for (const key of keys) console.log(key.padEnd(22) + builds.map((b) => (b.parts.has(key) ? us(partMedian(b, key)) : '–').padStart(10)).join(''));
console.log('step'.padEnd(22) + builds.map((b) => us(median(b.steps)).padStart(10)).join(''));
console.log('samples/s'.padEnd(22) + builds.map((b) => Math.round(128 / median(b.steps) * 1000).toString().padStart(10)).join(''));
process.exit(0);
