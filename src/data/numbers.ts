/**
 * Reading numbers from text cells, and deciding whether a column is numeric or categorical.
 *
 * Note [column kind]: a column is numeric when more than half of its non-empty cells look like
 * numbers (finite ones, or `NaN`/`Infinity`/`inf`); otherwise it is categorical. So a numeric
 * column with one typo ("n/a", "12..5") is not silently turned into categories: reading it as
 * numbers reports the bad cell at FILE:LINE:COL. A column where every cell is a finite number is
 * always numeric.
 */

/** What a text cell holds: a finite number, a non-finite one, nothing, or other text. */
export type CellKind = 'number' | 'non-finite' | 'empty' | 'text';

/** Whether a column holds numbers or categories; see Note [column kind]. */
export type ColumnKind = 'numeric' | 'categorical';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Classifies one (trimmed) cell; only plain decimal notation counts as a number (not `0x10`).
 *
 * @param cell the cell's text
 * @example
 * ```ts
 * cellKind('2.5e3'); // 'number'
 * cellKind('NaN');   // 'non-finite' (so is '1e999', which overflows)
 * cellKind('');      // 'empty'
 * cellKind('abc');   // 'text'
 * ```
 */
export function cellKind(cell: string): CellKind {
  if (cell === '') return 'empty';
  if (DECIMAL.test(cell)) return Number.isFinite(Number(cell)) ? 'number' : 'non-finite';
  return NON_FINITE.test(cell) ? 'non-finite' : 'text';
}

/**
 * Decides whether cells form a numeric or a categorical column (see Note [column kind]).
 *
 * @param cells the column's cells
 * @example
 * ```ts
 * columnKind(['1', '2.5', 'n/a']); // 'numeric' (and 'n/a' will be reported when read)
 * columnKind(['red', 'blue']);     // 'categorical'
 * ```
 */
export function columnKind(cells: readonly string[]): ColumnKind {
  return kindOfCells(cells.map((c) => [c]), 0);
}

/**
 * {@link columnKind} of column j of some rows.
 *
 * @param rows rows of cells
 * @param j the column
 * @example
 * ```ts
 * kindOfCells([['1', 'a'], ['2', 'b']], 1); // 'categorical'
 * ```
 */
export function kindOfCells(rows: readonly (readonly string[])[], j: number): ColumnKind {
  let numeric = 0;
  let filled = 0;
  for (const row of rows) {
    const kind = cellKind(row[j]);
    if (kind === 'empty') continue;
    filled++;
    if (kind !== 'text') numeric++;
  }
  return numeric * 2 > filled || filled === 0 ? 'numeric' : 'categorical';
}

/** Powers of ten exact in float64: 10^0 … 10^22. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Whether the last number {@link readDecimal} read is written as JavaScript writes it
 * (`String(Number(cell)) === cell`), so its text need not be kept.
 */
export const lastDecimal = { canonical: false };

/**
 * Reads a plain decimal (`-12.5`, `3e-2`) from `s[a, b)` exactly as `Number` does, without making
 * a string: NaN when the text is something else or needs more than 15 significant digits or an
 * exponent beyond ±22 (Note [fast decimals]); then `cellKind` and `Number` decide.
 *
 * Note [fast decimals]: a decimal of at most 15 significant digits is an exact integer m in
 * float64 and 10^e is exact for |e| ≤ 22, so m · 10^e or m / 10^−e is one correctly rounded
 * operation: the same double Number() gives (Clinger's fast path). Trailing zeros are not digits
 * (`1.500000000000000000e+00` is m = 15, e = −1).
 *
 * @param s the text
 * @param a where the cell starts
 * @param b where it ends
 * @example
 * ```ts
 * readDecimal('x,0.25,y', 2, 6); // 0.25
 * ```
 */
export function readDecimal(s: string, a: number, b: number): number {
  let i = a;
  let canonical = true;
  let negative = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    canonical = negative;
    c = s.charCodeAt(++i);
  }
  let m = 0;
  let digits = 0; // significant digits in m
  let pending = 0; // zeros seen after m's last digit
  let any = false;
  const integerStart = i;
  while (i < b && c >= 48 && c <= 57) {
    any = true;
    if (c !== 48) {
      digits += pending + 1;
      if (digits > 15) return NaN;
      m = m * POW10[pending + 1] + (c - 48);
      pending = 0;
    } else if (m !== 0) pending++;
    c = s.charCodeAt(++i);
  }
  const integerDigits = i - integerStart;
  if (integerDigits > 1 && s.charCodeAt(integerStart) === 48) canonical = false; // 007
  let exponent = pending;
  if (i < b && c === 46) {
    const point = i;
    c = s.charCodeAt(++i);
    if (integerDigits === 0) canonical = false; // .5
    let lastNonZero = 0;
    while (i < b && c >= 48 && c <= 57) {
      any = true;
      if (c !== 48) {
        digits += pending + 1;
        if (digits > 15) return NaN;
        m = m * POW10[pending + 1] + (c - 48);
        pending = 0;
        lastNonZero = i - point;
      } else if (m !== 0) pending++;
      c = s.charCodeAt(++i);
    }
    if (i - point === 1 || s.charCodeAt(i - 1) === 48) canonical = false; // 1. or 1.50
    if (lastNonZero > 0) exponent = -lastNonZero;
  }
  if (!any) return NaN;
  if (i < b && (c === 101 || c === 69)) {
    canonical = false;
    c = s.charCodeAt(++i);
    let sign = 1;
    if (c === 45 || c === 43) {
      sign = c === 45 ? -1 : 1;
      c = s.charCodeAt(++i);
    }
    let e = 0;
    const start = i;
    while (i < b && c >= 48 && c <= 57 && e < 1000) {
      e = e * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    if (i === start) return NaN;
    exponent += sign * e;
  }
  if (i !== b) return NaN;
  if (m === 0) {
    lastDecimal.canonical = canonical && !negative && integerDigits === 1 && b - a === 1; // only "0"
    return negative ? -0 : 0;
  }
  if (exponent > 22 || exponent < -22) return NaN;
  const v = exponent >= 0 ? m * POW10[exponent] : m / POW10[-exponent];
  lastDecimal.canonical = canonical && v >= 1e-6 && v < 1e21;
  return negative ? -v : v;
}
