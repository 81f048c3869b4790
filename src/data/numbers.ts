/**
 * Reading numbers from text cells, and deciding whether a column is numeric or categorical.
 *
 * Note [column kind]: a column is numeric when more than half of its non-empty cells look like
 * numbers (finite ones, or `NaN`/`Infinity`/`inf`); otherwise it is categorical. So a numeric
 * column with one typo ("n/a", "12..5") is not silently turned into categories: reading it as
 * numbers reports the bad cell at FILE:LINE:COL. A column where every cell is a finite number is
 * always numeric.
 */

/**
 * What a text cell holds: a finite number, a non-finite one, nothing (`empty`: blank or a
 * missing-value marker such as `NA`, Note [missing values]), or other text.
 */
export type CellKind = 'number' | 'non-finite' | 'empty' | 'text';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A number with thousands separators, `3,465` or `-1,234,567.5` (a quoted cell of a comma file). */
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Note [missing values]: a cell is missing when it is blank or one of the markers tables use for
 * "no value": `NA`, `N/A`, `NaN`, `null`, `?` and their usual spellings ({@link MISSING_MARKERS},
 * compared exactly, as pandas does), plus whatever a caller adds (`--na`). A missing cell counts as
 * `empty` everywhere: it decides no column's kind, and preprocessing imputes it.
 */
export const MISSING_MARKERS: readonly string[] = ['NA', 'N/A', 'n/a', '#N/A', '<NA>', 'NaN', 'nan', 'NAN', '-NaN', '-nan', 'null', 'NULL', 'Null', 'None', '?'];

/**
 * The set of texts that mean "missing" (Note [missing values]).
 *
 * @example
 * ```ts
 * new MissingMarkers(['-999']).has('-999'); // true
 * MISSING.has('NA');                       // true
 * ```
 */
export class MissingMarkers {
  private readonly set: Set<string>;
  private readonly longest: number;
  /** The markers, the default ones first. */
  readonly list: readonly string[];
  /** Whether a marker is written as a number (`-999`), so numbers must be checked against them. */
  readonly numeric: boolean;

  /** @param extra markers besides {@link MISSING_MARKERS} (e.g. `--na -999,unknown`) */
  constructor(extra: readonly string[] = []) {
    this.list = [...new Set([...MISSING_MARKERS, ...extra.map((m) => m.trim()).filter((m) => m !== '')])];
    this.set = new Set(this.list);
    this.longest = Math.max(...this.list.map((m) => m.length));
    this.numeric = this.list.some((m) => DECIMAL.test(m));
  }

  /** Whether a trimmed cell is blank or a marker. */
  has(cell: string): boolean {
    return cell === '' || (cell.length <= this.longest && this.set.has(cell));
  }
}

/** The default markers. */
export const MISSING = new MissingMarkers();

/** Whether a column holds numbers or categories; see Note [column kind]. */
export type ColumnKind = 'numeric' | 'categorical';


/**
 * Classifies one (trimmed) cell; only plain decimal notation counts as a number (not `0x10`).
 *
 * @param cell the cell's text
 * @example
 * ```ts
 * cellKind('2.5e3'); // 'number' (so is '3,465', Note [thousands])
 * cellKind('inf');   // 'non-finite' (so is '1e999', which overflows)
 * cellKind('');      // 'empty' (so are 'NA', 'NaN', '?', Note [missing values])
 * cellKind('abc');   // 'text'
 * ```
 * @param markers what counts as missing (default {@link MISSING})
 */
export function cellKind(cell: string, markers: MissingMarkers = MISSING): CellKind {
  if (markers.has(cell)) return 'empty';
  if (DECIMAL.test(cell)) return Number.isFinite(Number(cell)) ? 'number' : 'non-finite';
  if (THOUSANDS.test(cell)) return 'number';
  return NON_FINITE.test(cell) ? 'non-finite' : 'text';
}

/**
 * The number a cell holds: plain decimal, or with thousands separators (Note [thousands]); NaN
 * for anything else.
 *
 * Note [thousands]: `3,465` and `1,234,567.5` (groups of exactly three digits after the first)
 * are numbers with thousands separators, as spreadsheets write them in quoted cells. A decimal
 * comma (`3,5`) is not read as a number: `3,465` would be ambiguous in such a file.
 *
 * @param cell a trimmed cell
 * @example
 * ```ts
 * numberOf('3,465'); // 3465
 * numberOf('2.5');   // 2.5
 * numberOf('n/a');   // NaN
 * ```
 */
export function numberOf(cell: string): number {
  if (DECIMAL.test(cell)) return Number(cell);
  if (THOUSANDS.test(cell)) return Number(cell.replaceAll(',', ''));
  return NaN;
}

/**
 * Decides whether cells form a numeric or a categorical column (see Note [column kind]).
 *
 * @param cells the column's cells
 * @param markers what counts as missing
 * @example
 * ```ts
 * columnKind(['1', '2.5', 'n/a']); // 'numeric' (and 'n/a' will be reported when read)
 * columnKind(['red', 'blue']);     // 'categorical'
 * ```
 */
export function columnKind(cells: readonly string[], markers: MissingMarkers = MISSING): ColumnKind {
  return kindOfCells(cells.map((c) => [c]), 0, markers);
}

/**
 * {@link columnKind} of column j of some rows.
 *
 * @param rows rows of cells
 * @param j the column
 * @param markers what counts as missing
 * @example
 * ```ts
 * kindOfCells([['1', 'a'], ['2', 'b']], 1); // 'categorical'
 * ```
 */
export function kindOfCells(rows: readonly (readonly string[])[], j: number, markers: MissingMarkers = MISSING): ColumnKind {
  let numeric = 0;
  let filled = 0;
  for (const row of rows) {
    const kind = cellKind(row[j], markers);
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
