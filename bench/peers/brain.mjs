// brain.js 2 (beta) and synaptic on the small workloads: node bench/peers/brain.mjs <brain|synaptic> <w2|w3>
// Neither has mini-batches, softmax or cross-entropy: each trains per sample with a squared-error
// delta (one brain.js/synaptic "step" of W2 = one pass over the 4 XOR rows).
import { createRequire } from 'node:module';
import { digits } from '../data.mjs';

const require = createRequire(import.meta.url);
const [lib, workload] = process.argv.slice(2);
const secs = (n, d) => Number(process.env[n] ?? d);
const emit = (r) => console.log(`RESULT ${JSON.stringify({ lib: lib === 'brain' ? 'brain.js-2' : 'synaptic', workload, ...r })}`);
const xor = [[0, 0], [0, 1], [1, 0], [1, 1]].map((input, i) => ({ input, output: [[0, 1, 1, 0][i]] }));
const d = workload === 'w3' ? digits() : null;
const rows = d ? Array.from({ length: d.rows }, (_, i) => ({ input: Array.from(d.x.subarray(i * 64, i * 64 + 64)), output: Array.from({ length: 10 }, (_, j) => (j === d.y[i] ? 1 : 0)) })) : xor;
const timed = (once, perCall, seconds) => {
  once();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) { once(); n += perCall; }
  return n / ((performance.now() - t0) / 1000);
};
if (lib === 'brain') {
  const brain = require('brain-js-2');
  const net = new brain.NeuralNetwork({ hiddenLayers: [workload === 'w2' ? 8 : 32], activation: 'sigmoid', learningRate: workload === 'w2' ? 0.5 : 0.1, momentum: 1e-9 });
  net.train(rows, { iterations: 1 });
  const rate = timed(() => net.train(rows, { iterations: workload === 'w2' ? 1000 : 1, errorThresh: 1e-12 }), workload === 'w2' ? 1000 : rows.length, secs(workload === 'w2' ? 'W2_SECONDS' : 'W3_SECONDS', workload === 'w2' ? 5 : 8));
  emit({ value: rate, unit: workload === 'w2' ? 'steps/s' : 'samples/s' });
} else {
  const { Architect, Trainer } = require('synaptic');
  const net = workload === 'w2' ? new Architect.Perceptron(2, 8, 1) : new Architect.Perceptron(64, 32, 10);
  const trainer = new Trainer(net);
  const rate = timed(() => trainer.train(rows, { rate: workload === 'w2' ? 0.5 : 0.1, iterations: workload === 'w2' ? 1000 : 1, error: -1, shuffle: workload === 'w3', cost: Trainer.cost.MSE }), workload === 'w2' ? 1000 : rows.length, secs(workload === 'w2' ? 'W2_SECONDS' : 'W3_SECONDS', workload === 'w2' ? 5 : 8));
  emit({ value: rate, unit: workload === 'w2' ? 'steps/s' : 'samples/s' });
}
process.exit(0);
