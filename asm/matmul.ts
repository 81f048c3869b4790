// Blocked, register-tiled matrix product (Goto's scheme): a KC-deep slice of op(B) is packed into
// NR-wide column panels, an MC-tall slice of op(A) into MR-tall row panels, and an MR × 8
// micro-kernel keeps its accumulators in registers while it walks k. Packing is where the transposes
// happen, so all three forms of a dense layer (x·W, dY·Wᵀ, Xᵀ·dY) share one micro-kernel. Edge
// panels are zero-padded; the micro-kernel's tail stores only the rows and columns that exist.
import { binary } from './elementwise';
import { loadGroup, madd, putGroup } from './simd';
import { SPARSE_SCRATCH_BYTES } from './sparse';

// Note [tile rows]: V8 gives wasm 15 vector registers on x64 (the 16th is its scratch). The relaxed
// build's tile, 6 rows × 2 vectors, holds 12 accumulators + 2 of B + 1 of A, and each step's 12 fused
// multiply-adds cover the FMA latency (4 cycles × 2 pipes) with room to spare; the plain build's
// multiply then add needs one more register for the product, so it takes 5 rows (6 spilled and ran
// at 32 GFLOP/s on one thread). Measured on W5, one thread: 4 rows gave 56 (relaxed) and 48 (plain)
// GFLOP/s, 6 rows relaxed 61, 5 rows plain 56. MC is a multiple of 4, 5 and 6.
const MR = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
const NR = 8;
// KC: each KC slice of k after the first adds the tile to out (a load and a store of every value of
// out, which W5's 16 MiB out takes from memory), so fewer, deeper slices do less of that; a tile's
// B panel (8 × KC floats, 16 KiB) and A panel (MR × KC, 12 KiB relaxed) still fit L1 together.
// W5 2048², one thread, interleaved: 256 → 512 gave 60.3–61.6 → 61.0–62.1 GFLOP/s relaxed,
// 56.2–58.9 → 57.7–59.9 plain; two threads, 6 pairs: medians 119.3 → 119.9 (5 of 6 faster). 768
// gained nothing more; MC 60/180/240 and NC 512/2048 moved nothing beyond the noise.
export const KC = 512;
const MC = 120;
const NC = 1024;
/** The most values of a b read in place rather than packed (Note [B in place]): 1 MiB, an L2. */
const DIRECT_B = 262144;
/** Rows of a block up to which any untransposed b is read in place (Note [B in place]): 16 tiles. */
const DIRECT_ROWS = 16 * MR;

/** Rows of the micro-kernel's tile: a block of rows given to one thread is best a multiple of it. */
export function matmulTileRows(): i32 {
  return MR;
}

/**
 * Bytes of scratch one matmul call needs (packed A, packed B, one spilled tile), or a product over
 * op(A)'s non-zero values (its lists and masks, asm/sparse.ts), whichever is more.
 */
export function matmulScratchBytes(): i32 {
  return max((MC * KC + KC * NC + MR * NR) * 4, SPARSE_SCRATCH_BYTES);
}

