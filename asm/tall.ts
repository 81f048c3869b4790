// x·W of 1 or 2 columns over a batch, 4 rows of out along the lanes (Note [tall products]).
import { putLanes, thin } from './outer';
import { madd } from './simd';
import { KC } from './tiles';

// Note [tall products]: x·W for a layer of 1 or 2 outputs (a regression's or a binary classifier's
// last layer over a whole batch) is out[m, n ≤ 2] = a[m, k] · b[k, n]: the micro-kernel did n of its
// 8 columns' work, after packing all of a. Here 4 rows of out go along the lanes, as in a narrow
// product (Note [narrow products]): 4 steps of k of 4 rows of a are read in place and transposed in
// registers, so that each step's 4 values are one vector, and b's n values of the step are
// broadcast. Each lane is still out(i, j)'s chain of madd from zero over a KC slice (a · b and b · a
// are the same product), added to out after the first, so the bits are the micro-kernel's. The last
// 1 to 3 rows go to the thin product (Note [thin products]). With 3 or 4 columns (4 or 3
// broadcasts and multiply-adds for each transposed vector) it was no faster than the micro-kernel,
// so those keep it (bench/notes.md, Note [tall products]).

// c (+)= Σ over 4 steps s, in order, of b's value at bs + s·bRow + off, broadcast, times step s of 4
// rows: the 4 × 4 block (4 rows × 4 steps) given as t0..t3, its rows' first and last pairs of steps
// interleaved (rows 0 and 1, then rows 2 and 3), so that one more shuffle gives each step's vector
// @ts-ignore: decorator
@inline function quad(c: v128, bs: usize, bRow: usize, off: usize, t0: v128, t1: v128, t2: v128, t3: v128): v128 {
  c = madd(v128.load32_splat(bs + off), i32x4.shuffle(t0, t2, 0, 1, 4, 5), c);
  c = madd(v128.load32_splat(bs + bRow + off), i32x4.shuffle(t0, t2, 2, 3, 6, 7), c);
  c = madd(v128.load32_splat(bs + 2 * bRow + off), i32x4.shuffle(t1, t3, 0, 1, 4, 5), c);
  return madd(v128.load32_splat(bs + 3 * bRow + off), i32x4.shuffle(t1, t3, 2, 3, 6, 7), c);
}

// the 4 rows at r, aRow bytes apart, at one step: their values as one vector
// @ts-ignore: decorator
@inline function rowsAt(r: usize, aRow: usize): v128 {
  let col = v128.load32_zero(r);
  col = f32x4.replace_lane(col, 1, load<f32>(r + aRow));
  col = f32x4.replace_lane(col, 2, load<f32>(r + 2 * aRow));
  return f32x4.replace_lane(col, 3, load<f32>(r + 3 * aRow));
}

// 4·G rows of out from row i (o = its first value), N columns, one KC slice: a's rows at ap, aRow
// bytes apart, step p at ap + 4p; b's step p at bp + p·bRow (Note [tall products]). N and G are 1
// or 2: N·G accumulators.
// @ts-ignore: decorator
@inline function tallTile(N: i32, G: i32, o: usize, row: usize, ap: usize, aRow: usize, bp: usize, bRow: usize, kc: i32, acc: bool, i: i32, end: i32): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z;
  const a4 = aRow << 2;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const r = ap + <usize>(p << 2), bs = bp + <usize>p * bRow;
    // group 0: 4 rows × 4 steps transposed (t0..t3, then one shuffle a step in quad)
    let r0 = v128.load(r), r1 = v128.load(r + aRow), r2 = v128.load(r + 2 * aRow), r3 = v128.load(r + 3 * aRow);
    let t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    let t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    c00 = quad(c00, bs, bRow, 0, t0, t1, t2, t3);
    if (N > 1) c01 = quad(c01, bs, bRow, 4, t0, t1, t2, t3);
    if (G > 1) {
      const q = r + a4;
      r0 = v128.load(q); r1 = v128.load(q + aRow); r2 = v128.load(q + 2 * aRow); r3 = v128.load(q + 3 * aRow);
      t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      c10 = quad(c10, bs, bRow, 0, t0, t1, t2, t3);
      if (N > 1) c11 = quad(c11, bs, bRow, 4, t0, t1, t2, t3);
    }
  }
  for (; p < kc; p++) {
    // a last 1 to 3 steps: each row's value put in its lane
    const r = ap + <usize>(p << 2), bs = bp + <usize>p * bRow;
    let col = rowsAt(r, aRow);
    c00 = madd(v128.load32_splat(bs), col, c00);
    if (N > 1) c01 = madd(v128.load32_splat(bs, 4), col, c01);
    if (G > 1) {
      col = rowsAt(r + a4, aRow);
      c10 = madd(v128.load32_splat(bs), col, c10);
      if (N > 1) c11 = madd(v128.load32_splat(bs, 4), col, c11);
    }
  }
  putLanes(o, row, c00, acc, i, end);
  if (N > 1) putLanes(o + 4, row, c01, acc, i, end);
  if (G > 1) {
    const o1 = o + 4 * row;
    putLanes(o1, row, c10, acc, i + 4, end);
    if (N > 1) putLanes(o1 + 4, row, c11, acc, i + 4, end);
  }
}

// rows i0..i1 of out[m, N], one KC slice from pc: 4·G rows at a time, then 4 (Note [tall products])
// @ts-ignore: decorator
@inline function tallRows(N: i32, G: i32, out: usize, a: usize, k: i32, b: usize, pc: i32, kc: i32, i0: i32, i1: i32): void {
  const acc = pc > 0;
  const aRow = <usize>(k * 4), row = <usize>(N * 4);
  const ap = a + <usize>(pc << 2), bp = b + <usize>pc * row;
  let i = i0;
  for (; i + 4 * G <= i1; i += 4 * G) tallTile(N, G, out + <usize>i * row, row, ap + <usize>i * aRow, aRow, bp, row, kc, acc, i, i1);
  for (; i + 4 <= i1; i += 4) tallTile(N, 1, out + <usize>i * row, row, ap + <usize>i * aRow, aRow, bp, row, kc, acc, i, i1);
}

// rows i0..i1 of out[m, n] = a[m, k] · b[k, n] for n ≤ 2 and at least 4 rows, both read in place
// (Note [tall products]); a last 1 to 3 rows by the thin product
export function tall(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, i0: i32, i1: i32): void {
  const i4 = i0 + ((i1 - i0) & ~3);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    if (n == 1) tallRows(1, 2, out, a, k, b, pc, kc, i0, i4);
    else tallRows(2, 2, out, a, k, b, pc, kc, i0, i4);
  }
  if (i4 < i1) thin(out, a, b, m, k, n, false, i4, i1, 0, n);
}
