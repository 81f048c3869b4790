// Products that skip the zeros of op(A) (Note [zeros in A]).
import { allFinite } from './elementwise';
import { KC, matmulTileRows } from './matmul';
import { loadGroup, madd, putGroup } from './simd';

// Note [zeros in A]: a layer's input is often half zeros: Fashion-MNIST's pixels (50 % exactly 0),
// one-hot columns, the outputs of a ReLU. A dense product multiplies them all; this one gives each
// row of out the sum over op(A)'s non-zero values of that row only: a list of (value, row of b) is
// made per row and KC slice, then columns of out are summed over the list a group at a time (rows
// go in pairs, over the union of their values: Note [sparse row pairs]; which rows, Note [pairing
// rows]). The same terms meet in the same order as in the micro-kernel
// (a chain of madd from zero per KC slice, added to out after the first), and a skipped term a·b
// with a = ±0 and b finite would have added ±0 to a sum that starts at +0, which changes nothing;
// so the bits are the dense product's. With a b that is not all finite, 0 · Inf is NaN, so such
// products stay dense (matmulSparse). Only b untransposed (x·W and Xᵀ·dY, a transposed A is
// read in place), so dY·Wᵀ stays dense.

/**
 * Below this share of zeros in op(A), the dense product is faster. With zeros at random (the worst
 * case for row pairs: their union is 1 − z² of the values), one thread, 256 × 784 × 256, the two
 * break even at about 30 % zeros in both builds (at 35 %: 0.96 of the dense time relaxed, 0.985
 * plain; at 50 %: 0.84). Images and ReLU outputs, whose zeros come together, gain more.
 */
const MIN_ZEROS: f64 = 0.35;

/** Rows paired to see whether pairing pays (Note [pairing rows]). */
const PAIR_SAMPLE = 64;

/** Rows of a sampled for zeros: the share of zeros is a guess at the speed, never at the result. */
const SAMPLE_ROWS = 32;

/**
 * How out = op(a)[m, k] · b[k, n] is best summed: 0 densely; 1 over op(A)'s non-zero values, when
 * at least MIN_ZEROS of the values in every (rows / SAMPLE_ROWS)-th stored row of a (32 to 63
 * rows, or all when fewer) are 0 and b is all finite, so that skipping 0 · b changes nothing (Note
 * [zeros in A]); 2 the same with its rows paired first, when pairing those sampled rows shortens
 * their lists by more than the pairing costs (PAIR_COST; Note [pairing rows]). `scratch` holds
 * SPARSE_SCRATCH_BYTES.
 */
export function matmulSparse(a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, scratch: usize): i32 {
  // below a tile of rows the dense product reads both operands in place (Note [thin products]) and
  // takes about what looking at b alone would: 1 × 784 × 256, plain, 12.8 µs dense against 12.1 for
  // allFinite(b) and 17.8 for that and the product over non-zero values
  if (m < matmulTileRows()) return 0;
  const rows = transA ? k : m, cols = transA ? m : k;
  const step = max(1, rows / SAMPLE_ROWS);
  const zero = f32x4.splat(0);
  let zeros = i32x4.splat(0);
  let count = 0, seen = 0;
  for (let r = 0; r < rows; r += step) {
    const row = a + <usize>r * <usize>(cols << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) zeros = i32x4.sub(zeros, f32x4.eq(v128.load(row + <usize>(j << 2)), zero));
    for (; j < cols; j++) if (load<f32>(row + <usize>(j << 2)) == 0) count++;
    seen += cols;
  }
  count += i32x4.extract_lane(zeros, 0) + i32x4.extract_lane(zeros, 1) + i32x4.extract_lane(zeros, 2) + i32x4.extract_lane(zeros, 3);
  if (<f64>count < MIN_ZEROS * <f64>seen || !allFinite(b, k * n)) return 0;
  // a transposed A's rows are its columns: features, whose neighbours are alike already
  if (transA) return 1;
  // the first PAIR_SAMPLE rows of op(A) paired as a chunk, against the same rows in pairs as they come
  // (Note [pairing rows])
  const sampled = min(PAIR_SAMPLE, m);
  const masks = scratch + MASKS_AT, keys = scratch + KEYS_AT, order = scratch + ORDER_AT;
  const paired = pairRows(a, <usize>k * 4, 4, k, 0, sampled, masks, keys, order);
  const words = maskWords(k);
  const stride = <usize>(words << 3);
  let consecutive: i32 = 0, pairs = 0;
  for (let t = 0; t + 1 < sampled; t += 2, pairs++) consecutive += unionOf(masks + <usize>t * stride, masks + <usize>(t + 1) * stride, words);
  if (pairs == 0) return 1;
  // values a pair's list is shorter by (a last single row of the paired ones counts as half a pair),
  // each summed over n columns, against what pairing costs
  const shorter = <f64>consecutive / <f64>pairs - 2 * <f64>paired / <f64>sampled;
  return shorter * 0.5 * <f64>n >= PAIR_COST * <f64>k ? 2 : 1;
}

