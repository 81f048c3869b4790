// Trains a fixed set of small runs on one kernel set and prints a hash of every run's weights,
// predictions and model file, so that two commits can be compared bit for bit (issue #20: "training
// results bit-identical to before on every backend").
//   node scripts/weight-hashes.mjs <js|wasm-simd|wasm-relaxed> [threads]   (needs `npm run build`)
// NEURITE_MODULE points it at another build (e.g. an older commit's dist/index.js).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { digits, fashionMnist, haveFashionMnist, oneHot } from '../bench/data.mjs';

const lib = await import(process.env.NEURITE_MODULE ?? '../dist/index.js');
const { fit, initBackend, describeBackend, Network, stringifyModel, toModelFile, toStandaloneModule } = lib;
// ONNX export is its own entry (neurite/onnx): dist/onnx.js beside the given index.js, when there is one
const { toOnnx } = await import(new URL('onnx.js', new URL(process.env.NEURITE_MODULE ?? '../dist/index.js', import.meta.url)).href).catch(() => lib);
const [backend = 'js', threads = '1'] = process.argv.slice(2);
await initBackend({ backend, threads: Number(threads) });

const hash = (...arrays) => {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
};

function iris() {
  const lines = readFileSync(new URL('../../shared/datasets/iris.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const names = ['setosa', 'versicolor', 'virginica'];
  const x = new Float32Array(lines.length * 4);
  const y = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.trim().split(',');
    for (let j = 0; j < 4; j++) x[i * 4 + j] = (Number(v[j]) - 4) / 2;
    y[i] = names.indexOf(v[4]);
  });
  return { x, y, rows: lines.length };
}

const runs = [];
const run = (name, spec, data, opts) => runs.push({ name, spec, data, opts });
const I = iris();
const m = (d, cols, data = d.x) => ({ data, rows: d.rows, cols });
const col = (d, c) => Float32Array.from({ length: d.rows }, (_, i) => d.x[i * 4 + c]);
const setosa = Float32Array.from(I.y, (v) => (v === 0 ? 1 : 0));
const threeCols = Float32Array.from({ length: I.rows * 3 }, (_, k) => I.x[Math.floor(k / 3) * 4 + (k % 3)]);

