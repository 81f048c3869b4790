// Losses, gradients and optimizer steps against PyTorch (test/fixtures/torch-reference.json, made
// by scripts/fixtures/torch_reference.py). Tolerance 1e-5 relative: both sides compute in float32.
import { describe, expect, it } from 'vitest';
import ref from './fixtures/torch-reference.json' with { type: 'json' };
import {
  backward, lossFromLogits, matmul, Optimizer, softmaxCrossEntropy, tanh, tensor, type Activation, type Loss,
  type OptimizerName, type OptimizerOptions, type Parameter,
} from '../src/index.js';
import { expectClose, flat } from './helpers.js';

describe('losses match PyTorch', () => {
  for (const c of ref.losses.cases) {
    it(`${c.loss} after ${c.activation}: value and gradient`, () => {
      const z = tensor(ref.losses.z).variable();
      const t = tensor(c.target);
      const loss = lossFromLogits(c.loss as Loss, c.activation as Activation, z, t);
      expectClose([loss.item()], [c.value], 1e-5, 'loss');
      backward(loss);
      expectClose(z.grad as Float32Array, flat(c.grad), 1e-5, 'dL/dz');
    });
  }
});

describe('backpropagation through a network matches PyTorch', () => {
  it('tanh hidden layer, softmax cross-entropy: loss and every parameter gradient', () => {
    const n = ref.network;
    const [w1, b1, w2, b2] = [n.w1, n.b1, n.w2, n.b2].map((v) => tensor(v).variable());
    const onehot = n.labels.map((c) => [c === 0 ? 1 : 0, c === 1 ? 1 : 0]);
    const z = matmul(tanh(matmul(tensor(n.x), w1).add(b1)), w2).add(b2);
    const loss = softmaxCrossEntropy(z, tensor(onehot));
    expectClose([loss.item()], [n.loss], 1e-5, 'loss');
    backward(loss);
    expectClose(w1.grad as Float32Array, flat(n.dw1), 1e-5, 'dw1');
    expectClose(b1.grad as Float32Array, flat(n.db1), 1e-5, 'db1');
    expectClose(w2.grad as Float32Array, flat(n.dw2), 1e-5, 'dw2');
    expectClose(b2.grad as Float32Array, flat(n.db2), 1e-5, 'db2');
  });
});

describe('optimizer steps match PyTorch (weight decay on weights, not biases)', () => {
  for (const c of ref.optimizers.cases) {
    it(`${c.optimizer} ${JSON.stringify(c.options)}: 4 steps`, () => {
      const w = tensor(ref.optimizers.w0).variable();
      const b = tensor(ref.optimizers.b0).variable();
      const params: Parameter[] = [{ name: 'w', tensor: w, decay: true }, { name: 'b', tensor: b, decay: false }];
      const opt = new Optimizer(c.optimizer as OptimizerName, params, c.options as OptimizerOptions);
      c.steps.forEach(([wExpected, bExpected], s) => {
        const [gw, gb] = ref.optimizers.grads[s];
        w.grad = Float32Array.from(gw);
        b.grad = Float32Array.from(gb);
        opt.step();
        expectClose(w.data, wExpected, 2e-6, `step ${s + 1} w`);
        expectClose(b.data, bExpected, 2e-6, `step ${s + 1} b`);
      });
      expect(opt.stepCount).toBe(4);
    });
  }
});
