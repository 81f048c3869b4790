/**
 * Fitting a {@link Preprocessor} on the training rows only, so validation rows never leak into
 * the means, ranges or categories the model sees.
 */
import { ArgumentError } from '../core/errors.js';
import { checkChoice, checkNumber } from '../core/assert.js';
import { asColumns, firstNonNumber, notANumber, numericColumn } from './column-table.js';
import { TextColumn } from './columns.js';
import { DataError } from './errors.js';
import { InputPreprocessor } from './input-preprocessor.js';
import { Preprocessor } from './preprocessor.js';
import type { FeatureJSON, TargetJSON } from './preprocessing-json.js';
import { fitScale, float32Problem, SCALES, type Scale, type ScaleParams } from './scaler.js';
import { cellError, columnIndex, resolveTarget, type AnyTable, type ColumnTable } from './table.js';
import { classesOf, distinctCount, inferTaskOf, MAX_CATEGORIES, targetColumn } from './targets.js';
import { checkClasses, classOrder, type Task } from './task.js';

/** What {@link fitPreprocessor} needs. */
export interface PreprocessorOptions {
  /** The whole table (training and validation rows), of strings or typed columns. */
  table: AnyTable;
  /** The target column; default the last column. */
  target?: string;
  /** The task; default inferred from the target by `inferTask`. */
  task?: Task;
  /** How to scale numeric features (and a regression target); default `standard`. */
  scale?: Scale;
  /** Indices of the training rows: scaling and categories are fitted on these only. */
  trainRows: ArrayLike<number>;
  /** The classes in output order; default `classOrder` of the target over all rows. */
  classes?: readonly string[];
}

/**
 * Fits the preprocessing of a table: numeric features scaled, text features one-hot (categories
 * sorted by code unit), the target encoded as classes or scaled numbers. Every row is checked
 * (a bad cell in a validation row is reported now), but only `trainRows` set the statistics.
 *
 * @param options see {@link PreprocessorOptions}
 * @returns the preprocessor: `transform(table)` gives `[rows, inputs]`
 * @example
 * ```ts
 * const split = splitIndices(table.rows.length, 0.2, new Random(1));
 * const p = fitPreprocessor({ table, scale: 'standard', trainRows: split.train });
 * ```
 */
export function fitPreprocessor(options: PreprocessorOptions): Preprocessor {
  const { trainRows } = options;
  const table = asColumns(options.table);
  const target = resolveTarget(table, options.target);
  const scale = checkChoice('fitPreprocessor', 'scale', options.scale ?? 'standard', SCALES);
  checkRows(trainRows, table.rowCount);
  const names = table.columns.filter((c) => c !== target);
  if (names.length === 0) {
    throw new DataError({ file: table.source, problem: `no feature columns: the only column is the target ${target}`, fix: 'add input columns or choose another --target' });
  }
  const features = fitFeatures(table, names, trainRows, scale);
  const task = options.task ?? inferTaskOf(targetColumn(table, target));
  const fitted: TargetJSON =
    task === 'classification'
      ? fitClasses(table, target, options.classes)
      : { name: target, task, ...fitNumeric(table, target, trainRows, scale === 'pixel' ? 'none' : scale) };
  return new Preprocessor({ version: 1, scale, features, target: fitted });
}

/** What {@link fitInputPreprocessor} needs. */
export interface InputPreprocessorOptions {
  /** The table, of strings or typed columns: every column is a feature. */
  table: AnyTable;
  /** How to scale numeric features; default `standard`. */
  scale?: Scale;
  /** Indices of the rows the scaling and categories are fitted on (default all). */
  trainRows?: ArrayLike<number>;
}

/**
 * Fits the preprocessing of a table with no target, for learning without labels: every column a
 * feature, numeric ones scaled, text ones one-hot, as {@link fitPreprocessor} does.
 *
 * @param options see {@link InputPreprocessorOptions}
 * @returns the preprocessor: `transform(table)` gives `[rows, inputs]`
 * @example
 * ```ts
 * const p = fitInputPreprocessor({ table: loadDataset('blobs') });
 * p.transform(table).cols; // 3
 * ```
 */
export function fitInputPreprocessor(options: InputPreprocessorOptions): InputPreprocessor {
  const table = asColumns(options.table);
  const scale = checkChoice('fitInputPreprocessor', 'scale', options.scale ?? 'standard', SCALES);
  const trainRows = options.trainRows ?? Uint32Array.from({ length: table.rowCount }, (_, i) => i);
  checkRows(trainRows, table.rowCount);
  if (table.columns.length === 0) throw new DataError({ file: table.source, problem: 'no columns to learn from', fix: 'give a file with at least one feature column' });
  return new InputPreprocessor({ version: 1, scale, features: fitFeatures(table, table.columns, trainRows, scale) });
}

/** What {@link fitPixelPreprocessor} needs. */
export interface PixelPreprocessorOptions {
  /** Pixels per image, e.g. 784 for 28 × 28. */
  inputs: number;
  /** One integer label per image (e.g. an IDX labels file). */
  labels: ArrayLike<number>;
  /** The target's name in the model file; default `label`. */
  target?: string;
  /** The classes; default the distinct labels in numeric order. */
  classes?: readonly string[];
}

