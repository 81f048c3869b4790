/**
 * The shortest decimal that reads back to the same float32, found from its bits in one step per
 * number instead of formatting and parsing up to nine candidates (Note [shortest float32]), and
 * written as ASCII bytes.
 */

// Note [shortest float32]: the definition is the search: for p = 1..9 take the nearest p-digit
// decimal D_p of f (toPrecision: ties to the larger digits) and keep the first that reads back,
// fround(Number(D_p)) === f, which is how every reader (JSON.parse, then a Float32Array) reads it.
// The fast path finds the same decimal without trying each p, as Schubfach does:
// - Scale: f's neighbours are one unit of its significand m away (2^(b − 150), b the biased
//   exponent; subnormals are spaced as b = 1), so with k chosen per exponent to put
//   C = 2^(b − 150) · 10^k in [1, 10), x = |f| · 10^k = m · C and the decimals that read back to f
//   are the x' in (x − C/2, x + C/2): an interval at least 1 and less than 10 wide.
// - Fewest digits: fewer digits means a coarser unit 10^j. The interval holds an integer (it is
//   at least 1 wide, and x's nearest one is inside) and at most one multiple of 10 (less than 10
//   wide). If it holds one, M, every multiple of 10^j inside (j ≥ 1) is M, so the answer is M with
//   its trailing zeros dropped; if not, it is x rounded to an integer. D_p is the nearest p-digit
//   decimal, and with the same C/2 on both sides the nearest multiple of a unit is inside as soon
//   as any is: the same answer as the search.
// - Integers: after the one multiply x = m · C, the decisions are on int32s (⌊x + C/2⌋ / 10,
//   dividing by a constant: a multiply and a shift) and comparisons. x has relative error below
//   2^-52 (C is 10^k rounded once, times an exact power of two), under 1e-7 of a unit; wherever an
//   end of the interval at a multiple of 10, or a rounding tie that matters, lies within MARGIN,
//   the number is left to the search, which also decides what a reader's double rounding does
//   there: about 2 in 10^5 weights-like values, 0.8 % of random bit patterns (mostly between 2^11
//   and 2^36, where x often falls exactly on a tie or an end). Powers of two (their lower
//   neighbour is half as far) take the search once per exponent and keep its answer. A 64-bit
//   integer multiply (Ryu's tables) would take four 32-bit products in JavaScript; the double
//   multiply is one instruction, its error bounded.

/** Distances this close (in units of x) to a decision are left to the search. */
const MARGIN = 1e-5;
/** Powers of ten exact in float64: 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);
/** The ASCII code of '0'. */
const ZERO = 48;

/** By biased exponent (0 … 254, the subnormals' 0 spaced as 1): k, and C = 2^(b − 150) · 10^k in [1, 10). */
const SCALE_K = new Int16Array(255);
const SCALE = new Float64Array(255);
for (let b = 0; b < 255; b++) {
  const unit = 2 ** (Math.max(b, 1) - 150); // an exact power of two
  let k = -Math.floor(Math.log10(unit));
  while (unit * Number(`1e${k}`) >= 10) k--;
  while (unit * Number(`1e${k}`) < 1) k++;
  SCALE_K[b] = k;
  SCALE[b] = unit * Number(`1e${k}`); // 10^k correctly rounded, times 2^(b − 150) exactly
}

/** Of the decimal {@link decimalOf} found last: its significant digits, and where its point goes (0.d1d2… × 10^point). */
let count = 0;
let point = 0;

/**
 * The nine digits d1…d9 (an int32; zeros after the `count` significant ones) of the shortest
 * decimal 0.d1d2…d9 × 10^point of the finite non-zero float32 whose bits without the sign are
 * `a`; `count` and `point` are set (Note [shortest float32]).
 */
function decimalOf(a: number): number {
  const b = a >>> 23;
  const fraction = a & 0x7fffff;
  if (fraction === 0 && b > 1) return powerOfTwo(b);
  const c = SCALE[b];
  const x = (fraction | (((b + 255) >> 8) << 23)) * c; // the leading bit but for subnormals (b = 0)
  const h = c * 0.5;
  const hi = x + h;
  const lo = x - h;
  const top = hi | 0; // below 1.7e8: int32s
  const bottom = lo | 0;
  const r = x + 0.5;
  const d = r | 0; // x rounded
  // an edge of the interval near an integer, or x near a tie
  if ((near(hi - top) || near(lo - bottom) || near(r - d)) && decides(lo, hi, r)) return bySearch(a);
  const t = (top / 10) | 0;
  const inside = (bottom - t * 10) >>> 31; // 1 when t · 10 > lo: a multiple of 10 inside
  let n = (d + inside * (t - d)) | 0; // t, or d (then not a multiple of 10: that would have been t · 10)
  const full = (inside * 9 * t + n) | 0; // the decimal in units of x: t · 10 or d
  const all = digitCount(full);
  point = all - SCALE_K[b];
  let digits = all - inside;
  for (let q = (n / 10) | 0; q * 10 === n; q = (n / 10) | 0) {
    n = q;
    digits--;
  }
  count = digits;
  return (full * POW10I[9 - all]) | 0;
}

