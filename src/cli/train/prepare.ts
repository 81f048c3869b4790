/**
 * Turning raw training data into the network's inputs and targets. The split into training and
 * validation rows is drawn first (stratified by class), and the scaling is then fitted on the
 * training rows only, so nothing about the validation rows leaks into the model. The rows are
 * encoded straight into their places, training rows first (Note [rows in split order]).
 *
 * Note [rows in split order]: `x` holds the training rows, in their order in the file, then the
 * validation rows, so each part is a view of it (`trainPart`, `validationPart`) and the rows are
 * never copied to be apart: a table's or images' one float32 copy is the training block. `split`
 * gives the rows' places in `x`, `order` where each came from in the file.
 */
import { splitIndices, type Matrix, type Random, type Split } from '../../index.js';
import {
  checkClasses, classesOf, classIndices, columnIndex, decodePixels, fitPixelPreprocessor, fitPreprocessor, inferTaskOf,
  MAX_INFERRED_CLASSES, Preprocessor, resolveTarget, targetColumn, type ColumnTable, type DataColumn, type Task,
} from '../../data/index.js';
import { withoutColumns } from '../columns.js';
import { CliError, UsageError } from '../errors.js';
import type { TrainConfig } from './options.js';
import type { Source } from './source.js';

/** Encoded data, ready for `fit`. */
export interface Prepared {
  readonly preprocessor: Preprocessor;
  readonly task: Task;
  /** Why this task: given, inferred from the target, or from a model file. */
  readonly taskReason: string;
  /** `[rows, inputs]`, all rows: the training rows, then the validation rows (Note [rows in split order]). */
  readonly x: Matrix;
  /** `[rows]` class indices or scaled target values, in the order of x. */
  readonly y: Float32Array;
  /** The places in x of the training rows (0..n−1) and the validation rows (n..). */
  readonly split: Split;
  /** The row in the file (or image) each row of x came from. */
  readonly order: Uint32Array;
}

/** A preprocessing that comes from a model file (--init, --resume) rather than being fitted anew. */
export interface GivenPreprocessing {
  readonly preprocessor: Preprocessor;
  /** Refit its scaling on this data (a model file without preprocessing, with --scale other than none). */
  readonly refit: boolean;
  readonly from: string;
}

function inferred(column: DataColumn, target: string): { task: Task; reason: string } {
  const task = inferTaskOf(column);
  if (column.kind === 'categorical') return { task, reason: `the target column ${target} holds text labels` };
  return task === 'classification'
    ? { task, reason: `the target column ${target} holds integers with at most ${MAX_INFERRED_CLASSES} distinct values` }
    : { task, reason: `the target column ${target} holds numbers (not a few distinct integers)` };
}

/** The table restricted to some columns, keeping their line numbers for error messages. */
function project(table: ColumnTable, columns: readonly string[]): ColumnTable {
  const idx = columns.map((c) => columnIndex(table, c));
  return { source: table.source, columns: [...columns], rowCount: table.rowCount, column: (j) => table.column(idx[j]), line: (i) => table.line(i) };
}

/** The split as places in x, and the file's rows in x's order (Note [rows in split order]). */
function splitOrder(split: Split): { order: Uint32Array; places: Split } {
  const order = new Uint32Array(split.train.length + split.validation.length);
  order.set(split.train);
  order.set(split.validation, split.train.length);
  const places = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  return { order, places: { train: places(0, split.train.length), validation: places(split.train.length, split.validation.length) } };
}

function prepareTable(file: ColumnTable, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  const table = withoutColumns(file, cfg.ignore, file.source);
  const fixed = given?.preprocessor;
  if (fixed && cfg.target !== undefined && cfg.target !== fixed.target) {
    throw new UsageError(`--target ${cfg.target} differs from the target ${fixed.target} of ${given.from}; leave --target out or use that column`);
  }
  const target = fixed ? table.columns[columnIndex(table, fixed.target)] : resolveTarget(table, cfg.target);
  const column = targetColumn(table, target);
  const { task, reason } = fixed
    ? { task: fixed.task, reason: `from ${given.from}` }
    : cfg.task !== undefined && cfg.task !== 'autoencoder' ? { task: cfg.task, reason: 'as given by --task' } : inferred(column, target);
  const classes = task === 'classification' ? (fixed?.classes ?? classesOf(table, target)) : undefined;
  if (classes) checkClasses(classes, target, table.source);
  const labels = classes ? classIndices(table, target, classes) : undefined;
  const split = splitIndices(table.rowCount, cfg.validationSplit, rng, labels);
  let p = fixed;
  if (!p || given?.refit) {
    const source = p ? project(table, [...p.features, target]) : table;
    p = fitPreprocessor({ table: source, target, task, scale: cfg.scale, trainRows: split.train, classes });
  }
  const { order, places } = splitOrder(split);
  return { preprocessor: p, task, taskReason: reason, x: p.transform(table, order), y: p.encodeTargets(table, order), split: places, order };
}

