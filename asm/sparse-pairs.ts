// Which rows of op(A) go in pairs (Note [pairing rows]).
import { nonZero16 } from './sparse-lists';
import { MASK_BITS } from './tiles';

// Note [pairing rows]: a pair's list is the union of its rows' non-zero values, so which rows go
// together decides how long the lists are: consecutive Fashion-MNIST images have 50 % of their
// pixels non-zero and their union 66.6 %, but a trouser and a trouser share more places than a
// trouser and a bag. So each chunk of up to PAIR_CHUNK rows is paired first: a bit mask of every
// row's non-zero values (MASK_BITS bits, a bit for each of k/MASK_BITS consecutive values when k is
// larger), the rows sorted by how many bits they have, and each row in that order paired with the
// one of the next PAIR_WINDOW unpaired rows whose union with it is smallest (greedy). On the test
// images, in chunks of 128, the unions are 56.8 % of the pixels (sorted by count alone 62.2 %;
// windows of 16 and 32 gain 0.4 and 0.5 more; chunks of 64, 57.2 %), and a layer of images runs
// faster for it (bench/notes.md, Note [pairing rows]). Which row goes with which
// changes no row's sum, whose terms meet in the same order whatever its partner (Note [zeros in A]).
// matmulSparse pairs the first PAIR_SAMPLE rows to see whether it pays (PAIR_COST): with zeros at
// random, a narrow product, or rows alike already, it does not. A transposed A is never paired: its
// rows are features (pixels, hidden units), whose neighbours are alike, and its masks are read
// across rows (paired, a weight gradient was slower: bench/notes.md, Note [pairing rows]).

/** Unpaired rows, in order of their count, that a row is tried with. */
const PAIR_WINDOW = 8;
/**
 * Pairing a row costs about as much as this many times k (value, column) terms of the product, as
 * measured (bench/notes.md, PAIR_COST). It is worth it when the rows' lists get shorter by more
 * than that.
 */
export const PAIR_COST: f64 = 4;

// the mask of row r of op(A) at `mask` (`words` 64-bit words, bit p / group for each non-zero value
// p); returns how many bits are set
// @ts-ignore: decorator
@inline function maskOf(a: usize, aRow: usize, aStep: usize, r: i32, k: i32, group: i32, words: i32, mask: usize): i32 {
  const row = a + <usize>r * aRow;
  let count: i32 = 0;
  if (group == 1 && aStep == 4) {
    // a word's 64 values 16 at a time (four comparisons narrowed to 16 bytes, one bitmask), in a
    // register (a word read and written in memory for every four values waited on its last store)
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
@inline export function maskWords(k: i32): i32 {
  const group = (k + MASK_BITS - 1) / MASK_BITS;
  return ((k + group - 1) / group + 63) >> 6;
}

// the bits set in either of two masks
// @ts-ignore: decorator
@inline export function unionOf(m1: usize, m2: usize, words: i32): i32 {
  let union: i32 = 0;
  for (let w = 0; w < words; w++) union += <i32>popcnt<u64>(load<u64>(m1 + (<usize>w << 3)) | load<u64>(m2 + (<usize>w << 3)));
  return union;
}

// Rows r0..r1 (at most PAIR_CHUNK) of op(A) written to `order` (i32s) so that rows 2t and 2t + 1
// are the pairs and a last row, when their number is odd, is alone (Note [pairing rows]); `masks`
// has room for PAIR_CHUNK masks and `keys` for PAIR_CHUNK i32s. Returns the bits in the pairs'
// unions and in the last row's mask.
export function pairRows(a: usize, aRow: usize, aStep: usize, k: i32, r0: i32, r1: i32, masks: usize, keys: usize, order: usize): i32 {
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
