// GELU (the tanh approximation, PyTorch's approximate='tanh') against PyTorch: the reference
// function and derivative in float64, every kernel set in float32, and a small network's loss and
// gradients (test/fixtures/gelu-reference.json, made by scripts/fixtures/gelu_reference.py).
import { afterAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import {
  ACTIVATION_TABLE, backward, fit, getBackend, lossFromLogits, Network, parseModel, setBackend, stringifyModel, Tensor, toModelFile,
} from '../src/index.js';
import { initBackend } from '../src/backend/init.js';
import ref from './fixtures/gelu-reference.json' with { type: 'json' };
import { expectClose } from './helpers.js';

(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
const made: WasmBackend[] = [];
for (const level of ['simd', 'relaxed'] as const) if (wasmSupported(level)) made.push(await createWasmBackend(level, 1));
afterAll(async () => { for (const b of made) await b.stop(); });

const gelu = ACTIVATION_TABLE.gelu;
const { x, y, dy } = ref.elementwise;

describe('gelu against PyTorch', () => {
  it('the reference function and derivative, in float64, over the curve and both tails', () => {
    const f = gelu.f as (x: number) => number, df = gelu.df as (x: number, y: number) => number;
    // PyTorch computes ½x(1 + tanh u), which loses everything to cancellation below about −6 in
    // float64 (there it gives 0 or −1e−17 where the value is −1e−24): absolute and relative 1e−12
    x.forEach((v, i) => {
      expect(Math.abs(f(v) - y[i]), `gelu(${v})`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(y[i])));
      expect(Math.abs(df(v, f(v)) - dy[i]), `gelu'(${v})`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(dy[i])));
    });
  });

  const sets: [string, (typeof jsBackend)['kernels'], (n: number) => Float32Array][] = [
    ['js', jsBackend.kernels, (n) => new Float32Array(n)],
    ...made.map((b) => [b.name, b.kernels, b.allocate as (n: number) => Float32Array] as [string, (typeof jsBackend)['kernels'], (n: number) => Float32Array]),
  ];
  it.each(sets)('%s: the float32 kernels within 2e-6 of PyTorch\'s float64 values', (_name, k, alloc) => {
    const xs = alloc(x.length);
    xs.set(x);
    const out = k.unary('gelu', alloc(x.length), xs);
    const g = k.unaryBackward('gelu', alloc(x.length), xs, out, alloc(x.length).fill(1));
    x.forEach((_v, i) => {
      expect(Math.abs(out[i] - y[i]), `gelu(${xs[i]})`).toBeLessThanOrEqual(2e-6 * Math.max(1e-3, Math.abs(y[i])));
      expect(Math.abs(g[i] - dy[i]), `gelu'(${xs[i]})`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(dy[i])));
    });
  });

  it('a network with a gelu layer: PyTorch\'s outputs, loss and gradients (float32, mse)', () => {
    const n = ref.network;
    const net = new Network({ inputs: 3, layers: [{ units: 4, activation: 'gelu' }, { units: 2, activation: 'linear' }] });
    const [l1, l2] = net.dense;
    l1.weights.data.set(n.w1.flat());
    l1.bias.data.set(n.b1);
    l2.weights.data.set(n.w2.flat());
    l2.bias.data.set(n.b2);
    const f = net.forward(new Tensor(Float32Array.from(n.x.flat()), [5, 3]));
    expectClose(f.y.data, n.outputs.flat(), 1e-6, 'outputs');
    const L = lossFromLogits('mse', 'linear', f.z, new Tensor(Float32Array.from(n.t.flat()), [5, 2]));
    expect(L.item()).toBeCloseTo(n.loss, 6);
    backward(L);
    expectClose(l1.weights.grad as Float32Array, n.dw1.flat(), 1e-5, 'dw1');
    expectClose(l1.bias.grad as Float32Array, n.db1, 1e-5, 'db1');
    expectClose(l2.weights.grad as Float32Array, n.dw2.flat(), 1e-5, 'dw2');
    expectClose(l2.bias.grad as Float32Array, n.db2, 1e-5, 'db2');
  });
});

describe('gelu in training', () => {
  const before = getBackend().name;
  afterAll(() => setBackend(before));
  const xs = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i)]);
  const ys = xs.map(([a, b]) => [a * b > 0 ? 1 : 0]);
  /** mse training of 2-8-1; a rate-0 dropout layer sends it down the ops path instead of the fast one. */
  const weights = (viaOps: boolean): number[] => {
    const net = new Network({ inputs: 2, layers: [{ units: 8, activation: 'gelu' }, ...(viaOps ? [{ type: 'dropout' as const, rate: 0 }] : []), { units: 1, activation: 'sigmoid' }], seed: 3 });
    fit(net, xs, ys, { epochs: 30, batchSize: 10, loss: 'mse', optimizer: 'adam', lr: 0.05, seed: 1 });
    return net.parameters().flatMap((p) => Array.from(p.tensor.data));
  };

  it('a network using gelu is written as a version 2 file (version 1 readers do not know it) and reads back', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 3, activation: 'gelu' }, { units: 1 }], seed: 1 });
    const file = toModelFile(net);
    expect(file.version).toBe(2);
    expect(file.inputShape).toEqual([2]);
    expect(parseModel(stringifyModel(file)).network.predict(xs)).toEqual(net.predict(xs));
    expect(toModelFile(new Network({ inputs: 2, layers: [{ units: 3, activation: 'elu' }, { units: 1 }] })).version).toBe(1);
  });

  it.each(['js', 'wasm-simd', 'wasm-relaxed'])('%s: the fast path (fused on wasm) gives the ops path\'s weights, bit for bit', async (name) => {
    if (name === 'js') setBackend('js');
    else expect(await initBackend({ backend: name, threads: 1 })).toBe(name);
    const fast = weights(false);
    expect(fast).toEqual(weights(true));
    setBackend('js');
    expectClose(fast, weights(true), 1e-4, `${name} against js`);
  });
});