// Note [sparse registers]: V8 loads all of an iteration's b vectors before its first multiply-add,
// so 8 accumulators (32 columns) of one row need 8 + 8 + 1 registers and spilled two of them to the
// stack, where each iteration's add waited on the last one's store (16 GFLOP/s on one thread;
// reloading one variable before each madd did not change V8's order). 6 accumulators take 13
// registers and run at 34–37 GFLOP/s of the multiply-adds done. The plain build (mul, then add)
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
// each value now costs less: W1's layer 1 on one thread, relaxed, 726 → 645 µs; its weight
// gradient (A transposed) in W1, two threads, 375 → 288 µs. What bounds the pair loop is the
// latency of its chains: 8 accumulators are exactly an FMA's latency times the FMA units (4 × 2).
// W4's layer 1, one thread: about 4.6 cycles a value against the 4 of its eight FMAs; 8 columns
// at a time (4 accumulators) ran at 3.9, one FMA's latency, for half the work; b's rows kept in
// L1 gained 2 %. A ninth accumulator needs a third row (3 × 3 vectors, 15 registers), whose
// union, 60.6 % of the pixels against 57.0 % for pairs, costs about what the slack would give.

// o[j..j + 4·w) (+)= Σ over the list [list, end) of value · b[row, j..j + 4·w), for w = 1, 2, 4 or 6
// vectors (a constant where inlined); w = 1 may be a last, partial group of columns
// @ts-ignore: decorator
@inline function columns(w: i32, o: usize, b: usize, j: i32, n: i32, list: usize, end: usize, acc: bool): void {
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

// rows o and o2 of out, columns j..j + 4·w (+)= Σ over the pair list [list, end) of (value of o's
// row) · b[row, ...] and (value of o2's row) · b[row, ...], for w = 1, 2 or 4 vectors: each b
// vector read once for both rows (Note [sparse row pairs])
// @ts-ignore: decorator
@inline function pairColumns(w: i32, o: usize, o2: usize, b: usize, j: i32, n: i32, list: usize, end: usize, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
  const bj = b + <usize>(j << 2);
  for (let e = list; e < end; e += 12) {
    const x = v128.load32_splat(e);
    const y = v128.load32_splat(e, 4);
    const r = bj + <usize>load<u32>(e, 8);
    if (w == 1) {
      const v = loadGroup(r, j, n);
      c0 = madd(x, v, c0); d0 = madd(y, v, d0);
      continue;
    }
    const v0 = v128.load(r), v1 = v128.load(r, 16);
    c0 = madd(x, v0, c0); d0 = madd(y, v0, d0); c1 = madd(x, v1, c1); d1 = madd(y, v1, d1);
    if (w > 2) {
      const v2 = v128.load(r, 32), v3 = v128.load(r, 48);
      c2 = madd(x, v2, c2); d2 = madd(y, v2, d2); c3 = madd(x, v3, c3); d3 = madd(y, v3, d3);
    }
  }
  put(w, o + <usize>(j << 2), c0, c1, c2, c3, c0, c0, acc, j, n);
  put(w, o2 + <usize>(j << 2), d0, d1, d2, d3, d0, d0, acc, j, n);
}

// Note [lists from bit masks]: a list was made a value at a time, each compared with 0 (V8's
// scalar float compare and its NaN branch) and written whether kept or not: 12.5 % of `perf`'s
// samples of W4's first layer. Where op(A)'s rows are contiguous, 16 values are compared at once
// and narrowed to a 16-bit mask, and only the set bits are visited (count trailing zeros, clear the
// lowest): W4's first layer on one thread 2,270 → 2,190 µs paired (2,550 → 2,460 unpaired), a
// ReLU layer's 500 × 256 × 128 468 → 445. Elsewhere (a transposed A, a last few values) the values
// are tested as integers, their bits without the sign, and a transposed A's neighbouring rows (the
// unpaired mode's pairs) give both values of a step in one 8-byte load: W1's weight gradient,
// 784 × 128 × 256, one thread, 548 → 520 µs. The same entries in the same order, so the same sums.

// 16 values at q: a lane of 0xff for each that is not ±0 (NaN included), in order
// @ts-ignore: decorator
@inline function nonZero16(q: usize, zero: v128): v128 {
  const lo = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(q), zero), f32x4.ne(v128.load(q, 16), zero));
  const hi = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(q, 32), zero), f32x4.ne(v128.load(q, 48), zero));
  return i8x16.narrow_i16x8_s(lo, hi);
}

