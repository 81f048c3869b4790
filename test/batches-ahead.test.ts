// The copy of the next batch beside the workers (Note [work beside the workers]): batches are the
// rows asked for whenever the copy ahead runs, or if it never runs; and the pool runs a task given
// to beside() at the start of its next shared job, once.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { jsBackend, registerBackend, setBackend } from '../src/index.js';
import { BatchBuffers } from '../src/train/batches.js';

// a backend whose beside() keeps the task until the test says when it runs
let pending: (() => void) | null = null;
let ran = 0;
registerBackend({
  name: 'beside-by-hand',
  kernels: jsBackend.kernels,
  beside: (task) => {
    if (pending) pending();
    pending = task;
  },
  settle: (task) => {
    if (pending !== task) return;
    pending = null;
    task();
  },
});
const runPending = (): void => {
  const t = pending;
  pending = null;
  if (t) {
    ran++;
    t();
  }
};

describe('BatchBuffers with a copy ahead', () => {
  afterEach(() => {
    setBackend('js');
    pending = null;
  });

  // rows r of x are [r, r + 0.5, ...] so every value names its row
  const rows = 37, cols = 512, outs = 3, batch = 8; // 8 × 512: large enough to be copied ahead
  const x = { data: Float32Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) + (i % cols) / 1024), rows, cols };
  const t = { data: Float32Array.from({ length: rows * outs }, (_, i) => Math.floor(i / outs)), rows, cols: outs };
  const rowsOf = (data: Float32Array | Float64Array, n: number, c: number) => Array.from({ length: n }, (_, i) => data[i * c] as number);

  it('gives the rows asked for, whether the copy ahead ran during the step, at the next gather, or not at all', () => {
    setBackend('beside-by-hand');
    const buffers = new BatchBuffers(x, t, batch, rows);
    const order = buffers.order;
    order.set(Uint32Array.from({ length: rows }, (_, i) => (i * 11) % rows));
    ran = 0;
    for (let epoch = 0; epoch < 3; epoch++) {
      order.reverse();
      for (let start = 0; start < rows; start += batch) {
        const n = Math.min(batch, rows - start);
        const [xb, tb] = buffers.gather(start, n);
        const want = Array.from(order.subarray(start, start + n));
        expect(rowsOf(xb.data, n, cols)).toEqual(want);
        expect(rowsOf(tb.data, n, outs)).toEqual(want);
        // epoch 0: the copy ahead runs during the step; 1: at the next gather; 2: every other one
        if (epoch === 0 || (epoch === 2 && start % 16 === 0)) runPending();
      }
    }
    // 3 full batches a epoch are copied ahead (the 4th is the last full one, then a short one)
    expect(ran).toBe(3 + 2);
    buffers.finish();
    expect(pending).toBeNull();
  });

  it('copies again when asked out of order, and finish() runs a copy still pending', () => {
    setBackend('beside-by-hand');
    const buffers = new BatchBuffers(x, t, batch, rows);
    const order = buffers.order;
    order.set(Uint32Array.from({ length: rows }, (_, i) => rows - 1 - i));
    buffers.gather(0, batch);
    expect(pending).not.toBeNull();
    const [xb] = buffers.gather(16, batch);
    expect(rowsOf(xb.data, batch, cols)).toEqual(Array.from(order.subarray(16, 24)));
    buffers.finish();
    expect(pending).toBeNull();
  });

  it('gathers rows bound for shared memory through a private array, with every value right (Note [staged rows])', () => {
    registerBackend({ name: 'shared-by-hand', kernels: jsBackend.kernels, allocate: (size) => new Float32Array(new SharedArrayBuffer(size * 4)) });
    setBackend('shared-by-hand');
    // batches of 8 and a last one of 5
    const buffers = new BatchBuffers(x, t, batch, rows);
    const order = buffers.order;
    order.set(Uint32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % rows));
    for (let start = 0; start < rows; start += batch) {
      const n = Math.min(batch, rows - start);
      const [xb] = buffers.gather(start, n);
      expect(xb.data.buffer instanceof SharedArrayBuffer).toBe(true);
      const want = Array.from(order.subarray(start, start + n)).flatMap((r) => Array.from(x.data.subarray(r * cols, (r + 1) * cols)));
      expect(Array.from(xb.data), `rows ${start}..${start + n}`).toEqual(want);
    }
  });
});

describe('BatchBuffers on a WebAssembly backend (Note [batches from the heap])', () => {
  const backends = [createWasmBackend('simd', 1), createWasmBackend('simd', 2)];
  afterAll(async () => { for (const b of backends) await (await b).stop(); });

  it('keeps its own copy of the rows, targets and order in the heap and gathers every batch right, widths 1 to 70', async () => {
    for (const b of await Promise.all(backends)) {
      registerBackend(b);
      setBackend(b.name);
      for (const cols of [1, 3, 4, 7, 16, 33, 70]) {
        const rows = 301;
        const x = { data: Float32Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) + (i % cols) / 128), rows, cols };
        const t = { data: Float32Array.from({ length: rows * 2 }, (_, i) => -Math.floor(i / 2)), rows, cols: 2 };
        for (const size of [1, 64, rows]) {
          const buffers = new BatchBuffers(x, t, size, rows);
          // the order lives in the same memory as the batches
          expect(buffers.order.buffer).toBe(buffers.gather(0, size)[0].data.buffer);
          const order = buffers.order;
          for (let epoch = 0; epoch < 2; epoch++) {
            order.set(Uint32Array.from({ length: rows }, (_, i) => (i * (17 + epoch * 6) + 5) % rows));
            for (let start = 0; start < rows; start += size) {
              const n = Math.min(size, rows - start);
              const [xb, tb] = buffers.gather(start, n);
              const want = Array.from(order.subarray(start, start + n));
              expect(Array.from(xb.data), `${b.name} ×${b.threads}, ${cols} columns, batch ${size}`).toEqual(want.flatMap((r) => Array.from(x.data.subarray(r * cols, (r + 1) * cols))));
              expect(Array.from(tb.data)).toEqual(want.flatMap((r) => [-r, -r]));
            }
          }
          buffers.finish();
        }
        // one batch of every row in a fixed order: gathered once, from the caller's rows, with no copy of them kept
        const once = new BatchBuffers(x, t, rows, rows, true);
        once.order.set(Uint32Array.from({ length: rows }, (_, i) => i));
        const [xa] = once.gather(0, rows);
        expect(once.order.buffer).not.toBe(xa.data.buffer);
        expect(Array.from(xa.data)).toEqual(Array.from(x.data));
        expect(once.gather(0, rows)[0]).toBe(xa);
      }
    }
    setBackend('js');
  });
});

