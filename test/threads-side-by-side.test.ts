// Work beside the workers in a training step (Notes [gradients side by side] in
// train/dense-step.ts, [small products beside a task] in backend/wasm/product.ts, [work beside the
// workers] in backend/threads/runner.ts): a dense stack trains to the same bits on 2 threads as on
// 1; a product too small to share goes to a worker as one block while the caller runs its task; a
// task run inside a shared product keeps its operand copies apart from the product's.
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/backend/wasm/index.js';
import { productAt } from '../src/backend/wasm/product.js';
import { fit, Network, registerBackend, setBackend } from '../src/index.js';

const one = await createWasmBackend('simd', 1);
const two = await createWasmBackend('simd', 2);
afterAll(async () => {
  setBackend('js');
  await one.stop();
  await two.stop();
});

/** Values in [−2, 2], about half of them exactly 0 (a ReLU layer's, an image's); deterministic. */
function zeroRich(out: Float32Array, seed: number): Float32Array {
  for (let i = 0; i < out.length; i++) {
    const u = Math.sin(seed * 97.1 + i * 12.9898) * 43758.5453;
    out[i] = u - Math.floor(u) < 0.5 ? 0 : Math.sin(seed + i * 7.31) * 2;
  }
  return out;
}

/** Blocks the two-thread backend's worker has done. */
const blocks = (): number => two.workerBlocks().reduce((s, v) => s + v, 0);

const bits = (x: Float32Array): number[] => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

/** The first value whose float32 bits differ ('none' when all agree). */
function firstDifference(got: Float32Array, want: Float32Array): string {
  const g = bits(got), w = bits(want);
  const i = g.findIndex((v, j) => v !== w[j]);
  return i < 0 ? 'none' : `[${i}] = ${got[i]}, expected ${want[i]}`;
}

describe('A dense stack on two threads', () => {
  const rows = 512, inputs = 300;
  const x = zeroRich(new Float32Array(rows * inputs), 1);
  const y = Float32Array.from({ length: rows }, (_, i) => (i * 7) % 10);

  const train = (b: WasmBackend, hidden: number[], classes: number): Float32Array[] => {
    registerBackend(b);
    setBackend(b.name);
    const net = new Network({ inputs, layers: [...hidden.map((units) => ({ units, activation: 'relu' as const })), { units: classes, activation: 'softmax' as const }], seed: 3 });
    fit(net, { data: x, rows, cols: inputs }, y.map((v) => v % classes), { epochs: 3, batchSize: 128, optimizer: 'adam', lr: 1e-3, loss: 'cross-entropy', seed: 5 });
    setBackend('js');
    return net.parameters().map((p) => Float32Array.from(p.tensor.data as Float32Array));
  };

  // 128-row batches through 300-256-128-64-10: every hidden layer's weight gradient is a shared
  // product and the output layer's (64 × 128 × 10) one block on the worker, each computed while
  // the caller works out the gradient for the layer below; through 300-64-5 the output layer's is
  // too small even for that, and the first layer's product (shared) must wait for the gradient
  // computed beside it
  it.each([[[256, 128, 64], 10], [[64], 5]])('trains %j (%i classes) to the bits it trains to on one thread', async (hidden, classes) => {
    const single = train(one, hidden, classes);
    // on a busy machine the pool may run a whole training on the caller (Note [starved workers]:
    // alone for 2 s at first): trained again after that until the worker has taken part
    let worked = false;
    for (let attempt = 0; attempt < 3 && !worked; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2100));
      const before = blocks();
      const shared = train(two, hidden, classes);
      worked = blocks() > before;
      shared.forEach((w, i) => expect(firstDifference(w, single[i] as Float32Array), `parameter ${i}`).toBe('none'));
    }
    expect(worked, 'the worker took part').toBe(true);
  }, 20000);
});