// dst + q·dstStride ← column q of the 4 × 4 block whose rows start at src + r·srcStride (bytes).
// @ts-ignore: decorator
@inline function transpose4(dst: usize, dstStride: usize, src: usize, srcStride: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride), r3 = v128.load(src + 3 * srcStride);
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// op(A)(i, p): a is [m, k], or [k, m] when transposed.
function packA(dst: usize, a: usize, transA: bool, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const panel = dst + <usize>(ir * kc * 4);
    const i = i0 + ir;
    const rows = min(MR, m - i);
    if (transA && rows == MR) {
      // vector body: the MR rows of a panel are contiguous in a stored [k, m]
      for (let p = 0; p < kc; p++) {
        const src = a + <usize>(((p0 + p) * m + i) * 4);
        v128.store(panel + <usize>(p * MR * 4), v128.load(src));
        if (MR == 6) store<u64>(panel + <usize>(p * 24 + 16), load<u64>(src, 16));
        else store<f32>(panel + <usize>(p * 20 + 16), load<f32>(src, 16));
      }
      continue;
    }
    let pv = 0;
    if (rows == MR) {
      // vector body: rows 0..3 × 4 steps of k at a time, transposed in registers; rows 4, 5 by lane
      const src = a + <usize>((i * k + p0) * 4);
      const row = <usize>(k * 4);
      for (; pv + 4 <= kc; pv += 4) {
        const d = panel + <usize>(pv * MR * 4);
        const s = src + <usize>(pv * 4);
        transpose4(d, MR * 4, s, row);
        if (MR == 6) {
          // rows 4 and 5 interleaved: (r4[q], r5[q]) is step q's last pair
          const r4 = v128.load(s + 4 * row), r5 = v128.load(s + 5 * row);
          const lo = i32x4.shuffle(r4, r5, 0, 4, 1, 5), hi = i32x4.shuffle(r4, r5, 2, 6, 3, 7);
          v128.store_lane<u64>(d + 16, lo, 0);
          v128.store_lane<u64>(d + 40, lo, 1);
          v128.store_lane<u64>(d + 64, hi, 0);
          v128.store_lane<u64>(d + 88, hi, 1);
        } else {
          const r4 = v128.load(s + 4 * row);
          v128.store_lane<u32>(d + 16, r4, 0);
          v128.store_lane<u32>(d + 36, r4, 1);
          v128.store_lane<u32>(d + 56, r4, 2);
          v128.store_lane<u32>(d + 76, r4, 3);
        }
      }
    }
    for (let p = pv; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        let v: f32 = 0;
        if (r < rows) v = transA ? load<f32>(a + <usize>(((p0 + p) * m + i + r) * 4)) : load<f32>(a + <usize>(((i + r) * k + p0 + p) * 4));
        store<f32>(panel + <usize>((p * MR + r) * 4), v);
      }
    }
  }
}

// op(B)(p, j): b is [k, n], or [n, k] when transposed.
function packB(dst: usize, b: usize, transB: bool, k: i32, n: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const panel = dst + <usize>(jr * kc * 4);
    const j = j0 + jr;
    const cols = min(NR, n - j);
    if (!transB && cols == NR) {
      for (let p = 0; p < kc; p++) {
        const src = b + <usize>(((p0 + p) * n + j) * 4);
        v128.store(panel + <usize>(p * 32), v128.load(src));
        v128.store(panel + <usize>(p * 32 + 16), v128.load(src, 16));
      }
      continue;
    }
    if (transB && cols == NR) {
      // 8 rows of a stored [n, k] become 8 columns: two 4 × 4 transposes per 4 steps of k, then a scalar tail
      const src = b + <usize>((j * k + p0) * 4);
      const row4 = <usize>(4 * k * 4);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4(panel + <usize>(p * 32), 32, src + <usize>(p * 4), <usize>(k * 4));
        transpose4(panel + <usize>(p * 32 + 16), 32, src + row4 + <usize>(p * 4), <usize>(k * 4));
      }
      for (; p < kc; p++) {
        for (let c = 0; c < NR; c++) store<f32>(panel + <usize>((p * NR + c) * 4), load<f32>(src + <usize>((c * k + p) * 4)));
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let c = 0; c < NR; c++) {
        let v: f32 = 0;
        if (c < cols) v = transB ? load<f32>(b + <usize>(((j + c) * k + p0 + p) * 4)) : load<f32>(b + <usize>(((p0 + p) * n + j + c) * 4));
        store<f32>(panel + <usize>((p * NR + c) * 4), v);
      }
    }
  }
}

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

