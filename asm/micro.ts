// The micro-kernel: an MR × NR tile of out kept in registers while it walks a KC slice of k, from a
// packed A panel and a packed (or in-place) B panel (Note [tile rows] in asm/tiles.ts).
import { madd } from './simd';
import { MR, NR } from './tiles';

// out[0..8) (+)= c0, c1
// @ts-ignore: decorator
@inline function storeRow(o: usize, c0: v128, c1: v128, acc: bool): void {
  if (acc) {
    c0 = f32x4.add(c0, v128.load(o));
    c1 = f32x4.add(c1, v128.load(o, 16));
  }
  v128.store(o, c0);
  v128.store(o, c1, 16);
}

// the tile's accumulators to spill[0..MR·NR), rows of 8
// @ts-ignore: decorator
@inline function spillTile(spill: usize, c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128,
  c30: v128, c31: v128, c40: v128, c41: v128, c50: v128, c51: v128): void {
  v128.store(spill, c00); v128.store(spill, c01, 16);
  v128.store(spill, c10, 32); v128.store(spill, c11, 48);
  v128.store(spill, c20, 64); v128.store(spill, c21, 80);
  v128.store(spill, c30, 96); v128.store(spill, c31, 112);
  v128.store(spill, c40, 128); v128.store(spill, c41, 144);
  if (MR > 5) { v128.store(spill, c50, 160); v128.store(spill, c51, 176); }
}

