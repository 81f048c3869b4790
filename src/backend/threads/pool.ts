/**
 * Worker threads over the shared WebAssembly memory: each worker instantiates the same kernel
 * module on the same memory, so a matrix product is split into blocks of rows or columns with
 * no copying at all (weights, activations and gradients are already in the shared heap).
 *
 * The split is dynamic (Note [work sharing]); the protocol is a few int32 words in the heap
 * (Note [thread control block]); the caller blocks until every block is done, so kernels stay
 * synchronous.
 */
import type { Heap } from '../wasm/heap.js';
import { backoffAfter, type BlockPlan, MAX_BLOCKS, planBlocks, SpinPolicy, splitsDepth } from './blocks.js';

// Note [thread control block]: word GEN is the job generation (a worker sleeps on it; −1 tells it
// to exit), NEXT the claim word (Note [work sharing]), DONE the number of finished blocks, SLEEPERS
// the number of workers asleep on GEN, SPIN how long a worker polls GEN before it sleeps (Note
// [spinning workers] in blocks.ts), KIND the job (0 a matrix product, 1 an Adam update, 2 a row-wise
// kernel: bias and activation, softmax, an activation's backward, or column sums by blocks of columns), words
// ARGS.. its arguments (an update's float ones stored as float32 bits), words SCRATCH + w worker
// w's scratch, BLOCKS_BY + w how many blocks worker w has done, and BOUNDS.. a product's block
// bounds (Note [shrinking blocks] in blocks.ts).
// Waking a sleeping thread costs the caller ~10 µs or more on a busy machine, so it calls
// Atomics.notify only when SLEEPERS says someone sleeps: a worker
// counts itself in before it checks GEN and sleeps, the caller stores GEN before it reads SLEEPERS,
// and with sequentially consistent atomics one of the two sees the other's store.
const GEN = 0;
const NEXT = 1;
const DONE = 2;
const SLEEPERS = 3;
const KIND = 4;
const ARGS = 5;
const SPIN = 30;
const SCRATCH = 32;
const BLOCKS_BY = SCRATCH + 64;
const BOUNDS = BLOCKS_BY + 64;
const WORDS = BOUNDS + MAX_BLOCKS + 1;

// Note [work sharing]: a product is cut into more blocks than threads, and every thread, the caller
// included, claims the next block until none is left. A thread that another process keeps off its
// core then costs only the block it holds, not a fixed share of the product, and the caller never
// waits for a worker that has not started: it takes the blocks itself. NEXT packs the block count
// (high 16 bits) and the next block (low 16 bits) in one word, so a claim is one compare-and-swap;
// a worker holding a stale value cannot claim, because the word it compares has changed, and the
// arguments it reads after a successful claim cannot change before that block is done, because
// the caller waits for every block before it starts another product.

/** Block plans kept, one per product shape. */
const MAX_PLANS = 64;
/** How long the caller spins for the last blocks before it sleeps. */
const CALLER_SPIN = 2000;

