/**
 * Reading the target column: its classes and their indices for classification, numbers for
 * regression; and the limits on how many distinct values a column may one-hot encode.
 */
import { asColumns } from './column-table.js';
import type { DataColumn } from './columns.js';
import { DataError } from './errors.js';
import { cellError, columnIndex, type AnyTable, type ColumnTable } from './table.js';
import { classLookup, IntegerCounts, numericLabels, type Task } from './task.js';

/** The most classes a target may have (each is an output of the network). */
export const MAX_CLASSES = 1000;
/** The most categories a text feature may have (each is an input of the network). */
export const MAX_CATEGORIES = 1000;

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
export function targetCells(table: AnyTable, target: string): string[] {
  const c = targetColumn(table, target);
  return Array.from({ length: asColumns(table).rowCount }, (_, i) => c.text(i));
}

/**
 * The target column; a column with no value at all is an error (a row without a target is left
 * out of training and evaluation, see `Preprocessor.labelledRows`).
 *
 * @param table the table
 * @param target the target column's name
 * @example
 * ```ts
 * targetColumn(iris, 'species').text(0); // 'setosa'
 * ```
 */
export function targetColumn(table: AnyTable, target: string): DataColumn {
  const t = asColumns(table);
  const j = columnIndex(t, target);
  const c = t.column(j);
  if (c.counts.empty === t.rowCount) {
    throw new DataError({ file: t.source, columnName: target, problem: `the target column ${JSON.stringify(target)} has no values (every cell is missing)`, fix: 'choose another --target' });
  }
  return c;
}

/**
 * The class index of each row; a label that is not one of `classes` is an error at its place.
 *
 * @param table the table
 * @param target the target column's name
 * @param classes the classes in order (see `classOrder`)
 * @param order the rows to read, in this order (default all)
 * @returns `[rows]` indices into `classes` (entry k for row order[k])
 * @example
 * ```ts
 * classIndices(iris, 'species', ['setosa', 'versicolor', 'virginica'])[0]; // 0
 * ```
 */
export function classIndices(table: AnyTable, target: string, classes: readonly string[], order?: ArrayLike<number>): Int32Array {
  const t = asColumns(table);
  const j = columnIndex(t, target);
  const c = targetColumn(t, target);
  const out = new Int32Array(order ? order.length : t.rowCount);
  const row = (k: number) => (order ? order[k] : k);
  if (numericLabels(classes) && c.counts.text === 0 && c.counts['non-finite'] === 0) {
    const index = new Map(classes.map((k, i) => [Number(k), i]));
    for (let k = 0; k < out.length; k++) out[k] = index.get(c.value(row(k))) ?? -1;
  } else {
    const lookup = classLookup(classes);
    for (let k = 0; k < out.length; k++) out[k] = lookup(c.text(row(k)));
  }
  const bad = out.indexOf(-1);
  if (bad >= 0) {
    const label = c.text(row(bad));
    if (c.markers.has(label)) throw cellError(t, row(bad), j, `missing value in the target column ${JSON.stringify(target)}`, 'rows without a target are left out by Preprocessor.labelledRows; encode those rows only');
    throw cellError(t, row(bad), j, `unknown class ${JSON.stringify(label)} in column ${JSON.stringify(target)}`, `the classes are: ${classes.join(', ')}`);
  }
  return out;
}

/**
 * The distinct labels of a column in class order (as `classOrder` orders strings), refused when
 * there are more than {@link MAX_CLASSES}.
 *
 * @param table the table
 * @param target the target column's name
 * @example
 * ```ts
 * classesOf(iris, 'species'); // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export function classesOf(table: AnyTable, target: string): string[] {
  const t = asColumns(table);
  const c = targetColumn(t, target);
  const labels = new Map<string | number, string>();
  const byValue = c.counts.text === 0 && c.counts['non-finite'] === 0;
  for (let i = 0; i < t.rowCount; i++) {
    if (c.markers.has(c.text(i))) continue;
    const key = byValue ? c.value(i) : c.text(i);
    if (!labels.has(key)) {
      labels.set(key, c.text(i));
      if (labels.size > MAX_CLASSES) throw tooManyClasses(t, c, target);
    }
  }
  if (byValue) return [...labels.entries()].sort((a, b) => (a[0] as number) - (b[0] as number)).map(([, s]) => s);
  return [...labels.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function tooManyClasses(t: ColumnTable, c: DataColumn, target: string): DataError {
  const distinct = distinctCount(t, c);
  return new DataError({
    file: t.source,
    problem: `the target column ${JSON.stringify(target)} has ${distinct} distinct values, more than the ${MAX_CLASSES} classes a classifier may have`,
    fix: c.kind === 'numeric' ? 'use --task regression to predict it as a number, or choose another --target' : 'choose another --target, or group its values into fewer classes',
    expected: `at most ${MAX_CLASSES} classes`,
    received: String(distinct),
  });
}

/**
 * How many distinct texts (numeric columns: distinct values) a column has, as words: `"more
 * than 1048576"` past the most a column keeps.
 *
 * @param t the table
 * @param c one of its columns
 * @example
 * ```ts
 * distinctCount(t, t.column(0)); // '100000'
 * ```
 */
export function distinctCount(t: ColumnTable, c: DataColumn): string {
  if (c.distinctOverflow) return `more than ${c.distinct}`;
  if (c.kind !== 'numeric') return String(c.distinct);
  const seen = new Set<number | string>();
  for (let i = 0; i < t.rowCount; i++) {
    const v = c.value(i);
    seen.add(v === v ? v : c.text(i));
  }
  return String(seen.size);
}

/**
 * Infers the task from a target column by Note [task rule] (as `inferTask` does from strings).
 *
 * @param c the target column
 * @example
 * ```ts
 * inferTaskOf(targetColumn(iris, 'species')); // 'classification'
 * ```
 */
export function inferTaskOf(c: DataColumn): Task {
  if (c.kind === 'categorical') return 'classification';
  const counts = new IntegerCounts();
  for (let i = 0; i < c.size; i++) {
    const v = c.value(i);
    if (v === v && !counts.add(v)) return 'regression';
  }
  return counts.task();
}
