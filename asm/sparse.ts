// Products that skip the zeros of op(A) (Note [zeros in A]).
import { biasActivation } from './bias';
import { allFinite } from './elementwise';
import { columns, pairColumns } from './sparse-columns';
import { listOf } from './sparse-lists';
import { maskWords, PAIR_COST, pairRows, unionOf } from './sparse-pairs';
import { COPY_AT, COPY_ROWS, ENDS_AT, KC, KEYS_AT, LIST_BYTES, LIST_PAIRS, MASKS_AT, matmulScratchBytes, matmulTileRows, ORDER_AT, PAIR_CHUNK } from './tiles';

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
 * Below this share of zeros in op(A), the dense product is faster: with zeros at random (the worst
 * case for row pairs: their union is 1 − z² of the values) the two break even a little below it in
 * both builds (bench/notes.md, MIN_ZEROS). Images and ReLU outputs, whose zeros come together, gain
 * more.
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
 * SPARSE_SCRATCH_BYTES. `panels`, when not 0 (or omitted from JavaScript), is a 64-byte aligned area of
 * {@link matmulPanelBytes} bytes: when the zeros are enough, b is copied there in panels as it is
 * checked (Note [b checked as it is copied]), for {@link matmulSparseRows} to read. `order`, when
 * not 0 (or omitted), is room for m i32s: a product of at most PAIR_CHUNK rows is paired whole there
 * to decide, for its blocks to read when 2 is returned (Note [pairs made once]).
 */
export function matmulSparse(a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, scratch: usize, panels: usize, order: usize): i32 {
  if (!matmulSparseZeros(a, m, k, transA) || !matmulPanelsFinite(panels, b, k, n, 0, k)) return 0;
  // a transposed A's rows are its columns: features, whose neighbours are alike already
  return transA ? 1 : matmulSparsePairs(a, m, k, n, scratch, order);
}

// Note [the look on the threads]: matmulSparse's look (zeros sampled, b checked and copied in
// panels, the rows paired) ran on the caller before the threads started a product, while the
// workers waited: for a W1 step on two threads 100 of the first layer's 775 µs, 146 µs a step
// (bench/notes.md, Note [the look on the threads]). On the threads the caller samples the zeros
// alone (matmulSparseZeros); b's check and copy (matmulPanelsFinite, in parts of b's rows) and the
// pairing (matmulSparsePairs) are the job's first blocks, which the product's blocks wait for
// (threads/worker.ts), so a worker does them while the caller runs its task beside the workers (the
// next batch's rows) or takes a part itself. A thread that waits for a look block about 0.1 ms makes
// it too (its holder may have lost its core to another process, for milliseconds, where the caller
// had made the whole look itself before): the same values written twice. The same decisions from
// the same values: the same bits.

/**
 * Whether op(a)[m, k] (a is [k, m] when transposed) has zeros enough for a product over its
 * non-zero values (matmulSparse's first look): at least MIN_ZEROS of the values in every
 * (rows / SAMPLE_ROWS)-th stored row, and at least a tile of rows.
 */
export function matmulSparseZeros(a: usize, m: i32, k: i32, transA: bool): bool {
  // below a tile of rows the dense product reads both operands in place (Note [thin products]) and
  // takes about what looking at b alone would (bench/notes.md, MIN_ZEROS)
  if (m < matmulTileRows()) return false;
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
  return <f64>count >= MIN_ZEROS * <f64>seen;
}

/**
 * Whether rows p0..p1 of b[k, n] are all finite, so that skipping 0 · b changes nothing (Note
 * [zeros in A]); when `panels` is not 0 (64-byte aligned, {@link matmulPanelBytes} bytes) they are
 * copied there in panels as they are checked (Note [b checked as it is copied]).
 */
