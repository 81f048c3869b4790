// Digests of the weights after a few steps of training, per data set, optimizer and kernel set:
// run it before and after a change that must not move a single bit (a refactor of the kernels, a
// split of a file) and compare the two outputs, which must be equal line for line.
//   node scripts/weights-digest.mjs <backend> <threads>      (backend: js, wasm-simd, wasm-relaxed)
// NEURITE_MODULE picks the library (default: dist/index.js), e.g. an esbuild bundle of src/index.ts
// from another checkout. Prints one line per case: `<case> <sha256 of the weights and predictions>`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { digits, fashionMnist, haveFashionMnist } from '../bench/data.mjs';

const lib = await import(process.env.NEURITE_MODULE ?? '../dist/index.js');
const { fit, initBackend, Network } = lib;
const [backend = 'js', threads = '1'] = process.argv.slice(2);
await initBackend({ backend, threads: Number(threads) });

const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];

function digest(net, x, rows) {
  const h = createHash('sha256');
  for (const p of net.parameters()) h.update(new Uint8Array(Float32Array.from(p.tensor.data).buffer));
  // predictions of 1 to 5 rows (the thin products) and of all rows
  for (const r of [1, 2, 3, 5, rows]) h.update(new Uint8Array(Float32Array.from(net.predictFlat(x.data.subarray(0, r * x.cols), r)).buffer));
  return h.digest('hex').slice(0, 16);
}

function iris() {
  const lines = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const names = [...new Set(lines.map((l) => l.split(',')[4].trim()))];
  const x = new Float32Array(lines.length * 4), y = new Float32Array(lines.length), width = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.split(',');
    for (let j = 0; j < 4; j++) x[i * 4 + j] = Number(v[j]) / 8;
    y[i] = names.indexOf(v[4].trim());
    width[i] = Number(v[3]);
  });
  return { x: { data: x, rows: lines.length, cols: 4 }, y, width };
}

const out = [];
const run = (name, make, x, y, options) => {
  const net = make();
  fit(net, x, y, { seed: 3, ...options });
  out.push(`${name} ${digest(net, x, x.rows)}`);
};

const ir = iris();
const dg = digits();
const dx = { data: dg.x, rows: dg.rows, cols: 64 };
for (const optimizer of OPTIMIZERS) {
  const optimizerOptions = { weightDecay: 1e-3 };
  run(`iris ${optimizer}`, () => new Network({ inputs: 4, layers: [{ units: 16, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 }),
    ir.x, ir.y, { optimizer, optimizerOptions, epochs: 3, batchSize: 16, lr: 0.05 });
  run(`digits ${optimizer}`, () => new Network({ inputs: 64, layers: [{ units: 32, activation: 'sigmoid' }, { units: 10, activation: 'softmax' }], seed: 1 }),
    dx, dg.y, { optimizer, optimizerOptions, epochs: 2, batchSize: 32, lr: 0.01 });
}
// a regression through the fused dense step (an mse stack), outputs of one column
const width = ir.width.map((v) => [v]);
run('iris mse sgd', () => new Network({ inputs: 4, layers: [{ units: 8, activation: 'relu' }, { units: 1 }], seed: 2 }), ir.x, width,
  { optimizer: 'sgd', loss: 'mse', epochs: 4, batchSize: 8, lr: 0.05 });
run('digits full elu', () => new Network({ inputs: 64, layers: [{ units: 48, activation: 'elu' }, { units: 24, activation: 'softplus' }, { units: 10, activation: 'softmax' }], seed: 4 }),
  dx, dg.y, { optimizer: 'adam', epochs: 3, batchSize: 'full' });
if (haveFashionMnist()) {
  const tr = fashionMnist('train');
  const w1 = () => new Network({ inputs: 784, layers: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 1 });
  const small = { data: tr.x.subarray(0, 2048 * 784), rows: 2048, cols: 784 };
  // W1's network and batch, 16 steps; then full batches of 4096 rows (a product cut along k)
  run('w1 adam', w1, small, tr.y.subarray(0, 2048), { optimizer: 'adam', lr: 1e-3, epochs: 1, batchSize: 128 });
  run('w1 momentum', w1, small, tr.y.subarray(0, 2048), { optimizer: 'momentum', lr: 1e-2, epochs: 1, batchSize: 100 });
  const big = { data: tr.x.subarray(0, 4096 * 784), rows: 4096, cols: 784 };
  run('w1 full rmsprop', w1, big, tr.y.subarray(0, 4096), { optimizer: 'rmsprop', lr: 1e-3, epochs: 2, batchSize: 'full' });
}
console.log(out.join('\n'));
// on stderr, so that the digests stay comparable: the workers' share, which shows that they took part
const blocks = lib.getBackend().workerBlocks?.() ?? [];
if (blocks.length > 0) console.error(`blocks done by the workers: ${blocks.join(', ')}`);
process.exit(0);