// out[rows, cols] (+)= Apanel · Bpanel over kc; rows ≤ MR, cols ≤ 8, ldc in elements; step p of
// the B panel is the 8 floats at bp + p·bStride (32 when packed, a row of b when read in place).
function micro(out: usize, ldc: i32, ap: usize, bp: usize, bStride: usize, kc: i32, acc: bool, rows: i32, cols: i32, spill: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
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
  v128.store(spill, c00); v128.store(spill, c01, 16);
  v128.store(spill, c10, 32); v128.store(spill, c11, 48);
  v128.store(spill, c20, 64); v128.store(spill, c21, 80);
  v128.store(spill, c30, 96); v128.store(spill, c31, 112);
  v128.store(spill, c40, 128); v128.store(spill, c41, 144);
  if (MR > 5) { v128.store(spill, c50, 160); v128.store(spill, c51, 176); }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const o = out + <usize>r * row + <usize>(c * 4);
      const v = load<f32>(spill + <usize>((r * NR + c) * 4));
      store<f32>(o, acc ? load<f32>(o) + v : v);
    }
  }
}

// Note [thin products]: a block of fewer rows than the tile (a batch of 1 to MR − 1 rows: one sample
// predicted, online training) went through the micro-kernel on zero-padded panels, where only the
// block's rows of its MR did real work, after packing all of a large op(B) though each value of it
// is read once. With b untransposed, both operands are now read in place, and each step of p updates as
// many columns as the registers hold beside the rows' accumulators: 1 row × 24 columns, 2 × 16,
// 3 × 12, 4 or 5 × 8 (Note [outer tiles]). Each value is still the micro-kernel's chain of madd
// from zero over a KC slice, added to out after the first slice, so the bits are the same. One
// thread, relaxed, GFLOP/s: 1 × 784 × 256 9.9 → 30.3, 1 × 784 × 1000 6.9 → 33.2, 2 × 784 × 256
// 19.7 → 55.8, 5 × 784 × 256 48.2 → 58.1. A product over non-zero values (Note [zeros in A]) still
// beats these from 40 % zeros on, so that choice is unchanged.

// Note [narrow products]: Xᵀ·dY for a layer of 1 to 4 outputs (a regression, a binary or a
// three-class output) is op(A) = Xᵀ, [m = inputs, k = rows of the batch], times n ≤ 4 columns: the
// 6 × 8 micro-kernel did n of its 8 columns' work, and each block of rows given to a thread packed
// its rows of op(A) out of every row of X, so 4 blocks read X 4 times (64 × 60,000 × 1 with two
// threads: 2.1 ms). Here the rows of out go along the vector lanes instead: step p of op(A)'s rows
// i..i+3 is one vector of X's row p, read in place, and b's n values of step p are broadcast. Each
// lane is still out(i, j)'s chain of madd from zero over a KC slice, added to out after the first, so
// the bits are the micro-kernel's.

// Note [outer tiles]: the thin and the narrow products keep the same grid of accumulators: S
// broadcast values (op(A)'s rows for a thin product, b's columns for a narrow one) times V vectors
// (b's columns, op(A)'s rows), for (S, V) = (1, 6), (2, 4), (3, 3), (4, 2), (5, 2): S·V accumulators,
// V vectors and a broadcast within V8's 15 registers (Note [tile rows]; 1 × 4 and 1 × 5 were slower).

