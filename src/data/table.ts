/**
 * The table every text data source becomes (a CSV file, a built-in dataset), and helpers to
 * find its columns and cells with errors that say where.
 */
import type { DataColumn } from './columns.js';
import { DataError } from './errors.js';
import { closestName } from './names.js';
import { DELIMITERS, delimiterName } from './csv-tokens.js';
import type { Records } from '../core/matrix.js';

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
 * A table held as typed columns (Note [typed columns] in columns.ts), as large files are read.
 *
 * @example
 * ```ts
 * const t = readCsv('x,label\n1.5,a\n', 'a.csv');
 * t.column(0).value(0); // 1.5
 * ```
 */
export interface ColumnTable {
  /** The file or dataset name used in error messages. */
  readonly source: string;
  /** Column names from the header row, unique and non-empty. */
  readonly columns: readonly string[];
  /** The number of data rows. */
  readonly rowCount: number;
  /** Column j. */
  column(j: number): DataColumn;
  /** The 1-based line in the file where data row i starts. */
  line(i: number): number;
}

/** Either form of a table. */
export type AnyTable = Table | ColumnTable;

/** A table, or records (plain objects, one per row: Note [records] in json-table.ts). */
export type TableLike = AnyTable | Records;

/**
 * The line of each row, kept as the rows where it stops being the previous row's line + 1
 * (a blank line, a quoted line break), so a file of plain lines needs one entry.
 *
 * @example
 * ```ts
 * const l = new LineIndex(); l.push(0, 2); l.push(1, 3); l.push(2, 5); l.at(2); // 5
 * ```
 */
export class LineIndex {
  private readonly rows: number[] = [];
  private readonly lines: number[] = [];

  /** Records that row `row` (rows come in order) starts on `line`. */
  push(row: number, line: number): void {
    const k = this.rows.length - 1;
    if (k < 0 || line - this.lines[k] !== row - this.rows[k]) {
      this.rows.push(row);
      this.lines.push(line);
    }
  }

  /** The line of row i. */
  at(i: number): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.rows[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.lines[lo] + (i - this.rows[lo]);
  }
}

/**
 * When the header read as one column holding a delimiter, the file was read with the wrong one
 * (a `--delimiter` given, or a sniff that found no other): say which it looks like.
 */
function oneColumnHint(columns: readonly string[]): string {
  const d = columns.length === 1 ? DELIMITERS.find((c) => columns[0].includes(c)) : undefined;
  return d === undefined ? '' : ` (one column, whose name holds ${delimiterName(d)} characters: the file looks ${delimiterName(d)}-separated; --delimiter ${delimiterName(d)}, or leave --delimiter out to detect it)`;
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
export function columnIndex(table: { readonly source: string; readonly columns: readonly string[] }, name: string): number {
  const j = table.columns.indexOf(name);
  if (j < 0) {
    const near = closestName(name, table.columns);
    throw new DataError({
      file: table.source,
      problem: `no column named ${JSON.stringify(name)}${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}`,
      fix: `the columns are: ${table.columns.join(', ')}${oneColumnHint(table.columns)}`,
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
export function resolveTarget(table: { readonly source: string; readonly columns: readonly string[] }, target?: string): string {
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
export function cellError(table: AnyTable, row: number, column: number, problem: string, fix: string): DataError {
  const rows = 'rows' in table;
  return new DataError({
    file: table.source,
    line: rows ? table.lines[row] : table.line(row),
    column: column + 1,
    columnName: table.columns[column],
    problem,
    fix,
    received: JSON.stringify(rows ? table.rows[row][column] : table.column(column).text(row)),
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