/**
 * The preprocessing of 8-bit images: every pixel divided by 255 (scale `pixel`), features named
 * `pixel0`…, labels as classes.
 *
 * @param options see {@link PixelPreprocessorOptions}
 * @returns the preprocessor: `transformMatrix({ data, rows, cols: inputs })` gives `data / 255`
 * @example
 * ```ts
 * const p = fitPixelPreprocessor({ inputs: 784, labels: pair.labels });
 * p.transformMatrix(pair.x); p.encodeLabels(pair.labels, 'train-labels.idx');
 * ```
 */
export function fitPixelPreprocessor(options: PixelPreprocessorOptions): Preprocessor {
  const inputs = checkNumber('fitPixelPreprocessor', 'inputs', options.inputs, { min: 1, integer: true });
  const name = options.target ?? 'label';
  const classes = options.classes ? [...options.classes] : classOrder(Array.from(new Set(Array.from(options.labels)), String));
  checkClasses(classes, name, 'labels');
  const features: FeatureJSON[] = Array.from({ length: inputs }, (_, i) => ({ name: `pixel${i}`, kind: 'numeric', center: 0, scale: 255 }));
  return new Preprocessor({ version: 1, scale: 'pixel', features, target: { name, task: 'classification', classes } });
}

function fitFeatures(table: ColumnTable, names: readonly string[], trainRows: ArrayLike<number>, scale: Scale): FeatureJSON[] {
  return names.map((name) => fitFeature(table, name, trainRows, scale));
}

function fitFeature(table: ColumnTable, name: string, trainRows: ArrayLike<number>, scale: Scale): FeatureJSON {
  const j = columnIndex(table, name);
  const c = table.column(j);
  if (c.kind === 'numeric') return { name, kind: 'numeric', ...fitNumeric(table, name, trainRows, scale) };
  const empty = c.find('empty');
  if (empty >= 0) throw cellError(table, empty, j, `empty cell in column ${JSON.stringify(name)}`, 'fill in a value or remove the row');
  checkCategories(table, j);
  const seen = new Set<string>();
  if (c instanceof TextColumn) {
    const ids = new Set<number>();
    for (let i = 0; i < trainRows.length; i++) ids.add(c.ids[trainRows[i]]);
    for (const id of ids) seen.add(c.texts[id]);
  } else {
    for (let i = 0; i < trainRows.length; i++) seen.add(c.text(trainRows[i]));
  }
  const categories = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, kind: 'categorical', categories };
}

/** Fits a numeric column's scaling; one float32 cannot compute (1e154, 1e39) is an error naming the column. */
function fitNumeric(table: ColumnTable, name: string, trainRows: ArrayLike<number>, scale: Scale): ScaleParams {
  const values = numericColumn(table, name);
  const fitted = fitScale(values, trainRows, scale);
  const problem = float32Problem(values, fitted);
  if (problem) throw new DataError({ file: table.source, problem: `column ${JSON.stringify(name)} ${problem}`, fix: 'rescale the column (divide it by a power of 10) or remove it' });
  return fitted;
}

/** Refuses a text column with more distinct values than {@link MAX_CATEGORIES} before encoding it. */
function checkCategories(table: ColumnTable, j: number): void {
  const c = table.column(j);
  if (c.distinct <= MAX_CATEGORIES && !c.distinctOverflow) return;
  const distinct = distinctCount(table, c);
  throw new DataError({
    file: table.source,
    columnName: c.name,
    problem: `the text column ${JSON.stringify(c.name)} has ${distinct} distinct values, more than the ${MAX_CATEGORIES} categories a feature may have (each would be an input)`,
    fix: `leave the column out of the file, or group its values into fewer categories`,
    expected: `at most ${MAX_CATEGORIES} distinct values`,
    received: distinct,
  });
}

function fitClasses(table: ColumnTable, target: string, given?: readonly string[]): TargetJSON {
  const c = targetColumn(table, target);
  // A text cell in a mostly numeric target is a typo to report, not an extra class.
  if (!given && c.kind === 'numeric') {
    const bad = firstNonNumber(c);
    if (bad >= 0) throw notANumber(table, bad, columnIndex(table, target));
  }
  const classes = given ? [...given] : classesOf(table, target);
  checkClasses(classes, target, table.source);
  return { name: target, task: 'classification', classes };
}

function checkRows(rows: ArrayLike<number>, n: number): void {
  if (rows.length === 0) {
    throw new ArgumentError('fitPreprocessor: trainRows is empty; expected at least one training row', { expected: 'at least 1 row', received: '0' });
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new ArgumentError(`fitPreprocessor: trainRows[${i}] = ${r} is not a row index (expected an integer in 0..${n - 1})`, {
        expected: `an integer in 0..${n - 1}`,
        received: String(r),
      });
    }
  }
}