// The worker's body, for Node's worker_threads and for Web Workers alike; it starts with
// module, memory, ctl and index in scope.
const WORKER_BODY = `
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const w = new Int32Array(memory.buffer, ctl, ${WORDS});
const f = new Float32Array(memory.buffer, ctl, ${WORDS});
const scratch = w[${SCRATCH} + index];
let gen = 0;
for (;;) {
  const spin = w[${SPIN}];
  for (let s = 0; s < spin && Atomics.load(w, ${GEN}) === gen; s++);
  Atomics.add(w, ${SLEEPERS}, 1);
  Atomics.wait(w, ${GEN}, gen);
  Atomics.sub(w, ${SLEEPERS}, 1);
  gen = Atomics.load(w, ${GEN});
  if (gen < 0) break;
  for (;;) {
    const v = Atomics.load(w, ${NEXT});
    const count = v >>> 16, b = v & 0xffff;
    if (b >= count) break;
    if (Atomics.compareExchange(w, ${NEXT}, v, v + 1) !== v) continue;
    run(b);
    w[${BLOCKS_BY} + index]++;
    if (Atomics.add(w, ${DONE}, 1) + 1 === count) Atomics.notify(w, ${DONE});
  }
}
function run(b) {
  const a = ${ARGS};
  if (w[${KIND}] === 2) {
    const size = w[a + 6], lo = b * size, n = w[a + 5];
    if (w[a] === 3) {
      ex.sumColumns(w[a + 2], w[a + 3], 0, w[a + 7], n, lo, Math.min(n, lo + size), 0);
      return;
    }
    const rows = Math.min(w[a + 7], lo + size) - lo, at = 4 * lo * n;
    if (w[a] === 4) ex.gatherRows(w[a + 2] + at, w[a + 3], w[a + 4] + 4 * lo, rows, n);
    else if (w[a] === 0) ex.biasActivation(w[a + 1], w[a + 2] + at, w[a + 3] + at, w[a + 4], rows, n);
    else if (w[a] === 1) ex.softmax(w[a + 2] + at, w[a + 3] + at, rows, n);
    else ex.unaryBackward(w[a + 1], w[a + 2] + at, w[a + 3] + at, w[a + 8] + at, w[a + 9] + at, rows * n);
    return;
  }
  if (w[${KIND}] === 1) {
    const size = w[a + 14], lo = b * size, n = Math.min(w[a + 4], lo + size) - lo, at = 4 * lo;
    ex.adam(w[a] + at, w[a + 1] + at, w[a + 2] + at, w[a + 3] + at, n, f[a + 5], f[a + 6], f[a + 7], f[a + 8], f[a + 9], f[a + 10], f[a + 11], w[a + 12]);
    return;
  }
  const by = w[a + 8], lo = w[${BOUNDS} + b], hi = w[${BOUNDS} + b + 1];
  if (by === 3) ex.matmulSliceParts(w[a + 9], w[a + 1], w[a + 2], w[a + 3], w[a + 4], w[a + 5], scratch, lo, hi);
  else if (by === 2) ex.matmulSparseRows(w[a], w[a + 1], w[a + 2], w[a + 3], w[a + 4], w[a + 5], w[a + 6], w[a + 9], scratch, lo, hi);
  else if (by === 1) ex.matmulColumns(w[a], w[a + 1], w[a + 2], w[a + 3], w[a + 4], w[a + 5], w[a + 6], w[a + 7], scratch, lo, hi, w[a + 9]);
  else ex.matmulBlock(w[a], w[a + 1], w[a + 2], w[a + 3], w[a + 4], w[a + 5], w[a + 6], w[a + 7], scratch, lo, hi, 0, w[a + 5]);
}
`;
const NODE_WORKER = `const { module, memory, ctl, index } = require('node:worker_threads').workerData;\n${WORKER_BODY}`;
const WEB_WORKER = `onmessage = (e) => {\nconst { module, memory, ctl, index } = e.data;\n${WORKER_BODY}\n};`;

/** What a worker is started with. */
interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly ctl: number;
  readonly index: number;
}

interface WorkerLike {
  terminate(): unknown;
}

/** CPU time of this process, all threads, in ms (Node). */
function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Whether this is Node (worker_threads) rather than a browser (Web Workers). */
export function isNode(): boolean {
  return typeof process === 'object' && process.versions?.node !== undefined;
}

async function nodeWorkers(count: number, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
  const { Worker } = await import('node:worker_threads');
  return Array.from({ length: count }, (_, i) => {
    const w = new Worker(NODE_WORKER, { eval: true, workerData: data(i) });
    w.unref();
    return w;
  });
}

function webWorkers(count: number, data: (i: number) => WorkerData): WorkerLike[] {
  const url = URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' }));
  return Array.from({ length: count }, (_, i) => {
    const w = new Worker(url);
    w.postMessage(data(i));
    return w;
  });
}

/** The matmulBlock export: (out, a, b, m, k, n, transA, transB, scratch, i0, i1, j0, j1). */
export type MatmulBlock = (out: number, a: number, b: number, m: number, k: number, n: number, transA: number, transB: number,
  scratch: number, i0: number, i1: number, j0: number, j1: number) => void;

/** The product exports the pool calls on the caller's module instance (asm/matmul.ts). */
export interface ProductKernels {
  readonly matmulBlock: MatmulBlock;
  /** Columns j0..j1 of the product, op(A) packed once per product in `shared` (or 0: in scratch). */
  matmulColumns(out: number, a: number, b: number, m: number, k: number, n: number, transA: number, transB: number,
    scratch: number, j0: number, j1: number, shared: number): void;
  /** Bytes of the area an m-row, k-deep op(A) is shared in. */
  matmulShareBytes(m: number, k: number): number;
  /** Marks a shared area's slices free before a product. */
  matmulShareBegin(shared: number, m: number, k: number): void;
  /** Rows i0..i1 of the product summed over op(A)'s non-zero values only (b not transposed). */
  matmulSparseRows(out: number, a: number, b: number, m: number, k: number, n: number, transA: number,
    paired: number, scratch: number, i0: number, i1: number): void;
  /** The KC slices of a k-deep product (Note [depth split] in asm/matmul.ts). */
  matmulSlices(k: number): number;
  /** Slices s0..s1 of a[k, m]ᵀ · b[k, n], each summed alone into its part of `parts`. */
  matmulSliceParts(parts: number, a: number, b: number, m: number, k: number, n: number, scratch: number, s0: number, s1: number): void;
  /** out = the `slices` parts of `size` values added in order. */
  matmulSliceSum(out: number, parts: number, slices: number, size: number): void;
}

