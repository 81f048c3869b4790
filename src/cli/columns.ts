/**
 * `--ignore COLS`: columns of a data file left out of a model's features.
 */
import { columnIndex, type ColumnTable } from '../data/index.js';
import { UsageError } from './errors.js';

/**
 * Parses `--ignore a,b`: column names separated by commas.
 *
 * @example
 * ```ts
 * columnList('species, id'); // ['species', 'id']
 * ```
 */
export function columnList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The table without the ignored columns (keeping line numbers for error messages).
 *
 * @param name the file or dataset name, for errors
 * @throws UsageError for a column the table does not have, or when none would be left
 * @example
 * ```ts
 * withoutColumns(table, ['species'], 'iris.csv').columns; // the four measurements
 * ```
 */
export function withoutColumns(table: ColumnTable, ignore: readonly string[] | undefined, name: string): ColumnTable {
  if (!ignore || ignore.length === 0) return table;
  const unknown = ignore.filter((c) => !table.columns.includes(c));
  if (unknown.length > 0) {
    throw new UsageError(`--ignore: ${name} has no column ${unknown.map((c) => JSON.stringify(c)).join(', ')}; its columns are: ${table.columns.join(', ')}`);
  }
  const kept = table.columns.filter((c) => !ignore.includes(c));
  if (kept.length === 0) throw new UsageError(`--ignore leaves no column of ${name} to learn from; ignore fewer columns`);
  const idx = kept.map((c) => columnIndex(table, c));
  return { source: table.source, columns: kept, rowCount: table.rowCount, column: (j) => table.column(idx[j]), line: (i) => table.line(i) };
}
