/**
 * Worker threads over the shared WebAssembly memory: each worker instantiates the same kernel
 * module on the same memory, so a matrix product is split into blocks of rows or columns with
 * no copying at all (weights, activations and gradients are already in the shared heap).
 *
 * The split is dynamic (Note [work sharing] in protocol.ts); a job is a few int32 words in the heap
 * (Note [thread control block] there), written by name here and read by worker.ts's runBlock on
 * every thread; the caller blocks until every block is done, so kernels stay synchronous. The
 * workers are started by spawn.ts.
 */
import type { Heap } from '../wasm/heap.js';
import type { WasmExports } from '../wasm/exports.js';
import { planBlocks, splitsDepth } from './blocks.js';
import { CONTROL, type JobKernels, JOBS, MAX_THREADS } from './protocol.js';
import { JobRunner } from './runner.js';
import { startWorkers, type WorkerData, type WorkerLike } from './spawn.js';
import { type SplitName, splitCandidates, SplitTuner } from './splits.js';

/** A window job's geometry (protocol.ts's im2col and col2im): image, kernel, strides, padding and output size. */
export type WindowArgs = { readonly [K in 'h' | 'w' | 'c' | 'kh' | 'kw' | 'sh' | 'sw' | 'pt' | 'pl' | 'oh' | 'ow']: number };

/** The exports of the module the pool runs jobs on, and the product's helpers it calls itself. */
export type PoolKernels = JobKernels & Pick<WasmExports, 'matmulShareBytes' | 'matmulShareBegin' | 'matmulSlices' | 'matmulSliceSum' | 'matmulPanelBytes' | 'matmulSparse'>;

/** Columns of a block of a shared column sum: 32, the most the module sums at once (Note [column sums] in asm/elementwise.ts). */
const SUM_COLUMNS = 32;

/** The largest area op(A) is shared in (Note [shared A] in asm/pack.ts); a larger A is packed per block. */
const MAX_SHARE_BYTES = 64 << 20;

/** Where a product over op(A)'s non-zero values finds b copied in panels and its rows paired (0: not made; ThreadPool.sparseArea). */
export interface SparseArea {
  readonly panels: number;
  readonly order: number;
}

/** A layer's bias and activation applied to each block of a product (Note [bias in the product's blocks]): the module's activation code, y and the bias. */
export interface ProductBias {
  readonly code: number;
  readonly y: number;
  readonly bias: number;
}

// Note [bias in the product's blocks]: a layer's forward is z = x·W, then z += b and y = f(z) over
// all of z (biasActivation), on the caller alone for a training batch (128 × 256 values are too
// few to share: THREAD_MIN_ROWS) while the worker waits: 37 µs of a W1 step on two threads
// (bench/notes.md, Note [bias in the product's blocks]). When the product is summed over x's
// non-zero values on the threads, each block now adds the bias to its rows and applies the
// activation right after it has summed them (asm/sparse.ts's matmulSparseBias): shared, and on
// rows still in the cache. Each row is computed by the same code as in the one call over z, after
// its sum is complete: the same bits. Other products leave it to the caller (matmul returns false).

/** A check that every value of a product is finite, made by its blocks (Note [checks in the product's blocks]); `finite` is the answer. */
export interface FiniteCheck {
  finite: boolean;
}

/** What a product's blocks do after summing their rows: a layer's bias and activation, or a check. */
export type ProductAfter = ProductBias | FiniteCheck;

// Note [checks in the product's blocks]: a training step ends by checking that every gradient is
// finite (the divergence check), a pass over all of them on the caller alone: 24 µs of a W1 step
// on two threads, 85 % of it the first layer's weight gradient, the step's last product
// (bench/notes.md, Note [checks in the product's blocks]). Where that product is summed over x's
// non-zero values on the threads, each block checks the rows it has just summed, on its thread
// (asm/sparse.ts's matmulSparseFinite), as the bias in Note [bias in the product's blocks].

/** The parts of b's rows a sparse product's job checks (and copies) in, each a block (Note [the look on the threads] in asm/sparse.ts). */
const LOOK_PARTS = 2;

const NO_AREA: SparseArea = { panels: 0, order: 0 };

/** Parameters per block of a shared Adam update (a multiple of 4, the vector width). */
export const UPDATE_BLOCK = 16384;

/** A pool of `threads − 1` workers; the calling thread works on each job too. */
export class ThreadPool extends JobRunner {
  private readonly tuner = new SplitTuner();
  /** The area op(A) of a product by columns is packed in once (Note [shared A] in asm/pack.ts). */
  private share = 0;
  private shareBytes = 0;

