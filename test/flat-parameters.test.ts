// Note [flat parameters] (src/optim/flat.ts): a network's weights and biases lie end to end in one
// block, the optimizer's state and the gradients likewise, and a step updates each run of
// parameters with the same weight decay in one kernel call, with the same result as a call per
// parameter.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Dense, jsBackend, type Kernels, Network, Optimizer, type OptimizerName, registerBackend, setBackend, tensor } from '../src/index.js';
import { Random } from '../src/core/random.js';
import { createWasmBackend, wasmSupported } from '../src/backend/wasm/index.js';
import { allocatePersistentParts } from '../src/tensor/memory.js';

const spec = { inputs: 3, layers: [{ units: 5, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.1 }, { units: 2, activation: 'sigmoid' as const }], seed: 4 };

/** Deterministic gradients for every parameter (the same for every copy of the network). */
function setGradients(net: Network, step: number): void {
  for (const p of net.parameters()) {
    const g = p.tensor.grad as Float32Array;
    for (let i = 0; i < g.length; i++) g[i] = Math.sin(step * 3.1 + i * 0.7 + p.name.length);
  }
}

describe('flat parameters', () => {
  afterEach(() => setBackend('js'));

  it('a network keeps its weights and biases end to end in one buffer, in parameters() order', () => {
    const ps = new Network(spec).parameters();
    expect(ps.map((p) => p.tensor.size)).toEqual([15, 5, 10, 2]);
    for (let i = 1; i < ps.length; i++) {
      const a = ps[i - 1].tensor.data, b = ps[i].tensor.data;
      expect(b.buffer).toBe(a.buffer);
      expect(b.byteOffset).toBe(a.byteOffset + a.byteLength);
    }
  });

  it('a step is one update call when every parameter has the same weight decay, one per parameter otherwise', () => {
    let updates = 0;
    const counting = { ...jsBackend.kernels, update: (...args: Parameters<Kernels['update']>) => { updates++; jsBackend.kernels.update(...args); } };
    registerBackend({ name: 'count-updates', kernels: counting });
    setBackend('count-updates');
    const calls = (name: OptimizerName, weightDecay?: number): number => {
      const net = new Network(spec);
      const opt = new Optimizer(name, net.parameters(), { lr: 0.1, weightDecay });
      setGradients(net, 1);
      updates = 0;
      opt.step();
      return updates;
    };
    expect(calls('sgd')).toBe(1);
    expect(calls('adam')).toBe(1);
    expect(calls('momentum')).toBe(1);
    // decay applies to weights, not biases: the runs alternate
    expect(calls('adamw')).toBe(4);
    expect(calls('sgd', 0.01)).toBe(4);
  });

  const kernelSets: [string, () => Promise<void>][] = [['js', async () => setBackend('js')]];
  const made: { stop(): Promise<void> }[] = [];
  if (wasmSupported('simd')) {
    kernelSets.push(['wasm-simd', async () => {
      const b = await createWasmBackend('simd', 1);
      made.push(b);
      registerBackend(b);
      setBackend(b.name);
    }]);
  }
  afterAll(async () => { for (const b of made) await b.stop(); });

  it.each(kernelSets)('the flat step gives the same weights as a step per parameter (%s)', async (_name, use) => {
    await use();
    for (const name of ['sgd', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const) {
      const flat = new Network(spec);
      // the same values in tensors made one by one: nothing is contiguous, so a call per parameter
      const apart = flat.parameters().map((p) => ({ ...p, tensor: tensor(Array.from(p.tensor.data), [p.tensor.size]).variable() }));
      for (let i = 1; i < apart.length; i++) {
        const a = apart[i - 1].tensor.data, b = apart[i].tensor.data;
        expect(a.buffer === b.buffer && a.byteOffset + a.byteLength === b.byteOffset).toBe(false);
      }
      const o1 = new Optimizer(name, flat.parameters(), { lr: 0.05 });
      const o2 = new Optimizer(name, apart, { lr: 0.05 });
      for (let s = 1; s <= 3; s++) {
        setGradients(flat, s);
        flat.parameters().forEach((p, i) => (apart[i].tensor.grad as Float32Array).set(p.tensor.grad as Float32Array));
        o1.step();
        o2.step();
      }
      const a = flat.parameters().flatMap((p) => Array.from(p.tensor.data));
      const b = apart.flatMap((p) => Array.from(p.tensor.data));
      // the js kernels give the same bits; the wasm ones may take their vector body for the
      // longer flat run and the scalar one per parameter (float32 against float64 arithmetic)
      if (_name === 'js') expect(a, name).toEqual(b);
      else a.forEach((v, i) => expect(Math.abs(v - b[i]), `${name} [${i}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(b[i]))));
    }
  });

  it('a gradient buffer replaced after the first step is the one the next step reads', () => {
    const net = new Network(spec);
    const ps = net.parameters();
    const opt = new Optimizer('sgd', ps, { lr: 1 });
    setGradients(net, 1);
    opt.step();
    const before = Array.from(ps[1].tensor.data);
    ps[1].tensor.grad = new Float32Array(ps[1].tensor.size).fill(0.5);
    opt.step();
    // the replaced gradient (0.5 everywhere) moved the bias by exactly −0.5 (lr 1); the others as set
    ps[1].tensor.data.forEach((v, i) => expect(v).toBeCloseTo(before[i] - 0.5, 6));
  });

  it('parts of one block are laid end to end and zero-filled, on the heap and off it', async () => {
    const check = (ps: (Float32Array | Float64Array)[]) => {
      expect(ps.map((p) => p.length)).toEqual([3, 0, 5, 1]);
      for (let i = 1; i < ps.length; i++) expect(ps[i].byteOffset).toBe(ps[i - 1].byteOffset + ps[i - 1].byteLength);
      expect(ps.every((p) => p.every((v) => v === 0))).toBe(true);
    };
    check(allocatePersistentParts([3, 0, 5, 1]));
    check(allocatePersistentParts([3, 0, 5, 1], 'float64'));
    if (wasmSupported('simd')) {
      const b = await createWasmBackend('simd', 1);
      made.push(b);
      const parts = b.allocateParts?.([3, 0, 5, 1]);
      expect(parts?.every((v) => v.buffer === b.allocate?.(1).buffer)).toBe(true);
      check(parts ?? []);
    }
  });

  it('heap buffers start on a 64-byte cache line, whatever the sizes before them', async () => {
    if (!wasmSupported('simd')) return;
    const b = await createWasmBackend('simd', 1);
    made.push(b);
    // odd sizes in between: with 16-byte blocks, the next would start 16, 32 or 48 bytes into a line
    const views = [1, 5, 17, 3].flatMap((n) => [b.allocate?.(n), ...(b.allocateParts?.([n, 2]) ?? [])]);
    expect(views.length).toBe(12);
    const starts = views.filter((v, i) => v !== undefined && i % 3 !== 2).map((v) => (v as Float32Array).byteOffset % 64);
    expect(starts).toEqual(new Array(8).fill(0));
  });

  it('a Dense layer refuses storage of the wrong size', () => {
    expect(() => new Dense(3, 2, 'relu', new Random(1), [new Float32Array(5), new Float32Array(2)]))
      .toThrow('dense: storage of 5 and 2 values does not fit 3 × 2 weights and 2 biases');
  });
});
