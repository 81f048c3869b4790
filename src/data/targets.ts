/**
 * Reading the target column: class indices for classification, numbers for regression.
 */
import { cellError, columnIndex, type Table } from './table.js';
import { classLookup } from './task.js';

/**
 * The target column's cells; an empty cell is an error at its FILE:LINE:COL.
 *
 * @param table the table
 * @param target the target column's name
 * @example
 * ```ts
 * targetCells(iris, 'species')[0]; // 'setosa'
 * ```
 */
export function targetCells(table: Table, target: string): string[] {
  const j = columnIndex(table, target);
  return table.rows.map((row, i) => {
    if (row[j] === '') throw cellError(table, i, j, `empty cell in the target column ${JSON.stringify(target)}`, 'fill in the value or remove the row');
    return row[j];
  });
}

/**
 * The class index of each row; a label that is not one of `classes` is an error at its place.
 *
 * @param table the table
 * @param target the target column's name
 * @param classes the classes in order (see `classOrder`)
 * @returns `[rows]` indices into `classes`
 * @example
 * ```ts
 * classIndices(iris, 'species', ['setosa', 'versicolor', 'virginica'])[0]; // 0
 * ```
 */
export function classIndices(table: Table, target: string, classes: readonly string[]): Int32Array {
  const j = columnIndex(table, target);
  const cells = targetCells(table, target);
  const lookup = classLookup(classes);
  const out = new Int32Array(cells.length);
  cells.forEach((label, i) => {
    const k = lookup(label);
    if (k < 0) {
      throw cellError(table, i, j, `unknown class ${JSON.stringify(label)} in column ${JSON.stringify(target)}`, `the classes are: ${classes.join(', ')}`);
    }
    out[i] = k;
  });
  return out;
}