/** The row-wise exports the pool calls on the caller's module instance (asm/bias.ts, asm/softmax.ts, asm/elementwise.ts). */
export interface RowKernels {
  biasActivation(op: number, y: number, z: number, bias: number, m: number, n: number): void;
  softmax(out: number, x: number, m: number, n: number): void;
  unaryBackward(op: number, out: number, x: number, y: number, dy: number, size: number): void;
  sumColumns(out: number, x: number, d0: number, d1: number, inner: number, q0: number, q1: number, acc: number): void;
  gatherRows(out: number, x: number, order: number, rows: number, cols: number): void;
}

/** Columns of a block of a shared column sum: 32, the most the module sums at once (Note [column sums] in asm/elementwise.ts). */
const SUM_COLUMNS = 32;

/**
 * How a product is summed (asm/sparse.ts's matmulSparse): 0 densely, 1 over op(A)'s non-zero values,
 * 2 the same with its rows paired first.
 */
export type SparseMode = 0 | 1 | 2;

/** The largest area op(A) is shared in (Note [shared A] in asm/matmul.ts); a larger A is packed per block. */
const MAX_SHARE_BYTES = 64 << 20;

/** The adam export: (w, g, s1, s2, size, lr, wd, beta1, beta2, eps, stepSize, bc2Sqrt, decoupled). */
export type AdamKernel = (w: number, g: number, s1: number, s2: number, size: number, lr: number, wd: number, beta1: number, beta2: number,
  eps: number, stepSize: number, bc2Sqrt: number, decoupled: number) => void;

/** Parameters per block of a shared Adam update (a multiple of 4, the vector width). */
export const UPDATE_BLOCK = 16384;

/** A pool of `threads − 1` workers; the calling thread works on the product too. */
export class ThreadPool {
  private readonly ctl: Int32Array;
  private generation = 0;
  /** Products to run on the caller alone, and the current back-off (Note [backing off]). */
  private skip = 0;
  private backoff = 0;
  private readonly plans = new Map<number, BlockPlan>();
  private readonly spin: SpinPolicy;
  private pending: (() => void) | null = null;
  /** True while a job runs (Note [work beside the workers]: a task run then may not start another; wanted). */
  private busy = false;
  /** The area op(A) of a product by columns is packed in once (Note [shared A] in asm/matmul.ts). */
  private share = 0;
  private shareBytes = 0;

  private constructor(
    readonly threads: number,
    private readonly heap: Heap,
    private readonly scratch: number[],
    private readonly workers: WorkerLike[],
    ctlPtr: number,
    /** The micro-kernel's rows: blocks of rows are multiples of it. */
    private readonly tileRows: number,
  ) {
    this.ctl = new Int32Array(heap.memory.buffer, ctlPtr, WORDS);
    this.ctl.set(scratch, SCRATCH);
    this.spin = new SpinPolicy(threads, isNode() ? processCpuMs : null);
    Atomics.store(this.ctl, SPIN, this.spin.spin);
  }

  /**
   * Starts `threads − 1` workers on the module and shared memory of `heap`: Node worker threads, or
   * Web Workers in a browser page that is cross-origin isolated. The pool is usable at once: until
   * a worker is up, the caller claims every block itself (Note [work sharing]).
   */
  static async start(module: WebAssembly.Module, heap: Heap, threads: number, scratchBytes: number, tileRows: number): Promise<ThreadPool> {
    const ctl = heap.reserveFixed(WORDS * 4);
    const scratch = Array.from({ length: threads }, () => heap.reserveFixed(scratchBytes));
    const data = (i: number): WorkerData => ({ module, memory: heap.memory, ctl, index: i + 1 });
    const workers = isNode() ? await nodeWorkers(threads - 1, data) : webWorkers(threads - 1, data);
    return new ThreadPool(threads, heap, scratch, workers, ctl, tileRows);
  }

