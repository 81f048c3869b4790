import { ArgumentError } from './errors.js';

/** Rows of numbers: `number[][]`, or a flat Float32Array with its row and column counts. */
export type MatrixLike = readonly (readonly number[])[] | { readonly data: Float32Array; readonly rows: number; readonly cols: number };

/** A flat row-major matrix. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/** Converts rows of numbers into a flat float32 matrix, checking every row has `cols` values. */
export function toMatrix(x: MatrixLike, where: string, cols?: number): Matrix {
  if (!Array.isArray(x)) {
    const m = x as Matrix;
    if (cols !== undefined && m.cols !== cols) throw widthError(where, cols, m.cols, 0);
    return m;
  }
  const rows = x as readonly (readonly number[])[];
  const width = cols ?? (rows[0]?.length ?? 0);
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) throw widthError(where, width, Array.isArray(row) ? row.length : 0, i);
    for (let j = 0; j < width; j++) data[i * width + j] = row[j];
  });
  return { data, rows: rows.length, cols: width };
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
 * The rows `idx` of a matrix, in that order, as a new matrix: `[rows, cols] → [idx.length, cols]`.
 *
 * @example
 * ```ts
 * takeRows({ data: Float32Array.of(1, 2, 3, 4), rows: 2, cols: 2 }, [1]); // { data: [3, 4], rows: 1, cols: 2 }
 * ```
 */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const data = new Float32Array(idx.length * m.cols);
  for (let i = 0; i < idx.length; i++) data.set(m.data.subarray(idx[i] * m.cols, (idx[i] + 1) * m.cols), i * m.cols);
  return { data, rows: idx.length, cols: m.cols };
}