describe('A task beside the workers inside a shared product', () => {
  it('copies its operands apart from the product\'s own copies', () => {
    // operands that are not in the heap are copied into its scratch for each call: the product's
    // copies must outlive a task that runs inside it and copies its own
    const [m, k, n] = [256, 512, 256];
    const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 13) - 6);
    const w = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 11) - 5);
    const want = one.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, false, false) as Float32Array;
    const [sm, sk, sn] = [16, 64, 24];
    const sa = Float32Array.from({ length: sm * sk }, (_, i) => (i % 9) - 4);
    const sw = Float32Array.from({ length: sk * sn }, (_, i) => (i % 5) - 2);
    const smallWant = one.kernels.matmul(new Float32Array(sm * sn), sa, sw, sm, sk, sn, false, false) as Float32Array;
    // after a stall the pool runs products on the caller alone for a while (Notes [backing off],
    // [starved workers]), and the task then runs before the product: products are run until 5
    // ran the task inside
    let inside = 0;
    const t0 = performance.now();
    for (let r = 0; inside < 5 && performance.now() - t0 < 20_000; r++) {
      const small = new Float32Array(sm * sn);
      let ran = false;
      const task = (): void => {
        two.kernels.matmul(small, sa, sw, sm, sk, sn, false, false);
        ran = true;
      };
      two.beside?.(task);
      const out = two.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, false, false) as Float32Array;
      if (ran) inside++;
      two.settle?.(task);
      expect(firstDifference(out, want), `product ${r}`).toBe('none');
      expect(firstDifference(small, smallWant), `task's product ${r}`).toBe('none');
    }
    expect(inside).toBe(5);
  }, 60_000);
});

describe('A product too small to share, with a task beside the workers', () => {
  it('is one block a worker takes while the caller runs the task, with the single thread\'s bits', () => {
    // 128 × 128 × 10 (an output layer's weight gradient): under THREAD_MIN_WORK, over BESIDE_MIN_WORK
    const alloc = two.allocate as (n: number) => Float32Array;
    const [m, k, n] = [128, 128, 10];
    for (const tA of [true, false]) {
      const a = alloc(m * k), b = alloc(k * n);
      a.set(zeroRich(new Float32Array(m * k), 4).map((v) => v + 0.5));
      b.set(Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.91)));
      const want = one.kernels.matmul(new Float32Array(m * n), Float32Array.from(a), Float32Array.from(b), m, k, n, tA, false) as Float32Array;
      let inside = 0, byWorker = 0;
      // products until 5 ran the task inside and the worker took one (Note [starved workers]: the
      // pool may keep products on the caller for up to 16 s and a duel on a busy machine)
      const t0 = performance.now();
      for (let r = 0; (inside < 5 || byWorker === 0) && performance.now() - t0 < 20_000; r++) {
        let ran = false;
        const task = (): void => {
          ran = true;
          // long enough for a worker to take the block meanwhile
          const t = performance.now();
          while (performance.now() - t < 0.2);
        };
        two.beside?.(task);
        const before = blocks();
        const out = two.kernels.matmul(alloc(m * n).fill(3), a, b, m, k, n, tA, false) as Float32Array;
        if (ran) inside++;
        if (blocks() > before) byWorker++;
        two.settle?.(task);
        expect(firstDifference(out, want), `${tA ? 'aᵀ·b' : 'a·b'}, product ${r}`).toBe('none');
      }
      expect(inside, 'products that ran the task inside').toBeGreaterThanOrEqual(5);
      expect(byWorker, 'products the worker computed').toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('productAt with a task beside the workers', () => {
  // a pool that records what the product asks of it, and refuses to share (backing off)
  const fakes = () => {
    const calls: string[] = [];
    const pool = {
      wanted: (beside?: boolean) => { calls.push(beside ? 'wanted beside' : 'wanted'); return false; },
      hasTask: () => true,
      matmul: () => calls.push('pool.matmul'),
      matmulBeside: () => calls.push('pool.matmulBeside'),
    };
    const ex = { matmulSparse: () => 0, matmulBlock: () => calls.push('matmulBlock'), matmulSparseRows: () => calls.push('matmulSparseRows') };
    return { calls, ctx: { ex, pool, heap: null, scratch: 0 } as unknown as Parameters<typeof productAt>[0] };
  };

  it('asks the pool once whether it may share, whatever the product\'s size', () => {
    // over THREAD_MIN_WORK, under it but over BESIDE_MIN_WORK, under both
    for (const [m, k, n] of [[256, 256, 256], [128, 128, 10], [8, 8, 8]] as const) {
      const { calls, ctx } = fakes();
      productAt(ctx, 0, 0, 0, m, k, n, false, false);
      // a product under THREAD_MIN_WORK is asked for as one beside the task (Note [fair duels] in threads/starved.ts)
      const asked = m * k * n >= 1 << 20 ? ['wanted'] : m * k * n >= 1 << 16 ? ['wanted beside'] : [];
      expect(calls, `${m}x${k}x${n}`).toEqual([...asked, 'matmulBlock']);
    }
  });
});