  private constructor(threads: number, private readonly heap: Heap, scratch: number[], workers: WorkerLike[],
    ctlPtr: number,
    /** The micro-kernel's rows: blocks of rows are multiples of it. */
    private readonly tileRows: number) {
    super(threads, heap.memory, ctlPtr, scratch, workers);
  }

  /**
   * Starts `threads − 1` workers on the module and shared memory of `heap`: Node worker threads, or
   * Web Workers in a browser page that is cross-origin isolated. The pool is usable at once: until
   * a worker is up, the caller claims every block itself (Note [work sharing] in protocol.ts).
   */
  static async start(module: WebAssembly.Module, heap: Heap, threads: number, scratchBytes: number, tileRows: number): Promise<ThreadPool> {
    if (threads > MAX_THREADS) throw new RangeError(`ThreadPool: at most ${MAX_THREADS} threads, got ${threads}`);
    const ctl = heap.reserveFixed(CONTROL.words * 4);
    const scratch = Array.from({ length: threads }, () => heap.reserveFixed(scratchBytes));
    // before any worker runs (Note [scratch before start] in runner.ts)
    new Int32Array(heap.memory.buffer, ctl, CONTROL.words).set(scratch, CONTROL.scratch);
    const data = (i: number): WorkerData => ({ module, memory: heap.memory, ctl, index: i + 1 });
    const workers = await startWorkers(threads - 1, data);
    return new ThreadPool(threads, heap, scratch, workers, ctl, tileRows);
  }

  /**
   * Runs one matrix product out[m, n] = op(a)·op(b) across the threads, in blocks of columns or
   * rows, or on the caller alone, as found fastest for its shape on this machine (Note [splits per
   * machine] in splits.ts; Note [work sharing] in protocol.ts); blocks of columns pack op(a) once
   * between them (Note [shared A] in asm/pack.ts). A `sparse` product (op(A) with zeros enough:
   * the module's matmulSparseZeros) is summed over op(A)'s non-zero values, in blocks of rows (Note
   * [zeros in A] in asm/sparse.ts), when b is all finite: the job's first blocks check b as they
   * copy it in panels into the area {@link sparseArea} gives and pair the rows there (Notes [b in
   * panels], [pairs made once], [the look on the threads] there); a b not finite leaves it dense. A
   * dense aᵀ·b of a deep k with a small out is cut along k instead (Note [depth split] in
   * asm/depth.ts; splitsDepth). `own` is the calling thread's module instance. Given `after`, the
   * blocks of a product summed over op(A)'s non-zero values on the threads also add the bias to
   * their rows of out and write the activation into y's (Note [bias in the product's blocks]), or
   * check that they are finite (Note [checks in the product's blocks]), and `after` returns whether
   * they did (else the caller does it).
   */
  matmul(own: PoolKernels, out: number, a: number, b: number, m: number, k: number, n: number, transA: boolean, transB: boolean,
    sparse = false, after?: ProductAfter): boolean {
    if (!sparse && transA && !transB && this.depth(own, out, a, b, m, k, n)) return false;
    // a network's products come in a few shapes, each shared the way found fastest for it on this
    // machine (Note [splits per machine] in splits.ts)
    const key = `${m},${k},${n},${transA ? 1 : 0}${transB ? 1 : 0}${sparse ? (transA ? 1 : 2) : 0}`;
    const trial = this.tuner.next(key, () => splitCandidates(m, k, n, this.threads, this.tileRows, sparse));
    const t0 = trial.timed ? performance.now() : 0;
    const plan = trial.split.plan;
    const ta = transA ? 1 : 0, tb = transB ? 1 : 0;
    let dense = false, applied = false;
    if (!plan) {
      // a pending task that throws still leaves the product whole, as in a job (runner.ts runJob);
      // it runs first: it may run products on the threads, which reuse the area
      let failed: { error: unknown } | null = null;
      try {
        this.runPending();
      } catch (error) {
        failed = { error };
      }
      const scratch = this.ownScratch;
      const { panels, order } = sparse ? this.sparseArea(own, m, k, n) : NO_AREA;
      const mode = sparse ? own.matmulSparse(a, b, m, k, n, ta, scratch, panels, order) : 0;
      if (mode > 0) own.matmulSparseRows(out, a, b, m, k, n, ta, mode === 2 ? 1 : 0, scratch, 0, m, panels, order);
      else own.matmulBlock(out, a, b, m, k, n, ta, tb, scratch, 0, m, 0, n);
      if (failed) throw failed.error;
    } else {
      let look = 0;
      if (sparse) {
        // b checked in LOOK_PARTS parts of its rows, then the rows paired (Note [the look on the threads])
        look = transA ? LOOK_PARTS : LOOK_PARTS + 1;
        const { panels, order } = this.sparseArea(own, m, k, n);
        applied = after !== undefined;
        const bias = after && 'code' in after ? after : null;
        this.write(JOBS.productSparse, { out, a, b, m, k, n, transA: ta, paired: 0, panels, order, look, dense: 0,
          act: bias ? bias.code : after ? -2 : -1, y: bias ? bias.y : 0, bias: bias ? bias.bias : 0, infinite: 0 });
        this.ctl[CONTROL.looked] = 0;
      } else if (plan.byCols) {
        this.write(JOBS.productColumns, { out, a, b, m, k, n, transA: ta, transB: tb, shared: this.shareArea(own, m, k) });
      } else {
        this.write(JOBS.productRows, { out, a, b, m, k, n, transA: ta, transB: tb });
      }
      this.ctl.set(plan.bounds, CONTROL.bounds);
      this.run(own, look + plan.bounds.length - 1);
      dense = sparse && this.ctl[CONTROL.args + JOBS.productSparse.at.dense] !== 0;
      if (sparse && after && 'finite' in after) after.finite = this.ctl[CONTROL.args + JOBS.productSparse.at.infinite] === 0;
    }
    if (trial.timed) this.tuner.record(key, performance.now() - t0);
    // b not all finite: 0 · Inf is NaN, so the product is summed densely (Note [zeros in A] in asm/sparse.ts)
    if (dense) this.matmul(own, out, a, b, m, k, n, transA, transB);
    return applied && !dense;
  }