// out[rows, cols] (+)= Apanel · Bpanel over kc; rows ≤ MR, cols ≤ 8, ldc in elements; step p of
// the B panel is the 8 floats at bp + p·bStride (32 when packed, a row of b when read in place).
export function micro(out: usize, ldc: i32, ap: usize, bp: usize, bStride: usize, kc: i32, acc: bool, rows: i32, cols: i32, spill: usize): void {
  // Note [first step outside the loop]: the first step (kc ≥ 1) is taken before the loop, from
  // zero, with the loop's own operations, so the sums are the same. V8 computes the address of a
  // broadcast with an offset (memory's base + 4, + 8, + 12) as a value of its own, placed where it
  // is first used: used only in the loop, each was computed again every step (a leaq, and a
  // zero-extension of the pointers), 38 x64 instructions a step in the plain build; used before the
  // loop as well, they are computed once, 33 a step (27 of them the step's own loads, multiplies and
  // adds). The A panel is walked to its end, without a counter.
  const end = ap + <usize>(kc * MR * 4);
  let b0 = v128.load(bp);
  let b1 = v128.load(bp, 16);
  const z = f32x4.splat(0);
  let a = v128.load32_splat(ap);
  let c00 = madd(a, b0, z), c01 = madd(a, b1, z);
  a = v128.load32_splat(ap, 4);
  let c10 = madd(a, b0, z), c11 = madd(a, b1, z);
  a = v128.load32_splat(ap, 8);
  let c20 = madd(a, b0, z), c21 = madd(a, b1, z);
  a = v128.load32_splat(ap, 12);
  let c30 = madd(a, b0, z), c31 = madd(a, b1, z);
  a = v128.load32_splat(ap, 16);
  let c40 = madd(a, b0, z), c41 = madd(a, b1, z);
  let c50 = z, c51 = z;
  if (MR > 5) {
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, z); c51 = madd(a, b1, z);
  }
  ap += MR * 4;
  bp += bStride;
  if (!ASC_FEATURE_RELAXED_SIMD && MR == 5) {
    // Note [two steps a loop]: the plain build takes two steps a loop, so that V8's stack check
    // (a load, a compare and a branch; ~5 % of a step in a native replica) is paid once for two.
    // Written plainly, V8 11.3 places all 14 loads of the two steps first (a block's loads wait on
    // the one memory chain, and step 1's multiply-adds are placed with step 2's, from the loop's
    // phis) and spills. Three things make it place each row's loads beside their multiply-adds:
    // a branch between the steps, never taken, whose merge puts a fixed node (an EffectPhi) on the
    // memory chain between them; in it, stores of all ten accumulators, so that Binaryen cannot
    // sink step 1's multiply-adds past it; and the rows written last-first here but first-first
    // before the loop (V8 visits the rows in the order of the accumulators' phis). The pointers
    // move on between the steps, so both read the same offsets (V8 keeps memory + offset in a
    // register for each). 64 instructions for two steps, no stack slot; W5 on one thread 2–3 %
    // faster (bench/notes.md, Note [two steps a loop]). ap is never 0; were the branch taken, it
    // would only fill the spill, which nothing reads before the tail writes it. The relaxed
    // build's 6 rows leave no room for a second step's b. The same multiply-adds on the same
    // accumulators in the same order of k: the same bits.
    const last = end - <usize>(MR * 4);
    while (ap < last) {
      b0 = v128.load(bp);
      b1 = v128.load(bp, 16);
      a = v128.load32_splat(ap, 16);
      c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
      a = v128.load32_splat(ap, 12);
      c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
      a = v128.load32_splat(ap, 8);
      c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
      a = v128.load32_splat(ap, 4);
      c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
      a = v128.load32_splat(ap);
      c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
      ap += MR * 4;
      bp += bStride;
      if (ap == 0) spillTile(spill, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, z, z);
      b0 = v128.load(bp);
      b1 = v128.load(bp, 16);
      a = v128.load32_splat(ap, 16);
      c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
      a = v128.load32_splat(ap, 12);
      c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
      a = v128.load32_splat(ap, 8);
      c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
      a = v128.load32_splat(ap, 4);
      c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
      a = v128.load32_splat(ap);
      c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
      ap += MR * 4;
      bp += bStride;
    }
  }
  while (ap < end) {
    b0 = v128.load(bp);
    b1 = v128.load(bp, 16);
    a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    if (MR > 5) {
      a = v128.load32_splat(ap, 20);
      c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    }
    ap += MR * 4;
    bp += bStride;
  }
  const row = <usize>(ldc * 4);
  if (rows == MR && cols == NR) {
    // vector body: a whole tile
    let o = out;
    if (acc) {
      c00 = f32x4.add(c00, v128.load(o)); c01 = f32x4.add(c01, v128.load(o, 16)); o += row;
      c10 = f32x4.add(c10, v128.load(o)); c11 = f32x4.add(c11, v128.load(o, 16)); o += row;
      c20 = f32x4.add(c20, v128.load(o)); c21 = f32x4.add(c21, v128.load(o, 16)); o += row;
      c30 = f32x4.add(c30, v128.load(o)); c31 = f32x4.add(c31, v128.load(o, 16)); o += row;
      c40 = f32x4.add(c40, v128.load(o)); c41 = f32x4.add(c41, v128.load(o, 16)); o += row;
      if (MR > 5) { c50 = f32x4.add(c50, v128.load(o)); c51 = f32x4.add(c51, v128.load(o, 16)); }
      o = out;
    }
    v128.store(o, c00); v128.store(o, c01, 16); o += row;
    v128.store(o, c10); v128.store(o, c11, 16); o += row;
    v128.store(o, c20); v128.store(o, c21, 16); o += row;
    v128.store(o, c30); v128.store(o, c31, 16); o += row;
    v128.store(o, c40); v128.store(o, c41, 16); o += row;
    if (MR > 5) { v128.store(o, c50); v128.store(o, c51, 16); }
    return;
  }
  if (cols == NR) {
    // the last rows of a matrix: whole rows as vectors, as many as exist
    storeRow(out, c00, c01, acc);
    if (rows > 1) storeRow(out + row, c10, c11, acc);
    if (rows > 2) storeRow(out + 2 * row, c20, c21, acc);
    if (rows > 3) storeRow(out + 3 * row, c30, c31, acc);
    if (MR > 5 && rows > 4) storeRow(out + 4 * row, c40, c41, acc);
    return;
  }
  // scalar tail: spill the tile, store the part inside the matrix
  spillTile(spill, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = out + <usize>r * row + <usize>(c * 4);
      const v = load<f32>(spill + <usize>((r * NR + c) * 4));
      store<f32>(o, acc ? load<f32>(o) + v : v);
    }
  }
}
