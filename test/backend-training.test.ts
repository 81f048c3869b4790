// The training fast path (src/train/dense-step.ts) against the general autograd path, and training
// on the WebAssembly backend against the reference backend: same weights within float32 rounding.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fit, getBackend, Network, setBackend, type Loss, type Activation } from '../src/index.js';
import { initBackend } from '../src/backend/init.js';
import type { WasmBackend } from '../src/backend/wasm/index.js';
import { expectClose } from './helpers.js';

const x = Array.from({ length: 37 }, (_, i) => [Math.sin(i), Math.cos(i * 1.7), (i % 5) / 5]);
const classes = x.map((_, i) => i % 3);

function trained(loss: Loss, out: Activation, hidden: Activation, viaAutograd: boolean, optimizer: 'sgd' | 'adam' = 'adam'): number[] {
  const units = loss === 'cross-entropy' ? 3 : 1;
  const y = loss === 'cross-entropy' ? classes : classes.map((c) => [c === 1 ? 1 : 0]);
  const net = new Network({
    inputs: 3, seed: 3,
    // a rate-0 dropout layer changes nothing but sends training down the general path
    layers: [{ units: 6, activation: hidden }, ...(viaAutograd ? [{ type: 'dropout' as const, rate: 0 }] : []), { units, activation: out }],
  });
  fit(net, x, y, { epochs: 3, batchSize: 8, shuffle: false, loss, optimizer, lr: 0.05 });
  return net.parameters().flatMap((p) => Array.from(p.tensor.data));
}

const cases: [Loss, Activation, Activation][] = [
  ['cross-entropy', 'softmax', 'relu'], ['binary-cross-entropy', 'sigmoid', 'tanh'], ['mse', 'sigmoid', 'elu'], ['mse', 'linear', 'leaky-relu'], ['mse', 'softmax', 'softplus'],
];

describe('training fast path', () => {
  it.each(cases)('%s with a %s output and %s hidden layer gives the autograd path\'s weights', (loss, out, hidden) => {
    expectClose(trained(loss, out, hidden, false), trained(loss, out, hidden, true), 1e-5, loss);
    expectClose(trained(loss, out, hidden, false, 'sgd'), trained(loss, out, hidden, true, 'sgd'), 1e-5, loss);
  });
});

/** XOR 2-h-1 (the W2 benchmark's network), full batch: weights after 300 steps, as float32 bits. */
function xorWeights(viaAutograd: boolean, shuffle: boolean, hidden: number): number[] {
  const net = new Network({
    inputs: 2, seed: 1,
    layers: [{ units: hidden, activation: 'tanh' }, ...(viaAutograd ? [{ type: 'dropout' as const, rate: 0 }] : []), { units: 1, activation: 'sigmoid' }],
  });
  fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], { batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse', shuffle, epochs: 300, seed: 4 });
  return net.parameters().flatMap((p) => Array.from(p.tensor.data));
}

describe.each(['js', 'wasm-simd'])('full-batch XOR on %s', (name) => {
  const before = getBackend().name;
  afterAll(() => setBackend(before));
  it.each([[false, 8], [true, 8], [true, 20]] as const)('shuffle %s, %i hidden: the fast path\'s weights are the autograd path\'s, bit for bit', async (shuffle, hidden) => {
    if (name === 'js') setBackend('js');
    else expect(await initBackend({ backend: 'wasm-simd', threads: 1 })).toBe('wasm-simd');
    const fast = xorWeights(false, shuffle, hidden);
    expect(fast).toEqual(xorWeights(true, shuffle, hidden));
    expect(fast).not.toEqual(xorWeights(false, !shuffle, hidden));
  });
});

/** mse training of 3-h-h-units with a batch that leaves a smaller last one; weights as float32 bits. */
function mseWeights(viaAutograd: boolean, hidden: Activation, out: Activation, units: number, optimizer: 'sgd' | 'adam'): number[] {
  const net = new Network({
    inputs: 3, seed: 5,
    layers: [{ units: 7, activation: hidden }, { units: 5, activation: hidden }, ...(viaAutograd ? [{ type: 'dropout' as const, rate: 0 }] : []), { units, activation: out }],
  });
  const y = x.map((r, i) => Array.from({ length: units }, (_, j) => Math.sin(i + j) * (out === 'sigmoid' ? 0.5 : 2) + (out === 'sigmoid' ? 0.5 : 0)));
  fit(net, x, y, { epochs: 4, batchSize: 8, loss: 'mse', optimizer, lr: 0.05, seed: 2 });
  return net.parameters().flatMap((p) => Array.from(p.tensor.data));
}

describe('mse on the fast path: the reference per-op step and the fused step of the wasm backend (asm/dense.ts)', () => {
  const before = getBackend().name;
  afterAll(() => setBackend(before));
  const acts: Activation[] = ['tanh', 'sigmoid', 'relu', 'leaky-relu', 'linear'];
  it.each(acts.flatMap((h) => [1, 3, 5].map((u) => [h, acts[(acts.indexOf(h) + u) % acts.length], u] as const)))(
    '%s hidden, %s output, %i units: the autograd path\'s weights, bit for bit', async (hidden, out, units) => {
      setBackend('js');
      expect(mseWeights(false, hidden, out, units, 'adam')).toEqual(mseWeights(true, hidden, out, units, 'adam'));
      for (const threads of [1, 2]) {
        expect(await initBackend({ backend: 'wasm-simd', threads })).toBe('wasm-simd');
        const spy = vi.spyOn((getBackend() as WasmBackend).dense, 'forwardMse');
        const fused = mseWeights(false, hidden, out, units, threads === 1 ? 'sgd' : 'adam');
        expect(spy).toHaveBeenCalled();
        spy.mockRestore();
        expect(fused).toEqual(mseWeights(true, hidden, out, units, threads === 1 ? 'sgd' : 'adam'));
      }
    });
});

describe('training on the wasm backend', () => {
  const before = getBackend().name;
  afterAll(() => setBackend(before));
  it('gives the reference backend\'s weights, through both paths', async () => {
    setBackend('js');
    const want = cases.map(([l, o, h]) => [trained(l, o, h, false), trained(l, o, h, true)]);
    expect(await initBackend({ backend: 'wasm-simd', threads: 2 })).toBe('wasm-simd');
    cases.forEach(([l, o, h], i) => {
      expectClose(trained(l, o, h, false), want[i][0], 1e-4, `${l} fast`);
      expectClose(trained(l, o, h, true), want[i][1], 1e-4, `${l} autograd`);
    });
  });
});