/** Whether a fraction in [0, 1) is within MARGIN of an integer. */
function near(fraction: number): boolean {
  return fraction < MARGIN || fraction > 1 - MARGIN;
}

/**
 * Whether the answer depends on where an interval end near an integer lies (only if that integer
 * is a multiple of 10), or on rounding x near a tie (only if no multiple of 10 is inside).
 */
function decides(lo: number, hi: number, r: number): boolean {
  const ends = (v: number): boolean => Math.abs(v - Math.round(v)) < MARGIN && Math.round(v) % 10 === 0;
  if (ends(lo) || ends(hi)) return true;
  return near(r - Math.floor(r)) && !(Math.floor(hi / 10) * 10 - lo > MARGIN);
}

/** The decimal digits of n, an int32 ≥ 1 (by its bit length, without a branch). */
function digitCount(n: number): number {
  const g = ((32 - Math.clz32(n)) * 1233) >> 12; // ⌊bits · log10(2)⌋: the count or one less
  return g + 1 - ((n - POW10I[g]) >>> 31);
}

/** 10^0 … 10^9 as int32s. */
const POW10I = Int32Array.from({ length: 10 }, (_, i) => 10 ** i);

/** The search's answers for the powers of two by biased exponent: the nine digits (0: not asked yet), count and point. */
const POW2_DIGITS = new Int32Array(255);
const POW2_COUNT = new Int8Array(255);
const POW2_POINT = new Int16Array(255);

function powerOfTwo(b: number): number {
  if (POW2_DIGITS[b] === 0) {
    POW2_DIGITS[b] = bySearch(b << 23);
    POW2_COUNT[b] = count;
    POW2_POINT[b] = point;
  }
  count = POW2_COUNT[b];
  point = POW2_POINT[b];
  return POW2_DIGITS[b];
}

/** The definition: the first p whose nearest p-digit decimal of the float32 with bits `a` (> 0) reads back, as {@link decimalOf} gives it. */
function bySearch(a: number): number {
  const f = new Float32Array(new Uint32Array([a]).buffer)[0];
  for (let p = 1; p <= 9; p++) {
    const text = f.toPrecision(p);
    if (Math.fround(Number(text)) !== f && p < 9) continue;
    // "1.25e-7", "0.000125", "125.5": the digits without the point, and where the point goes
    const [mantissa, power = '0'] = text.split('e');
    const dot = mantissa.indexOf('.');
    const all = mantissa.replace('.', '');
    const lead = all.length - all.replace(/^0+/, '').length;
    const digits = all.slice(lead).replace(/0+$/, '');
    count = digits.length;
    point = Number(power) + (dot < 0 ? mantissa.length : dot) - lead;
    return Number(digits) * POW10I[9 - count];
  }
  return 0; // not reached: p = 9 always returns
}

/**
 * The shortest decimal that reads back to the same float32: of the nearest 1- to 9-significant-
 * digit decimals of `x` (9 always suffice), the shortest that rounds to the same float32.
 *
 * @param x any number; it is first rounded to float32
 * @returns that decimal as a number (NaN, ±Infinity and ±0 as they are)
 * @example
 * ```ts
 * shortestFloat32(Math.fround(0.1)); // 0.1, not 0.10000000149011612
 * ```
 */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  float[0] = f;
  const nine = decimalOf(bits[0] & 0x7fffffff);
  // n · 10^e correctly rounded, as Number(`${n}e${e}`): one IEEE operation on exact operands is
  const n = nine / POW10I[9 - count];
  const e = point - count;
  const v = e > 22 || e < -22 ? Number(`${n}e${e}`) : e >= 0 ? n * POW10[e] : n / POW10[-e];
  return f < 0 ? -v : v;
}

/**
 * The JSON text of {@link shortestFloat32}: `float32Text(x) === JSON.stringify(shortestFloat32(x))`
 * for finite x, written from the digits without formatting a double (NaN and ±Infinity give `null`,
 * as JSON.stringify writes them).
 *
 * @param x any number; it is first rounded to float32
 * @example
 * ```ts
 * float32Text(0.1); // '0.1'
 * float32Text(1e-7); // '1e-7'
 * ```
 */
export function float32Text(x: number): string {
  const bytes = new Uint8Array(24);
  return String.fromCharCode(...bytes.subarray(0, writeFloat32Text(bytes, 0, x)));
}

/**
 * Writes {@link float32Text}`(x)` as ASCII bytes into `out` at `at`, without making a string.
 *
 * @param out room for at least 24 bytes from `at` (the text takes up to 22: "-100000000000000000000")
 * @returns the position after the last byte of the text
 * @example
 * ```ts
 * const bytes = new Uint8Array(24);
 * new TextDecoder().decode(bytes.subarray(0, writeFloat32Text(bytes, 0, 0.1))); // '0.1'
 * ```
 */