  /** How many blocks each thread other than the caller has done since the pool started. */
  workerBlocks(): number[] {
    return Array.from({ length: this.threads - 1 }, (_, i) => Atomics.load(this.ctl, BLOCKS_BY + i + 1));
  }

  /**
   * Runs one matrix product out[m, n] = op(a)·op(b) across the threads, in blocks of columns when
   * n ≥ m, else of rows (Note [work sharing]); blocks of columns pack op(a) once between them
   * (Note [shared A] in asm/matmul.ts). A `sparse` product (1, or 2 with its rows paired first: Note
   * [pairing rows] in asm/sparse.ts) is summed over op(A)'s non-zero values, in blocks of rows (Note
   * [zeros in A] there). A dense aᵀ·b of a deep k with a small out is cut along k instead (Note [depth
   * split] there; splitsDepth). `own` is the calling thread's module instance.
   */
  matmul(own: ProductKernels, out: number, a: number, b: number, m: number, k: number, n: number, transA: boolean, transB: boolean,
    sparse: SparseMode = 0): void {
    if (sparse === 0 && transA && !transB && this.depth(own, out, a, b, m, k, n)) return;
    // a network's products come in a few shapes, each planned once (the key is exact while
    // m < 2^20; a cache of many shapes, from predictions of every size, starts again)
    const key = m < 2 ** 20 ? (m * 2 ** 32 + n) * 2 + (sparse > 0 ? 1 : 0) : -1;
    let plan = this.plans.get(key);
    if (!plan) {
      // summed over op(A)'s non-zero values, a product is cut into blocks of an even number of
      // rows, its rows going in pairs (Note [sparse row pairs] in asm/sparse.ts)
      plan = sparse > 0 ? planBlocks(m, n, this.threads, 2, true) : planBlocks(m, n, this.threads, this.tileRows);
      if (this.plans.size >= MAX_PLANS) this.plans.clear();
      if (key >= 0) this.plans.set(key, plan);
    }
    const ta = transA ? 1 : 0, tb = transB ? 1 : 0;
    const { bounds, byCols } = plan;
    const shared = byCols ? this.shareArea(own, m, k) : 0;
    const paired = sparse === 2 ? 1 : 0;
    // the last argument word: the shared area of a product by columns, whether a sparse one pairs its rows
    this.ctl.set([0, out, a, b, m, k, n, ta, tb, sparse > 0 ? 2 : byCols ? 1 : 0, sparse > 0 ? paired : shared], KIND);
    this.ctl.set(bounds, BOUNDS);
    const scratch = this.scratch[0];
    this.run(bounds.length - 1, (blk) => {
      const lo = bounds[blk] as number, hi = bounds[blk + 1] as number;
      if (sparse > 0) own.matmulSparseRows(out, a, b, m, k, n, ta, paired, scratch, lo, hi);
      else if (byCols) own.matmulColumns(out, a, b, m, k, n, ta, tb, scratch, lo, hi, shared);
      else own.matmulBlock(out, a, b, m, k, n, ta, tb, scratch, lo, hi, 0, n);
    });
  }

  // out = a[k, m]ᵀ · b[k, n] cut along k (Note [depth split] in asm/matmul.ts) when that pays
  // (splitsDepth) and the heap has room for the parts; false when it does not
  private depth(own: ProductKernels, out: number, a: number, b: number, m: number, k: number, n: number): boolean {
    const slices = own.matmulSlices(k);
    if (!splitsDepth(m, n, slices, this.threads)) return false;
    const parts = this.area(slices * m * n * 4);
    if (parts === 0) return false;
    const bounds = planBlocks(slices, 0, this.threads, 1, true, 1).bounds;
    this.ctl.set([0, out, a, b, m, k, n, 1, 0, 3, parts], KIND);
    this.ctl.set(bounds, BOUNDS);
    const scratch = this.scratch[0];
    this.run(bounds.length - 1, (blk) => own.matmulSliceParts(parts, a, b, m, k, n, scratch, bounds[blk] as number, bounds[blk + 1] as number));
    own.matmulSliceSum(out, parts, slices, m * n);
    return true;
  }

  // A shared area for an m-row, k-deep op(A), its slices marked free; 0 (each block packs its own)
  // when it would be over MAX_SHARE_BYTES or the heap has no room
  private shareArea(own: ProductKernels, m: number, k: number): number {
    const area = this.area(own.matmulShareBytes(m, k));
    if (area !== 0) own.matmulShareBegin(area, m, k);
    return area;
  }

