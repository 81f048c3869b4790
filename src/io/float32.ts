/**
 * The shortest decimal that reads back to the same float32, computed with a few double
 * operations instead of formatting and parsing up to nine candidates (Note [shortest float32]).
 */

// Note [shortest float32]: the definition, and the slow path, is the search: for p = 1..9 take
// the nearest p-digit decimal D_p of f (toPrecision: ties to the larger digits) and keep the first
// with fround(Number(D_p)) === f. The fast path decides the same question with arithmetic:
// x = |f| · 10^k in [1e8, 1e9) holds f's first nine digits before the point and its error is a
// few 1e-7 (two roundings of relative 2^-53), so with unit = 10^(9 − p), D_p = round(x / unit) ·
// unit, and D_p round-trips exactly when it lies inside f's rounding interval: below f within
// half the gap to the float32 below, above f within half the gap to the one above (a power of two
// has a gap below half the one above). Reading D_p as a double first (Number) moves it by at most
// half a double ulp (scaled: < 3e-7), so wherever a distance lies within MARGIN of the interval's
// edge, of a rounding tie, or x of its range's ends, the answer could go either way in the last
// bits: that number takes the slow path (about 1 in 10^5 of random floats). The value returned
// is n · 10^e computed in one correctly rounded operation, as Number(string) would be.

/** Distances this close (in units of f's ninth digit) to a decision are left to the slow path. */
const MARGIN = 1e-5;
/** Powers of ten exact in float64: 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

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
  if (!shortestDigits(f)) return shortestBySearch(f);
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
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return 'null';
  if (f === 0) return '0';
  if (!shortestDigits(f)) return String(shortestBySearch(f));
  let n = found.digits;
  let e = found.exponent;
  while (n % 10 === 0) {
    n /= 10;
    e++;
  }
  const text = numberText(String(n), e);
  return f < 0 ? `-${text}` : text;
}

/** The ASCII code of '0'; the bytes written are those of {@link float32Text}. */
const ZERO = 48;

/**
 * Writes {@link float32Text}`(x)` as ASCII bytes into `out` at `at`, without making a string
 * (a weight matrix is written a row at a time into one buffer).
 *
 * @param out room for at least 16 bytes from `at`
 * @returns the position after the last byte written
 * @example
 * ```ts
 * const bytes = new Uint8Array(16);
 * new TextDecoder().decode(bytes.subarray(0, writeFloat32Text(bytes, 0, 0.1))); // '0.1'
 * ```
 */
export function writeFloat32Text(out: Uint8Array, at: number, x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0 || !shortestDigits(f)) return writeAscii(out, at, float32Text(f));
  let n = found.digits | 0; // at most 9 digits: an int32
  let e = found.exponent;
  while (n % 10 === 0) {
    n = (n / 10) | 0;
    e++;
  }
  if (f < 0) out[at++] = 45; // '-'
  let k = 1;
  while (k < 10 && n >= POW10[k]) k++;
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

/** The `count` last decimal digits of n (leading zeros included), at `at`. */
function writeDigits(out: Uint8Array, at: number, n: number, count: number): number {
  for (let i = count - 1; i >= 0; i--) {
    const q = (n / 10) | 0;
    out[at + i] = ZERO + n - q * 10;
    n = q;
  }
  return at + count;
}

function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}

/** How Number.prototype.toString writes digits·10^e (ECMA-262 Number::toString, radix 10). */
function numberText(digits: string, e: number): string {
  const k = digits.length;
  const point = k + e; // the value is 0.digits × 10^point
  if (k <= point && point <= 21) return digits + '0'.repeat(point - k);
  if (0 < point && point <= 21) return `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (-6 < point && point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  const exp = point - 1;
  const mantissa = k === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${mantissa}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** The definition: the first p whose nearest p-digit decimal rounds back to f. */
function shortestBySearch(f: number): number {
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** The answer of {@link shortestDigits}: |the decimal| = digits · 10^exponent. */
const found = { digits: 0, exponent: 0 };

/**
 * Finds the search's answer for a finite non-zero f by arithmetic and puts it in `found`; false
 * where it is too close to call (then the search decides).
 */
function shortestDigits(f: number): boolean {
  const a = Math.abs(f);
  float[0] = f;
  const b = bits[0];
  const e2 = ((b >>> 23) & 0xff) - 127;
  // ⌊log10 a⌋ is ⌊e2 · log10 2⌋ or one more for a normal float (one step below puts it right)
  let k = e2 > -127 ? 8 - Math.floor(e2 * LOG10_2) : 8 - Math.floor(Math.log10(a));
  let x = scale(a, k);
  if (x >= 1e9) x = scale(a, --k);
  else if (x < 1e8) x = scale(a, ++k);
  if (x - 1e8 < MARGIN || 1e9 - x < MARGIN) return false;
  bits[0] = b - 1;
  const down = scale(a - Math.abs(float[0]), k) / 2; // half the gap to the float32 nearer zero
  bits[0] = b + 1;
  // the largest float32's upper neighbour is 2^128, where rounding to Infinity starts
  const above = (b & 0x7fffffff) === 0x7f7fffff ? 2 ** 128 : Math.abs(float[0]);
  const up = scale(above - a, k) / 2;
  if (down !== up) {
    for (let p = 1; p <= 9; p++) {
      const r = decide(x, p, down, up);
      if (r !== FAILS) return r === FITS && keep(x, p, k);
    }
    return false;
  }
  // Note [fewest digits first]: the nearest p-digit decimal is never farther from f than the
  // nearest (p−1)-digit one (those are p-digit decimals too), so with the same gap on both sides
  // "it rounds back" holds from some p on: found by halving [1, 9] in 3 or 4 tries, not 8 or 9
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = decide(x, mid, down, up);
    if (r === CLOSE) return false;
    if (r === FITS) hi = mid;
    else lo = mid + 1;
  }
  return decide(x, hi, down, up) === FITS && keep(x, hi, k);
}

const FITS = 1;
const FAILS = 0;
const CLOSE = -1;
/** log10(2), a little low, so that ⌊e2 · LOG10_2⌋ never exceeds ⌊log10 2^e2⌋. */
const LOG10_2 = 0.30102999566;

/** Whether the nearest p-digit decimal to x rounds back to f (FITS or FAILS), or CLOSE: too close to call. */
function decide(x: number, p: number, down: number, up: number): number {
  const unit = POW10[9 - p];
  const d = Math.round(x / unit) * unit - x;
  const distance = Math.abs(d);
  const half = d < 0 ? down : up;
  if (Math.abs(distance - unit / 2) < MARGIN || Math.abs(distance - half) < MARGIN) return CLOSE;
  return distance < half ? FITS : FAILS;
}

/** Puts the nearest p-digit decimal to x (= |f| · 10^k) in `found`. */
function keep(x: number, p: number, k: number): boolean {
  found.digits = Math.round(x / POW10[9 - p]);
  found.exponent = 9 - p - k;
  return true;
}

/** a · 10^k, rounded once when 10^|k| is exact (k within ±22), else twice. */
function scale(a: number, k: number): number {
  if (k >= 0) return k <= 22 ? a * POW10[k] : a * POW10[22] * POW10[k - 22];
  return -k <= 22 ? a / POW10[-k] : a / POW10[22] / POW10[-k - 22];
}

/** n · 10^e correctly rounded, as Number(`${n}e${e}`): one IEEE operation on exact operands is. */
function times10(n: number, e: number): number {
  if (e > 22 || e < -22) return Number(`${n}e${e}`);
  return e >= 0 ? n * POW10[e] : n / POW10[-e];
}
