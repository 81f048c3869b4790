// TensorFlow.js on the bench workloads: node bench/peers/tfjs.mjs <w1|w2|w3|w4|w7> <cpu|wasm>
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { digits, fashionMnist, oneHot } from '../data.mjs';

const [workload, backend] = process.argv.slice(2);
await tf.setBackend(backend);
await tf.ready();
const secs = (n, d) => Number(process.env[n] ?? d);
const emit = (r) => console.log(`RESULT ${JSON.stringify({ lib: `tfjs-${backend}`, workload, ...r })}`);
const mlp = () => {
  const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }), tf.layers.dense({ units: 128, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return m;
};
// core API: variables + optimizer.minimize, no read-back per step
function coreSteps(shapes, acts, xs, ys, loss, lr, batch, rows, seconds) {
  const vars = shapes.map(([i, o]) => [tf.variable(tf.randomNormal([i, o], 0, Math.sqrt(2 / (i + o)))), tf.variable(tf.zeros([o]))]);
  const opt = tf.train.sgd(lr);
  const f = (x) => vars.reduce((h, [w, b], l) => { const z = h.matMul(w).add(b); return acts[l] ? tf[acts[l]](z) : z; }, x);
  let n = 0, t0 = 0, at = 0;
  for (let s = 0; ; s++) {
    if (s === 50) t0 = performance.now();
    tf.tidy(() => {
      const x = batch === rows ? xs : xs.slice([at, 0], [1, -1]);
      const y = batch === rows ? ys : ys.slice([at, 0], [1, -1]);
      opt.minimize(() => loss(f(x), y));
    });
    at = (at + 1) % rows;
    if (s >= 50) { n += batch; if (n % 64 === 0 && performance.now() - t0 > seconds * 1000) break; }
  }
  return n / ((performance.now() - t0) / 1000);
}

if (workload === 'w1') {
  const tr = fashionMnist('train');
  const x = tf.tensor2d(tr.x, [tr.rows, 784]), y = tf.tensor2d(oneHot(tr.y, 10), [tr.rows, 10]);
  const m = mlp();
  let t0 = 0, b = 0, n = 0;
  await m.fit(x, y, { batchSize: 128, epochs: 100, shuffle: true, verbose: 0, callbacks: { onBatchEnd: () => { b++; if (b === 5) t0 = performance.now(); if (b > 5) n += 128; if (b > 5 && performance.now() - t0 > secs('W1_SECONDS', 15) * 1000) m.stopTraining = true; } } });
  emit({ value: n / ((performance.now() - t0) / 1000), unit: 'samples/s' });
} else if (workload === 'w2') {
  const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]), ys = tf.tensor2d([[0], [1], [1], [0]]);
  emit({ value: coreSteps([[2, 8], [8, 1]], ['tanh', 'sigmoid'], xs, ys, (p, t) => tf.losses.meanSquaredError(t, p), 0.5, 4, 4, secs('W2_SECONDS', 5)) / 4, unit: 'steps/s' });
} else if (workload === 'w3') {
  const d = digits();
  const xs = tf.tensor2d(d.x, [d.rows, 64]), ys = tf.tensor2d(oneHot(d.y, 10), [d.rows, 10]);
  emit({ value: coreSteps([[64, 32], [32, 10]], ['sigmoid', null], xs, ys, (z, t) => tf.losses.softmaxCrossEntropy(t, z), 0.1, 1, d.rows, secs('W3_SECONDS', 8)), unit: 'samples/s' });
} else if (workload === 'w4') {
  const te = fashionMnist('t10k');
  const m = mlp();
  const batches = Array.from({ length: 10 }, (_, i) => tf.tensor2d(te.x.subarray(i * 784000, (i + 1) * 784000), [1000, 784]));
  const pass = () => { for (const b of batches) tf.tidy(() => m.predict(b).dataSync()); };
  pass();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < secs('W4_SECONDS', 5) * 1000) { pass(); n += 10000; }
  emit({ value: n / ((performance.now() - t0) / 1000), unit: 'samples/s' });
} else if (workload === 'w7') {
  // issue #25's network (the cpu backend: tfjs-backend-wasm has no Conv2DBackpropFilter, tfjs #4326)
  const tr = fashionMnist('train');
  const x = tf.tensor4d(tr.x, [tr.rows, 28, 28, 1]), y = tf.tensor2d(oneHot(tr.y, 10), [tr.rows, 10]);
  const m = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(), tf.layers.dense({ units: 128, activation: 'relu' }), tf.layers.dropout({ rate: 0.3 }), tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  let t0 = 0, b = 0, n = 0;
  await m.fit(x, y, { batchSize: 64, epochs: 100, shuffle: true, verbose: 0, callbacks: { onBatchEnd: () => { b++; if (b === 3) t0 = performance.now(); if (b > 3) n += 64; if (b > 3 && performance.now() - t0 > secs('W7_SECONDS', 20) * 1000) m.stopTraining = true; } } });
  emit({ value: n / ((performance.now() - t0) / 1000), unit: 'samples/s' });
}
process.exit(0);
