// Columns of out summed over a list of op(A)'s non-zero values, one row or two at a time (Notes
// [sparse registers], [sparse row pairs]).
import { loadGroup, madd, putGroup } from './simd';

// Note [sparse registers]: V8 loads all of an iteration's b vectors before its first multiply-add,
// so 8 accumulators (32 columns) of one row need 8 + 8 + 1 registers and spilled two of them to the
// stack, where each iteration's add waited on the last one's store (reloading one variable before
// each madd did not change V8's order). 6 accumulators take 13 registers and run twice as fast
// (bench/notes.md, Note [sparse registers]). The plain build (mul, then add)
// runs at the same speed, so the 4-cycle latency of each accumulator's chain of fused
// multiply-adds is not what bounds it; the loads and the cost of each value are, which row pairs
// share (Note [sparse row pairs]).

// Note [sparse row pairs]: one row at a time, each value costs a broadcast, a load of its row's
// offset and 6 loads of b for 6 multiply-adds (perf shows V8's loop; the loads are not folded into
// the multiply-adds). Two rows at a time share that: a list over the union of their non-zero
// values, (value of the first row, value of the second, offset), and 16 columns summed for both in
// 8 accumulators from 4 loads of b (8 + 4 + 2 registers, under V8's 15). A value that is 0 in one
// row of the pair adds 0 · b to that row's sum, which changes nothing (Note [zeros in A]), so the
// bits stay the dense product's. The union is larger than either row's list (66.6 % of a pair of
// Fashion-MNIST images' pixels against 50 %; neighbouring pixels, Xᵀ·dY's rows, share more), but
// each value now costs less (a layer's product and its weight gradient both gain: bench/notes.md,
// Note [sparse row pairs]). What bounds the pair loop is the latency of its chains: 8 accumulators
// are exactly an FMA's latency times the FMA units (4 × 2); with 4 (8 columns at a time) a value
// costs one FMA's latency for half the work, and keeping b's rows in L1 gains little, so the loop
// does not wait on b. A ninth accumulator needs a third row (3 × 3 vectors, 15 registers), whose
// union, 60.6 % of the pixels against 57.0 % for pairs, costs about what the slack would give.

// o[j..j + 4·w) (+)= Σ over the list [list, end) of value · b[row, j..j + 4·w), for w = 1, 2, 4 or 6
// vectors (a constant where inlined); w = 1 may be a last, partial group of columns
// @ts-ignore: decorator
@inline export function columns(w: i32, o: usize, b: usize, j: i32, n: i32, list: usize, end: usize, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0);
  let c3 = f32x4.splat(0), c4 = f32x4.splat(0), c5 = f32x4.splat(0);
  const bj = b + <usize>(j << 2);
  for (let e = list; e < end; e += 8) {
    const x = v128.load32_splat(e);
    const r = bj + <usize>load<u32>(e, 4);
    if (w == 1) {
      c0 = madd(x, loadGroup(r, j, n), c0);
      continue;
    }
    c0 = madd(x, v128.load(r), c0); c1 = madd(x, v128.load(r, 16), c1);
    if (w > 2) { c2 = madd(x, v128.load(r, 32), c2); c3 = madd(x, v128.load(r, 48), c3); }
    if (w > 4) { c4 = madd(x, v128.load(r, 64), c4); c5 = madd(x, v128.load(r, 80), c5); }
  }
  put(w, o + <usize>(j << 2), c0, c1, c2, c3, c4, c5, acc, j, n);
}