  // a task beside the workers may run inside a kernel call (Note [work beside the workers] in
  // runner.ts): its own kernels' operand copies must not reuse the outer call's (Heap.hold)
  protected override runTask(task: () => void): void {
    this.heap.hold();
    try {
      task();
    } finally {
      this.heap.unhold();
    }
  }

  /**
   * out = op(a)·op(b) as one block a worker takes while the caller runs the task given to beside
   * (Note [small products beside a task] in wasm/product.ts); `own` is the calling thread's module instance. The
   * caller takes the block itself when no worker has by the time its task is done.
   */
  matmulBeside(own: PoolKernels, out: number, a: number, b: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
    this.write(JOBS.productRows, { out, a, b, m, k, n, transA: transA ? 1 : 0, transB: transB ? 1 : 0 });
    this.ctl[CONTROL.bounds] = 0;
    this.ctl[CONTROL.bounds + 1] = m;
    this.run(own, 1);
  }

  /** The way each product shape is shared, once chosen (Note [splits per machine] in splits.ts). */
  splits(): Record<string, SplitName> {
    return this.tuner.chosen();
  }

  /** Shares every product as `name` where its shape allows (null: choose per shape again); for tests and measurements. */
  forceSplit(name: SplitName | null): void {
    this.tuner.force(name);
  }

  // out = a[k, m]ᵀ · b[k, n] cut along k (Note [depth split] in asm/depth.ts) when that pays
  // (splitsDepth) and the heap has room for the parts; false when it does not
  private depth(own: PoolKernels, out: number, a: number, b: number, m: number, k: number, n: number): boolean {
    const slices = own.matmulSlices(k);
    if (!splitsDepth(m, n, slices, this.threads)) return false;
    const parts = this.area(slices * m * n * 4);
    if (parts === 0) return false;
    const bounds = planBlocks(slices, 0, this.threads, 1, true, 1).bounds;
    this.write(JOBS.productSlices, { parts, a, b, m, k, n });
    this.ctl.set(bounds, CONTROL.bounds);
    this.run(own, bounds.length - 1);
    own.matmulSliceSum(out, parts, slices, m * n);
    return true;
  }

  // A shared area for an m-row, k-deep op(A), its slices marked free; 0 (each block packs its own)
  // when it would be over MAX_SHARE_BYTES or the heap has no room
  private shareArea(own: PoolKernels, m: number, k: number): number {
    const area = this.area(own.matmulShareBytes(m, k));
    if (area !== 0) own.matmulShareBegin(area, m, k);
    return area;
  }