export function matmulPanelsFinite(panels: usize, b: usize, k: i32, n: i32, p0: i32, p1: i32): bool {
  return panels != 0 ? copyPanelsFinite(panels, b, k, n, p0, p1) : allFinite(b + <usize>p0 * <usize>(n << 2), (p1 - p0) * n) != 0;
}

/**
 * 2 when pairing the rows of a[m, k] (not transposed) pays, else 1 (matmulSparse's last look): the
 * first PAIR_SAMPLE rows paired as a chunk, against the same rows in pairs as they come (Note
 * [pairing rows]); all of them, into `order` when not 0, for the blocks of a product of one chunk
 * (Note [pairs made once]). `scratch` holds SPARSE_SCRATCH_BYTES.
 */
export function matmulSparsePairs(a: usize, m: i32, k: i32, n: i32, scratch: usize, order: usize): i32 {
  const whole = order != 0 && m <= PAIR_CHUNK;
  const sampled = whole ? m : min(PAIR_SAMPLE, m);
  const masks = scratch + MASKS_AT, keys = scratch + KEYS_AT;
  const paired = pairRows(a, <usize>k * 4, 4, k, 0, sampled, masks, keys, whole ? order : scratch + ORDER_AT);
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

/**
 * Rows i0..i1 of out[m, n] = op(a)[m, k] · b[k, n] (a is [k, m] when transposed; b is not), summed
 * over op(A)'s non-zero values only (Note [zeros in A]), two rows at a time (Note [sparse row pairs]),
 * paired a chunk at a time (Note [pairing rows]); `scratch` holds {@link matmulScratchBytes} bytes.
 * `panels` is b copied in panels of 16 columns for all of the product's blocks ({@link matmulPanels}),
 * or 0: then a block of COPY_ROWS rows or more copies it into its scratch, after the lists (Note
 * [b in panels]). `order`, when not 0 (or omitted) for a paired product of at most PAIR_CHUNK rows,
 * is its rows paired once for all its blocks by {@link matmulSparse}: the block is then places
 * i0..i1 of it (Note [pairs made once]).
 */
export function matmulSparseRows(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool,
  paired: bool, scratch: usize, i0: i32, i1: i32, panels: usize, order: usize): void {
  const aRow = <usize>(transA ? 4 : k * 4);
  const aStep = <usize>(transA ? m * 4 : 4);
  const bRow = <usize>(n * 4);
  // b as the lists and the column loops read it: in place (rows sRow bytes apart, panel 0), or
  // copied in panels of 16 columns, `panel` bytes each, a row of a panel 64 bytes (Note [b in panels])
  let bs = b, sRow = bRow, panel: usize = 0;
  if (panels != 0 || inPanels(n, k, i1 - i0)) {
    bs = panels != 0 ? panels : copyPanels(scratch + <usize>COPY_AT, b, k, n);
    sRow = 64;
    panel = <usize>k * 64;
  }
  const masks = scratch + MASKS_AT, keys = scratch + KEYS_AT, ends = scratch + ENDS_AT;
  const once = pairedOnce(paired, order, m);
  for (let r0 = i0; r0 < i1; r0 += PAIR_CHUNK) {
    const r1 = min(i1, r0 + PAIR_CHUNK);
    const rows = r1 - r0;
    // the chunk's rows in the order they are summed: pairs (2t, 2t + 1), a last odd row alone
    const ord = once ? order + (<usize>r0 << 2) : scratch + ORDER_AT;
    // places r0..r1 of the product's pairing as it is (Note [pairs made once]), or this chunk's own
    if (!once && paired) pairRows(a, aRow, aStep, k, r0, r1, masks, keys, ord);
    else if (!once) for (let t = 0; t < rows; t++) store<i32>(ord + (<usize>t << 2), r0 + t);
    // a KC slice of b (KC rows) at a time for every row of the chunk, so that it stays in L2
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const acc = pc > 0;
      let t = 0;
      // two rows at a time over the union of their non-zero values, LIST_PAIRS pairs at a time
      // (Note [pairs by columns]): their lists, then 16 columns at a time of each, then 8 and 4
      while (t + 2 <= rows) {
        const pairs = min(LIST_PAIRS, (rows - t) >> 1);
        for (let q = 0; q < pairs; q++) {
          const at = ord + (<usize>(t + 2 * q) << 2);
          const end = listOf(true, a, aRow, aStep, load<i32>(at), load<i32>(at, 4), pc, kc, sRow, scratch + <usize>(q * LIST_BYTES));
          store<u32>(ends + (<usize>q << 2), <u32>end);
        }
        let j = 0;
        for (; j + 16 <= n; j += 16) pairsColumns(4, out, ord, t, pairs, ends, columnsAt(bs, panel, j), j, n, bRow, scratch, acc);
        if (j + 8 <= n) { pairsColumns(2, out, ord, t, pairs, ends, bs, j, n, bRow, scratch, acc); j += 8; }
        for (; j < n; j += 4) pairsColumns(1, out, ord, t, pairs, ends, bs, j, n, bRow, scratch, acc);
        t += 2 * pairs;
      }
      // a last row alone: 24 columns at a time (b in place: 24 columns span two panels), then 16, 8
      // and 4 (Note [sparse registers]); groups of 8 and 4 are left only where b is in place
      if (t < rows) {
        const i = load<i32>(ord + (<usize>t << 2));
        const o = out + <usize>i * bRow;
        const end = listOf(false, a, aRow, aStep, i, i, pc, kc, sRow, scratch);
        let j = 0;
        if (panel == 0) for (; j + 24 <= n; j += 24) columns(6, o, bs, j, n, scratch, end, acc);
        for (; j + 16 <= n; j += 16) columns(4, o, columnsAt(bs, panel, j), j, n, scratch, end, acc);
        if (j + 8 <= n) { columns(2, o, bs, j, n, scratch, end, acc); j += 8; }
        for (; j < n; j += 4) columns(1, o, bs, j, n, scratch, end, acc);
      }
    }
  }
}

