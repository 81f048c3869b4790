// Predicting with an image network (issue #25's check "save → load → predict bit for bit") on every
// backend: predict, predictFlat and forward() on [rows, height, width, channels] tensors agree bit for
// bit, across the inference batches of Note [inference batches] (src/nn/network.ts), and a network
// saved and loaded predicts the same bits.
import { afterAll, describe, expect, it } from 'vitest';
import { fit, getBackend, Network, parseModel, setBackend, stringifyModel, toModelFile } from '../src/index.js';
import { initBackend } from '../src/backend/init.js';
import { noGrad } from '../src/autograd/backward.js';
import { Tensor } from '../src/tensor/tensor.js';

const before = getBackend().name;
afterAll(() => setBackend(before));

const H = 16, W = 16, C = 1;
const layers = [
  { type: 'conv2d', filters: 40, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'batchNorm' },
  { type: 'conv2d', filters: 12, kernelSize: [3, 2], stride: [2, 1], activation: 'relu' },
  { type: 'avgPool2d', size: 2, padding: 'same' },
  { type: 'flatten' },
  { type: 'dropout', rate: 0.3 },
  { units: 5, activation: 'softmax' },
] as const;
const image = (rows: number, seed: number) => new Float32Array(rows * H * W * C).map((_, i) => Math.sin(i * seed) ** 2);

describe.each([['js', 1], ['wasm-simd', 1], ['wasm-simd', 2]] as const)('%s ×%i', (backend, threads) => {
  it('an image network predicts the same bits through predict, predictFlat, forward and after save → load', async () => {
    if (backend === 'js') setBackend('js');
    else expect(await initBackend({ backend, threads })).toBe(backend);
    const net = new Network({ inputShape: [H, W, C], layers: [...layers], seed: 3, loss: 'cross-entropy' });
    // trained a little, so that the batch norm's running statistics are not 0 and 1
    fit(net, { data: image(96, 0.37), rows: 96, cols: H * W * C }, Float32Array.from({ length: 96 }, (_, i) => i % 5), { epochs: 1, batchSize: 32, optimizer: 'adam', seed: 1 });
    // the first layer gives 10,240 values a row: batches of 409 rows, so 900 rows take three
    expect(net.inferenceBatch).toBe(409);
    const rows = 900;
    const x = image(rows, 0.11);
    const flat = net.predictFlat(x, rows);
    expect(new Set(flat).size).toBeGreaterThan(rows);
    // forward() on each inference batch, the images given as [rows, height, width, channels]
    const viaForward: number[] = [];
    for (let start = 0; start < rows; start += 409) {
      const n = Math.min(409, rows - start);
      const xb = new Tensor(x.slice(start * H * W * C, (start + n) * H * W * C), [n, H, W, C]);
      viaForward.push(...noGrad(() => net.forward(xb).y.data));
    }
    expect(Array.from(flat)).toEqual(viaForward);
    const nested = Array.from({ length: rows }, (_, i) => Array.from(x.subarray(i * H * W * C, (i + 1) * H * W * C)));
    expect(net.predict(nested).flat()).toEqual(Array.from(flat));
    const loaded = parseModel(stringifyModel(toModelFile(net, { task: 'classification' })), 'images.json').network;
    expect(Array.from(loaded.predictFlat(x, rows))).toEqual(Array.from(flat));
  }, 120_000);
});