  // The pool's one area of at least `bytes` bytes (packed A shared by a product's blocks, or a
  // product's parts), grown as needed; 0 when it would be over MAX_SHARE_BYTES or the heap has no room
  private area(bytes: number): number {
    if (bytes > MAX_SHARE_BYTES) return 0;
    if (bytes > this.shareBytes) {
      const size = Math.min(MAX_SHARE_BYTES, Math.max(bytes, 2 * this.shareBytes));
      const ptr = this.heap.reserveOptional(size);
      if (ptr < 0) return 0;
      if (this.shareBytes > 0) this.heap.releaseFixed(this.share, this.shareBytes);
      this.share = ptr;
      this.shareBytes = size;
    }
    return this.share;
  }

  /**
   * One Adam update of `size` parameters split across the threads in blocks of
   * {@link UPDATE_BLOCK}; `own` is the calling thread's adam export, `p` its float arguments (lr,
   * weight decay, β1, β2, ε, step size, √(1 − β2ᵗ)). Element-wise, so any split gives the same bits.
   */
  adam(own: AdamKernel, w: number, g: number, s1: number, s2: number, size: number, p: readonly number[], decoupled: number): void {
    const c = this.ctl;
    c.set([1, w, g, s1, s2, size], KIND);
    const f = new Float32Array(c.buffer, c.byteOffset + 4 * (ARGS + 5), 7);
    f.set(p);
    c.set([decoupled, 0, UPDATE_BLOCK], ARGS + 12);
    this.run(Math.ceil(size / UPDATE_BLOCK), (blk) => {
      const lo = blk * UPDATE_BLOCK, at = 4 * lo;
      own(w + at, g + at, s1 + at, s2 + at, Math.min(size, lo + UPDATE_BLOCK) - lo, f[0], f[1], f[2], f[3], f[4], f[5], f[6], decoupled);
    });
  }

  /**
   * A row-wise kernel on out[m, n] split across the threads in blocks of rows: `kernel` 0 is
   * biasActivation(code, out, x, bias) (asm/bias.ts), 1 softmax(out, x) (asm/softmax.ts); `own`
   * is the calling thread's module instance. Every row is computed as on one thread, so any split
   * gives the same bits.
   */
  rows(own: RowKernels, kernel: 0 | 1, code: number, out: number, x: number, bias: number, m: number, n: number): void {
    this.rowJob([kernel, code, out, x, bias, n], m, [], (lo, rows) => {
      const at = 4 * lo * n;
      if (kernel === 0) own.biasActivation(code, out + at, x + at, bias, rows, n);
      else own.softmax(out + at, x + at, rows, n);
    });
  }

  // A row-wise job (KIND 2) over m rows, in blocks of 1/(2·threads) of them: its words are `head`
  // (kernel, code, out, x, bias, n), the block size, m, then `tail`; `block(lo, rows)` is the
  // caller's part of a block, as the worker body does it
  private rowJob(head: readonly number[], m: number, tail: readonly number[], block: (lo: number, rows: number) => void): void {
    const size = Math.ceil(m / (2 * this.threads));
    this.ctl.set([2, ...head, size, m, ...tail], KIND);
    this.run(Math.ceil(m / size), (blk) => {
      const lo = blk * size;
      block(lo, Math.min(m, lo + size) - lo);
    });
  }

  /**
   * A dense layer's bias and activation backward (asm/bias.ts's biasActivationBackward, n ≥ 4) in
   * two shared jobs: dz = f'(z, y)·dy in blocks of rows, then db = dz's column sums in blocks of
   * {@link SUM_COLUMNS} columns, each column's chain in row order as on one thread: the same bits
   * whatever the split.
   */
  biasBackward(own: RowKernels, code: number, dz: number, db: number, z: number, y: number, dy: number, m: number, n: number): void {
    this.rowJob([2, code, dz, z, 0, n], m, [y, dy], (lo, rows) => {
      const at = 4 * lo * n;
      own.unaryBackward(code, dz + at, z + at, y + at, dy + at, rows * n);
    });
    this.ctl.set([2, 3, 0, db, dz, 0, n, SUM_COLUMNS, m], KIND);
    this.run(Math.ceil(n / SUM_COLUMNS), (blk) => {
      const lo = blk * SUM_COLUMNS;
      own.sumColumns(db, dz, 0, m, n, lo, Math.min(n, lo + SUM_COLUMNS), 0);
    });
  }

