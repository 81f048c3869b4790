import { ArgumentError, describe as describeValue } from './errors.js';

/** Rows of numbers: `number[][]`, or a flat Float32Array with its row and column counts. */
export type MatrixLike = readonly (readonly number[])[] | { readonly data: Float32Array; readonly rows: number; readonly cols: number };

/** A flat row-major matrix. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Converts rows of numbers into a flat float32 matrix, checking every row has `cols` values; with
 * `finite`, also that every value is a finite number (training data: a NaN would only show up
 * later as a diverged loss).
 */
export function toMatrix(x: MatrixLike, where: string, cols?: number, finite = false): Matrix {
  if (!Array.isArray(x)) {
    const m = x as Matrix;
    if (cols !== undefined && m.cols !== cols) throw widthError(where, cols, m.cols, 0);
    if (finite) {
      const i = firstNonFinite(m.data);
      if (i >= 0) throw valueError(where, Math.floor(i / m.cols), i % m.cols, m.data[i]);
    }
    return m;
  }
  const rows = x as readonly (readonly number[])[];
  const width = cols ?? (rows[0]?.length ?? 0);
  const m = { data: new Float32Array(rows.length * width), rows: rows.length, cols: width };
  fillRows(m, rows, 0, rows.length, where, finite);
  return m;
}

/**
 * Rows `from..to` of `rows` into `m.data`, checked as {@link toMatrix} checks them; a part of a
 * conversion, so that fitAsync can give the event loop turns between parts.
 */
export function fillRows(m: Matrix, rows: readonly (readonly number[])[], from: number, to: number, where: string, finite: boolean): void {
  const { data, cols: width } = m;
  for (let i = from; i < to; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) {
      throw new ArgumentError(`${where}: row ${i} is ${describeValue(row)}, not an array of ${width || 'some'} numbers; give each row as an array, e.g. [[5.1, 3.5], [4.9, 3]] (one feature: [[5.1], [4.9]])`, {
        where: `${where}[${i}]`, expected: 'an array of numbers', received: describeValue(row),
      });
    }
    if (row.length !== width) throw widthError(where, width, row.length, i);
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (finite && !(typeof v === 'number' && Number.isFinite(v))) throw valueError(where, i, j, v);
      data[i * width + j] = v;
    }
  }
}

/**
 * The index of the first NaN or ±Infinity in `d`, or -1. Note [finite by blocks]: v·0 is 0 for a
 * finite v and NaN for the others, so a block's sums of v·0 stay 0 unless it holds one; four sums
 * (independent additions) and one branch a block instead of a compare and branch a value, and only
 * a block whose sums are not 0 is searched value by value (bench/notes.md, "finite check").
 */
function firstNonFinite(d: Float32Array): number {
  const BLOCK = 4096;
  for (let start = 0; start < d.length; start += BLOCK) {
    const end = Math.min(start + BLOCK, d.length);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      s0 += d[i] * 0;
      s1 += d[i + 1] * 0;
      s2 += d[i + 2] * 0;
      s3 += d[i + 3] * 0;
    }
    for (; i < end; i++) s0 += d[i] * 0;
    if (s0 + s1 + s2 + s3 !== 0) {
      for (let j = start; j < end; j++) if (d[j] - d[j] !== 0) return j;
    }
  }
  return -1;
}

function valueError(where: string, row: number, column: number, v: unknown): ArgumentError {
  const fix = typeof v === 'string' ? 'convert text to numbers first (Number(), or Preprocessor for categories)' : 'remove or fill in that row (NaN often comes from an empty or non-numeric field)';
  return new ArgumentError(`${where}: row ${row}, column ${column} is ${describeValue(v)}; expected a finite number: ${fix}`, {
    where: `${where}[${row}][${column}]`, expected: 'a finite number', received: describeValue(v),
  });
}

function widthError(where: string, expected: number, received: number, row: number): ArgumentError {
  return new ArgumentError(`${where}: row ${row} has ${received} values, expected ${expected}`, {
    where: `${where}[${row}]`, expected: `${expected} values`, received: `${received}`,
  });
}

/** Splits a flat matrix back into rows of numbers. */
export function toRows(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from({ length: cols }, (_, j) => data[i * cols + j]));
  return out;
}

/**
 * The rows `idx` of a matrix, in that order, as a new matrix: `[rows, cols] → [idx.length, cols]`;
 * with `out`, `from` and `to`, only rows `from..to` of the result, written into `out`.
 *
 * @example
 * ```ts
 * takeRows({ data: Float32Array.of(1, 2, 3, 4), rows: 2, cols: 2 }, [1]); // { data: [3, 4], rows: 1, cols: 2 }
 * ```
 */
export function takeRows(m: Matrix, idx: ArrayLike<number>, out = { data: new Float32Array(idx.length * m.cols), rows: idx.length, cols: m.cols }, from = 0, to = idx.length): Matrix {
  const { data } = out;
  for (let i = from; i < to; i++) data.set(m.data.subarray(idx[i] * m.cols, (idx[i] + 1) * m.cols), i * m.cols);
  return out;
}

/** Rows as plain objects, one field per column: `[{ size: 3, colour: 'red' }, …]`. */
export type Records = readonly Readonly<Record<string, unknown>>[];

/**
 * Whether rows are records (plain objects) rather than arrays of numbers.
 *
 * @example
 * ```ts
 * isRecords([{ a: 1 }]); // true
 * isRecords([[1]]);      // false
 * ```
 */
export function isRecords(x: unknown): x is Records {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null && !Array.isArray(x[0]) && !ArrayBuffer.isView(x[0]);
}
