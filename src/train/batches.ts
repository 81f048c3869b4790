import type { Matrix } from '../core/matrix.js';
import { allocatePersistent } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Reusable batch tensors: the rows of a batch are copied into the same two buffers every step
 * (a second pair serves the last, smaller batch), so batching allocates nothing per step.
 */
export class BatchBuffers {
  private readonly full: [Tensor, Tensor];
  private readonly last: [Tensor, Tensor] | null;
  private filled = false;

  constructor(readonly x: Matrix, readonly t: Matrix, readonly batchSize: number, rows: number) {
    this.full = pair(batchSize, x.cols, t.cols);
    const rem = rows % batchSize;
    this.last = rem === 0 ? null : pair(rem, x.cols, t.cols);
  }

  /**
   * Fills and returns the tensors `[n, inputs]` and `[n, outputs]` with rows order[start..start+n).
   * With `sameRows` (the order never changes and one batch holds every row) the rows are copied
   * once, as they would be the same every time.
   */
  gather(order: Uint32Array, start: number, n: number, sameRows = false): [Tensor, Tensor] {
    const pairOf = n === this.batchSize ? this.full : (this.last as [Tensor, Tensor]);
    if (sameRows && this.filled) return pairOf;
    this.filled = true;
    copyRows(pairOf[0].data, this.x, order, start, n);
    copyRows(pairOf[1].data, this.t, order, start, n);
    return pairOf;
  }
}

function pair(rows: number, inputs: number, outputs: number): [Tensor, Tensor] {
  // allocated by the backend, so that a WebAssembly backend reads batches without copying them
  return [new Tensor(allocatePersistent(rows * inputs), [rows, inputs]), new Tensor(allocatePersistent(rows * outputs), [rows, outputs])];
}

function copyRows(out: Float32Array | Float64Array, m: Matrix, order: Uint32Array, start: number, n: number): void {
  const c = m.cols;
  if (out.constructor === m.data.constructor && c >= 16 && n * c >= 4096) {
    // a row view per row costs a small object; set() then copies like memcpy (Fashion-MNIST: a
    // 128 × 784 batch in ~40 µs instead of ~250 µs element by element). Small batches (batch size
    // 1, tiny networks) keep the loop, which allocates nothing.
    for (let i = 0; i < n; i++) {
      const from = order[start + i] * c;
      out.set(m.data.subarray(from, from + c), i * c);
    }
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
