/**
 * Fitting one feature on the training rows: its scaling, the value a missing cell takes (the
 * median of a number, the most frequent category, each date part's median) and whether it needs
 * a missing indicator (Note [imputation]).
 *
 * Note [imputation]: a missing or unreadable cell of a feature is replaced by what the training
 * rows say is typical: the median for numbers (robust to the outliers a mean follows), the most
 * frequent category for text (ties: the first in code-unit order). When some training rows of a
 * feature were missing, one more input, 1 for a missing cell and 0 otherwise, lets the network
 * learn whether missing itself means something. Everything is fitted on the training rows only and
 * stored in the model, so predict, evaluate and the exports fill cells in exactly the same way.
 */
import { TextColumn, type DataColumn } from './columns.js';
import { DataError } from './errors.js';
import { datePart, DATE_PARTS, parseDate, type DateFormat } from './dates.js';
import type { CategoricalFeatureJSON, DateFeatureJSON, DatePartJSON, FeatureJSON, NumericFeatureJSON } from './preprocessing-json.js';
import { fitScale, float32Problem, type Scale } from './scaler.js';
import { distinctCount, MAX_CATEGORIES } from './targets.js';
import type { ColumnTable } from './table.js';

/** The median of some numbers (the mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[] | Float64Array): number {
  if (values.length === 0) return 0;
  const s = Float64Array.from(values).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Fits a numeric feature: scaling and median on the training rows whose cell is a number.
 *
 * @returns the feature, or null when no training row has a number in it
 */
export function fitNumeric(c: DataColumn, trainRows: ArrayLike<number>, scale: Scale, source = 'data'): NumericFeatureJSON | null {
  const values: number[] = [];
  for (let k = 0; k < trainRows.length; k++) {
    const v = c.value(trainRows[k]);
    if (Number.isFinite(v) && !(c.markers.numeric && c.markers.has(c.text(trainRows[k])))) values.push(v);
  }
  if (values.length === 0) return null;
  const all = values.map((_, i) => i);
  const fitted = fitScale(values, all, scale);
  const problem = float32Problem(values, fitted);
  if (problem) throw new DataError({ file: source, problem: `column ${JSON.stringify(c.name)} ${problem}`, fix: 'rescale the column (divide it by a power of 10) or remove it' });
  const feature: NumericFeatureJSON = { name: c.name, kind: 'numeric', ...fitted, impute: median(values) };
  return values.length < trainRows.length ? { ...feature, missingIndicator: true } : feature;
}

/** Refuses a text column with more distinct values than {@link MAX_CATEGORIES} (a column named in `features`). */
function checkCategories(table: ColumnTable, c: DataColumn): void {
  if (c.distinct <= MAX_CATEGORIES && !c.distinctOverflow) return;
  const distinct = distinctCount(table, c);
  throw new DataError({
    file: table.source,
    columnName: c.name,
    problem: `the text column ${JSON.stringify(c.name)} has ${distinct} distinct values, more than the ${MAX_CATEGORIES} categories a feature may have (each would be an input)`,
    fix: `leave it out with --ignore ${c.name}, or group its values into fewer categories`,
    expected: `at most ${MAX_CATEGORIES} distinct values`,
    received: distinct,
  });
}

/**
 * Fits a categorical feature: the training rows' categories (code-unit order) and the most
 * frequent one.
 *
 * @returns the feature, or null when no training row has a value
 */
export function fitCategorical(table: ColumnTable, c: DataColumn, trainRows: ArrayLike<number>): CategoricalFeatureJSON | null {
  checkCategories(table, c);
  const counts = new Map<string, number>();
  let missing = 0;
  if (c instanceof TextColumn) {
    const byId = new Float64Array(c.texts.length);
    for (let k = 0; k < trainRows.length; k++) byId[c.ids[trainRows[k]]]++;
    byId.forEach((n, id) => {
      if (n === 0) return;
      if (c.markers.has(c.texts[id])) missing += n;
      else counts.set(c.texts[id], n);
    });
  } else {
    for (let k = 0; k < trainRows.length; k++) {
      const s = c.text(trainRows[k]);
      if (c.markers.has(s)) missing++;
      else counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  if (counts.size === 0) return null;
  const categories = [...counts.keys()].sort(byCodeUnit);
  let impute = categories[0];
  for (const cat of categories) if ((counts.get(cat) as number) > (counts.get(impute) as number)) impute = cat;
  const feature: CategoricalFeatureJSON = { name: c.name, kind: 'categorical', categories, impute };
  return missing > 0 ? { ...feature, missingIndicator: true } : feature;
}

/**
 * Fits a date feature: each part that varies over the training rows, scaled, with its median.
 *
 * @returns the feature, or null when no part varies (or no training date reads)
 */
export function fitDate(c: DataColumn, format: DateFormat, trainRows: ArrayLike<number>, scale: Scale): DateFeatureJSON | null {
  const parts: number[][] = DATE_PARTS.map(() => []);
  const cache = new Map<string, [number, number, number] | null>();
  let read = 0;
  for (let k = 0; k < trainRows.length; k++) {
    const s = c.text(trainRows[k]);
    if (c.markers.has(s)) continue;
    let d = cache.get(s);
    if (d === undefined) cache.set(s, (d = parseDate(s, format)));
    if (!d) continue;
    read++;
    DATE_PARTS.forEach((p, j) => parts[j].push(datePart(d, p)));
  }
  const fitted: DatePartJSON[] = [];
  const constant = parts.map((v) => v.length === 0 || v.every((x) => x === v[0]));
  DATE_PARTS.forEach((part, j) => {
    const v = parts[j];
    // the day of the week of a date whose month and day never change follows from the year alone
    if (constant[j] || (part === 'dayOfWeek' && constant[1] && constant[2])) return;
    fitted.push({ part, ...fitScale(v, v.map((_, i) => i), scale), impute: median(v) });
  });
  if (fitted.length === 0) return null;
  const feature: DateFeatureJSON = { name: c.name, kind: 'date', format, parts: fitted };
  return read < trainRows.length ? { ...feature, missingIndicator: true } : feature;
}

/** The features of a plan's used columns, fitted; a column that yields no feature is left out. */
export function fitFeatures(table: ColumnTable, used: readonly { name: string; type: string; dateFormat?: DateFormat }[], trainRows: ArrayLike<number>, scale: Scale): FeatureJSON[] {
  const out: FeatureJSON[] = [];
  for (const u of used) {
    const c = table.column(table.columns.indexOf(u.name));
    const f = u.type === 'date' ? fitDate(c, u.dateFormat as DateFormat, trainRows, scale)
      : u.type === 'numeric' ? fitNumeric(c, trainRows, scale, table.source) : fitCategorical(table, c, trainRows);
    if (f) out.push(f);
  }
  return out;
}