// The list of a KC slice [pc, pc + kc) of row i of op(A), or of rows i and i2 (`pair`, a
// constant where inlined): (value, byte offset of b's row), or (value, value in row i2, offset),
// every entry written and the end moved on past those with a non-zero value; returns the end
// @ts-ignore: decorator
@inline function listOf(pair: bool, a: usize, aRow: usize, aStep: usize, i: i32, i2: i32, pc: i32, kc: i32, bRow: usize, list: usize): usize {
  let ap = a + <usize>i * aRow + <usize>pc * aStep;
  let ap2 = a + <usize>i2 * aRow + <usize>pc * aStep;
  let bp = <usize>pc * bRow;
  let end = list;
  let p = 0;
  if (aStep == 4) {
    // Note [lists from bit masks]: 16 values at a time, the places of the non-zero ones as a bit
    // mask (four comparisons narrowed to one), then an entry for each set bit, lowest first
    const zero = f32x4.splat(0);
    for (; p + 16 <= kc; p += 16) {
      let set = nonZero16(ap, zero);
      if (pair) set = v128.or(set, nonZero16(ap2, zero));
      let bits = i8x16.bitmask(set);
      while (bits != 0) {
        const t = <usize>ctz(bits);
        bits &= bits - 1;
        store<f32>(end, load<f32>(ap + (t << 2)));
        if (pair) {
          store<f32>(end, load<f32>(ap2 + (t << 2)), 4);
          store<u32>(end, <u32>(bp + t * bRow), 8);
          end += 12;
        } else {
          store<u32>(end, <u32>(bp + t * bRow), 4);
          end += 8;
        }
      }
      ap += 64;
      ap2 += 64;
      bp += bRow << 4;
    }
  }
  if (pair && aRow == 4 && i2 == i + 1) {
    // a transposed A's neighbouring rows: both values of a step are one 8-byte word, written as
    // it is; a value is ±0 when its bits without the sign are 0
    for (; p < kc; p++) {
      const x = load<u64>(ap);
      store<u64>(end, x);
      store<u32>(end, <u32>bp, 8);
      end += select<usize>(12, 0, (x & 0x7fffffff7fffffff) != 0);
      ap += aStep;
      bp += bRow;
    }
    return end;
  }
  for (; p < kc; p++) {
    // the bits, compared as integers: no float compare and NaN branch (a value is ±0 when its
    // bits without the sign are 0)
    const v = load<u32>(ap);
    store<u32>(end, v);
    if (pair) {
      const u = load<u32>(ap2);
      ap2 += aStep;
      store<u32>(end, u, 4);
      store<u32>(end, <u32>bp, 8);
      end += select<usize>(12, 0, ((v | u) << 1) != 0);
    } else {
      store<u32>(end, <u32>bp, 4);
      end += select<usize>(8, 0, (v << 1) != 0);
    }
    ap += aStep;
    bp += bRow;
  }
  return end;
}

// Note [pairing rows]: a pair's list is the union of its rows' non-zero values, so which rows go
// together decides how long the lists are: consecutive Fashion-MNIST images have 50 % of their
// pixels non-zero and their union 66.6 %, but a trouser and a trouser share more places than a
// trouser and a bag. So each chunk of up to PAIR_CHUNK rows is paired first: a bit mask of every
// row's non-zero values (MASK_BITS bits, a bit for each of k/MASK_BITS consecutive values when k is
// larger), the rows sorted by how many bits they have, and each row in that order paired with the
// one of the next PAIR_WINDOW unpaired rows whose union with it is smallest (greedy). On the test
// images, in chunks of 128, the unions are 56.8 % of the pixels (sorted by count alone 62.2 %;
// windows of 16 and 32 gain 0.4 and 0.5 more; chunks of 64, 57.2 %). Pairing costs 0.12 µs a row at
// k = 784; W4's first layer on one thread, 500 rows, 2,520 → 2,270 µs. Which row goes with which
// changes no row's sum, whose terms meet in the same order whatever its partner (Note [zeros in A]).
// matmulSparse pairs the first PAIR_SAMPLE rows to see whether it pays (PAIR_COST): with zeros at
// random, a narrow product, or rows alike already, it does not. A transposed A is never paired: its
// rows are features (pixels, hidden units), whose neighbours are alike, and its masks are read
// across rows (W1's weight gradient, 784 × 128 × 256: 547 → 788 µs paired).