// q[0..4·w) (+)= c0..c(w−1): stored, or added to what is there (acc); w = 1 may be a last, partial group
// @ts-ignore: decorator
@inline function put(w: i32, q: usize, c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, acc: bool, j: i32, n: i32): void {
  if (w == 1) {
    putGroup(q, c0, acc, j, n);
    return;
  }
  if (acc) {
    c0 = f32x4.add(c0, v128.load(q)); c1 = f32x4.add(c1, v128.load(q, 16));
    if (w > 2) { c2 = f32x4.add(c2, v128.load(q, 32)); c3 = f32x4.add(c3, v128.load(q, 48)); }
    if (w > 4) { c4 = f32x4.add(c4, v128.load(q, 64)); c5 = f32x4.add(c5, v128.load(q, 80)); }
  }
  v128.store(q, c0); v128.store(q, c1, 16);
  if (w > 2) { v128.store(q, c2, 32); v128.store(q, c3, 48); }
  if (w > 4) { v128.store(q, c4, 64); v128.store(q, c5, 80); }
}

// Note [pair loop order]: V8 11.3 unrolls the pair loop four times (it is deeply nested) and
// orders the first copy, the one with the loop's stack check, by the order of the source: written
// as each vector of b, then both rows' multiply-adds with it (the first row's first), all six loads
// came first, then the 16 operations, in every copy; written as the second row's four multiply-adds,
// the last vector of b first, each load just before its use, then the first row's four, the first
// copy keeps each load beside its use (the other three stay loads first whatever the order). The
// products over non-zero values run 7–10 % faster for it (bench/notes.md, Note [pair loop order]);
// a native replica of the loop runs 5.2 cycles an entry so against 5.5 loads first. The same
// multiply-adds on the same accumulators in the same order of entries: the same bits.

// rows o and o2 of out, columns j..j + 4·w (+)= Σ over the pair list [list, end) of (value of o's
// row) · b[row, ...] and (value of o2's row) · b[row, ...], for w = 1, 2 or 4 vectors: each b
// vector read once for both rows (Note [sparse row pairs])
// @ts-ignore: decorator
@inline export function pairColumns(w: i32, o: usize, o2: usize, b: usize, j: i32, n: i32, list: usize, end: usize, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
  const bj = b + <usize>(j << 2);
  // Note [offsets ahead]: an entry's b row is found from its offset, a load of its own; read in
  // the entry's iteration, the loads of b waited on it (an integer load, then an add, on each
  // entry's path to its multiplies). Each offset is read two entries ahead instead. The list's
  // scratch goes on past its end (a chunk's masks follow it, tiles.ts), so the two offsets read
  // past the last entry are in bounds; they are never used.
  let r = bj + <usize>load<u32>(list, 8);
  let r2 = bj + <usize>load<u32>(list, 20);
  for (let e = list; e < end; e += 12) {
    const x = v128.load32_splat(e);
    const y = v128.load32_splat(e, 4);
    const here = r;
    r = r2;
    r2 = bj + <usize>load<u32>(e, 32);
    if (w == 1) {
      const v = loadGroup(here, j, n);
      c0 = madd(x, v, c0); d0 = madd(y, v, d0);
      continue;
    }
    if (w == 4) {
      // Note [pair loop order]: the second row's multiply-adds first, last vector first
      const v3 = v128.load(here, 48);
      d3 = madd(y, v3, d3);
      const v2 = v128.load(here, 32);
      d2 = madd(y, v2, d2);
      const v1 = v128.load(here, 16);
      d1 = madd(y, v1, d1);
      const v0 = v128.load(here);
      d0 = madd(y, v0, d0);
      c3 = madd(x, v3, c3); c2 = madd(x, v2, c2); c1 = madd(x, v1, c1); c0 = madd(x, v0, c0);
      continue;
    }
    const v0 = v128.load(here), v1 = v128.load(here, 16);
    c0 = madd(x, v0, c0); d0 = madd(y, v0, d0); c1 = madd(x, v1, c1); d1 = madd(y, v1, d1);
  }
  put(w, o + <usize>(j << 2), c0, c1, c2, c3, c0, c0, acc, j, n);
  put(w, o2 + <usize>(j << 2), d0, d1, d2, d3, d0, d0, acc, j, n);
}