// out(i + t, j) for the lanes t of c with i + t < end, rows `row` bytes apart: stored, or added to (acc)
// @ts-ignore: decorator
@inline function putLanes(o: usize, row: usize, c: v128, acc: bool, i: i32, end: i32): void {
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
function thin(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, i0: i32, i1: i32, j0: i32, j1: i32): void {
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
function narrow(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, i0: i32, i1: i32): void {
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    if (n == 1) narrowRows(1, 6, out, a, m, b, pc, kc, i0, i1);
    else if (n == 2) narrowRows(2, 4, out, a, m, b, pc, kc, i0, i1);
    else if (n == 3) narrowRows(3, 3, out, a, m, b, pc, kc, i0, i1);
    else narrowRows(4, 2, out, a, m, b, pc, kc, i0, i1);
  }
}

// Note [tall products]: x·W for a layer of 1 or 2 outputs (a regression's or a binary classifier's
// last layer over a whole batch) is out[m, n ≤ 2] = a[m, k] · b[k, n]: the micro-kernel did n of its
// 8 columns' work, after packing all of a. Here 4 rows of out go along the lanes, as in a narrow
// product (Note [narrow products]): 4 steps of k of 4 rows of a are read in place and transposed in
// registers, so that each step's 4 values are one vector, and b's n values of the step are
// broadcast. Each lane is still out(i, j)'s chain of madd from zero over a KC slice (a · b and b · a
// are the same product), added to out after the first, so the bits are the micro-kernel's. The last
// 1 to 3 rows go to the thin product (Note [thin products]). One thread, µs, plain / relaxed build:
// 20,000 × 64 × 1 487 → 215 / 432 → 239, × 2 485 → 285 / 454 → 287; 1000 × 256 × 1 92 → 41 /
// 88 → 51; 500 × 784 × 1 144 → 61 / 137 → 78. With 3 or 4 columns (4 or 3 broadcasts and
// multiply-adds for each transposed vector) it was no faster than the micro-kernel (20,000 × 64 × 4:
// 478–486 against 503–512 plain, 527–529 against 468–473 relaxed), so those keep it.

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
function tall(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, i0: i32, i1: i32): void {
  const i4 = i0 + ((i1 - i0) & ~3);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    if (n == 1) tallRows(1, 2, out, a, k, b, pc, kc, i0, i4);
    else tallRows(2, 2, out, a, k, b, pc, kc, i0, i4);
  }
  if (i4 < i1) thin(out, a, b, m, k, n, false, i4, i1, 0, n);
}

// Note [small products]: below SMALL_WORK multiply-adds (one KC slice), packing for the
// micro-kernel costs more than the arithmetic, so each 4-column group of out is summed straight
// from a and b. Each value is the same chain of madd over p = 0..k−1 from zero, in the same lanes'
// instruction, as the micro-kernel's, so the two give the same bits (which the fused dense step
// relies on, Note [fused dense step]). When op(b)'s rows cannot be loaded as vectors (b transposed,
// or a last group narrower than 4) and more than one row of out reads them, op(b) is first copied
// into `packed`, zero-padded to whole groups: one copy instead of lane-by-lane gathers per row.
const SMALL_WORK = 4096;

/**
 * Whether a rows × cols block of a k-deep product is summed straight from a and b (Note [small
 * products]). The work is counted in i64: in i32, 2048 × 2048 × 512 is 2^31, which wrapped to a
 * negative count, and such products took this unblocked path at 4.5 GFLOP/s instead of 62.
 */
export function matmulIsSmall(rows: i32, cols: i32, k: i32): bool {
  return k > 0 && k <= KC && <i64>rows * <i64>cols * <i64>k <= SMALL_WORK;
}

// the address of op(b)(p, j)
// @ts-ignore: decorator
@inline function bAt(b: usize, transB: bool, k: i32, n: i32, p: i32, j: i32): usize {
  return b + <usize>((transB ? j * k + p : p * n + j) * 4);
}

// op(b)(p, j..j+3) as a vector, zero from column `end`
// @ts-ignore: decorator
@inline function bRow(b: usize, transB: bool, k: i32, n: i32, end: i32, p: i32, j: i32): v128 {
  if (!transB && j + 4 <= end) return v128.load(bAt(b, false, k, n, p, j));
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(bAt(b, transB, k, n, p, j)));
  if (j + 1 < end) v = f32x4.replace_lane(v, 1, load<f32>(bAt(b, transB, k, n, p, j + 1)));
  if (j + 2 < end) v = f32x4.replace_lane(v, 2, load<f32>(bAt(b, transB, k, n, p, j + 2)));
  if (j + 3 < end) v = f32x4.replace_lane(v, 3, load<f32>(bAt(b, transB, k, n, p, j + 3)));
  return v;
}

