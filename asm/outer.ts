// Products of a block of fewer rows than the tile (thin) and weight gradients of 1 to 4 columns
// (narrow), both operands read in place, with one grid of accumulators (Note [outer tiles]).
import { loadGroup, madd, putGroup } from './simd';
import { KC } from './tiles';

// Note [thin products]: a block of fewer rows than the tile (a batch of 1 to MR − 1 rows: one sample
// predicted, online training) went through the micro-kernel on zero-padded panels, where only the
// block's rows of its MR did real work, after packing all of a large op(B) though each value of it
// is read once. With b untransposed, both operands are now read in place, and each step of p updates as
// many columns as the registers hold beside the rows' accumulators: 1 row × 24 columns, 2 × 16,
// 3 × 12, 4 or 5 × 8 (Note [outer tiles]). Each value is still the micro-kernel's chain of madd
// from zero over a KC slice, added to out after the first slice, so the bits are the same (speeds:
// bench/notes.md, Note [thin products]). A product over non-zero values (Note [zeros in A]) still
// beats these from 40 % zeros on, so that choice is unchanged.

// Note [narrow products]: Xᵀ·dY for a layer of 1 to 4 outputs (a regression, a binary or a
// three-class output) is op(A) = Xᵀ, [m = inputs, k = rows of the batch], times n ≤ 4 columns: the
// 6 × 8 micro-kernel did n of its 8 columns' work, and each block of rows given to a thread packed
// its rows of op(A) out of every row of X, so 4 blocks read X 4 times (bench/notes.md, Note [narrow
// products]). Here the rows of out go along the vector lanes instead: step p of op(A)'s rows
// i..i+3 is one vector of X's row p, read in place, and b's n values of step p are broadcast. Each
// lane is still out(i, j)'s chain of madd from zero over a KC slice, added to out after the first, so
// the bits are the micro-kernel's.

// Note [outer tiles]: the thin and the narrow products keep the same grid of accumulators: S
// broadcast values (op(A)'s rows for a thin product, b's columns for a narrow one) times V vectors
// (b's columns, op(A)'s rows), for (S, V) = (1, 6), (2, 4), (3, 3), (4, 2), (5, 2): S·V accumulators,
// V vectors and a broadcast within V8's 15 registers (Note [tile rows]; 1 × 4 and 1 × 5 were slower).

// out(i + t, j) for the lanes t of c with i + t < end, rows `row` bytes apart: stored, or added to (acc)
// @ts-ignore: decorator
@inline export function putLanes(o: usize, row: usize, c: v128, acc: bool, i: i32, end: i32): void {
  store<f32>(o, acc ? load<f32>(o) + f32x4.extract_lane(c, 0) : f32x4.extract_lane(c, 0));
  if (i + 1 < end) store<f32>(o + row, acc ? load<f32>(o + row) + f32x4.extract_lane(c, 1) : f32x4.extract_lane(c, 1));
  if (i + 2 < end) store<f32>(o + 2 * row, acc ? load<f32>(o + 2 * row) + f32x4.extract_lane(c, 2) : f32x4.extract_lane(c, 2));
  if (i + 3 < end) store<f32>(o + 3 * row, acc ? load<f32>(o + 3 * row) + f32x4.extract_lane(c, 3) : f32x4.extract_lane(c, 3));
}

// accumulator (s, v) to out: row s, lanes along columns j + 4v (thin), or column s, lanes along rows
// j + 4v (`lanesDown`, narrow; `row` is out's row in bytes either way)
// @ts-ignore: decorator
@inline function putOuter(lanesDown: bool, S: i32, o: usize, row: usize, s: i32, v: i32, c: v128, acc: bool, j: i32, end: i32): void {
  if (!lanesDown) putGroup(o + <usize>s * row + <usize>(v << 4), c, acc, j + (v << 2), end);
  else if (S == 1) putGroup(o + <usize>(v << 4), c, acc, j + (v << 2), end);
  else putLanes(o + <usize>(s << 2) + <usize>(v << 2) * row, row, c, acc, j + (v << 2), end);
}