  /**
   * The rows of a batch gathered in blocks of rows (asm/elementwise.ts's gatherRows: out[i, ·] =
   * x[order[i], ·], `order` pointing at u32 row numbers): many rows from memory in random order
   * wait on it less with two cores asking.
   */
  gatherRows(own: RowKernels, out: number, x: number, order: number, rows: number, cols: number): void {
    this.rowJob([4, 0, out, x, order, cols], rows, [], (lo, n) => own.gatherRows(out + 4 * lo * cols, x, order + 4 * lo, n, cols));
  }

  // Publishes a job of `count` blocks whose arguments are written, works on it, waits for it.
  private run(count: number, block: (b: number) => void): void {
    this.busy = true;
    try {
      this.runJob(count, block);
    } finally {
      this.busy = false;
    }
  }

  private runJob(count: number, block: (b: number) => void): void {
    const c = this.ctl;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, NEXT, count << 16);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(c, GEN, this.generation);
    if (Atomics.load(c, SLEEPERS) > 0) Atomics.notify(c, GEN);
    const side = this.pending;
    let failed: { error: unknown } | null = null;
    if (side) {
      this.pending = null;
      try {
        side();
      } catch (error) {
        // the job is published: finish it before the error leaves, or a worker still on one of
        // its blocks would count into the next job's DONE
        failed = { error };
      }
    }
    const t0 = performance.now();
    for (;;) {
      const v = Atomics.load(c, NEXT);
      const blk = v & 0xffff;
      if (blk >= count) break;
      if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
      block(blk);
      Atomics.add(c, DONE, 1);
    }
    const t1 = performance.now();
    waitFor(c, count);
    const t2 = performance.now();
    this.learn(t1 - t0, t2 - t1);
    const spin = this.spin.afterJob(t2);
    if (spin !== c[SPIN]) Atomics.store(c, SPIN, spin);
    if (failed) throw failed.error;
  }

  // Note [work beside the workers]: some of the caller's work between products does not depend on
  // them, like copying the next batch's rows. Given to beside(), it runs once the workers have been
  // told of the next job and before the caller claims blocks of it: the workers claim the blocks
  // the caller would have, so the task costs the step about half its time instead of all of it.
  // The caller's time on it is not counted as its own work on the job (Note [backing off]).

  /**
   * Runs `task` at the start of the next shared job (Note [work beside the workers]). A task still
   * pending when another comes is run first.
   */
  beside(task: () => void): void {
    if (this.pending) this.settle(this.pending);
    this.pending = task;
  }

  /** Runs `task` now if it is the one pending. */
  settle(task: () => void): void {
    if (this.pending !== task) return;
    this.pending = null;
    task();
  }

  /**
   * False while the pool backs off after a stall (Note [backing off]), and while a job runs (a
   * task given to {@link beside} runs inside one, and a second job would overwrite its words): the
   * kernel then runs on the caller alone.
   */
  wanted(): boolean {
    if (this.busy) return false;
    if (this.skip === 0) return true;
    this.skip--;
    return false;
  }

  // Note [backing off]: a worker that another process preempts in the middle of a block holds the
  // caller up for the rest of a scheduler time slice (milliseconds), far longer than the block. When
  // the caller waited for the last blocks longer than half the time it worked on its own share, it
  // runs the next products alone, 4 of them, then 8, 16, ... up to 256 after repeated stalls, and
  // then tries the workers again; a product without a stall halves the back-off. So a loaded
  // machine costs about what one thread costs, and a quiet one keeps both.
  private learn(ownMs: number, waitedMs: number): void {
    const next = backoffAfter(this.backoff, ownMs, waitedMs);
    if (next > this.backoff) this.skip = next;
    this.backoff = next;
  }

  /** The calling thread's scratch block. */
  get ownScratch(): number {
    return this.scratch[0];
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    Atomics.store(this.ctl, GEN, -1);
    Atomics.notify(this.ctl, GEN);
    await Promise.all(this.workers.map(async (w) => w.terminate()));
  }
}

/** Waits until `count` blocks are done: a short spin (the last block is usually almost done), then sleeps. */
function waitFor(c: Int32Array, count: number): void {
  let done = Atomics.load(c, DONE);
  for (let s = 0; done < count && s < CALLER_SPIN; s++) done = Atomics.load(c, DONE);
  while (done < count) {
    // a browser's main thread may not block: there, keep spinning
    try {
      Atomics.wait(c, DONE, done, 20);
    } catch {
      /* spin */
    }
    done = Atomics.load(c, DONE);
  }
}