// whether a block of a product's places i0..i1 sums the rows at those places of the pairing
// matmulSparse left in `order` (Note [pairs made once]), not rows i0..i1
// @ts-ignore: decorator
@inline function pairedOnce(paired: bool, order: usize, m: i32): bool {
  return paired && order != 0 && m <= PAIR_CHUNK;
}

/**
 * A layer's bias and activation (asm/bias.ts's biasActivation, forward code `op`) on the rows of
 * z[m, n] that a block of places i0..i1 of {@link matmulSparseRows} (same m, paired and order)
 * summed, into the same rows of y, right after the block: the rows at those places of the pairing
 * when it was made once, else rows i0..i1 (Note [bias in the product's blocks] in threads/pool.ts).
 * Each row is computed by the same code as in one call over z: the same bits.
 */
export function matmulSparseBias(op: i32, y: usize, z: usize, bias: usize, m: i32, n: i32, paired: bool, order: usize, i0: i32, i1: i32): void {
  const row = <usize>(n << 2);
  if (!pairedOnce(paired, order, m)) {
    biasActivation(op, y + <usize>i0 * row, z + <usize>i0 * row, bias, i1 - i0, n);
    return;
  }
  for (let t = i0; t < i1; t++) {
    const at = <usize>load<i32>(order + (<usize>t << 2)) * row;
    biasActivation(op, y + at, z + at, bias, 1, n);
  }
}

/**
 * Whether the rows of z[m, n] that a block of places i0..i1 of {@link matmulSparseRows} (same m,
 * paired and order) summed are all finite (Note [checks in the product's blocks] in threads/pool.ts).
 */
