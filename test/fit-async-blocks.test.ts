// The validation rows' forward pass runs in blocks of 256 rows with pauses between them (Note
// [forward in blocks] in train/evaluate.ts); the loss and outputs must keep the bits they had when
// each part of net.inferenceBatch rows ran in one forward pass (#27 point 6: fitAsync trains as fit).
import { afterAll, describe, expect, it } from 'vitest';
import { describeBackend, initBackend, Network, Random } from '../src/index.js';
import { noGrad } from '../src/autograd/backward.js';
import type { Matrix } from '../src/core/matrix.js';
import { type Loss, lossFromLogits } from '../src/nn/losses.js';
import { scope } from '../src/tensor/memory.js';
import { Tensor } from '../src/tensor/tensor.js';
import { lossAndOutputs, lossAndOutputsInParts, PAUSE } from '../src/train/evaluate.js';

/** The computation before the blocks: one forward pass per part of net.inferenceBatch rows. */
function wholeParts(net: Network, x: Matrix, t: Matrix, loss: Loss): { loss: number; outputs: Float32Array } {
  const outputs = new Float32Array(x.rows * net.outputs);
  let total = 0;
  for (let start = 0; start < x.rows; start += net.inferenceBatch) {
    const n = Math.min(net.inferenceBatch, x.rows - start);
    total += scope(() => noGrad(() => {
      const { z, y } = net.forward(new Tensor(x.data.subarray(start * x.cols, (start + n) * x.cols), [n, x.cols]));
      outputs.set(y.data, start * net.outputs);
      return lossFromLogits(loss, net.output.activation, z, new Tensor(t.data.subarray(start * t.cols, (start + n) * t.cols), [n, t.cols])).item() * n;
    }));
  }
  return { loss: total / x.rows, outputs };
}

const rng = new Random(7);
// 2500 rows: parts of 1024, 1024 and 452 rows, the last block of each part shorter than 256
const matrix = (rows: number, cols: number, f: () => number): Matrix => ({ data: Float32Array.from({ length: rows * cols }, f), rows, cols });
const x = matrix(2500, 16, () => rng.normal());
const CASES: [string, () => Network, Loss, Matrix][] = [
  ['16-64-64-3 softmax, cross-entropy', () => new Network({ inputs: 16, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 1 }), 'cross-entropy',
    matrix(2500, 3, (() => { let i = 0; return () => (i++ % 3 === 1 ? 1 : 0); })())],
  ['16-8-1 sigmoid, binary cross-entropy', () => new Network({ inputs: 16, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 2 }), 'binary-cross-entropy',
    matrix(2500, 1, () => (rng.normal() > 0 ? 1 : 0))],
  ['16-32-2 linear, mse', () => new Network({ inputs: 16, layers: [{ units: 32, activation: 'relu' }, { units: 2, activation: 'linear' }], seed: 3 }), 'mse', matrix(2500, 2, () => rng.normal())],
];

afterAll(async () => void (await initBackend('js')));

describe('validation loss in blocks', () => {
  for (const set of ['js', 'wasm-simd'] as const) {
    for (const [name, make, loss, t] of CASES) {
      it(`${name} on ${set}: the same bits as whole parts`, async () => {
        await initBackend(set);
        expect(describeBackend()).toContain(set);
        const net = make();
        const want = wholeParts(net, x, t, loss);
        const got = lossAndOutputs(net, x, t, loss);
        expect(got.loss).toBe(want.loss);
        expect(Array.from(got.outputs)).toEqual(Array.from(want.outputs));
      });
    }
  }

  it('pauses between blocks: 4 + 4 + 2 blocks, 9 pauses', () => {
    const [, make, loss, t] = CASES[0];
    const parts = lossAndOutputsInParts(make(), x, t, loss);
    let pauses = 0;
    for (let r = parts.next(); !r.done; r = parts.next()) if (r.value === PAUSE) pauses++;
    expect(pauses).toBe(9);
  });
});