// out (+)= Σ over kc steps of (S values at sp, sStride bytes apart) ⊗ (V vectors at vp), the first
// moving on by sStep and the second by vStep a step (Note [outer tiles]); the vectors are lanes j..
// j + 4·V, and with V = 1 the group may be the last, partial one: no lane from `end` on is read or
// stored. S, V and lanesDown are constants where inlined.
// @ts-ignore: decorator
@inline function outerTile(lanesDown: bool, S: i32, V: i32, o: usize, row: usize, sp: usize, sStride: usize, sStep: usize,
  vp: usize, vStep: usize, kc: i32, acc: bool, j: i32, end: i32): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c02 = z, c03 = z, c04 = z, c05 = z;
  let c10 = z, c11 = z, c12 = z, c13 = z;
  let c20 = z, c21 = z, c22 = z;
  let c30 = z, c31 = z;
  let c40 = z, c41 = z;
  for (let p = 0; p < kc; p++) {
    const v0 = V == 1 ? loadGroup(vp, j, end) : v128.load(vp);
    const v1 = V > 1 ? v128.load(vp, 16) : z, v2 = V > 2 ? v128.load(vp, 32) : z;
    const v3 = V > 3 ? v128.load(vp, 48) : z, v4 = V > 4 ? v128.load(vp, 64) : z, v5 = V > 5 ? v128.load(vp, 80) : z;
    let x = v128.load32_splat(sp);
    c00 = madd(x, v0, c00);
    if (V > 1) c01 = madd(x, v1, c01);
    if (V > 2) c02 = madd(x, v2, c02);
    if (V > 3) c03 = madd(x, v3, c03);
    if (V > 4) c04 = madd(x, v4, c04);
    if (V > 5) c05 = madd(x, v5, c05);
    if (S > 1) {
      x = v128.load32_splat(sp + sStride);
      c10 = madd(x, v0, c10);
      if (V > 1) c11 = madd(x, v1, c11);
      if (V > 2) c12 = madd(x, v2, c12);
      if (V > 3) c13 = madd(x, v3, c13);
    }
    if (S > 2) {
      x = v128.load32_splat(sp + 2 * sStride);
      c20 = madd(x, v0, c20);
      if (V > 1) c21 = madd(x, v1, c21);
      if (V > 2) c22 = madd(x, v2, c22);
    }
    if (S > 3) {
      x = v128.load32_splat(sp + 3 * sStride);
      c30 = madd(x, v0, c30);
      if (V > 1) c31 = madd(x, v1, c31);
    }
    if (S > 4) {
      x = v128.load32_splat(sp + 4 * sStride);
      c40 = madd(x, v0, c40);
      if (V > 1) c41 = madd(x, v1, c41);
    }
    sp += sStep;
    vp += vStep;
  }
  putOuter(lanesDown, S, o, row, 0, 0, c00, acc, j, end);
  if (V > 1) putOuter(lanesDown, S, o, row, 0, 1, c01, acc, j, end);
  if (V > 2) putOuter(lanesDown, S, o, row, 0, 2, c02, acc, j, end);
  if (V > 3) putOuter(lanesDown, S, o, row, 0, 3, c03, acc, j, end);
  if (V > 4) putOuter(lanesDown, S, o, row, 0, 4, c04, acc, j, end);
  if (V > 5) putOuter(lanesDown, S, o, row, 0, 5, c05, acc, j, end);
  if (S > 1) {
    putOuter(lanesDown, S, o, row, 1, 0, c10, acc, j, end);
    if (V > 1) putOuter(lanesDown, S, o, row, 1, 1, c11, acc, j, end);
    if (V > 2) putOuter(lanesDown, S, o, row, 1, 2, c12, acc, j, end);
    if (V > 3) putOuter(lanesDown, S, o, row, 1, 3, c13, acc, j, end);
  }
  if (S > 2) {
    putOuter(lanesDown, S, o, row, 2, 0, c20, acc, j, end);
    if (V > 1) putOuter(lanesDown, S, o, row, 2, 1, c21, acc, j, end);
    if (V > 2) putOuter(lanesDown, S, o, row, 2, 2, c22, acc, j, end);
  }
  if (S > 3) {
    putOuter(lanesDown, S, o, row, 3, 0, c30, acc, j, end);
    if (V > 1) putOuter(lanesDown, S, o, row, 3, 1, c31, acc, j, end);
  }
  if (S > 4) {
    putOuter(lanesDown, S, o, row, 4, 0, c40, acc, j, end);
    if (V > 1) putOuter(lanesDown, S, o, row, 4, 1, c41, acc, j, end);
  }
}