export function writeFloat32Text(out: Uint8Array, at: number, x: number): number {
  float[0] = x;
  if ((bits[0] & 0x7fffffff) >= 0x7f800000) {
    out.set(NULL, at);
    return at + 4;
  }
  return writeFloat32Row(out, at, bits, 0, 1, false);
}

const NULL = new Uint8Array([110, 117, 108, 108]);

// Note [bytes past the end]: a number is written with fixed stores, whatever its length: "0.0000"
// and all nine digits (those past its last significant digit are left behind, to be overwritten
// by what comes next), four bytes at a time through a DataView; so the only branch that depends
// on the number is its layout, and 24 bytes of room a number cover the writes.

/**
 * Writes the float32 values with bits `values[from … to)` as JSON numbers, separated by ',' (and a
 * space after it when `spaced`), into `out` at `at`: what a row of a weight matrix is written as.
 *
 * @param out room for 24 bytes a value from `at` (Note [bytes past the end]: bytes past the end
 *   returned may have been written)
 * @returns the position after the last byte of the text, or -1 at a NaN or an infinity (JSON has none)
 * @example
 * ```ts
 * const out = new Uint8Array(48);
 * const end = writeFloat32Row(out, 0, new Uint32Array(new Float32Array([0.1, -2]).buffer), 0, 2, true);
 * new TextDecoder().decode(out.subarray(0, end)); // '0.1, -2'
 * ```
 */
export function writeFloat32Row(out: Uint8Array, at: number, values: Uint32Array, from: number, to: number, spaced: boolean): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = from; i < to; i++) {
    const u = values[i];
    const a = u & 0x7fffffff;
    if (a >= 0x7f800000) return -1;
    if (i > from) {
      out[at++] = 44; // ','
      if (spaced) out[at++] = 32;
    }
    if (a === 0) {
      out[at++] = ZERO;
      continue;
    }
    out[at] = 45; // '-', kept when negative
    at += u >>> 31;
    const nine = decimalOf(a);
    // ECMA-262 Number::toString's layouts: "0.000ddd" (most weights) and "d.ddde-7" here, the others in writeLayout
    if (-6 < point && point <= 0) {
      view.setUint32(at, 0x30302e30, true); // "0.00", little-endian
      view.setUint32(at + 4, 0x30303030, true);
      writeNine(out, view, at + 2 - point, nine);
      at += 2 - point + count;
    } else if (point <= -6 || point > 21) {
      // "d.ddde-7", "de+25" (most of Adam's moments)
      writeNine(out, view, at + 1, nine);
      out[at] = out[at + 1];
      out[at + 1] = 46; // '.'
      at += count > 1 ? count + 1 : 1;
      const exp = point - 1;
      out[at] = 101; // 'e'
      out[at + 1] = exp < 0 ? 45 : 43;
      const e = exp < 0 ? -exp : exp;
      const two = (9 - e) >>> 31; // 1 when e has two digits
      out[at + 2] = PAIRS[2 * e + 1 - two];
      out[at + 3] = PAIRS[2 * e + 1];
      at += 3 + two;
    } else {
      at = writeLayout(out, view, at, nine);
    }
  }
  return at;
}

/** Writes `nine` (from {@link decimalOf}, with `count` and `point`, 0 < point ≤ 21) at `at` as "ddd000" or "dd.ddd". */
function writeLayout(out: Uint8Array, view: DataView, at: number, nine: number): number {
  writeNine(out, view, at, nine);
  for (let i = 9; i < point; i++) out[at + i] = ZERO;
  if (count <= point) return at + point;
  out.copyWithin(at + point + 1, at + point, at + count);
  out[at + point] = 46;
  return at + count + 1;
}

/** The nine digits of m (an int32 below 10^9, leading zeros included) at `at`. */
function writeNine(out: Uint8Array, view: DataView, at: number, m: number): void {
  const first = (m / 100000000) | 0; // int32 divisions by constants: a multiply and a shift
  const rest = (m - first * 100000000) | 0;
  const high = (rest / 10000) | 0;
  out[at] = ZERO + first;
  view.setUint32(at + 1, QUADS[high], true);
  view.setUint32(at + 5, QUADS[rest - high * 10000], true);
}

/** "0000", "0001", … "9999" as four ASCII bytes in a little-endian uint32. */
const QUADS = Uint32Array.from({ length: 10000 }, (_, i) => {
  const d = (j: number): number => ZERO + (Math.floor(i / 10 ** (3 - j)) % 10);
  return (d(0) | (d(1) << 8) | (d(2) << 16) | (d(3) << 24)) >>> 0;
});

/** "00", "01", … "99" as ASCII pairs. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : ((i >> 1) / 10) | 0));
