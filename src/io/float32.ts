/**
 * The shortest decimal that reads back to the same float32, found in one pass over its digits
 * instead of formatting and parsing up to nine candidates (Note [shortest float32]).
 */

// Note [shortest float32]: the definition is the search: for p = 1..9 take the nearest p-digit
// decimal D_p of f (toPrecision: ties to the larger digits) and keep the first that reads back,
// fround(Number(D_p)) === f, which is how every reader (JSON.parse, then a Float32Array) reads it.
// The fast path finds the same p without trying each one, as Ryu and Schubfach do:
// - Scale: x = |f| · 10^k in [1e8, 1e9) is m · C with f's 24-bit significand m and C = 2^e · 10^k
//   taken from a table by f's exponent, so x holds f's first nine digits before the point.
// - Reading back: f's neighbours lie `gap` units of m away on both sides, except below a power of
//   two (half as far); the decimals that read back to f are those inside (x − h, x + h), h = gap · C / 2.
// - Fewest digits: with the same h on both sides, the nearest multiple of 10^j to x is inside as
//   soon as any multiple is, and a multiple of 10^(j+1) is one of 10^j; so j, the number of digits
//   dropped, is how many times dividing ⌊x + h⌋ and ⌊x − h⌋ by ten keeps them apart (integers,
//   as Ryu's loop), and the answer is x rounded to a multiple of 10^j: p = 9 − j.
// x, C and h are doubles with relative error below 2^-52, a few 1e-7 of a unit of x; wherever an
// edge of the interval, or a rounding tie, or x's range's ends lie within MARGIN of a decision,
// that number (about 1 in 10^4 of random floats) is left to the search, which also decides what
// a reader's double rounding would do there. Powers of two (asymmetric gaps) take the search
// once per exponent and keep its answer.