// columns j0..j1 of R rows of out at o, one KC slice: C vectors at a time, then one (Note [thin products])
// @ts-ignore: decorator
@inline function thinRows(R: i32, C: i32, o: usize, row: usize, ap: usize, aRow: usize, aStep: usize, bp: usize, kc: i32,
  acc: bool, j0: i32, j1: i32): void {
  let j = j0;
  for (; j + 4 * C <= j1; j += 4 * C) outerTile(false, R, C, o + <usize>(j << 2), row, ap, aRow, aStep, bp + <usize>(j << 2), row, kc, acc, j, j1);
  for (; j < j1; j += 4) outerTile(false, R, 1, o + <usize>(j << 2), row, ap, aRow, aStep, bp + <usize>(j << 2), row, kc, acc, j, j1);
}

// out[i0..i1, j0..j1] of out[m, n] = op(a)[m, k] · b[k, n] for fewer than MR rows, b untransposed,
// both read in place (Note [thin products])
export function thin(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, i0: i32, i1: i32, j0: i32, j1: i32): void {
  const rows = i1 - i0;
  const aRow = <usize>(transA ? 4 : k * 4), aStep = <usize>(transA ? m * 4 : 4);
  const row = <usize>(n * 4);
  const o = out + <usize>i0 * row;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const acc = pc > 0;
    const ap = a + <usize>i0 * aRow + <usize>pc * aStep, bp = b + <usize>pc * row;
    if (rows == 1) thinRows(1, 6, o, row, ap, aRow, aStep, bp, kc, acc, j0, j1);
    else if (rows == 2) thinRows(2, 4, o, row, ap, aRow, aStep, bp, kc, acc, j0, j1);
    else if (rows == 3) thinRows(3, 3, o, row, ap, aRow, aStep, bp, kc, acc, j0, j1);
    else if (rows == 4) thinRows(4, 2, o, row, ap, aRow, aStep, bp, kc, acc, j0, j1);
    else thinRows(5, 2, o, row, ap, aRow, aStep, bp, kc, acc, j0, j1);
  }
}

// rows i0..i1 of out[m, N], one KC slice from pc: 4·G rows at a time, then 4 (Note [narrow products])
// @ts-ignore: decorator
@inline function narrowRows(N: i32, G: i32, out: usize, a: usize, m: i32, b: usize, pc: i32, kc: i32, i0: i32, i1: i32): void {
  const acc = pc > 0;
  const aRow = <usize>(m * 4), row = <usize>(N * 4);
  const ap = a + <usize>pc * aRow, bp = b + <usize>pc * row;
  let i = i0;
  for (; i + 4 * G <= i1; i += 4 * G) outerTile(true, N, G, out + <usize>i * row, row, bp, 4, row, ap + <usize>(i << 2), aRow, kc, acc, i, i1);
  for (; i < i1; i += 4) outerTile(true, N, 1, out + <usize>i * row, row, bp, 4, row, ap + <usize>(i << 2), aRow, kc, acc, i, i1);
}

// rows i0..i1 of out[m, n] = a[k, m]ᵀ · b[k, n] for n ≤ 4, both read in place (Note [narrow products])
export function narrow(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, i0: i32, i1: i32): void {
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    if (n == 1) narrowRows(1, 6, out, a, m, b, pc, kc, i0, i1);
    else if (n == 2) narrowRows(2, 4, out, a, m, b, pc, kc, i0, i1);
    else if (n == 3) narrowRows(3, 3, out, a, m, b, pc, kc, i0, i1);
    else narrowRows(4, 2, out, a, m, b, pc, kc, i0, i1);
  }
}