// out[i, j..j+3] (the first `end − j` of them) from the accumulator, plus bias[j..j+3] unless
// bias is 0: one float32 addition after the sum, as a separate bias add would round it
// @ts-ignore: decorator
@inline function storeGroup(out: usize, n: i32, i: i32, j: i32, end: i32, acc: v128, bias: usize): void {
  const o = out + <usize>((i * n + j) * 4);
  if (j + 4 <= end) {
    v128.store(o, bias ? f32x4.add(acc, v128.load(bias + <usize>(j * 4))) : acc);
    return;
  }
  if (bias) {
    // a partial group: only the biases that exist are read
    const b = bias + <usize>(j * 4);
    acc = f32x4.replace_lane(acc, 0, f32x4.extract_lane(acc, 0) + load<f32>(b));
    if (j + 1 < end) acc = f32x4.replace_lane(acc, 1, f32x4.extract_lane(acc, 1) + load<f32>(b, 4));
    if (j + 2 < end) acc = f32x4.replace_lane(acc, 2, f32x4.extract_lane(acc, 2) + load<f32>(b, 8));
  }
  store<f32>(o, f32x4.extract_lane(acc, 0));
  if (j + 1 < end) store<f32>(o, f32x4.extract_lane(acc, 1), 4);
  if (j + 2 < end) store<f32>(o, f32x4.extract_lane(acc, 2), 8);
}

function matmulSmall(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, packed: usize, bias: usize): void {
  // op(a)(i, p) is at a + i·aRow + p·aStep
  const aRow = <usize>(transA ? 4 : k * 4);
  const aStep = <usize>(transA ? m * 4 : 4);
  if (i1 - i0 > 1 && (transB || ((j1 - j0) & 3) != 0)) {
    // op(b)[p, j0..j1) as k rows of `groups` vectors
    const groups = (j1 - j0 + 3) >> 2;
    const row = <usize>(groups << 4);
    for (let p = 0; p < k; p++) {
      for (let g = 0; g < groups; g++) v128.store(packed + <usize>p * row + <usize>(g << 4), bRow(b, transB, k, n, j1, p, j0 + (g << 2)));
    }
    for (let i = i0; i < i1; i++) {
      for (let g = 0; g < groups; g++) {
        let acc = f32x4.splat(0);
        let ap = a + <usize>i * aRow;
        let bp = packed + <usize>(g << 4);
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), v128.load(bp), acc);
          ap += aStep;
          bp += row;
        }
        storeGroup(out, n, i, j0 + (g << 2), j1, acc, bias);
      }
    }
    return;
  }
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j += 4) {
      let acc = f32x4.splat(0);
      let ap = a + <usize>i * aRow;
      if (!transB && j + 4 <= j1) {
        let bp = b + <usize>(j * 4);
        const bStep = <usize>(n * 4);
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), v128.load(bp), acc);
          ap += aStep;
          bp += bStep;
        }
      } else {
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), bRow(b, transB, k, n, j1, p, j), acc);
          ap += aStep;
        }
      }
      storeGroup(out, n, i, j, j1, acc, bias);
    }
  }
}

// Note [shared A]: a product shared by columns gives each thread blocks of all m rows, and every
// block packed all of op(A) again: W5's 2048² product in 15 blocks packed A 15 times, and its
// narrowest blocks (16 columns) ran at 48 GFLOP/s instead of 62 on one thread. With a shared area,
// each KC × MC slice of op(A) is packed once per product, into the area, by the first thread to
// claim it (a flag per slice: 0 free, 1 being packed, 2 ready); a thread that finds a slice ready
// reads it there, and one that finds it being packed packs its own copy into its scratch rather
// than wait, so no thread ever waits for another. The area is op(A) padded to whole tiles, slice
// (pc, ic) at pc·mPad + ic·kc floats, after one i32 flag per slice. Same packing, so the same bits.

/** Flags before a shared area's packed A: one per KC × MC slice, in bytes rounded to 16. */
function shareFlagBytes(m: i32, k: i32): i32 {
  return ((((k + KC - 1) / KC) * ((m + MC - 1) / MC) * 4) + 15) & ~15;
}

/** Bytes of the shared area of an m-row, k-deep op(A) (Note [shared A]). */
export function matmulShareBytes(m: i32, k: i32): i32 {
  return shareFlagBytes(m, k) + ((m + MR - 1) / MR) * MR * k * 4;
}

/** Marks every slice of a shared area free: called once before each product that uses it. */
export function matmulShareBegin(shared: usize, m: i32, k: i32): void {
  memory.fill(shared, 0, <usize>shareFlagBytes(m, k));
}

