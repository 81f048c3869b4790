/**
 * Fitting a `Preprocessor` on the training rows only, so validation rows never leak into
 * the means, ranges or categories the model sees.
 */
import { ArgumentError } from '../core/errors.js';
import { checkChoice, checkNumber } from '../core/assert.js';
import { asColumns, firstNonNumber, notANumber } from './column-table.js';
import { DataError } from './errors.js';
import { fitFeatures } from './fit-features.js';
import { InputPreprocessor } from './input-preprocessor.js';
import { PREPROCESSING_VERSION, type FeatureJSON, type PreprocessingJSON, type TargetJSON } from './preprocessing-json.js';
import { planColumns, type ColumnPlan } from './roles.js';
import { fitScale, float32Problem, SCALES, type Scale, type ScaleParams } from './scaler.js';
import { columnIndex, resolveTarget, type ColumnTable } from './table.js';
import { classesOf, inferTaskOf, targetColumn } from './targets.js';
import { checkClasses, classOrder, type Task } from './task.js';
import type { TableLike } from './table.js';

/** What `fitPreprocessor` needs. */
export interface PreprocessorOptions {
  /** The whole table (training and validation rows), of strings or typed columns, or records. */
  table: TableLike;
  /** The target column; default the last column. */
  target?: string;
  /** The task; default inferred from the target by `inferTask`. */
  task?: Task;
  /** How to scale numeric features (and a regression target); default `standard`. */
  scale?: Scale;
  /** Indices of the training rows: scaling, imputation and categories are fitted on these only. */
  trainRows: ArrayLike<number>;
  /** The classes in output order; default `classOrder` of the target over all rows. */
  classes?: readonly string[];
  /** Columns to leave out (Note [column roles]). */
  ignore?: readonly string[];
  /** The only feature columns, used whatever they look like (Note [column roles]). */
  features?: readonly string[];
  /** The columns' roles, when the caller has planned them already (`planColumns`), e.g. to print them. */
  columns?: readonly ColumnPlan[];
}

/**
 * The specification `fitPreprocessor` (in preprocessor.ts) builds its Preprocessor from: kept
 * apart so that this module does not import the class that imports it.
 */
export function fitPreprocessingSpec(options: PreprocessorOptions): PreprocessingJSON {
  const { trainRows } = options;
  const table = asColumns(options.table);
  const target = resolveTarget(table, options.target);
  const scale = checkChoice('fitPreprocessor', 'scale', options.scale ?? 'standard', SCALES);
  checkRows(trainRows, table.rowCount);
  const plan = options.columns ?? planColumns(table, { target, ignore: options.ignore, features: options.features });
  const used = plan.filter((c) => c.role === 'feature');
  const features: FeatureJSON[] = fitFeatures(table, used, trainRows, scale);
  if (features.length === 0) throw noFeatures(table, target, plan);
  const task = options.task ?? inferTaskOf(targetColumn(table, target));
  const c = table.column(columnIndex(table, target));
  const fitted: TargetJSON =
    task === 'classification'
      ? fitClasses(table, target, options.classes)
      : { name: target, task, ...fitTargetScale(table, target, Float64Array.from(trainRows, (i) => c.value(i)), scale === 'pixel' ? 'none' : scale) };
  const markers = c.markers.list;
  return { version: PREPROCESSING_VERSION as 2, scale, features, target: fitted, missing: [...markers] };
}

/** Fits a regression target's scaling; one float32 cannot compute (1e154) is an error naming the column. */
function fitTargetScale(table: ColumnTable, name: string, all: Float64Array, scale: Scale): ScaleParams {
  const values = all.filter((v) => Number.isFinite(v));
  if (values.length === 0) throw new DataError({ file: table.source, problem: `the target column ${JSON.stringify(name)} holds no number in the training rows`, fix: 'check --target, or use --task classification' });
  const fitted = fitScale(values, Array.from(values, (_, k) => k), scale);
  const problem = float32Problem(values, fitted);
  if (problem) throw new DataError({ file: table.source, problem: `column ${JSON.stringify(name)} ${problem}`, fix: 'rescale the column (divide it by a power of 10) or remove it' });
  return fitted;
}

function noFeatures(table: ColumnTable, target: string, plan: readonly ColumnPlan[]): DataError {
  const left = plan.filter((c) => c.role !== 'target' && c.role !== 'feature');
  if (left.length === 0) return new DataError({ file: table.source, problem: `no feature columns: the only column is the target ${target}`, fix: 'add input columns or choose another --target' });
  const why = left.map((c) => `${c.name} (${c.role}${c.reason ? `: ${c.reason}` : ''})`).join(', ');
  return new DataError({ file: table.source, problem: `no feature column is left: ${why}`, fix: `name the columns to use with --features ${left.map((c) => c.name).join(',')}` });
}

/** What {@link fitInputPreprocessor} needs. */
export interface InputPreprocessorOptions {
  /** The table, of strings or typed columns, or records: every column is a feature. */
  table: TableLike;
  /** How to scale numeric features; default `standard`. */
  scale?: Scale;
  /** Indices of the rows the scaling and categories are fitted on (default all). */
  trainRows?: ArrayLike<number>;
}

/**
 * Fits the preprocessing of a table with no target, for learning without labels: every column a
 * feature, numeric ones scaled, text ones one-hot, as `fitPreprocessor` does.
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
  // every column is a feature, by its kind: no roles, no dates (Note [column roles] needs a target)
  const used = table.columns.map((name, j) => ({ name, type: table.column(j).kind === 'numeric' ? 'numeric' : 'text' }));
  return new InputPreprocessor({ version: PREPROCESSING_VERSION as 2, scale, features: fitFeatures(table, used, trainRows, scale), missing: [...table.column(0).markers.list] });
}

/** What `fitPixelPreprocessor` needs. */
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

/** The specification `fitPixelPreprocessor` (in preprocessor.ts) builds its Preprocessor from. */
export function pixelPreprocessingSpec(options: PixelPreprocessorOptions): PreprocessingJSON {
  const inputs = checkNumber('fitPixelPreprocessor', 'inputs', options.inputs, { min: 1, integer: true });
  const name = options.target ?? 'label';
  const classes = options.classes ? [...options.classes] : classOrder(Array.from(new Set(Array.from(options.labels)), String));
  checkClasses(classes, name, 'labels');
  const features: FeatureJSON[] = Array.from({ length: inputs }, (_, i) => ({ name: `pixel${i}`, kind: 'numeric', center: 0, scale: 255 }));
  return { version: PREPROCESSING_VERSION as 2, scale: 'pixel', features, target: { name, task: 'classification', classes } };
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
