// The thread pool's job protocol (src/backend/threads/protocol.ts, worker.ts): each job's arguments
// are written by name and read by the one function every thread runs a block with, and a worker's
// code is self-contained text that runs with nothing but its four bindings and a worker's globals.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CONTROL, JOBS, type JobKernels, LAYOUT, MAX_THREADS, writeJob } from '../src/backend/threads/protocol.js';
import { runBlock, workerCall } from '../src/backend/threads/worker.js';

type Call = [string, number[]];

/** A kernel set that records its calls; a kernel named in `returns` returns that value. */
function recorder(onCall: (call: Call) => void = () => {}, returns: Record<string, number> = {}): { ex: JobKernels; calls: Call[] } {
  const calls: Call[] = [];
  const ex = new Proxy({}, {
    get: (_, name) => (...args: number[]) => {
      const call: Call = [String(name), args];
      calls.push(call);
      onCall(call);
      return returns[String(name)];
    },
  }) as JobKernels;
  return { ex, calls };
}

function control(): { ctl: Int32Array; f32: Float32Array } {
  const buffer = new SharedArrayBuffer(CONTROL.words * 4);
  return { ctl: new Int32Array(buffer), f32: new Float32Array(buffer) };
}

const product = { out: 100, a: 200, b: 300, m: 7, k: 8, n: 9, transA: 1 };
const floats = { lr: 0.1, wd: 0.25, beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 0.5, bc2Sqrt: 0.75 };
const f = Math.fround;
const SCRATCH = 55;
// [job, its arguments, block, the call that block makes]; products are cut at bounds 0, 10, 20
const CASES: [keyof typeof JOBS, Record<string, number>, number, Call][] = [
  ['productRows', { ...product, transB: 0 }, 1, ['matmulBlock', [100, 200, 300, 7, 8, 9, 1, 0, SCRATCH, 10, 20, 0, 9]]],
  ['productColumns', { ...product, transB: 1, shared: 400 }, 0, ['matmulColumns', [100, 200, 300, 7, 8, 9, 1, 1, SCRATCH, 0, 10, 400]]],
  ['productSparse', { ...product, paired: 1, panels: 600, order: 700, look: 0, dense: 0, act: -1, y: 0, bias: 0, infinite: 0 }, 1, ['matmulSparseRows', [100, 200, 300, 7, 8, 9, 1, 1, SCRATCH, 10, 20, 600, 700]]],
  ['productSlices', { parts: 500, a: 200, b: 300, m: 7, k: 8, n: 9 }, 1, ['matmulSliceParts', [500, 200, 300, 7, 8, 9, SCRATCH, 10, 20]]],
  // parameters 8..10 of 10 in blocks of 4, float arguments as float32
  ['adam', { w: 1000, g: 2000, s1: 3000, s2: 4000, size: 10, decoupled: 1, block: 4, ...floats }, 2,
    ['adam', [1032, 2032, 3032, 4032, 2, f(0.1), 0.25, f(0.9), f(0.999), f(1e-8), 0.5, 0.75, 1]]],
  // rows 8..10 of 10 in blocks of 4, 5 values a row (bytes 160 on)
  ['biasActivation', { code: 3, out: 100, x: 200, bias: 300, rows: 10, n: 5, block: 4 }, 2, ['biasActivation', [3, 260, 360, 300, 2, 5]]],
  ['softmax', { out: 100, x: 200, rows: 10, n: 5, block: 4 }, 1, ['softmax', [180, 280, 4, 5]]],
  ['unaryBackward', { code: 2, out: 100, x: 200, y: 300, dy: 400, rows: 10, n: 5, block: 4 }, 2, ['unaryBackward', [2, 260, 360, 460, 560, 10]]],
  // columns 64..70 of 70 in blocks of 32
  ['sumColumns', { out: 100, x: 200, rows: 10, n: 70, block: 32 }, 2, ['sumColumns', [100, 200, 0, 10, 70, 64, 70, 0]]],
  ['gatherRows', { out: 100, x: 200, order: 300, rows: 10, n: 5, block: 4 }, 1, ['gatherRows', [180, 200, 316, 4, 5]]],
];