// The packed slice (pc, ic) of op(A): the shared area's when it is ready or this thread claims it
// (then packed there), else `own` with a copy packed into it, as always without an area (0; Note
// [shared A]).
function packedSlice(shared: usize, own: usize, a: usize, transA: bool, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32): usize {
  if (ASC_FEATURE_THREADS && shared) {
    const flag = shared + <usize>(((pc / KC) * ((m + MC - 1) / MC) + ic / MC) * 4);
    const mPad = ((m + MR - 1) / MR) * MR;
    const slice = shared + <usize>shareFlagBytes(m, k) + <usize>((pc * mPad + ic * kc) * 4);
    const state = atomic.load<i32>(flag);
    if (state == 2) return slice;
    if (state == 0 && atomic.cmpxchg<i32>(flag, 0, 1) == 0) {
      packA(slice, a, transA, m, k, ic, mc, pc, kc);
      atomic.store<i32>(flag, 2);
      return slice;
    }
  }
  packA(own, a, transA, m, k, ic, mc, pc, kc);
  return own;
}

/**
 * out[i0..i1, j0..j1] of out[m, n] = op(a)[m, k] · op(b)[k, n]. A thread computes one block of
 * rows or columns; `scratch` holds {@link matmulScratchBytes} bytes of its own.
 */
export function matmulBlock(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, i0: i32, i1: i32, j0: i32, j1: i32): void {
  product(out, a, b, m, k, n, transA, transB, scratch, i0, i1, j0, j1, 0);
}

/**
 * Columns j0..j1 of out[m, n] = op(a)[m, k] · op(b)[k, n], all rows, with op(A) packed once for
 * every block of the product in `shared` ({@link matmulShareBytes} bytes, marked free by
 * {@link matmulShareBegin} before the product; Note [shared A]).
 */
export function matmulColumns(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, j0: i32, j1: i32, shared: usize): void {
  product(out, a, b, m, k, n, transA, transB, scratch, 0, m, j0, j1, shared);
}

function product(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, i0: i32, i1: i32, j0: i32, j1: i32, shared: usize): void {
  const packedA = scratch;
  const packedB = scratch + <usize>(MC * KC * 4);
  const spill = packedB + <usize>(KC * NC * 4);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(out + <usize>((i * n + j0) * 4), 0, <usize>((j1 - j0) * 4));
    return;
  }
  if (matmulIsSmall(i1 - i0, j1 - j0, k)) {
    matmulSmall(out, a, b, m, k, n, transA, transB, i0, i1, j0, j1, packedB, 0);
    return;
  }
  if (!transB && i1 - i0 < MR) {
    thin(out, a, b, m, k, n, transA, i0, i1, j0, j1);
    return;
  }
  if (transA && !transB && n <= 4) {
    narrow(out, a, b, m, k, n, i0, i1);
    return;
  }
  if (!transA && !transB && n <= 2) {
    tall(out, a, b, m, k, n, i0, i1);
    return;
  }
  // Note [B in place]: a b of up to DIRECT_B values, not transposed, is read where it lies: step p
  // of a column panel is 8 floats of row p, one row of b further each step. It stays in L2 across
  // the product, so packing it only copied it (in W1 each block of rows packed all of dY again);
  // a last panel narrower than 8 is still packed, zero-padded, as the others are never read past
  // the matrix. The same values meet in the same order, so the result has the same bits.
  // A larger b is read in place too when the block has at most DIRECT_ROWS rows: packing costs a
  // load and a store of every value of b, which so few row tiles do not win back (one thread,
  // 1500 × 1000 b: 5 rows 38 → 57 GFLOP/s plain, 36 rows 53 → 64 relaxed; 80 to 240 rows and W5's
  // 2048 the same within noise; all of 2048² in place ran at 48 instead of 64).
  const direct = !transB && (k * n <= DIRECT_B || i1 - i0 <= DIRECT_ROWS);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    const whole = nc & ~(NR - 1);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      if (!direct) packB(packedB, b, transB, k, n, pc, kc, jc, nc);
      else if (whole < nc) packB(packedB + <usize>(whole * kc * 4), b, false, k, n, pc, kc, jc + whole, nc - whole);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        const ap = packedSlice(shared, packedA, a, transA, m, k, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const inPlace = direct && jr < whole;
          const bp = inPlace ? b + <usize>((pc * n + jc + jr) * 4) : packedB + <usize>(jr * kc * 4);
          const bStride = inPlace ? <usize>(n * 4) : 32;
          for (let ir = 0; ir < mc; ir += MR) {
            const o = out + <usize>(((ic + ir) * n + jc + jr) * 4);
            micro(o, n, ap + <usize>(ir * kc * 4), bp, bStride, kc, pc > 0, min(MR, mc - ir), cols, spill);
          }
        }
      }
    }
  }
}

