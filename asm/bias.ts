// A dense layer's bias and activation in one call each way (forward z += b, y = f(z); backward
// dz = f'(z, y)·dy, db = Σ_rows dz), built from the element-wise kernels row by row, so each value
// is computed by the same code as the separate calls and the two give the same bits
// (test/backend-kernels.test.ts). A row is still in the L1 cache when its activation runs.
import { binary, sumColumns, unary, unaryBackward } from './elementwise';
import { unaryExp } from './transcendental';

/** y = f(z) for a forward code: a unary code below 16, a unaryExp code + 16 from there. */
export function activate(op: i32, y: usize, z: usize, size: i32): void {
  if (op >= 16) unaryExp(op - 16, y, z, size);
  else unary(op, y, z, size);
}

/** out[q] = Σ_d x[d, q] accumulated in float64 (the reference kernel's sum, for narrow outputs). */
export function reduceSumWide(out: usize, x: usize, dim: i32, inner: i32): void {
  for (let q = 0; q < inner; q++) {
    let s: f64 = 0;
    for (let d = 0; d < dim; d++) s += <f64>load<f32>(x + <usize>((d * inner + q) << 2));
    store<f32>(out + <usize>(q << 2), <f32>s);
  }
}

/**
 * Rows shorter than this are not worth a pass each: their bias is added to all of z first, then the
 * activation runs once over it (two calls a row cost far more: bench/notes.md, biasActivation).
 * Each value is computed by the same code either way, so the bits are the same.
 */
const SHORT_ROW = 16;

/** Row by row over z [m, n]: z += bias, then y = f(z) (forward code `op`; y may be z). */
export function biasActivation(op: i32, y: usize, z: usize, bias: usize, m: i32, n: i32): void {
  if (n < SHORT_ROW) {
    // one column: one row of m values plus a scalar
    if (n == 1) binary(0, z, z, 0, bias, 3, 1, m);
    else binary(0, z, z, 0, bias, 1, m, n);
    activate(op, y, z, m * n);
    return;
  }
  const row = <usize>(n << 2);
  for (let i = 0; i < m; i++) {
    const zr = z + <usize>i * row;
    binary(0, zr, zr, 0, bias, 0, 1, n);
    activate(op, y + <usize>i * row, zr, n);
  }
}

/** Rows of dz summed into db while they are still in the L1 cache (Note [backward in chunks]). */
const BACK_ROWS = 16;

// Note [backward in chunks]: dz was computed for the whole batch and then summed down its columns,
// read back from L3 or memory. Now each chunk of BACK_ROWS rows is summed right after it is
// computed, each column's chain carried from chunk to chunk in db: the same values, added in the
// same order, so the same bits. Faster when z and dy come from memory, as in a full-batch step, a
// little slower when they are in L3; 16 rows beat 8, 32 and 128 (bench/notes.md, Note [backward in
// chunks]).

/**
 * dz = f'(z, y)·dy (backward code `op`; dz may be dy) and db[q] = Σ_i dz[i, q], summed in float32
 * in row order as reduceSum does (Note [backward in chunks]), or in float64 below 4 columns as the
 * glue's reference sum does.
 */
export function biasActivationBackward(op: i32, dz: usize, db: usize, z: usize, y: usize, dy: usize, m: i32, n: i32): void {
  if (n < 4 || m == 0) {
    unaryBackward(op, dz, z, y, dy, m * n);
    if (n < 4) reduceSumWide(db, dz, m, n);
    else sumColumns(db, dz, 0, 0, n, 0, n, false);
    return;
  }
  const row = <usize>(n << 2);
  for (let i0 = 0; i0 < m; i0 += BACK_ROWS) {
    const i1 = min(m, i0 + BACK_ROWS);
    const at = <usize>i0 * row;
    unaryBackward(op, dz + at, z + at, y + at, dy + at, (i1 - i0) * n);
    sumColumns(db, dz, i0, i1, n, 0, n, i0 > 0);
  }
}
