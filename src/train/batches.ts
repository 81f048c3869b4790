import type { Backend, Kernels } from '../backend/kernels.js';
import { getBackend } from '../backend/registry.js';
import type { Matrix } from '../core/matrix.js';
import { allocatePersistent } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';

/** Batches of at least this many values are copied beside the workers (smaller ones cost less than the hand-over). */
const AHEAD_VALUES = 4096;
/** The most values of training rows copied into the backend's memory for a fit (Note [batches from the heap]). */
const HEAP_VALUES = 1 << 22;

// Note [batches from the heap]: JavaScript copies a batch's rows at the same speed whichever way
// it goes (an element loop, or a view and set() per row), so a large full batch, reshuffled every
// epoch, took about as long to gather as the step's kernels took (bench/notes.md, Note [batches
// from the heap]). With a backend that has memory of its own (WebAssembly), the training rows,
// their targets and the row order are put there once per fit, and each batch is gathered by the
// backend (gatherRows: 16 bytes at a time). That costs a copy of the rows for the length of the
// fit, so only up to HEAP_VALUES of them (16 MB, a sixteenth of the heap a browser without
// cross-origin isolation gets: 100,000 rows × 40 fit, all of Fashion-MNIST's 47 million do not and
// gather as before: Note [staged rows] in backend/js/gather.ts).

/**
 * Reusable batch tensors: the rows of a batch are copied into the same buffers every step (a
 * second pair serves the last, smaller batch), so batching allocates nothing per step. With a
 * backend that has worker threads, the next batch's rows are copied into a spare pair while the
 * workers start on the step's first shared job (Note [work beside the workers] in
 * backend/threads/runner.ts), and the two pairs swap. The rows are gathered by the backend's
 * gatherRows, from its own copy of them where it has memory of its own (Note [batches from the heap]).
 */
export class BatchBuffers {
  /** The order the rows are taken in, shuffled by the caller: in the backend's memory when the rows are. */
  readonly order: Uint32Array;
  private full: [Tensor, Tensor];
  private spare: [Tensor, Tensor] | null;
  private readonly last: [Tensor, Tensor] | null;
  private filled = false;
  private readonly backend: Backend | null;
  private readonly kernels: Kernels;
  /** The rows and targets gathered from: the backend's copy of them, or the caller's. */
  private readonly xData: Float32Array;
  private readonly tData: Float32Array;
  /** The block `order` views (kept, so that the backend does not take it back while in use). */
  private readonly orderBlock: Float32Array | null;
  // the batch being copied into `spare`: rows order[aheadStart..aheadStart + batchSize)
  private aheadStart = -1;
  private readonly copyAhead = (): void => {
    this.fill(this.spare as [Tensor, Tensor], this.aheadStart, this.batchSize);
  };

  /**
   * `sameRows`: the order never changes and one batch holds every row, so the rows are gathered
   * once, as they would be the same every time (and no copy of them is kept for later gathers).
   */
  constructor(readonly x: Matrix, readonly t: Matrix, readonly batchSize: number, rows: number, private readonly sameRows = false) {
    this.full = pair(batchSize, x.cols, t.cols);
    const rem = rows % batchSize;
    this.last = rem === 0 ? null : pair(rem, x.cols, t.cols);
    const backend = getBackend();
    this.kernels = backend.kernels;
    const own = !sameRows && backend.allocate !== undefined && x.rows * x.cols <= HEAP_VALUES;
    this.xData = own ? heapCopy(x.data) : x.data;
    this.tData = own ? heapCopy(t.data) : t.data;
    this.orderBlock = own ? (allocatePersistent(rows) as Float32Array) : null;
    this.order = this.orderBlock ? new Uint32Array(this.orderBlock.buffer, this.orderBlock.byteOffset, rows) : new Uint32Array(rows);
    const ahead = backend.beside && backend.settle && batchSize * x.cols >= AHEAD_VALUES && rows >= 2 * batchSize;
    this.backend = ahead ? backend : null;
    this.spare = ahead ? pair(batchSize, x.cols, t.cols) : null;
  }

  /**
   * Fills and returns the tensors `[n, inputs]` and `[n, outputs]` with rows order[start..start+n)
   * (once only with `sameRows`). The next full batch is copied ahead where the backend can do that
   * beside its workers; `order` must not change before it is asked for.
   */
  gather(start: number, n: number): [Tensor, Tensor] {
    const sameRows = this.sameRows;
    const backend = this.backend;
    const hit = backend !== null && n === this.batchSize && this.aheadStart === start;
    this.finish();
    if (n !== this.batchSize) {
      return this.fill(this.last as [Tensor, Tensor], start, n);
    }
    if (sameRows && this.filled) return this.full;
    this.filled = true;
    if (hit) {
      const next = this.spare as [Tensor, Tensor];
      this.spare = this.full;
      this.full = next;
    } else {
      this.fill(this.full, start, n);
    }
    if (backend && !sameRows && start + 2 * n <= this.x.rows) {
      this.aheadStart = start + n;
      (backend.beside as (task: () => void) => void)(this.copyAhead);
    }
    return this.full;
  }

  // the pair's tensors ← rows order[start..start+n) of x and t
  private fill(pair: [Tensor, Tensor], start: number, n: number): [Tensor, Tensor] {
    this.kernels.gatherRows(pair[0].data as Float32Array, this.xData, this.order, start, n, this.x.cols);
    this.kernels.gatherRows(pair[1].data as Float32Array, this.tData, this.order, start, n, this.t.cols);
    return pair;
  }

  /** Completes the copy ahead if one is under way (it holds `order` and the data until it runs). */
  finish(): void {
    if (this.aheadStart < 0) return;
    (this.backend as Backend).settle?.(this.copyAhead);
    this.aheadStart = -1;
  }
}

function pair(rows: number, inputs: number, outputs: number): [Tensor, Tensor] {
  // allocated by the backend, so that a WebAssembly backend reads batches without copying them
  return [new Tensor(allocatePersistent(rows * inputs), [rows, inputs]), new Tensor(allocatePersistent(rows * outputs), [rows, outputs])];
}

// x copied into a buffer of the backend's (one set(): Note [staged rows] in backend/js/gather.ts)
function heapCopy(x: Float32Array): Float32Array {
  const copy = allocatePersistent(x.length) as Float32Array;
  copy.set(x);
  return copy;
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
