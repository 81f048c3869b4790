/**
 * Fitting a {@link Preprocessor} on the training rows only, so validation rows never leak into
 * the means, ranges or categories the model sees.
 */
import { ArgumentError } from '../core/errors.js';
import { checkChoice, checkNumber } from '../core/assert.js';
import { DataError } from './errors.js';
import { columnKind, numericColumn } from './numbers.js';
import { Preprocessor } from './preprocessor.js';
import type { FeatureJSON, TargetJSON } from './preprocessing-json.js';
import { fitScale, SCALES, type Scale } from './scaler.js';
import { cellError, columnIndex, columnValues, resolveTarget, type Table } from './table.js';
import { targetCells } from './targets.js';
import { checkClasses, classOrder, inferTask, type Task } from './task.js';

/** What {@link fitPreprocessor} needs. */
export interface PreprocessorOptions {
  /** The whole table (training and validation rows). */
  table: Table;
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
  const { table, trainRows } = options;
  const target = resolveTarget(table, options.target);
  const scale = checkChoice('fitPreprocessor', 'scale', options.scale ?? 'standard', SCALES);
  checkRows(trainRows, table.rows.length);
  const names = table.columns.filter((c) => c !== target);
  if (names.length === 0) {
    throw new DataError({ file: table.source, problem: `no feature columns: the only column is the target ${target}`, fix: 'add input columns or choose another --target' });
  }
  const features = names.map((name) => fitFeature(table, name, trainRows, scale));
  const task = options.task ?? inferTask(targetCells(table, target));
  const fitted: TargetJSON =
    task === 'classification'
      ? fitClasses(table, target, options.classes)
      : { name: target, task, ...fitScale(numericColumn(table, target), trainRows, scale === 'pixel' ? 'none' : scale) };
  return new Preprocessor({ version: 1, scale, features, target: fitted });
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
  const classes = options.classes ? [...options.classes] : classOrder(Array.from(options.labels, String));
  checkClasses(classes, name, 'labels');
  const features: FeatureJSON[] = Array.from({ length: inputs }, (_, i) => ({ name: `pixel${i}`, kind: 'numeric', center: 0, scale: 255 }));
  return new Preprocessor({ version: 1, scale: 'pixel', features, target: { name, task: 'classification', classes } });
}

function fitFeature(table: Table, name: string, trainRows: ArrayLike<number>, scale: Scale): FeatureJSON {
  const cells = columnValues(table, name);
  if (columnKind(cells) === 'numeric') {
    return { name, kind: 'numeric', ...fitScale(numericColumn(table, name), trainRows, scale) };
  }
  const j = columnIndex(table, name);
  const empty = cells.indexOf('');
  if (empty >= 0) throw cellError(table, empty, j, `empty cell in column ${JSON.stringify(name)}`, 'fill in a value or remove the row');
  const seen = new Set<string>();
  for (let i = 0; i < trainRows.length; i++) seen.add(cells[trainRows[i]]);
  const categories = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, kind: 'categorical', categories };
}

function fitClasses(table: Table, target: string, given?: readonly string[]): TargetJSON {
  const cells = targetCells(table, target);
  // A text cell in a mostly numeric target is a typo to report, not an extra class.
  if (!given && columnKind(cells) === 'numeric') numericColumn(table, target);
  const classes = given ? [...given] : classOrder(cells);
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