function prepareImages(s: Extract<Source, { kind: 'images' }>, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  const size = s.height * s.width;
  if (size === 0 || s.images.count === 0) {
    throw new CliError(`${s.name}: ${s.images.count} images of ${s.height}×${s.width} pixels: nothing to train on; give IDX images with at least one image of at least 1×1 pixel`);
  }
  const p = given?.preprocessor ?? fitPixelPreprocessor({ inputs: size, labels: s.labels });
  if (p.scale !== 'pixel' || p.inputs !== size) {
    throw new UsageError(`${s.name} holds images of ${size} pixels, but ${given?.from} was made for ${p.scale === 'pixel' ? `${p.inputs} pixels` : 'CSV rows'}`);
  }
  const labels = p.encodeLabels(s.labels, cfg.labels ?? s.name);
  const split = splitIndices(s.images.count, cfg.validationSplit, rng, labels);
  const { order, places } = splitOrder(split);
  const place = new Uint32Array(order.length);
  order.forEach((row, k) => (place[row] = k));
  const x = decodePixels(s.images, new Float32Array(order.length * size), place);
  const y = Float32Array.from(order, (row) => labels[row]);
  const reason = given ? `from ${given.from}` : 'images are classified by their labels';
  return { preprocessor: p, task: 'classification', taskReason: reason, x: { data: x, rows: order.length, cols: size }, y, split: places, order };
}

/**
 * Encodes the data for training: the split first, then the preprocessing fitted on the training
 * rows (or the one given by a model file), then inputs and targets for every row.
 *
 * @param rng the generator of the split (forked from the run's seed)
 * @example
 * ```ts
 * const { x, y, split } = prepare(readSource(cfg), cfg, root.fork());
 * ```
 */
export function prepare(source: Source, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  return source.kind === 'table' ? prepareTable(source.table, cfg, rng, given) : prepareImages(source, cfg, rng, given);
}

/**
 * The training rows of prepared data: views of x and y, not copies (Note [rows in split order]).
 *
 * @example
 * ```ts
 * fit(net, trainPart(prepared).x, trainPart(prepared).y);
 * ```
 */
export function trainPart(p: Prepared): { x: Matrix; y: Float32Array } {
  return part(p, 0, p.split.train.length);
}

/**
 * The validation rows of prepared data: views of x and y (Note [rows in split order]).
 *
 * @example
 * ```ts
 * validationPart(prepared).x.rows; // 0 without a validation split
 * ```
 */
export function validationPart(p: Prepared): { x: Matrix; y: Float32Array } {
  return part(p, p.split.train.length, p.split.validation.length);
}

function part(p: Prepared, from: number, rows: number): { x: Matrix; y: Float32Array } {
  const cols = p.x.cols;
  return { x: { data: p.x.data.subarray(from * cols, (from + rows) * cols), rows, cols }, y: p.y.subarray(from, from + rows) };
}

/**
 * A column of the file's rows in the order of the prepared rows (Note [rows in split order]).
 *
 * @example
 * ```ts
 * inSplitOrder(prepared, numericColumn(table, 'x'))[0]; // x of the first training row
 * ```
 */
export function inSplitOrder(p: Prepared, values: Float64Array): Float64Array {
  return Float64Array.from(p.order, (row) => values[row]);
}

/**
 * The entries `idx` of a vector.
 *
 * @example
 * ```ts
 * takeValues(y, split.validation);
 * ```
 */
export function takeValues(v: Float32Array, idx: ArrayLike<number>): Float32Array {
  return Float32Array.from({ length: idx.length }, (_, i) => v[idx[i]]);
}
