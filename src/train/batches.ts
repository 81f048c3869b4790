import type { Backend } from '../backend/kernels.js';
import { getBackend } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import { allocatePersistent } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';

/** Batches of at least this many values are copied beside the workers (smaller ones cost less than the hand-over). */
const AHEAD_VALUES = 4096;

/**
 * Reusable batch tensors: the rows of a batch are copied into the same buffers every step (a
 * second pair serves the last, smaller batch), so batching allocates nothing per step. With a
 * backend that has worker threads, the next batch's rows are copied into a spare pair while the
 * workers start on the step's first shared job (Note [work beside the workers] in
 * backend/threads/pool.ts), and the two pairs swap.
 */
export class BatchBuffers {
  private full: [Tensor, Tensor];
  private spare: [Tensor, Tensor] | null;
  private readonly last: [Tensor, Tensor] | null;
  private filled = false;
  private readonly backend: Backend | null;
  /** Where rows bound for shared memory are gathered first (Note [staged rows]). */
  private readonly stage = new Stage();
  // the batch being copied into `spare`: rows order[aheadStart..aheadStart + batchSize)
  private aheadOrder: Uint32Array | null = null;
  private aheadStart = 0;
  private readonly copyAhead = (): void => {
    this.fill(this.spare as [Tensor, Tensor], this.aheadOrder as Uint32Array, this.aheadStart, this.batchSize);
  };

  constructor(readonly x: Matrix, readonly t: Matrix, readonly batchSize: number, rows: number) {
    this.full = pair(batchSize, x.cols, t.cols);
    const rem = rows % batchSize;
    this.last = rem === 0 ? null : pair(rem, x.cols, t.cols);
    const backend = getBackend();
    const ahead = backend.beside && backend.settle && batchSize * x.cols >= AHEAD_VALUES && rows >= 2 * batchSize;
    this.backend = ahead ? backend : null;
    this.spare = ahead ? pair(batchSize, x.cols, t.cols) : null;
  }

  /**
   * Fills and returns the tensors `[n, inputs]` and `[n, outputs]` with rows order[start..start+n).
   * With `sameRows` (the order never changes and one batch holds every row) the rows are copied
   * once, as they would be the same every time. The next full batch of `order` is copied ahead
   * where the backend can do that beside its workers; `order` must not change before it is asked for.
   */
  gather(order: Uint32Array, start: number, n: number, sameRows = false): [Tensor, Tensor] {
    const backend = this.backend;
    const hit = backend !== null && n === this.batchSize && this.aheadOrder === order && this.aheadStart === start;
    this.finish();
    if (n !== this.batchSize) {
      return this.fill(this.last as [Tensor, Tensor], order, start, n);
    }
    if (sameRows && this.filled) return this.full;
    this.filled = true;
    if (hit) {
      const next = this.spare as [Tensor, Tensor];
      this.spare = this.full;
      this.full = next;
    } else {
      this.fill(this.full, order, start, n);
    }
    if (backend && !sameRows && start + 2 * n <= this.x.rows) {
      this.aheadOrder = order;
      this.aheadStart = start + n;
      (backend.beside as (task: () => void) => void)(this.copyAhead);
    }
    return this.full;
  }

  // the pair's tensors ← rows order[start..start+n) of x and t
  private fill(pair: [Tensor, Tensor], order: Uint32Array, start: number, n: number): [Tensor, Tensor] {
    copyRows(pair[0].data, this.x, order, start, n, this.stage);
    copyRows(pair[1].data, this.t, order, start, n, this.stage);
    return pair;
  }

  /** Completes the copy ahead if one is under way (it holds `order` and the data until it runs). */
  finish(): void {
    if (!this.aheadOrder) return;
    (this.backend as Backend).settle?.(this.copyAhead);
    this.aheadOrder = null;
  }
}

function pair(rows: number, inputs: number, outputs: number): [Tensor, Tensor] {
  // allocated by the backend, so that a WebAssembly backend reads batches without copying them
  return [new Tensor(allocatePersistent(rows * inputs), [rows, inputs]), new Tensor(allocatePersistent(rows * outputs), [rows, outputs])];
}

// Note [staged rows]: set() into shared memory (a WebAssembly backend with threads) copies word by
// word with atomic stores and costs more per call: a 128 × 784 batch of Fashion-MNIST's rows took
// 80-88 µs row by row into shared memory, 42 µs into a private array, and 24 µs more to move that
// array into shared memory in one set(). Rows bound for shared memory are gathered in a private
// array first.

/** A private array reused to gather rows bound for shared memory. */
class Stage {
  private data = new Float32Array(0);

  /** A private array of at least `size` values, or null when `out` is private itself. */
  for(out: Float32Array, size: number): Float32Array | null {
    if (typeof SharedArrayBuffer === 'undefined' || !(out.buffer instanceof SharedArrayBuffer)) return null;
    if (this.data.length < size) this.data = new Float32Array(size);
    return this.data;
  }
}

function copyRows(out: Float32Array | Float64Array, m: Matrix, order: Uint32Array, start: number, n: number, stage: Stage): void {
  const c = m.cols;
  if (out instanceof Float32Array && c >= 16 && n * c >= 4096) {
    // a row view per row costs a small object; set() then copies like memcpy (Fashion-MNIST: a
    // 128 × 784 batch in ~40 µs instead of ~250 µs element by element). Small batches (batch size
    // 1, tiny networks) keep the loop, which allocates nothing.
    const staged = stage.for(out, n * c);
    const to = staged ?? out;
    for (let i = 0; i < n; i++) {
      const from = order[start + i] * c;
      to.set(m.data.subarray(from, from + c), i * c);
    }
    if (staged) out.set(staged.subarray(0, n * c));
    return;
  }
  for (let i = 0; i < n; i++) {
    const from = order[start + i] * c;
    for (let j = 0; j < c; j++) out[i * c + j] = m.data[from + j];
  }
}

/** Counts rows whose predicted class (argmax, or ≥ 0.5 for one unit) matches the target's, without allocating. */
export function countCorrect(y: ArrayLike<number>, t: ArrayLike<number>, rows: number, units: number): number {
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    if (units === 1) {
      if (y[i] >= 0.5 === t[i] >= 0.5) hits++;
      continue;
    }
    let py = 0;
    let pt = 0;
    for (let j = 1; j < units; j++) {
      if (y[i * units + j] > y[i * units + py]) py = j;
      if (t[i * units + j] > t[i * units + pt]) pt = j;
    }
    if (py === pt) hits++;
  }
  return hits;
}

/** Σ |y − t| over all values. */
export function absoluteError(y: ArrayLike<number>, t: ArrayLike<number>, size: number): number {
  let s = 0;
  for (let i = 0; i < size; i++) s += Math.abs(y[i] - t[i]);
  return s;
}
