/**
 * Reading numbers from text cells, and deciding whether a column is numeric or categorical.
 *
 * Note [column kind]: a column is numeric when more than half of its non-empty cells look like
 * numbers (finite ones, or `NaN`/`Infinity`/`inf`); otherwise it is categorical. So a numeric
 * column with one typo ("n/a", "12..5") is not silently turned into categories: reading it as
 * numbers reports the bad cell at FILE:LINE:COL. A column where every cell is a finite number is
 * always numeric.
 */
import { cellError, columnIndex, type Table } from './table.js';

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
  let numeric = 0;
  let filled = 0;
  for (const cell of cells) {
    const kind = cellKind(cell);
    if (kind === 'empty') continue;
    filled++;
    if (kind !== 'text') numeric++;
  }
  return numeric * 2 > filled || filled === 0 ? 'numeric' : 'categorical';
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
export function numericCell(table: Table, row: number, column: number): number {
  const cell = table.rows[row][column];
  const kind = cellKind(cell);
  if (kind === 'number') return Number(cell);
  const name = JSON.stringify(table.columns[column]);
  if (kind === 'empty') {
    throw cellError(table, row, column, `empty cell in column ${name}`, 'fill in a value or remove the row');
  }
  if (kind === 'non-finite') {
    throw cellError(table, row, column, `${JSON.stringify(cell)} in column ${name} is not a finite number`, 'replace it with a number or remove the row');
  }
  throw cellError(table, row, column, `${JSON.stringify(cell)} in numeric column ${name} is not a number`, 'write a plain number such as 3.5 or -2e-3, or remove the row');
}

/**
 * Reads a whole column as numbers; any empty, non-finite or text cell is an error at its place.
 *
 * @param table the table
 * @param name the column name (an unknown name is an error listing the columns)
 * @returns one number per row: `[rows]`
 * @example
 * ```ts
 * numericColumn(iris, 'sepal_length')[0]; // 5.1
 * ```
 */
export function numericColumn(table: Table, name: string): Float64Array {
  const j = columnIndex(table, name);
  const out = new Float64Array(table.rows.length);
  for (let i = 0; i < out.length; i++) out[i] = numericCell(table, i, j);
  return out;
}