describe('thread job protocol', () => {
  it('every job has its own kind and fits its arguments, each in a word of its own, before the spin word', () => {
    const kinds = Object.values(JOBS).map((j) => j.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    // the products first: runBlock tells a product by its kind being at most productSlices'
    const products = [JOBS.productRows, JOBS.productColumns, JOBS.productSparse, JOBS.productSlices].map((j) => j.kind);
    expect(Math.max(...products)).toBe(JOBS.productSlices.kind);
    expect(Math.min(...kinds.filter((k) => !products.includes(k)))).toBeGreaterThan(JOBS.productSlices.kind);
    for (const j of Object.values(JOBS)) {
      const words = Object.values(j.at) as number[];
      expect([...words].sort((x, y) => x - y)).toEqual(words.map((_, i) => i));
      expect(CONTROL.args + words.length).toBeLessThanOrEqual(CONTROL.spin);
    }
    expect(CONTROL.scratch + MAX_THREADS).toBeLessThanOrEqual(CONTROL.blocksBy);
    expect(CONTROL.bounds + 65).toBe(CONTROL.words);
  });

  it.each(CASES)('%s: a block reads back the arguments written by name', (name, args, block, call) => {
    const { ctl, f32 } = control();
    ctl.set([0, 10, 20], CONTROL.bounds);
    writeJob(ctl, f32, JOBS[name] as (typeof JOBS)['adam'], args as Record<keyof (typeof JOBS)['adam']['at'], number>);
    const { ex, calls } = recorder();
    runBlock(ex, ctl, f32, SCRATCH, block, LAYOUT);
    expect(calls).toEqual([call]);
  });

  it("a sparse product's look blocks: b checked in parts of its rows, the rows paired, then its blocks, or none when b is not finite", () => {
    for (const finite of [1, 0]) {
      const { ctl, f32 } = control();
      ctl.set([0, 10, 20], CONTROL.bounds);
      writeJob(ctl, f32, JOBS.productSparse, { ...product, k: 9, transA: 0, paired: 0, panels: 600, order: 700, look: 3, dense: 0, act: -1, y: 0, bias: 0, infinite: 0 });
      const { ex, calls } = recorder(undefined, { matmulPanelsFinite: finite, matmulSparsePairs: 2 });
      // the look's blocks in any order, then the product's block 1 (its bounds 10..20)
      for (const block of [2, 0, 1, 4]) runBlock(ex, ctl, f32, SCRATCH, block, LAYOUT);
      expect(ctl[CONTROL.looked]).toBe(0b111);
      expect(ctl[CONTROL.args + JOBS.productSparse.at.paired]).toBe(1);
      expect(ctl[CONTROL.args + JOBS.productSparse.at.dense]).toBe(1 - finite);
      expect(calls).toEqual([
        ['matmulSparsePairs', [200, 7, 9, 9, SCRATCH, 700]],
        ['matmulPanelsFinite', [600, 300, 9, 9, 0, 4]],
        ['matmulPanelsFinite', [600, 300, 9, 9, 4, 9]],
        ...(finite ? [['matmulSparseRows', [100, 200, 300, 7, 9, 9, 0, 1, SCRATCH, 10, 20, 600, 700]]] : []),
      ]);
    }
    // A transposed: every look block checks a part of b, none pairs
    const { ctl, f32 } = control();
    writeJob(ctl, f32, JOBS.productSparse, { ...product, k: 9, paired: 0, panels: 0, order: 0, look: 2, dense: 0, act: -1, y: 0, bias: 0, infinite: 0 });
    const { ex, calls } = recorder(undefined, { matmulPanelsFinite: 1 });
    for (const block of [0, 1]) runBlock(ex, ctl, f32, SCRATCH, block, LAYOUT);
    expect(calls).toEqual([['matmulPanelsFinite', [0, 300, 9, 9, 0, 4]], ['matmulPanelsFinite', [0, 300, 9, 9, 4, 9]]]);
  });

  it("a sparse product's block with a layer's activation applies it and the bias to its rows after summing them", () => {
    const { ctl, f32 } = control();
    ctl.set([0, 10, 20], CONTROL.bounds);
    writeJob(ctl, f32, JOBS.productSparse, { ...product, transA: 0, paired: 1, panels: 600, order: 700, look: 0, dense: 0, act: 3, y: 800, bias: 900, infinite: 0 });
    const { ex, calls } = recorder();
    runBlock(ex, ctl, f32, SCRATCH, 1, LAYOUT);
    expect(calls).toEqual([
      ['matmulSparseRows', [100, 200, 300, 7, 8, 9, 0, 1, SCRATCH, 10, 20, 600, 700]],
      ['matmulSparseBias', [3, 800, 100, 900, 7, 9, 1, 700, 10, 20]],
    ]);
  });

  it("a sparse product's block asked to check its rows writes `infinite` 1 when one is not finite", () => {
    for (const finite of [1, 0]) {
      const { ctl, f32 } = control();
      ctl.set([0, 10, 20], CONTROL.bounds);
      writeJob(ctl, f32, JOBS.productSparse, { ...product, paired: 0, panels: 0, order: 0, look: 0, dense: 0, act: -2, y: 0, bias: 0, infinite: 0 });
      const { ex, calls } = recorder(undefined, { matmulSparseFinite: finite });
      runBlock(ex, ctl, f32, SCRATCH, 1, LAYOUT);
      expect(calls).toEqual([
        ['matmulSparseRows', [100, 200, 300, 7, 8, 9, 1, 0, SCRATCH, 10, 20, 0, 0]],
        ['matmulSparseFinite', [100, 7, 9, 0, 0, 10, 20]],
      ]);
      expect(ctl[CONTROL.args + JOBS.productSparse.at.infinite], `finite ${finite}`).toBe(1 - finite);
    }
  });

  it('a product block waits for every look block, and makes one that is not done after a while itself', () => {
    const { ctl, f32 } = control();
    ctl.set([0, 10, 20], CONTROL.bounds);
    writeJob(ctl, f32, JOBS.productSparse, { ...product, transA: 0, paired: 0, panels: 600, order: 700, look: 3, dense: 0, act: -1, y: 0, bias: 0, infinite: 0 });
    // b's two parts done, the pairing held by a thread that does not come back
    ctl[CONTROL.looked] = 0b011;
    const { ex, calls } = recorder(undefined, { matmulSparsePairs: 2 });
    runBlock(ex, ctl, f32, SCRATCH, 3, LAYOUT);
    expect(calls).toEqual([
      ['matmulSparsePairs', [200, 7, 8, 9, SCRATCH, 700]],
      ['matmulSparseRows', [100, 200, 300, 7, 8, 9, 0, 1, SCRATCH, 0, 10, 600, 700]],
    ]);
    expect(ctl[CONTROL.looked]).toBe(0b111);
  });

  it("a worker's code runs with only its bindings and a worker's globals: it claims the blocks of a job, then exits", () => {
    const memory = { buffer: new SharedArrayBuffer(4096) };
    const ctl = 256;
    const w = new Int32Array(memory.buffer, ctl, CONTROL.words);
    w[CONTROL.scratch + 1] = SCRATCH;
    writeJob(w, new Float32Array(memory.buffer, ctl, CONTROL.words), JOBS.productRows, { ...product, transB: 0 });
    w.set([0, 4, 8], CONTROL.bounds);
    // a job of two blocks already published, as the caller does (generation 1)
    w[CONTROL.next] = 2 << 16;
    w[CONTROL.gen] = 1;
    // the module's product: its second block tells the worker to exit, as ThreadPool.stop does
    const { ex, calls } = recorder(() => { if (calls.length === 2) w[CONTROL.gen] = -1; });
    const WebAssembly = { Instance: class { readonly exports = ex; } };
    runInNewContext(workerCall(), { WebAssembly, Atomics, Math, Int32Array, Float32Array, module: null, memory, ctl, index: 1 }, { timeout: 5000 });
    expect(calls).toEqual([
      ['matmulBlock', [100, 200, 300, 7, 8, 9, 1, 0, SCRATCH, 0, 4, 0, 9]],
      ['matmulBlock', [100, 200, 300, 7, 8, 9, 1, 0, SCRATCH, 4, 8, 0, 9]],
    ]);
    expect(w[CONTROL.done]).toBe(2);
    expect(w[CONTROL.blocksBy + 1]).toBe(2);
  });
});