// Note [depth split]: Xᵀ·dY, a weight gradient, has k = the rows of the batch: with a full batch of
// 20,000 rows and a 32-64 layer, out is 32 × 64 and k 20,000. Blocks of out's rows or columns are
// few and each reads all of the other operand again (32 × 20,000 × 64 on two threads: 1.2–1.4 ms,
// 1.7 on one). Such a product is cut along k instead: each KC slice of k is summed alone, into its
// own part (a slice of a stored [k, m] A and [k, n] b is a plain offset into them), and the parts
// are then added in order of their slices. One thread sums slice 0 into out and adds each further
// slice to it (s0 + s1, then + s2, ...): the same additions of the same slice sums, so the same bits.

/** The KC slices of a k-deep product (Note [depth split]). */
export function matmulSlices(k: i32): i32 {
  return (k + KC - 1) / KC;
}

/**
 * Slices s0..s1 of out[m, n] = a[k, m]ᵀ · b[k, n], slice s (KC values of k from s·KC) summed alone into
 * parts + s·m·n floats (Note [depth split]); `scratch` holds {@link matmulScratchBytes} bytes.
 */
export function matmulSliceParts(parts: usize, a: usize, b: usize, m: i32, k: i32, n: i32, scratch: usize, s0: i32, s1: i32): void {
  const size = <usize>m * <usize>n;
  for (let s = s0; s < s1; s++) {
    const pc = s * KC;
    product(parts + ((<usize>s * size) << 2), a + ((<usize>pc * <usize>m) << 2), b + ((<usize>pc * <usize>n) << 2),
      m, min(KC, k - pc), n, true, false, scratch, 0, m, 0, n, 0);
  }
}

/**
 * out[i] = parts[0][i] + parts[1][i] + ... + parts[slices − 1][i], added in that order, for the
 * `size` values of each part (Note [depth split]).
 */
export function matmulSliceSum(out: usize, parts: usize, slices: i32, size: i32): void {
  const stride = <usize>size << 2;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    let p = parts + (<usize>i << 2);
    let s = v128.load(p);
    for (let t = 1; t < slices; t++) {
      p += stride;
      s = f32x4.add(s, v128.load(p));
    }
    v128.store(out + (<usize>i << 2), s);
  }
  for (; i < size; i++) {
    let p = parts + (<usize>i << 2);
    let s = load<f32>(p);
    for (let t = 1; t < slices; t++) {
      p += stride;
      s += load<f32>(p);
    }
    store<f32>(out + (<usize>i << 2), s);
  }
}

/**
 * out[m, n] = a[m, k] · b[k, n] + bias[n] (each row), for the fused dense step: a small product
 * adds the bias as it stores each value, a larger one is followed by the bias add; either way the
 * same bits as the product then binary's row add (asm/elementwise.ts).
 */
export function matmulBias(out: usize, a: usize, b: usize, bias: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (matmulIsSmall(m, n, k)) {
    matmulSmall(out, a, b, m, k, n, false, false, 0, m, 0, n, scratch + <usize>(MC * KC * 4), bias);
    return;
  }
  matmulBlock(out, a, b, m, k, n, false, false, scratch, 0, m, 0, n);
  binary(0, out, out, 0, bias, 1, m, n);
}