  /**
   * Where an m-row product over op(A)'s non-zero values has b[k, n] copied in panels once for all
   * its blocks, and its rows paired (given to the module's matmulSparse, which makes both, then to
   * {@link matmul}: Notes [b in panels], [b checked as it is copied], [pairs made once] in
   * asm/sparse.ts). `panels` is 0 (a block of enough rows copies b into its scratch) when b is read
   * in place or the product has few rows; both are 0 when the area has no room.
   */
  sparseArea(own: PoolKernels, m: number, k: number, n: number): SparseArea {
    const copy = own.matmulPanelBytes(m, k, n);
    const area = this.area(copy + m * 4 + 64);
    if (area === 0) return NO_AREA;
    const start = (area + 63) & ~63;
    return { panels: copy > 0 ? start : 0, order: start + copy };
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
   * {@link UPDATE_BLOCK}; `own` is the calling thread's module instance, `p` the update's float
   * arguments (asm/update.ts's adam, stored as float32 as the kernel takes them). Element-wise, so
   * any split gives the same bits.
   */
  adam(own: PoolKernels, w: number, g: number, s1: number, s2: number, size: number,
    p: { readonly [K in 'lr' | 'wd' | 'beta1' | 'beta2' | 'eps' | 'stepSize' | 'bc2Sqrt']: number }, decoupled: boolean): void {
    const { lr, wd, beta1, beta2, eps, stepSize, bc2Sqrt } = p;
    this.write(JOBS.adam, { w, g, s1, s2, size, decoupled: decoupled ? 1 : 0, block: UPDATE_BLOCK, lr, wd, beta1, beta2, eps, stepSize, bc2Sqrt });
    this.run(own, Math.ceil(size / UPDATE_BLOCK));
  }

  /**
   * A layer's bias and activation (asm/bias.ts's biasActivation, activation `code`) on x[m, n], in
   * blocks of rows; `own` is the calling thread's module instance. Every row is computed as on one
   * thread, so any split gives the same bits.
   */
  biasActivation(own: PoolKernels, code: number, out: number, x: number, bias: number, m: number, n: number): void {
    const block = this.rowBlock(m);
    this.write(JOBS.biasActivation, { code, out, x, bias, rows: m, n, block });
    this.run(own, Math.ceil(m / block));
  }

  /** Softmax of each row of x[m, n] (asm/softmax.ts) in blocks of rows, as {@link biasActivation}. */
  softmax(own: PoolKernels, out: number, x: number, m: number, n: number): void {
    const block = this.rowBlock(m);
    this.write(JOBS.softmax, { out, x, rows: m, n, block });
    this.run(own, Math.ceil(m / block));
  }

  // Rows of a block of a row-wise job over m rows: 1/(2·threads) of them
  private rowBlock(m: number): number {
    return Math.ceil(m / (2 * this.threads));
  }

  /**
   * A dense layer's bias and activation backward (asm/bias.ts's biasActivationBackward, n ≥ 4) in
   * two shared jobs: dz = f'(z, y)·dy in blocks of rows, then db = dz's column sums in blocks of
   * {@link SUM_COLUMNS} columns, each column's chain in row order as on one thread: the same bits
   * whatever the split.
   */
  biasBackward(own: PoolKernels, code: number, dz: number, db: number, z: number, y: number, dy: number, m: number, n: number): void {
    const block = this.rowBlock(m);
    this.write(JOBS.unaryBackward, { code, out: dz, x: z, y, dy, rows: m, n, block });
    this.run(own, Math.ceil(m / block));
    this.write(JOBS.sumColumns, { out: db, x: dz, rows: m, n, block: SUM_COLUMNS });
    this.run(own, Math.ceil(n / SUM_COLUMNS));
  }

  /**
   * A window job (asm/window.ts) across the threads: im2col's `rows` window rows in blocks of
   * rows, or col2im's `rows` images in blocks of images (each image is summed as on one thread,
   * so any split gives the same bits). `g` is the window's geometry in the job's argument names.
   */
  window(own: PoolKernels, kind: 'im2col' | 'col2im', out: number, x: number, rows: number, g: WindowArgs): void {
    const block = Math.ceil(rows / (kind === 'im2col' ? 4 * this.threads : this.threads));
    this.write(JOBS[kind], { ...g, out, x, rows, block });
    this.run(own, Math.ceil(rows / block));
  }

  /**
   * The rows of a batch gathered in blocks of rows (asm/elementwise.ts's gatherRows: out[i, ·] =
   * x[order[i], ·], `order` pointing at u32 row numbers): many rows from memory in random order
   * wait on it less with two cores asking.
   */
  gatherRows(own: PoolKernels, out: number, x: number, order: number, rows: number, cols: number): void {
    const block = this.rowBlock(rows);
    this.write(JOBS.gatherRows, { out, x, order, rows, n: cols, block });
    this.run(own, Math.ceil(rows / block));
  }
}
