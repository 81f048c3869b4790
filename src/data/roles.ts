/**
 * What each column of a table is for, decided before anything is fitted (Note [column roles]):
 * the target, a feature, or left out as an id, a column of too many distinct texts,
 * an empty column, or because the caller said so.
 *
 * Note [column roles]: a column whose values are unique per row (text, or integers counting the
 * rows: each one more than the row before, 10 rows or more) names rows rather than describing
 * them: it is an `id`, left out. A date
 * column (Note [date features]) is used as numbers. A text column with more distinct values than
 * half its rows (and more than 10), or more than {@link MAX_CATEGORIES}, would be one input per value, mostly seen
 * once: it is left out (`high-cardinality`) unless named in `features`. A column with one value
 * stays a feature: it costs one input and tells nothing, but leaving it out would change a
 * table's layout (the 8×8 digits have pixels that are 0 in every image). A column named in `features` is used whatever it looks like (a date still as a date).
 */
import type { DataColumn } from './columns.js';
import { NumericColumn, TextColumn } from './columns.js';
import { dateFormatOf, type DateFormat } from './dates.js';
import { DataError } from './errors.js';
import { closestName } from './names.js';
import { cellKind } from './numbers.js';
import { resolveTarget, type ColumnTable } from './table.js';
import { MAX_CATEGORIES } from './targets.js';
import { FEW_VALUES } from './task.js';

/** What a column holds. */
export type ColumnType = 'numeric' | 'text' | 'date' | 'empty';
/** What a column is used for (Note [column roles]). */
export type ColumnRole = 'target' | 'feature' | 'id' | 'high-cardinality' | 'empty' | 'ignored';

/** One column's type, role and counts. */
export interface ColumnPlan {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: ColumnRole;
  /** Cells that are blank or a missing-value marker. */
  readonly missing: number;
  /** Cells of a numeric column that are text or not finite (used as missing). */
  readonly invalid: number;
  /** Distinct filled values. */
  readonly distinct: number;
  /** A date column's format. */
  readonly dateFormat?: DateFormat;
  /** Why this role, in words (empty for a plain feature or the target). */
  readonly reason: string;
}

/** What {@link planColumns} may be told. */
export interface ColumnOptions {
  /** The target column (default the last column). */
  readonly target?: string;
  /** Columns to leave out. */
  readonly ignore?: readonly string[];
  /** The only columns to use as features, used whatever their look (Note [column roles]). */
  readonly features?: readonly string[];
}

const HIGH_SHARE = 0.5;
const DATE_SAMPLE = 1000;

function distinctFilled(c: DataColumn, rows: number): number {
  if (c instanceof TextColumn) return c.texts.reduce((n, s) => n + (cellKind(s, c.markers) === 'empty' ? 0 : 1), 0);
  const seen = new Set<number>();
  for (let i = 0; i < rows; i++) {
    const v = c.value(i);
    if (v === v) seen.add(v);
  }
  return seen.size;
}

function typeOf(c: DataColumn, rows: number): { type: ColumnType; dateFormat?: DateFormat } {
  if (c.counts.empty === rows) return { type: 'empty' };
  if (c.kind === 'numeric') return { type: 'numeric' };
  const texts = c instanceof TextColumn ? c.texts : Array.from({ length: Math.min(rows, DATE_SAMPLE) }, (_, i) => c.text(i));
  const filled = texts.filter((s) => cellKind(s, c.markers) !== 'empty').slice(0, DATE_SAMPLE);
  const dateFormat = dateFormatOf(filled);
  return dateFormat ? { type: 'date', dateFormat } : { type: 'text' };
}

/** Whether a numeric column counts rows: integers going up by one from row to row, no cell missing, at least 10 rows. */
function isSequence(c: DataColumn, rows: number): boolean {
  if (!(c instanceof NumericColumn) || rows < 10) return false;
  const v = c.values;
  if (!Number.isInteger(v[0])) return false;
  for (let i = 1; i < rows; i++) if (v[i] !== v[i - 1] + 1) return false;
  return true;
}

const n = (x: number): string => x.toLocaleString('en-US');

function roleOf(c: DataColumn, rows: number, type: ColumnType, distinct: number, named: boolean): { role: ColumnRole; reason: string } {
  if (type === 'empty') return { role: 'empty', reason: 'every cell is missing' };
  if (type === 'date' || named) return { role: 'feature', reason: '' };
  if (type === 'text' && distinct === rows && rows > 1) return { role: 'id', reason: 'a different text in every row' };
  if (type === 'numeric' && isSequence(c, rows)) return { role: 'id', reason: 'the integers of a sequence, one per row' };
  if (type === 'text' && ((distinct > HIGH_SHARE * rows && distinct > FEW_VALUES) || distinct > MAX_CATEGORIES)) {
    const why = distinct > MAX_CATEGORIES ? `over ${n(MAX_CATEGORIES)}` : `over half the ${n(rows)} rows`;
    return { role: 'high-cardinality', reason: `${n(distinct)} distinct texts (${why}), each seen about ${+(rows / distinct).toFixed(1)} times` };
  }
  return { role: 'feature', reason: '' };
}

/**
 * Checks that names given by an option are columns of the table; a misspelt name gets the
 * closest column name as a suggestion.
 *
 * @param table the table
 * @param names the names given
 * @param option the option, for the message (e.g. `--ignore`)
 * @throws DataError naming the first unknown name
 * @example
 * ```ts
 * checkNames(table, ['sepal_lenght'], '--ignore'); // throws '...; did you mean "sepal_length"? ...'
 * ```
 */
export function checkNames(table: Pick<ColumnTable, 'source' | 'columns'>, names: readonly string[], option: string): void {
  for (const name of names) {
    if (table.columns.includes(name)) continue;
    const near = closestName(name, table.columns);
    throw new DataError({
      file: table.source,
      problem: `${option} names ${JSON.stringify(name)}, which is not a column${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`,
      fix: `the columns are: ${table.columns.join(', ')}`,
      expected: `one of ${table.columns.join(', ')}`,
      received: name,
    });
  }
}

/**
 * Decides each column's type and role (Note [column roles]).
 *
 * @param table the table (every row: roles describe the columns, not a split)
 * @param options target, `ignore` and `features`
 * @returns one entry per column, in the table's order
 * @throws DataError for an unknown name in target, ignore or features (with "did you mean")
 * @example
 * ```ts
 * planColumns(table, { target: 'weather' }).filter((c) => c.role === 'id'); // e.g. a row number
 * ```
 */
export function planColumns(table: ColumnTable, options: ColumnOptions = {}): ColumnPlan[] {
  const target = resolveTarget(table, options.target);
  const ignore = new Set(options.ignore ?? []);
  const features = options.features ? new Set(options.features) : undefined;
  checkNames(table, [...ignore], '--ignore');
  if (features) checkNames(table, [...features], '--features');
  const rows = table.rowCount;
  return table.columns.map((name, j) => {
    const c = table.column(j);
    const { type, dateFormat } = typeOf(c, rows);
    const distinct = distinctFilled(c, rows);
    const invalid = c.kind === 'numeric' ? c.counts.text + c.counts['non-finite'] : 0;
    const base = { name, type, missing: c.counts.empty, invalid, distinct, ...(dateFormat ? { dateFormat } : {}) };
    if (name === target) return { ...base, role: 'target', reason: '' };
    if (ignore.has(name)) return { ...base, role: 'ignored', reason: 'left out by --ignore' };
    if (features && !features.has(name)) return { ...base, role: 'ignored', reason: 'not named in --features' };
    return { ...base, ...roleOf(c, rows, type, distinct, features !== undefined) };
  });
}
