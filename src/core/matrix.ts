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
      // a plain loop: findIndex's callback per value took a second on Fashion-MNIST's 47M values
      const d = m.data;
      for (let i = 0; i < d.length; i++) {
        const v = d[i];
        if (v - v !== 0) throw valueError(where, Math.floor(i / m.cols), i % m.cols, v); // NaN or ±Infinity
      }
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
