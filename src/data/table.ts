/**
 * The table every text data source becomes (a CSV file, a built-in dataset), and helpers to
 * find its columns and cells with errors that say where.
 */
import { DataError } from './errors.js';

/**
 * A parsed CSV file: a header and rows of trimmed text cells, with the line each row came from.
 *
 * @example
 * ```ts
 * const t: Table = { source: 'a.csv', columns: ['x', 'y'], rows: [['1', 'a']], lines: [2] };
 * ```
 */
export interface Table {
  /** The file or dataset name used in error messages. */
  source: string;
  /** Column names from the header row, unique and non-empty. */
  columns: string[];
  /** Data rows: `rows[i].length === columns.length`. */
  rows: string[][];
  /** 1-based line in the file where each data row starts: `lines.length === rows.length`. */
  lines: number[];
}

/**
 * Finds a column by name; an unknown name is an error that lists the columns there are.
 *
 * @param table the table
 * @param name the column name
 * @returns the 0-based column index
 * @example
 * ```ts
 * columnIndex(table, 'species'); // 4 for iris
 * ```
 */
export function columnIndex(table: Table, name: string): number {
  const j = table.columns.indexOf(name);
  if (j < 0) {
    throw new DataError({
      file: table.source,
      problem: `no column named ${JSON.stringify(name)}`,
      fix: `the columns are: ${table.columns.join(', ')}`,
      expected: `one of ${table.columns.join(', ')}`,
      received: name,
    });
  }
  return j;
}

/**
 * Picks the target column: the one named, or the last column when none is named.
 *
 * @param table the table
 * @param target the `--target` option, optional
 * @returns the target column's name
 * @example
 * ```ts
 * resolveTarget(iris); // "species"
 * resolveTarget(iris, 'colour'); // throws "iris: no column named "colour"; the columns are: ..."
 * ```
 */
export function resolveTarget(table: Table, target?: string): string {
  if (target === undefined) return table.columns[table.columns.length - 1];
  return table.columns[columnIndex(table, target)];
}

/**
 * Makes the error for one cell, at `FILE:LINE:COL`, naming its column.
 *
 * @param table the table
 * @param row 0-based data row
 * @param column 0-based column index
 * @param problem what is wrong
 * @param fix how to fix it
 * @example
 * ```ts
 * throw cellError(table, 0, 1, 'empty cell in column "age"', 'fill in a value');
 * ```
 */
export function cellError(table: Table, row: number, column: number, problem: string, fix: string): DataError {
  return new DataError({
    file: table.source,
    line: table.lines[row],
    column: column + 1,
    columnName: table.columns[column],
    problem,
    fix,
    received: JSON.stringify(table.rows[row][column]),
  });
}

/**
 * The cells of one column, top to bottom.
 *
 * @param table the table
 * @param name the column name
 * @example
 * ```ts
 * columnValues(iris, 'species').length; // 150
 * ```
 */
export function columnValues(table: Table, name: string): string[] {
  const j = columnIndex(table, name);
  return table.rows.map((row) => row[j]);
}