/** Distances this close (in units of x's last digit) to a decision are left to the search. */
const MARGIN = 1e-5;
/** Powers of ten exact in float64: 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

/** By the exponent of f's leading bit (−149 … 127, stored from 0): k, 2^(e − 23) · 10^k, and the same for k − 1. */
const SCALE_K = new Int16Array(277);
const SCALE = new Float64Array(277);
const SCALE_BELOW = new Float64Array(277);
for (let e = -149; e <= 127; e++) {
  const two = 2 ** (e - 23); // an exact power of two
  let k = 8 - Math.floor(e * Math.LOG10E * Math.LN2);
  while (2 ** 23 * two * Number(`1e${k}`) >= 1e9) k--;
  while (2 ** 23 * two * Number(`1e${k}`) < 1e8) k++;
  SCALE_K[e + 149] = k;
  SCALE[e + 149] = two * Number(`1e${k}`); // 10^k correctly rounded, times 2^(e − 23) exactly
  SCALE_BELOW[e + 149] = two * Number(`1e${k - 1}`);
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
  shortestDigits(f);
  const v = times10(found.digits, found.exponent);
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

/** The ASCII code of '0'; the bytes written are those of {@link float32Text}. */
const ZERO = 48;

/**
 * Writes {@link float32Text}`(x)` as ASCII bytes into `out` at `at`, without making a string
 * (a weight matrix is written a row at a time into one buffer).
 *
 * @param out room for at least 22 bytes from `at` ("-100000000000000000000")
 * @returns the position after the last byte written
 * @example
 * ```ts
 * const bytes = new Uint8Array(22);
 * new TextDecoder().decode(bytes.subarray(0, writeFloat32Text(bytes, 0, 0.1))); // '0.1'
 * ```
 */
export function writeFloat32Text(out: Uint8Array, at: number, x: number): number {
  const f = Math.fround(x);
  if (f === 0) {
    out[at] = ZERO;
    return at + 1;
  }
  if (!Number.isFinite(f)) {
    out.set(NULL, at);
    return at + 4;
  }
  shortestDigits(f);
  let n = found.digits | 0; // at most 10^9: an int32
  let e = found.exponent;
  let k = found.count;
  if (n === POW10[k]) {
    n = 1; // x rounded up to the next power of ten
    e += k;
    k = 1;
  }
  while (n % 10 === 0) {
    n = (n / 10) | 0;
    e++;
    k--;
  }
  if (f < 0) out[at++] = 45; // '-'

  // the layouts of Number.prototype.toString (ECMA-262 Number::toString): the value is 0.digits × 10^point
  const point = k + e;
  if (k <= point && point <= 21) {
    at = writeDigits(out, at, n, k);
    for (let i = k; i < point; i++) out[at++] = ZERO;
    return at;
  }
  if (0 < point && point <= 21) {
    writeDigits(out, at, (n / POW10[k - point]) | 0, point);
    out[at + point] = 46; // '.'
    return writeDigits(out, at + point + 1, n % POW10[k - point], k - point);
  }
  if (-6 < point && point <= 0) {
    out[at++] = ZERO;
    out[at++] = 46;
    for (let i = point; i < 0; i++) out[at++] = ZERO;
    return writeDigits(out, at, n, k);
  }
  at = writeDigits(out, at, (n / POW10[k - 1]) | 0, 1);
  if (k > 1) {
    out[at++] = 46;
    at = writeDigits(out, at, n % POW10[k - 1], k - 1);
  }
  out[at++] = 101; // 'e'
  const exp = point - 1;
  out[at++] = exp < 0 ? 45 : 43;
  const a = Math.abs(exp);
  return writeDigits(out, at, a, a >= 10 ? 2 : 1);
}

const NULL = new Uint8Array([110, 117, 108, 108]);

/** The `count` last decimal digits of n (an int32; leading zeros included), at `at`, two at a time. */
function writeDigits(out: Uint8Array, at: number, n: number, count: number): number {
  let i = at + count;
  while (i - at >= 2) {
    const q = (n / 100) | 0; // int32 division by a constant: a multiply and a shift
    const r = (n - q * 100) << 1;
    out[--i] = PAIRS[r + 1];
    out[--i] = PAIRS[r];
    n = q;
  }
  if (i > at) out[at] = ZERO + n - ((n / 10) | 0) * 10;
  return at + count;
}

/** "00", "01", … "99" as ASCII pairs. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : ((i >> 1) / 10) | 0));

/** The answer for |f|: digits · 10^exponent, digits written with `count` digits (10^count when x rounded up to it). */
const found = { digits: 0, exponent: 0, count: 0 };
/** The search's answers for the powers of two, by biased exponent (digits NaN: not asked yet). */
const POW2_DIGITS = new Float64Array(256).fill(NaN);
const POW2_EXPONENT = new Int16Array(256);
const POW2_COUNT = new Int8Array(256);

/** Puts the shortest decimal of a finite non-zero f in `found` (Note [shortest float32]). */
function shortestDigits(f: number): void {
  float[0] = f;
  const b = bits[0] & 0x7fffffff;
  const biased = b >>> 23;
  let m = b & 0x7fffff;
  let e = biased - 127; // the exponent of m's leading bit
  let gap = 1; // the distance to both neighbours, in units of m
  if (biased === 0) {
    // a subnormal: its significand shifted up to 24 bits, its neighbours as far apart as before
    const shift = Math.clz32(m) - 8;
    m <<= shift;
    gap = 2 ** shift;
    e = -126 - shift;
  } else if (m === 0 && biased > 1) {
    powerOfTwo(biased);
    return;
  } else {
    m |= 0x800000;
  }
  let k = SCALE_K[e + 149];
  let c = SCALE[e + 149];
  let x = m * c;
  if (x >= 1e9) {
    c = SCALE_BELOW[e + 149];
    x = m * c;
    k--;
  }
  const h = (gap * c) / 2;
  const hi = x + h;
  const lo = x - h;
  let top = hi | 0; // below 1.5e9: an int32
  let bottom = lo | 0; // the interval's integers are bottom + 1 … top
  let digits = x | 0;
  const fraction = x - digits;
  if (x - 1e8 < MARGIN || 1e9 - x < MARGIN || near(hi - top) || near(lo - bottom) || near(fraction)) {
    bySearch(Math.abs(f));
    return;
  }
  // drop digits while a multiple of ten times the unit is inside: each dropped from x's digits too
  let j = 0;
  let dropped = 0; // the last digit dropped
  for (;;) {
    const t = (top / 10) | 0; // int32 divisions by a constant: a multiply and a shift
    const u = (bottom / 10) | 0;
    if (t <= u) break; // no multiple of 10^(j+1) inside
    top = t;
    bottom = u;
    const d = (digits / 10) | 0;
    dropped = digits - d * 10;
    digits = d;
    j++;
  }
  // rounding x to a multiple of 10^j: with digits dropped, x's fraction makes a tie impossible
  if (j === 0 && Math.abs(fraction - 0.5) < MARGIN) {
    bySearch(Math.abs(f));
    return;
  }
  found.digits = (j === 0 ? fraction > 0.5 : dropped >= 5) ? digits + 1 : digits;
  found.count = 9 - j;
  found.exponent = j - k;
}

/** Whether a fraction in [0, 1) is within MARGIN of an integer. */
function near(fraction: number): boolean {
  return fraction < MARGIN || fraction > 1 - MARGIN;
}

function powerOfTwo(biased: number): void {
  if (Number.isNaN(POW2_DIGITS[biased])) {
    bits[0] = biased << 23;
    bySearch(float[0]);
    POW2_DIGITS[biased] = found.digits;
    POW2_EXPONENT[biased] = found.exponent;
    POW2_COUNT[biased] = found.count;
  }
  found.digits = POW2_DIGITS[biased];
  found.exponent = POW2_EXPONENT[biased];
  found.count = POW2_COUNT[biased];
}

/** The definition: the first p whose nearest p-digit decimal of a > 0 reads back to a, into `found`. */
function bySearch(a: number): void {
  for (let p = 1; p <= 9; p++) {
    const text = a.toPrecision(p);
    if (Math.fround(Number(text)) !== a && p < 9) continue;
    // "1.25e-7", "0.000125", "125.5": the digits without the point, and where the point goes
    const [mantissa, power = '0'] = text.split('e');
    const point = mantissa.indexOf('.');
    const digits = mantissa.replace('.', '');
    found.digits = Number(digits);
    found.count = digits.length;
    found.exponent = Number(power) - (point < 0 ? 0 : mantissa.length - point - 1);
    return;
  }
}

/** n · 10^e correctly rounded, as Number(`${n}e${e}`): one IEEE operation on exact operands is. */
function times10(n: number, e: number): number {
  if (e > 22 || e < -22) return Number(`${n}e${e}`);
  return e >= 0 ? n * POW10[e] : n / POW10[-e];
}
