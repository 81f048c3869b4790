// Two builds side by side: alternating segments of the same workload, each timed by process CPU
// time (process.cpuUsage: on a shared, loaded machine wall time mostly measures the neighbours;
// with threads 1, CPU time is the work) and by wall time.
//   node bench/ab.mjs <before/dist/index.js> <after/dist/index.js> [w2|w3] [backend] [segments] [steps] [processes]
// Default: one process imports both builds and alternates segments (ABBA…), one fit per segment.
// `processes`: each segment is a fresh process that loads one build, warms up with one fit of
// `steps` and times a second fit of 2 × `steps` (what a single long run sees: the JIT's choices
// in a process that holds one copy of the library). Prints each build's median µs per step, the
// median of the pairs' ratios and how many pairs favour each side.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { digits } from './data.mjs';

const args = process.argv.slice(2);
const d = digits();
const WORKLOADS = {
  // bench/neurite.mjs's W2: XOR 2-8-1, the four rows as one batch, plain SGD
  w2: (lib) => ({
    net: new lib.Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 }),
    x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [[0], [1], [1], [0]],
    opts: { batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse', shuffle: false },
  }),
  // bench/neurite.mjs's W3: 64-32-10 on the 8x8 digits, batch size 1, plain SGD
  w3: (lib) => ({
    net: new lib.Network({ inputs: 64, layers: [{ units: 32, activation: 'sigmoid' }, { units: 10, activation: 'softmax' }], seed: 1 }),
    x: { data: d.x, rows: d.rows, cols: 64 }, y: d.y,
    opts: { batchSize: 1, optimizer: 'sgd', lr: 0.1, loss: 'cross-entropy' },
  }),
};
const load = async (p, backend) => {
  const lib = await import(pathToFileURL(resolve(p)).href);
  await lib.initBackend({ backend, threads: 1 });
  return lib;
};
function segment({ lib, net, x, y, opts }, steps) {
  let n = 0;
  const c0 = process.cpuUsage(), t0 = performance.now();
  lib.fit(net, x, y, { ...opts, epochs: 1e9, onBatchEnd: () => (++n >= steps ? 'stop' : undefined) });
  const c = process.cpuUsage(c0), wall = performance.now() - t0;
  return { cpu: (c.user + c.system) / n, wall: (wall * 1000) / n };
}

if (args[0] === '--child') {
  const [, path, workload, backend, steps] = args;
  const lib = await load(path, backend);
  const s = { lib, ...WORKLOADS[workload](lib) };
  segment(s, Number(steps));
  console.log(JSON.stringify(segment(s, 2 * Number(steps))));
  process.exit(0);
}

const [pa, pb, workload = 'w3', backend = 'js', segArg = '20', stepsArg = '20000', mode = 'one'] = args;
if (!pa || !pb || !WORKLOADS[workload] || !['one', 'processes'].includes(mode)) {
  console.error(`usage: node bench/ab.mjs <before/dist/index.js> <after/dist/index.js> [${Object.keys(WORKLOADS).join('|')}] [backend] [segments] [steps] [one|processes]`);
  process.exit(2);
}
const segments = Number(segArg), steps = Number(stepsArg);
let run;
if (mode === 'processes') {
  const self = fileURLToPath(import.meta.url);
  run = (k) => {
    const r = spawnSync(process.execPath, [self, '--child', [pa, pb][k], workload, backend, String(steps)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench/ab.mjs: the child for ${[pa, pb][k]} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
} else {
  const state = [];
  for (const p of [pa, pb]) { const lib = await load(p, backend); state.push({ lib, ...WORKLOADS[workload](lib) }); }
  for (const s of state) segment(s, steps); // warm-up: compile both builds' hot paths
  run = (k) => segment(state[k], steps);
}
const res = [[], []];
for (let i = 0; i < segments; i++) for (const k of i % 2 ? [1, 0] : [0, 1]) res[k].push(run(k));

const median = (a) => { const s = [...a].sort((x, y) => x - y); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };
console.log(`${workload} ${backend}, 1 thread: ${segments} interleaved pairs of ${steps} steps (${mode === 'one' ? 'one process' : 'a process each'})`);
for (const key of ['cpu', 'wall']) {
  const a = res[0].map((r) => r[key]), b = res[1].map((r) => r[key]);
  const fa = a.filter((v, i) => v < b[i]).length;
  // each pair ran back to back, so its ratio cancels most of the machine's slow and fast spells
  const ratio = median(a.map((v, i) => v / b[i]));
  console.log(`${key.padEnd(4)} µs/step  before ${median(a).toFixed(3)}  after ${median(b).toFixed(3)}  speed after/before ${ratio.toFixed(3)} (median of pairs)  pairs faster: before ${fa}, after ${segments - fa}`);
}
