// Neurite's side of `npm run bench`: one workload per process.
//   node bench/neurite.mjs <w1|w1acc|c1lib|w2|w3|w4|w5|w6|w7|w7acc> <backend> <threads>
// Prints one line `RESULT {json}`. Uses the built library (dist/), as a user would.
const { describeBackend, fit, getBackend, initBackend, Network } = await import(process.env.NEURITE_MODULE ?? '../dist/index.js');
import { digits, fashionMnist } from './data.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [workload, backend = 'auto', threadsArg = '1'] = process.argv.slice(2);
await initBackend({ backend, threads: Number(threadsArg) });
// NEURITE_SPLIT=guided (or another way of src/backend/threads/splits.ts) shares every product that way instead of as found fastest
if (process.env.NEURITE_SPLIT) getBackend().forceSplit?.(process.env.NEURITE_SPLIT);
const seconds = (name, d) => Number(process.env[name] ?? d);
// the way each product shape was shared among the threads on this machine (Note [splits per machine]), where the build tells
const splits = () => { const s = getBackend().splits?.(); return s && Object.keys(s).length > 0 ? { splits: s } : {}; };
const emit = (r) => console.log(`RESULT ${JSON.stringify({ lib: 'neurite', backend: describeBackend(), workload, ...r, ...splits() })}`);
const W1_LAYERS = [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }];
const P = 784 * 256 + 256 * 128 + 128 * 10;

/**
 * Trains until `minSeconds` of steady time (the first `warm` batches of the run excluded); samples/s.
 * With W1_RATES=1, also each second's rate as [end of the second (ms since the epoch), samples/s] (bench/busy.mjs).
 */
function steady(net, x, y, opts, rows, minSeconds, warm = 5) {
  let t0 = 0, samples = 0, batches = 0, start = 0, mark = 0, markSamples = 0;
  const rates = process.env.W1_RATES === '1' ? [] : null;
  fit(net, x, y, {
    ...opts, epochs: 1e9,
    onBatchEnd: () => {
      batches++;
      if (batches === warm) { t0 = mark = performance.now(); start = batches; }
      if (batches > warm) samples += Math.min(opts.batchSize === 'full' ? rows : opts.batchSize, rows);
      // the clock is read every 16th batch: peers' loops read it once per call of many steps
      if (batches <= warm || (batches & 15) !== 0) return undefined;
      const now = performance.now();
      if (rates && now - mark >= 1000) {
        rates.push([Math.round(performance.timeOrigin + now), Math.round(((samples - markSamples) * 1000) / (now - mark))]);
        mark = now;
        markSamples = samples;
      }
      return now - t0 >= minSeconds * 1000 ? 'stop' : undefined;
    },
  });
  void start;
  return { rate: samples / ((performance.now() - t0) / 1000), seconds: (performance.now() - t0) / 1000, ...(rates ? { rates } : {}) };
}

const w1net = (inputs = 784, hidden = [256, 128], seed = 1) => new Network({ inputs, layers: [...hidden.map((u) => ({ units: u, activation: 'relu' })), { units: 10, activation: 'softmax' }], seed });
const adam = { batchSize: 128, optimizer: 'adam', lr: 1e-3, loss: 'cross-entropy' };
// W7: conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:128,dropout:0.3 and a softmax output (225,034 parameters)
const w7net = (seed) => new Network({
  inputShape: [28, 28, 1], seed, layers: [
    { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' }, { type: 'maxPool2d', size: 2 },
    { type: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' }, { type: 'maxPool2d', size: 2 },
    { type: 'flatten' }, { units: 128, activation: 'relu' }, { type: 'dropout', rate: 0.3 }, { units: 10, activation: 'softmax' },
  ],
});
const w7adam = { batchSize: 64, optimizer: 'adam', lr: 1e-3, loss: 'cross-entropy' };

function accuracy(net, x, y, rows) {
  const out = net.predictFlat(x, rows);
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < 10; j++) if (out[i * 10 + j] > out[i * 10 + best]) best = j;
    if (best === y[i]) hits++;
  }
  return hits / rows;
}

