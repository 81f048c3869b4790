/** How the page writes numbers: a few significant digits, a real minus sign, brackets in products. */

const MINUS = '−';

/** A number with `digits` significant digits (0.000123 → 1.23e−4, 52300 → 52300, −1.8 → −1.8). */
export function num(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e6 || a < 1e-3 ? a.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e').replace('e-', `e${MINUS}`) : String(Number(a.toPrecision(digits)));
  return v < 0 ? `${MINUS}${text}` : text;
}

/** A factor in a written product: negatives in brackets, so (−1.8)·(−1.1) reads as it should. */
export function factor(v: number, digits = 3): string {
  const text = num(v, digits);
  return v < 0 ? `(${text})` : text;
}

/** A term after + in a written sum: `+ 0.2` or `− 0.2`. */
export function plusTerm(text: string, v: number): string {
  return v < 0 ? `${MINUS} ${text.replace(MINUS, '')}` : `+ ${text}`;
}

/** A loss: four decimals, or significant digits below 0.001 (a loss of 4e−5 is not 0.0000). */
export function lossText(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return v === 0 || v >= 1e-3 ? v.toFixed(4) : num(v, 3);
}

/** A value in a target's units, grouped in thousands (52,300) with sensible decimals. */
export function inUnits(v: number): string {
  if (!Number.isFinite(v)) return num(v);
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 1 ? 2 : 4;
  return v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).replace('-', MINUS);
}