/** Rows paired at a time (Note [pairing rows]). */
const PAIR_CHUNK = 128;
/** Unpaired rows, in order of their count, that a row is tried with. */
const PAIR_WINDOW = 8;
/**
 * Pairing a row costs about as much as this many times k (value, column) terms of the product:
 * 0.12 µs a row at k = 784, where a term takes 3.9e-5 µs (relaxed, one thread). It is worth it when
 * the rows' lists get shorter by more than that.
 */
const PAIR_COST: f64 = 4;
/** Bits in a row's mask of non-zero values, and its bytes. */
const MASK_BITS = 1024;
const MASK_BYTES = MASK_BITS >> 3;
// Scratch of a product over non-zero values, in bytes from its start: a list of up to KC entries of
// 12 bytes, then a chunk's masks, keys (i32) and order (i32)
const MASKS_AT = 12 * KC;
const KEYS_AT = MASKS_AT + PAIR_CHUNK * MASK_BYTES;
const ORDER_AT = KEYS_AT + PAIR_CHUNK * 4;
/** Bytes of scratch a product over non-zero values uses: its list, then the chunk's masks, keys and order. */
export const SPARSE_SCRATCH_BYTES: i32 = ORDER_AT + PAIR_CHUNK * 4;

// the mask of row r of op(A) at `mask` (`words` 64-bit words, bit p / group for each non-zero value
// p); returns how many bits are set
// @ts-ignore: decorator
@inline function maskOf(a: usize, aRow: usize, aStep: usize, r: i32, k: i32, group: i32, words: i32, mask: usize): i32 {
  const row = a + <usize>r * aRow;
  let count: i32 = 0;
  if (group == 1 && aStep == 4) {
    // a word's 64 values 16 at a time (four comparisons narrowed to 16 bytes, one bitmask), in a
    // register (a word read and written in memory for every four values waited on its last store:
    // 0.36 µs a row at k = 784 instead of 0.1)
    const zero = f32x4.splat(0);
    for (let w = 0; w < words; w++) {
      const p0 = w << 6, end = min(k, p0 + 64);
      let bits: u64 = 0;
      let p = p0;
      for (; p + 16 <= end; p += 16) {
        bits |= <u64>i8x16.bitmask(nonZero16(row + (<usize>p << 2), zero)) << <u64>(p - p0);
      }
      for (; p + 4 <= end; p += 4) bits |= <u64>i32x4.bitmask(f32x4.ne(v128.load(row + (<usize>p << 2)), zero)) << <u64>(p - p0);
      for (; p < end; p++) if (load<f32>(row + (<usize>p << 2)) != 0) bits |= <u64>1 << <u64>(p - p0);
      store<u64>(mask + (<usize>w << 3), bits);
      count += <i32>popcnt<u64>(bits);
    }
    return count;
  }
  let ap = row, p = 0;
  for (let w = 0; w < words; w++) {
    let bits: u64 = 0;
    for (let bit = 0; bit < 64 && p < k; bit++) {
      for (let e = 0; e < group && p < k; e++, p++, ap += aStep) if (load<f32>(ap) != 0) bits |= <u64>1 << <u64>bit;
    }
    store<u64>(mask + (<usize>w << 3), bits);
    count += <i32>popcnt<u64>(bits);
  }
  return count;
}

// 64-bit words in the mask of a row of k values
// @ts-ignore: decorator
@inline function maskWords(k: i32): i32 {
  const group = (k + MASK_BITS - 1) / MASK_BITS;
  return ((k + group - 1) / group + 63) >> 6;
}

// the bits set in either of two masks
// @ts-ignore: decorator
@inline function unionOf(m1: usize, m2: usize, words: i32): i32 {
  let union: i32 = 0;
  for (let w = 0; w < words; w++) union += <i32>popcnt<u64>(load<u64>(m1 + (<usize>w << 3)) | load<u64>(m2 + (<usize>w << 3)));
  return union;
}