export function matmulSparseFinite(z: usize, m: i32, n: i32, paired: bool, order: usize, i0: i32, i1: i32): bool {
  const row = <usize>(n << 2);
  if (!pairedOnce(paired, order, m)) return allFinite(z + <usize>i0 * row, (i1 - i0) * n) != 0;
  for (let t = i0; t < i1; t++) if (allFinite(z + <usize>load<i32>(order + (<usize>t << 2)) * row, n) == 0) return false;
  return true;
}

// Note [b in panels]: each entry of a list reads the line of b's row that holds a group of 16
// columns. In place, a b whose rows are a multiple of 64 floats long (256 bytes) put those lines in
// a few of L1's 64 sets: 1 KiB apart (n = 256, W4's first layer), in 4 sets of 8 lines, 32 of the KC
// rows a group's lists walk, so that nearly every entry read its line from L2; b was then copied
// with one line more a row (bench/notes.md, Note [b's rows apart]). It is now copied in panels of 16
// columns instead, each k rows of 64 bytes (one line a row): a group's walk over a KC slice stays in
// one 32 KiB panel, lines in increasing order, every set used, a few pages (1088-byte rows spread
// it over 136). A layer's products run 1–4 % faster than with the rows apart (bench/notes.md, Note
// [b in panels]). All of b's k rows are copied once a call and the lists' offsets count in panel
// rows (64 bytes); columnsAt gives the column loops their group's panel. The copy costs about what
// 40 rows' sums gain, so only a block of COPY_ROWS rows or more copies b, where the copy fits the
// scratch; on the threads, the caller copies b once for all the blocks of a product of COPY_ROWS
// rows or more (matmulPanelBytes, matmulPanels), where the pool's shared area has room. The same
// values in the same order: the same bits.

/** Whether a block of `rows` rows of a product over op(A)'s non-zero values reads b from a copy in panels (Note [b in panels]). */
// @ts-ignore: decorator
@inline function inPanels(n: i32, k: i32, rows: i32): bool {
  return (n & 63) == 0 && rows >= COPY_ROWS && <i64>k * <i64>(n * 4) <= <i64>(matmulScratchBytes() - COPY_AT - 64);
}

// b[k, n] (n a multiple of 16) copied to the first 64-byte boundary from `at` in panels of 16
// columns (copyPanelsFinite); returns where the copy starts
// @ts-ignore: decorator
@inline function copyPanels(at: usize, b: usize, k: i32, n: i32): usize {
  const dst = (at + 63) & ~63;
  copyPanelsFinite(dst, b, k, n, 0, k);
  return dst;
}

// Note [b checked as it is copied]: a product over non-zero values needs b all finite (Note [zeros
// in A]): a pass over all of b on the caller before the threads start. One on the threads also
// has b copied in panels on the caller (Note [b in panels]), a second pass over b: together a few
// percent of a W1 step on two threads (bench/notes.md, Note [b checked as it is copied]). Given
// the copy's area, matmulSparse makes the copy as it checks, one pass instead of two: each
// value's v − v is added to a sum, as allFinite does, which is NaN when one is NaN or ±∞. A b
// found not finite leaves the product dense, its copy unused.

// Note [pairs made once]: the threads share a product over non-zero values in blocks of rows, and
// each block paired its own rows: a training batch of 128 rows in the `guided` way's blocks of 16
// to 32 rows paired few candidates, its lists longer than the batch's paired whole, and
// matmulSparse paired its first 64 rows besides, to decide. Given room for the order, matmulSparse
// pairs a product of at most PAIR_CHUNK rows whole, decides on that, and leaves the pairing there;
// a block of places i0..i1 sums the rows at those places of it (pairs at even places; a block
// ending at an odd place sums its last row alone, the next block that row's partner alone), so
// each row is summed once whatever the blocks (bench/notes.md, Note [pairs made once]). A row's
// sum is the same whatever its partner (Note [pairing rows] in asm/sparse-pairs.ts).

