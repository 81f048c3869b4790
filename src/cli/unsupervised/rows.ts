/**
 * Writing the input rows back with columns added (`cluster`, a reconstruction and its error).
 */
import type { ColumnTable, Table } from '../../data/index.js';
import { field, unique } from '../predict.js';

/** Rows of text cells under named columns: a file's rows as they were read. */
export interface Cells {
  readonly columns: readonly string[];
  readonly count: number;
  cell(row: number, column: number): string;
}

/**
 * The cells of a column table (`readUnlabelled`) or of a table of strings (`readEncoded`).
 *
 * @example
 * ```ts
 * cellsOf(table).cell(0, 1); // the second cell of the first row
 * ```
 */
export function cellsOf(t: ColumnTable | Table): Cells {
  if ('rows' in t) return { columns: t.columns, count: t.rows.length, cell: (i, j) => t.rows[i][j] };
  const columns = t.columns.map((_, j) => t.column(j));
  return { columns: t.columns, count: t.rowCount, cell: (i, j) => columns[j].text(i) };
}

/**
 * The CSV text of rows as they were in the file, followed by `extra` columns (a name and one
 * value per row each; a name the file already has gets a `_` appended).
 *
 * @example
 * ```ts
 * rowsCsv(cellsOf(table), [['cluster', ['0', '2', '1']]]);
 * ```
 */
export function rowsCsv(rows: Cells, extra: readonly (readonly [string, readonly string[]])[]): string {
  const names: string[] = [];
  for (const [name] of extra) names.push(unique(name, [...rows.columns, ...names]));
  const lines = [[...rows.columns, ...names].map(field).join(',')];
  for (let i = 0; i < rows.count; i++) {
    lines.push([...rows.columns.map((_, j) => rows.cell(i, j)), ...extra.map(([, values]) => values[i])].map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}