describe('A batch copied beside the workers on a WebAssembly backend', () => {
  const pool = createWasmBackend('simd', 2);
  afterAll(async () => { await (await pool).stop(); });

  it('gathers on the calling thread alone while a shared job runs, then the threads share the next gather', async () => {
    const b = await pool;
    registerBackend(b);
    setBackend(b.name);
    // 2048 rows of 40 a batch: over THREAD_MIN_ROWS, so a gather outside a job is shared
    const rows = 6000, cols = 40, batch = 2048;
    const x = { data: Float32Array.from({ length: rows * cols }, (_, i) => Math.floor(i / cols) + (i % cols) / 64), rows, cols };
    const t = { data: Float32Array.from({ length: rows }, (_, i) => i), rows, cols: 1 };
    const buffers = new BatchBuffers(x, t, batch, rows);
    buffers.order.set(Uint32Array.from({ length: rows }, (_, i) => (i * 4001) % rows));
    const check = (start: number, xb: Float32Array, tb: Float32Array) => {
      const want = Array.from(buffers.order.subarray(start, start + batch));
      expect(Array.from(tb), `targets from ${start}`).toEqual(want);
      expect(xb.findIndex((v, i) => v !== x.data[(want[Math.floor(i / cols)] as number) * cols + (i % cols)]), `rows from ${start}`).toBe(-1);
    };
    const [x0, t0] = buffers.gather(0, batch);
    check(0, x0.data as Float32Array, t0.data as Float32Array);
    // the next batch's copy waits for a shared job: a product starts one, and the copy runs inside it
    const alloc = b.allocate as (n: number) => Float32Array;
    const [m, k, n] = [256, 256, 256];
    const a = alloc(m * k).fill(1), w = alloc(k * n).fill(2), out = alloc(m * n);
    b.kernels.matmul(out, a, w, m, k, n, false, false);
    expect(out.every((v) => v === 2 * k)).toBe(true);
    const [x1, t1] = buffers.gather(batch, batch);
    check(batch, x1.data as Float32Array, t1.data as Float32Array);
    buffers.finish();
    setBackend('js');
  });
});

describe('ThreadPool.beside', () => {
  const backends = [createWasmBackend('simd', 2)];
  afterAll(async () => { for (const b of backends) await (await b).stop(); });
  // After a stall (a worker kept off its core, as under a loaded test run) the pool runs the next
  // products on the caller alone (Note [backing off]), and a task waits for the next shared one:
  // products are run until `ran()` says it came, at most past the longest back-off.
  const untilShared = (product: () => void, ran: () => boolean): void => {
    for (let r = 0; r < 300 && !ran(); r++) product();
  };

  it('runs the task at the start of the next shared product, once; settle() runs it only if still pending', async () => {
    const b = await backends[0];
    const alloc = b.allocate as (n: number) => Float32Array;
    const [m, k, n] = [128, 256, 256];
    const a = alloc(m * k).fill(1), w = alloc(k * n).fill(2), out = alloc(m * n);
    const product = () => void b.kernels.matmul(out, a, w, m, k, n, false, false);
    let calls = 0;
    const task = () => void calls++;
    b.beside?.(task);
    expect(calls).toBe(0);
    untilShared(product, () => calls > 0);
    expect(calls).toBe(1);
    b.settle?.(task);
    product();
    expect(calls).toBe(1);
    b.beside?.(task);
    b.settle?.(task);
    expect(calls).toBe(2);
    product();
    expect(calls).toBe(2);
    // a second task runs the first before it waits its turn
    const other = () => void (calls += 10);
    b.beside?.(task);
    b.beside?.(other);
    expect(calls).toBe(3);
    untilShared(product, () => calls > 3);
    expect(calls).toBe(13);
    expect(out[0]).toBe(2 * k);
  });

  it('a task that throws leaves the product whole, and the next products right', async () => {
    const b = await backends[0];
    const alloc = b.allocate as (n: number) => Float32Array;
    const [m, k, n] = [128, 256, 256];
    const a = alloc(m * k).fill(1), w = alloc(k * n).fill(3), out = alloc(m * n);
    b.beside?.(() => {
      throw new Error('task failed');
    });
    let thrown: unknown = null;
    untilShared(() => {
      try {
        b.kernels.matmul(out, a, w, m, k, n, false, false);
      } catch (e) {
        thrown = e;
      }
    }, () => thrown !== null);
    expect(thrown).toEqual(new Error('task failed'));
    expect(out.every((v) => v === 3 * k)).toBe(true);
    for (let r = 0; r < 20; r++) {
      w.fill(r);
      b.kernels.matmul(out, a, w, m, k, n, false, false);
      expect(out.every((v) => v === r * k)).toBe(true);
    }
  });
});