// rows p0..p1 of b[k, n] (n a multiple of 16) copied to `at` (64-byte aligned) in panels of 16
// columns, panel q holding columns 16q..16q + 16 of every row, 64 bytes a row (Note [b in panels]);
// whether every value copied is finite (Note [b checked as it is copied])
function copyPanelsFinite(at: usize, b: usize, k: i32, n: i32, p0: i32, p1: i32): bool {
  const row = <usize>(n * 4), panel = <usize>k * 64;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let p = p0; p < p1; p++) {
    const src = b + <usize>p * row;
    let d = at + (<usize>p << 6);
    for (let j: usize = 0; j < row; j += 64, d += panel) {
      const v0 = v128.load(src + j), v1 = v128.load(src + j, 16), v2 = v128.load(src + j, 32), v3 = v128.load(src + j, 48);
      v128.store(d, v0);
      v128.store(d, v1, 16);
      v128.store(d, v2, 32);
      v128.store(d, v3, 48);
      s0 = f32x4.add(s0, f32x4.sub(v0, v0));
      s1 = f32x4.add(s1, f32x4.sub(v1, v1));
      s2 = f32x4.add(s2, f32x4.sub(v2, v2));
      s3 = f32x4.add(s3, f32x4.sub(v3, v3));
    }
  }
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3) == 0;
}

// what the column loops (which add j·4 bytes for column j) take as b for columns j..: b in place
// (panel 0), or the panel of column j (a multiple of 16: b in panels has n a multiple of 64) less
// those bytes (Note [b in panels])
// @ts-ignore: decorator
@inline function columnsAt(bs: usize, panel: usize, j: i32): usize {
  return panel == 0 ? bs : bs + <usize>(j >> 4) * panel - <usize>(j << 2);
}

/**
 * Bytes of a copy of b[k, n] in panels for all the blocks of a product of m rows over op(A)'s
 * non-zero values ({@link matmulPanels}; Note [b in panels]); 0 when b is read in place (its rows
 * not a multiple of 64 floats) or the product has fewer than COPY_ROWS rows.
 */
export function matmulPanelBytes(m: i32, k: i32, n: i32): i32 {
  if ((n & 63) != 0 || m < COPY_ROWS) return 0;
  const bytes = <i64>k * <i64>(n * 4) + 64;
  return bytes > <i64>i32.MAX_VALUE ? 0 : <i32>bytes;
}

/** Copies b[k, n] into `area` ({@link matmulPanelBytes} bytes) in panels of 16 columns, 64 bytes a row; returns where the copy starts. */
export function matmulPanels(area: usize, b: usize, k: i32, n: i32): usize {
  return copyPanels(area, b, k, n);
}

// Note [pairs by columns]: the b rows one pair's list reads, 16 columns of each, are 28 KiB for a
// pair of Fashion-MNIST images, and all of a KC slice of b for all its groups of columns: taken a
// pair at a time, a slice of b that does not fit L2 (a 784 × 256 W1's, 512 KiB, on a Zen 3) was read
// again from L3 for every pair. With the lists of LIST_PAIRS pairs made first, each group of columns
// is summed for all of them in turn, while its lines of b are in L1 or L2. Each pair's sums are the
// same terms in the same order.

// pairColumns(w, ...) at columns j of each of the `pairs` pairs from order[t..], whose lists are at
// scratch + q·LIST_BYTES and end where `ends` says
// @ts-ignore: decorator
@inline function pairsColumns(w: i32, out: usize, order: usize, t: i32, pairs: i32, ends: usize, b: usize, j: i32, n: i32,
  bRow: usize, scratch: usize, acc: bool): void {
  for (let q = 0; q < pairs; q++) {
    const at = order + (<usize>(t + 2 * q) << 2);
    const o = out + <usize>load<i32>(at) * bRow, o2 = out + <usize>load<i32>(at, 4) * bRow;
    pairColumns(w, o, o2, b, j, n, scratch + <usize>(q * LIST_BYTES), <usize>load<u32>(ends + (<usize>q << 2)), acc);
  }
}