switch (workload) {
  case 'w1': {
    const tr = fashionMnist('train');
    const r = steady(w1net(), { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, adam, tr.rows, seconds('W1_SECONDS', 15));
    // no input gradient for the first layer: 3 products per weight, less the pixels' gradient
    emit({ value: r.rate, unit: 'samples/s', gflops: ((6 * P - 2 * 784 * 256) * r.rate) / 1e9, steady: r.seconds, rss: process.memoryUsage().rss, ...(r.rates ? { rates: r.rates } : {}) });
    break;
  }
  case 'w1acc': {
    const tr = fashionMnist('train'), te = fashionMnist('t10k');
    // one seed per run (bench/run.mjs gives each run its own): the initial weights and the shuffles
    const seed = Number(process.env.W1_SEED ?? 1);
    const net = w1net(784, [256, 128], seed);
    const rss = [];
    const t0 = performance.now();
    fit(net, { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, { ...adam, epochs: Number(process.env.W1_EPOCHS ?? 10), seed, onEpochEnd: () => { rss.push(process.memoryUsage().rss); } });
    emit({ value: accuracy(net, te.x, te.y, te.rows), unit: 'test accuracy', seed, epochs: rss.length, trainSeconds: (performance.now() - t0) / 1000, rssPerEpochMB: rss.map((b) => Math.round(b / 2 ** 20)) });
    break;
  }
  case 'c1lib': {
    // W1 end to end with the library (bench/command.mjs): read the files, fit C1_EPOCHS epochs, save the model
    const t0 = performance.now();
    const tr = fashionMnist('train');
    const read = (performance.now() - t0) / 1000;
    const net = w1net();
    const t1 = performance.now();
    fit(net, { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, { ...adam, epochs: Number(process.env.C1_EPOCHS ?? 3), seed: 1 });
    const train = (performance.now() - t1) / 1000;
    const { saveModel } = await import(new URL('../dist/node.js', import.meta.url).href);
    const t2 = performance.now();
    saveModel(join(tmpdir(), 'neurite-bench-command', 'library-w1.json'), net);
    emit({ value: train, unit: 's', read, train, write: (performance.now() - t2) / 1000 });
    break;
  }
  case 'w2': {
    const net = new Network({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]];
    const r = steady(net, x, y, { batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse', shuffle: false }, 4, seconds('W2_SECONDS', 5), 200);
    const p = net.predict(x).map((v) => v[0]);
    emit({ value: r.rate / 4, unit: 'steps/s', finalMse: p.reduce((s, v, i) => s + (v - y[i][0]) ** 2, 0) / 4 });
    break;
  }
  case 'w3': {
    const d = digits();
    const net = new Network({ inputs: 64, layers: [{ units: 32, activation: 'sigmoid' }, { units: 10, activation: 'softmax' }], seed: 1 });
    const r = steady(net, { data: d.x, rows: d.rows, cols: 64 }, d.y, { batchSize: 1, optimizer: 'sgd', lr: 0.1, loss: 'cross-entropy' }, d.rows, seconds('W3_SECONDS', 8), 50);
    emit({ value: r.rate, unit: 'samples/s', trainAccuracy: accuracy(net, d.x, d.y, d.rows) });
    break;
  }
  case 'w4': {
    const te = fashionMnist('t10k');
    const net = w1net();
    const pass = () => { for (let s = 0; s < te.rows; s += 1000) net.predictFlat(te.x.subarray(s * 784, (s + 1000) * 784), 1000); };
    pass();
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds('W4_SECONDS', 5) * 1000) { pass(); n += te.rows; }
    const rate = n / ((performance.now() - t0) / 1000);
    emit({ value: rate, unit: 'samples/s', gflops: (2 * P * rate) / 1e9 });
    break;
  }
  case 'w5': {
    const b = getBackend();
    const alloc = (n) => (b.allocate ? b.allocate(n) : new Float32Array(n));
    const N = 2048;
    const a = alloc(N * N), c = alloc(N * N), out = alloc(N * N);
    for (let i = 0; i < a.length; i++) { a[i] = Math.sin(i); c[i] = Math.cos(i); }
    b.kernels.matmul(out, a, c, N, N, N, false, false);
    // past the split tuner's trials of this shape (Note [splits per machine]): what is timed is the
    // way it keeps, not the ways it tries on its first products
    for (let w = 0; w < 16 && Number(threadsArg) > 1 && b.splits && Object.keys(b.splits()).length === 0; w++) b.kernels.matmul(out, a, c, N, N, N, false, false);
    const reps = [];
    for (let r = 0; r < 5; r++) { const t = performance.now(); b.kernels.matmul(out, a, c, N, N, N, false, false); reps.push(performance.now() - t); }
    reps.sort((p, q) => p - q);
    emit({ value: (2 * N ** 3) / (reps[2] / 1000) / 1e9, unit: 'GFLOP/s' });
    break;
  }
  case 'w6': {
    const tr = fashionMnist('train');
    const stepMs = (hidden, batch) => {
      const net = w1net(784, [hidden, hidden >> 1]);
      const rows = Math.max(batch * 40, 2000);
      const r = steady(net, { data: tr.x.subarray(0, rows * 784), rows, cols: 784 }, tr.y.subarray(0, rows), { ...adam, batchSize: batch }, rows, seconds('W6_SECONDS', 0.7), 3);
      return (1000 * batch) / r.rate;
    };
    const width = [64, 128, 256, 512, 1024, 2048].map((h) => ({ hidden: h, ms: stepMs(h, 128) }));
    const batch = [1, 4, 16, 64, 128, 256, 1024].map((bs) => ({ batch: bs, ms: stepMs(256, bs) }));
    const rows = [1000, 5000, 15000, 30000, 60000].map((n) => {
      const net = w1net();
      const t0 = performance.now();
      fit(net, { data: tr.x.subarray(0, n * 784), rows: n, cols: 784 }, tr.y.subarray(0, n), { ...adam, epochs: 1 });
      return { rows: n, seconds: (performance.now() - t0) / 1000 };
    });
    emit({ value: 0, unit: 'scaling', width, batch, rows });
    break;
  }
  case 'w7': {
    // the network of issue #25's point 4 on Fashion-MNIST images, Adam 1e-3, batch 64
    const tr = fashionMnist('train');
    const r = steady(w7net(1), { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, w7adam, tr.rows, seconds('W7_SECONDS', 20), 3);
    emit({ value: r.rate, unit: 'samples/s', steady: r.seconds, rss: process.memoryUsage().rss });
    break;
  }
  case 'w7acc': {
    const tr = fashionMnist('train'), te = fashionMnist('t10k');
    const seed = Number(process.env.W7_SEED ?? 1);
    const net = w7net(seed);
    const rss = [], acc = [];
    const t0 = performance.now();
    fit(net, { data: tr.x, rows: tr.rows, cols: 784 }, tr.y, {
      ...w7adam, epochs: Number(process.env.W7_EPOCHS ?? 10), seed,
      // a learning-rate schedule to try, e.g. W7_SCHEDULE='{"type":"cosine","tMax":15}' (default none)
      ...(process.env.W7_SCHEDULE ? { schedule: JSON.parse(process.env.W7_SCHEDULE) } : {}),
      onEpochEnd: () => {
        rss.push(process.memoryUsage().rss);
        acc.push(accuracy(net, te.x, te.y, te.rows));
        // progress on stderr: a run cut short still tells how far it came
        console.error(`w7acc seed ${seed} epoch ${acc.length}: test accuracy ${acc[acc.length - 1]}, ${Math.round((performance.now() - t0) / 1000)} s, rss ${Math.round(rss[rss.length - 1] / 2 ** 20)} MB`);
      },
    });
    emit({ value: acc[acc.length - 1], unit: 'test accuracy', seed, schedule: process.env.W7_SCHEDULE ?? 'none', epochs: rss.length, accuracyPerEpoch: acc, trainSeconds: (performance.now() - t0) / 1000, rssPerEpochMB: rss.map((b) => Math.round(b / 2 ** 20)) });
    break;
  }
  default:
    throw new Error(`unknown workload ${workload}`);
}
process.exit(0);
