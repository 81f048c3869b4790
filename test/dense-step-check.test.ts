// The training fast path's divergence check (src/train/dense-step.ts) with a kernel set that checks
// the backward pass's last product as it makes it (Kernels.matmulFinite; Note [checks in the
// product's blocks] in backend/threads/pool.ts): its answer counts, and every other gradient is
// still checked.
import { afterEach, describe, expect, it } from 'vitest';
import { jsBackend } from '../src/backend/js/index.js';
import type { Data, Kernels } from '../src/backend/kernels.js';
import { registerBackend, setBackend } from '../src/backend/registry.js';
import { Network } from '../src/nn/network.js';
import { Tensor } from '../src/tensor/tensor.js';
import { DenseStep } from '../src/train/dense-step.js';

describe('the training step\'s divergence check with matmulFinite', () => {
  afterEach(() => setBackend('js'));

  it('takes the last product\'s answer and checks the other gradients', () => {
    let answer = true;
    const checked: Data[] = [];
    const js = jsBackend.kernels;
    const kernels: Kernels = {
      ...js,
      allFinite: (x) => { checked.push(x); return js.allFinite(x); },
      matmulFinite: (out, a, b, m, k, n, tA, tB) => { js.matmul(out, a, b, m, k, n, tA, tB); return answer; },
    };
    registerBackend({ name: 'checks-last-product', kernels });
    setBackend('checks-last-product');
    const net = new Network({ inputs: 3, layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'softmax' }], seed: 1 });
    const step = DenseStep.for(net, 'cross-entropy') as DenseStep;
    const x = new Tensor(Float32Array.from([1, 0, 2, 0, 3, 1]), [2, 3]);
    const t = new Tensor(Float32Array.from([1, 0, 0, 1]), [2, 2]);
    for (const last of [true, false]) {
      answer = last;
      checked.length = 0;
      step.forward(x, t);
      expect(step.backward(x), `the last product ${last ? 'finite' : 'not finite'}`).toBe(last);
      // the first layer's weight gradient is not checked again; the others are, when it was finite
      const w0 = net.dense[0]?.weights.grad;
      expect(checked.includes(w0 as Data)).toBe(false);
      expect(checked.length).toBe(last ? 3 : 0);
    }
    // a non-finite gradient elsewhere still fails the step
    answer = true;
    step.forward(x, t);
    const grads = net.parameters().map((p) => p.tensor.grad as Float32Array);
    kernels.allFinite = (g) => g !== grads[3] && js.allFinite(g);
    registerBackend({ name: 'checks-last-product', kernels });
    expect(step.backward(x)).toBe(false);
  });
});
