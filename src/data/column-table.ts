/**
 * Reading a table's columns: any table as typed columns, and numeric cells and columns with an
 * error at the FILE:LINE:COL of a cell that is not a number.
 */
import { NumericColumn, TextColumn, type DataColumn } from './columns.js';
import type { DataError } from './errors.js';
import { cellKind } from './numbers.js';
import type { Records } from '../core/matrix.js';
import { recordsTable } from './json-table.js';
import { cellError, columnIndex, LineIndex, type AnyTable, type ColumnTable, type Table, type TableLike } from './table.js';

const views = new WeakMap<Table, ColumnTable>();

/**
 * A table as typed columns: a {@link ColumnTable} as it is, a {@link Table} of strings converted
 * (once: the result is kept while the table lives), records read as `recordsTable` reads them.
 *
 * @param data any form
 * @example
 * ```ts
 * asColumns(loadDataset('iris')).column(0).value(0); // 5.1
 * ```
 */
export function asColumns(data: TableLike): ColumnTable {
  // records are read anew each time: an array is often changed in place between calls
  if (Array.isArray(data)) return recordsTable(data as Records, 'records');
  const table = data as AnyTable;
  if (!('rows' in table)) return table;
  const known = views.get(table);
  if (known) return known;
  const sealed = table.columns.map((name, j) => TextColumn.fromTexts(name, table.rows.length, (i) => table.rows[i][j]));
  const lines = new LineIndex();
  table.lines.forEach((line, i) => lines.push(i, line));
  const view: ColumnTable = { source: table.source, columns: table.columns, rowCount: table.rows.length, column: (j) => sealed[j], line: (i) => lines.at(i) };
  views.set(table, view);
  return view;
}

/**
 * The error for a cell of a numeric column that is not a finite number, at its FILE:LINE:COL.
 *
 * @param table the table
 * @param row 0-based data row
 * @param j 0-based column index
 * @example
 * ```ts
 * throw notANumber(t, 3, 0); // 'a.csv:5:1: "n/a" in numeric column "x" is not a number; ...'
 * ```
 */
export function notANumber(table: ColumnTable, row: number, j: number): DataError {
  const cell = table.column(j).text(row);
  const name = JSON.stringify(table.columns[j]);
  const kind = cellKind(cell, table.column(j).markers);
  if (cell === '') return cellError(table, row, j, `empty cell in column ${name}`, 'fill in a value or remove the row');
  if (kind === 'empty') return cellError(table, row, j, `missing value ${JSON.stringify(cell)} in column ${name}`, 'fill in a value or remove the row');
  if (kind === 'non-finite') return cellError(table, row, j, `${JSON.stringify(cell)} in column ${name} is not a finite number`, 'replace it with a number or remove the row');
  return cellError(table, row, j, `${JSON.stringify(cell)} in numeric column ${name} is not a number`, 'write a plain number such as 3.5 or -2e-3, or remove the row');
}

/** The first row of column j whose cell is not a finite number, or -1. */
export function firstNonNumber(column: DataColumn): number {
  let first = -1;
  for (const kind of ['empty', 'non-finite', 'text'] as const) {
    const i = column.find(kind);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  return first;
}

/**
 * Reads one cell of a numeric column, or throws an error at its FILE:LINE:COL.
 *
 * @param table the table
 * @param row 0-based data row
 * @param column 0-based column index
 * @example
 * ```ts
 * numericCell(table, 0, 2); // 1.5, or throws 'a.csv:2:3: empty cell in column "x"; ...'
 * ```
 */
export function numericCell(table: AnyTable, row: number, column: number): number {
  const t = asColumns(table);
  const v = t.column(column).value(row);
  if (v !== v) throw notANumber(t, row, column);
  return v;
}

/**
 * Reads a whole column as numbers; any empty, non-finite or text cell is an error at its place.
 *
 * @param table the table
 * @param name the column name (an unknown name is an error listing the columns)
 * @param order the rows to read, in this order (default all): only they must be numbers
 * @returns one number per row: `[rows]` (entry k for row order[k])
 * @example
 * ```ts
 * numericColumn(iris, 'sepal_length')[0]; // 5.1
 * ```
 */
export function numericColumn(table: AnyTable, name: string, order?: ArrayLike<number>): Float64Array {
  const t = asColumns(table);
  const j = columnIndex(t, name);
  const c = t.column(j);
  const all = c instanceof NumericColumn ? c.values : Float64Array.from({ length: t.rowCount }, (_, i) => c.value(i));
  if (!order) {
    const bad = firstNonNumber(c);
    if (bad >= 0) throw notANumber(t, bad, j);
    return all;
  }
  const out = Float64Array.from({ length: order.length }, (_, k) => all[order[k]]);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw notANumber(t, order[bad], j);
  return out;
}