run('iris relu/softmax ce adam b16', { inputs: 4, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 1 }, [m(I, 4), I.y], { epochs: 20, batchSize: 16, optimizer: 'adam', lr: 0.01, seed: 2 });
run('iris tanh/sigmoid mse sgd full', { inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'sigmoid' }], seed: 3 }, [m(I, 4), { data: oneHot(I.y, 3), rows: I.rows, cols: 3 }], { epochs: 50, batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse', seed: 4 });
run('iris elu/sigmoid bce rmsprop b8', { inputs: 4, layers: [{ units: 8, activation: 'elu' }, { units: 1, activation: 'sigmoid' }], seed: 5 }, [m(I, 4), [...setosa].map((v) => [v])], { epochs: 10, batchSize: 8, optimizer: 'rmsprop', lr: 0.01, loss: 'binary-cross-entropy', seed: 6 });
run('iris leaky/dropout softmax adam', { inputs: 4, layers: [{ units: 16, activation: 'leaky-relu' }, { type: 'dropout', rate: 0.2 }, { units: 3, activation: 'softmax' }], seed: 7 }, [m(I, 4), I.y], { epochs: 15, batchSize: 10, optimizer: 'adam', lr: 0.01, seed: 8 });
run('iris softplus/linear mae adagrad', { inputs: 3, layers: [{ units: 6, activation: 'softplus' }, { units: 1, activation: 'linear' }], seed: 9 }, [m(I, 3, threeCols), [...col(I, 3)].map((v) => [v])], { epochs: 15, batchSize: 12, optimizer: 'adagrad', lr: 0.05, loss: 'mae', seed: 10 });
run('iris step perceptron', { inputs: 4, layers: [{ units: 1, activation: 'step' }], seed: 11 }, [m(I, 4), [...setosa].map((v) => [v])], { epochs: 5, batchSize: 1, lr: 0.1, seed: 12 });
run('iris linear/mse momentum wd', { inputs: 4, layers: [{ units: 5, activation: 'linear' }, { units: 2, activation: 'relu' }, { units: 3, activation: 'linear' }], seed: 13 }, [m(I, 4), { data: oneHot(I.y, 3), rows: I.rows, cols: 3 }], { epochs: 10, batchSize: 7, optimizer: 'nesterov', lr: 0.05, loss: 'mse', optimizerOptions: { weightDecay: 1e-3 }, seed: 14 });
run('iris dropout/mse (autograd path)', { inputs: 4, layers: [{ units: 10, activation: 'sigmoid' }, { type: 'dropout', rate: 0.1 }, { units: 3, activation: 'softmax' }], seed: 22 }, [m(I, 4), { data: oneHot(I.y, 3), rows: I.rows, cols: 3 }], { epochs: 8, batchSize: 16, optimizer: 'adam', lr: 0.01, loss: 'mse', seed: 23 });
run('xor tanh/sigmoid mse sgd (W2)', { inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 }, [[[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]], { epochs: 300, batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse', shuffle: false });
const D = digits();
run('digits sigmoid/softmax sgd b1 (W3)', { inputs: 64, layers: [{ units: 32, activation: 'sigmoid' }, { units: 10, activation: 'softmax' }], seed: 1 }, [m(D, 64), D.y], { epochs: 1, batchSize: 1, optimizer: 'sgd', lr: 0.1, loss: 'cross-entropy', seed: 15 });
run('digits tanh/relu/softmax mse adam b32', { inputs: 64, layers: [{ units: 32, activation: 'tanh' }, { units: 16, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 16 }, [m(D, 64), { data: oneHot(D.y, 10), rows: D.rows, cols: 10 }], { epochs: 3, batchSize: 32, optimizer: 'adam', lr: 0.01, loss: 'mse', seed: 17 });
run('digits relu/dropout/softmax adamw clip', { inputs: 64, layers: [{ units: 48, activation: 'relu' }, { type: 'dropout', rate: 0.3 }, { units: 10, activation: 'softmax' }], seed: 18 }, [m(D, 64), D.y], { epochs: 3, batchSize: 64, optimizer: 'adamw', lr: 0.005, clipNorm: 1, seed: 19 });
if (haveFashionMnist()) {
  const tr = fashionMnist('t10k');
  const rows = 1024;
  const F = { x: tr.x.subarray(0, rows * 784), y: tr.y.subarray(0, rows), rows };
  run('W1-sized 784-256-128-10 adam b128', { inputs: 784, layers: [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 1 }, [m(F, 784), F.y], { epochs: 2, batchSize: 128, optimizer: 'adam', lr: 1e-3, loss: 'cross-entropy', seed: 20 });
  // batches big enough that the threaded backends split the bias, activation and update across workers
  run('W1-sized tanh/mse b512 sgd', { inputs: 784, layers: [{ units: 256, activation: 'tanh' }, { units: 128, activation: 'elu' }, { units: 10, activation: 'sigmoid' }], seed: 2 }, [m(F, 784), { data: oneHot(F.y, 10), rows, cols: 10 }], { epochs: 2, batchSize: 512, optimizer: 'momentum', lr: 0.1, loss: 'mse', seed: 21 });
}

console.log(`# ${describeBackend()}`);
for (const r of runs) {
  const net = new Network(r.spec);
  const result = fit(net, r.data[0], r.data[1], r.opts);
  const params = net.parameters().map((p) => p.tensor.data);
  const x = r.data[0];
  const flat = x.data ?? Float32Array.from(x.flat());
  const rows = x.rows ?? x.length;
  const predictions = net.predictFlat(flat, rows);
  const softmax = net.layers[net.layers.length - 1].activation === 'softmax';
  const file = stringifyModel(toModelFile(net, softmax ? { task: 'classification' } : {}));
  const losses = result.history.map((e) => e.loss);
  let exported = 'refused';
  try {
    const json = JSON.parse(file);
    exported = createHash('sha256').update(toOnnx(json)).update(toStandaloneModule(json)).digest('hex').slice(0, 16);
  } catch (e) {
    exported = `refused (${e.message.split('\n')[0].slice(0, 60)})`;
  }
  console.log(`${r.name}: weights ${hash(...params)} predictions ${hash(predictions)} file ${createHash('sha256').update(file).digest('hex').slice(0, 16)} loss ${hash(Float64Array.from(losses))} last ${losses[losses.length - 1]} export ${exported}`);
}
process.exit(0);
