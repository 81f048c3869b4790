// The dense stack through the kernels (issue #20, point 3): the one mse kernel against the chain of
// float32 ops it stands for, on every kernel set; the training fast path reaching a backend's
// fused step only through the capability the backend declares (Backend.dense), never by casting.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Data, DenseStack, DenseStepLayer, Kernels } from '../src/backend/kernels.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { fit, getBackend, Network, registerBackend, setBackend } from '../src/index.js';

(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
const made: WasmBackend[] = [];
for (const level of ['simd', 'relaxed'] as const) if (wasmSupported(level)) made.push(await createWasmBackend(level, 1));
afterAll(async () => { for (const b of made) await b.stop(); });

const sets: [string, Kernels, (n: number) => Float32Array][] = [
  ['js', jsBackend.kernels, (n) => new Float32Array(n)],
  ...made.flatMap((b) => [
    [`${b.name} heap`, b.kernels, b.allocate as (n: number) => Float32Array],
    [`${b.name} plain`, b.kernels, (n: number) => new Float32Array(n)],
  ] as [string, Kernels, (n: number) => Float32Array][]),
];

/** mse and its gradient as the ops computed them: sub, square, a sum, a scale; backward scale then square's rule. */
function chain(y: Data, t: Data): { loss: number; dy: Data } {
  const k = jsBackend.kernels;
  const n = y.length;
  const like = (): Data => (y instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
  const d = k.binary('sub', like(), y, 'full', t, 'full', 1, n);
  const sq = k.unary('square', like(), d);
  const s = k.reduce('sum', y instanceof Float32Array ? new Float32Array(1) : new Float64Array(1), sq, 1, n, 1);
  const mean = k.affine(y instanceof Float32Array ? new Float32Array(1) : new Float64Array(1), s, 1 / n, 0);
  const g = k.affine(y instanceof Float32Array ? new Float32Array(1) : new Float64Array(1), new Float64Array([1]), 1 / n, 0);
  const dy = k.unaryBackward('square', like(), d, sq, k.binary('add', like(), g, 'scalar', new Float64Array([0]), 'scalar', 1, n));
  return { loss: mean[0], dy };
}

describe('the mse kernel', () => {
  it.each(sets)('%s: the bits of the float32 chain of ops, sizes 1 to 70', (_name, k, alloc) => {
    for (let n = 1; n <= 70; n++) {
      const y = alloc(n), t = alloc(n), dy = alloc(n);
      for (let i = 0; i < n; i++) {
        y[i] = Math.sin(n * 13.1 + i * 0.7) * 3;
        t[i] = Math.cos(n * 5.3 + i * 1.9);
      }
      const want = chain(y, t);
      expect(k.mse(dy, y, t), `size ${n}`).toBe(want.loss);
      expect(Array.from(dy), `size ${n}`).toEqual(Array.from(want.dy));
    }
  });

  it('float64 data: no rounding to float32 anywhere', () => {
    const y = Float64Array.from([0.1, 0.2, 0.3]), t = Float64Array.from([0.3, 0.2, 0.1 + 1e-12]), dy = new Float64Array(3);
    const want = chain(y, t);
    expect(jsBackend.kernels.mse(dy, y, t)).toBe(want.loss);
    expect(Array.from(dy)).toEqual(Array.from(want.dy));
    expect(dy[2]).toBe((2 * (0.3 - (0.1 + 1e-12))) / 3);
  });
});

describe('the fused step is a capability the backend declares', () => {
  const before = getBackend().name;
  afterAll(() => setBackend(before));
  const train = (): number[] => {
    const net = new Network({ inputs: 2, layers: [{ units: 5, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 2 });
    fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], { epochs: 20, batchSize: 'full', loss: 'mse', optimizer: 'sgd', lr: 0.5 });
    return net.parameters().flatMap((p) => Array.from(p.tensor.data));
  };

  it('a backend of its own declares one: training asks it, and runs it when it takes the network', () => {
    setBackend('js');
    const reference = train();
    const asked: DenseStepLayer[][] = [];
    const declining: DenseStack = {
      plan: (layers) => (asked.push([...layers]), null),
      holds: () => true,
      forwardMse: () => { throw new Error('not planned'); },
      backward: () => { throw new Error('not planned'); },
    };
    registerBackend({ name: 'declares-dense', kernels: jsBackend.kernels, dense: declining });
    setBackend('declares-dense');
    expect(train()).toEqual(reference);
    expect(asked.length).toBe(1);
    expect(asked[0].map((l) => [l.inputs, l.units, l.activation])).toEqual([[2, 5, 'tanh'], [5, 1, 'sigmoid']]);
    const taking: DenseStack = { ...declining, plan: (_layers, rows) => ({ rows }), forwardMse: () => { throw new Error('the fused step ran'); } };
    registerBackend({ name: 'takes-dense', kernels: jsBackend.kernels, dense: taking });
    setBackend('takes-dense');
    expect(train).toThrow('the fused step ran');
  });

  it('src/train reaches the WebAssembly backend only through the interface', () => {
    // every file under src/train, its subfolders too (src/train/node)
    const dir = new URL('../src/train/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /backend\/wasm|WasmBackend/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