// Rows r0..r1 (at most PAIR_CHUNK) of op(A) written to `order` (i32s) so that rows 2t and 2t + 1
// are the pairs and a last row, when their number is odd, is alone (Note [pairing rows]); `masks`
// has room for PAIR_CHUNK masks and `keys` for PAIR_CHUNK i32s. Returns the bits in the pairs'
// unions and in the last row's mask.
function pairRows(a: usize, aRow: usize, aStep: usize, k: i32, r0: i32, r1: i32, masks: usize, keys: usize, order: usize): i32 {
  const rows = r1 - r0;
  const group = (k + MASK_BITS - 1) / MASK_BITS;
  const words = maskWords(k);
  const stride = <usize>(words << 3);
  let total: i32 = 0;
  // the rows sorted by their number of non-zero values (insertion sort of count · 2^16 + index)
  for (let t = 0; t < rows; t++) {
    const key = (maskOf(a, aRow, aStep, r0 + t, k, group, words, masks + <usize>t * stride) << 16) | t;
    let u = t;
    for (; u > 0 && load<i32>(keys + (<usize>(u - 1) << 2)) > key; u--) store<i32>(keys + (<usize>u << 2), load<i32>(keys + (<usize>(u - 1) << 2)));
    store<i32>(keys + (<usize>u << 2), key);
  }
  // in that order, each unpaired row with the one of the next PAIR_WINDOW unpaired rows whose
  // union with it is smallest; a row taken is marked by a key of −1
  let out = order;
  for (let s = 0; s < rows; s++) {
    const key = load<i32>(keys + (<usize>s << 2));
    if (key < 0) continue;
    const t = key & 0xffff;
    store<i32>(out, r0 + t);
    out += 4;
    const mt = masks + <usize>t * stride;
    let best = -1, least = key >> 16, tried = 0;
    for (let c = s + 1; c < rows && tried < PAIR_WINDOW; c++) {
      const other = load<i32>(keys + (<usize>c << 2));
      if (other < 0) continue;
      const union = unionOf(mt, masks + <usize>(other & 0xffff) * stride, words);
      if (tried++ == 0 || union < least) { least = union; best = c; }
    }
    total += least;
    if (best < 0) continue;
    store<i32>(out, r0 + (load<i32>(keys + (<usize>best << 2)) & 0xffff));
    out += 4;
    store<i32>(keys + (<usize>best << 2), -1);
  }
  return total;
}

/**
 * Rows i0..i1 of out[m, n] = op(a)[m, k] · b[k, n] (a is [k, m] when transposed; b is not), summed
 * over op(A)'s non-zero values only (Note [zeros in A]), two rows at a time (Note [sparse row pairs]),
 * paired a chunk at a time (Note [pairing rows]); `scratch` holds at least SPARSE_SCRATCH_BYTES.
 */
export function matmulSparseRows(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool,
  paired: bool, scratch: usize, i0: i32, i1: i32): void {
  const aRow = <usize>(transA ? 4 : k * 4);
  const aStep = <usize>(transA ? m * 4 : 4);
  const bRow = <usize>(n * 4);
  const masks = scratch + MASKS_AT, keys = scratch + KEYS_AT, order = scratch + ORDER_AT;
  for (let r0 = i0; r0 < i1; r0 += PAIR_CHUNK) {
    const r1 = min(i1, r0 + PAIR_CHUNK);
    const rows = r1 - r0;
    if (paired) pairRows(a, aRow, aStep, k, r0, r1, masks, keys, order);
    else for (let t = 0; t < rows; t++) store<i32>(order + (<usize>t << 2), r0 + t);
    // a KC slice of b (KC rows) at a time for every row of the chunk, so that it stays in L2
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const acc = pc > 0;
      let t = 0;
      // two rows at a time over the union of their non-zero values: 16 columns at a time, then 8 and 4
      for (; t + 2 <= rows; t += 2) {
        const i = load<i32>(order + (<usize>t << 2)), i2 = load<i32>(order + (<usize>t << 2), 4);
        const o = out + <usize>i * bRow, o2 = out + <usize>i2 * bRow;
        const end = listOf(true, a, aRow, aStep, i, i2, pc, kc, bRow, scratch);
        let j = 0;
        for (; j + 16 <= n; j += 16) pairColumns(4, o, o2, b, j, n, scratch, end, acc);
        if (j + 8 <= n) { pairColumns(2, o, o2, b, j, n, scratch, end, acc); j += 8; }
        for (; j < n; j += 4) pairColumns(1, o, o2, b, j, n, scratch, end, acc);
      }
      // a last row alone: 24 columns at a time, then 16, 8 and 4 (Note [sparse registers])
      if (t < rows) {
        const i = load<i32>(order + (<usize>t << 2));
        const o = out + <usize>i * bRow;
        const end = listOf(false, a, aRow, aStep, i, i, pc, kc, bRow, scratch);
        let j = 0;
        for (; j + 24 <= n; j += 24) columns(6, o, b, j, n, scratch, end, acc);
        if (j + 16 <= n) { columns(4, o, b, j, n, scratch, end, acc); j += 16; }
        if (j + 8 <= n) { columns(2, o, b, j, n, scratch, end, acc); j += 8; }
        for (; j < n; j += 4) columns(1, o, b, j, n, scratch, end, acc);
      }
    }
  }
}
