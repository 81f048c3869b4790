/**
 * Turning raw training data into the network's inputs and targets. The split into training,
 * validation and test rows is drawn first (stratified by class), and the preprocessing is then
 * fitted on the training rows only, so nothing about the other rows leaks into the model. The
 * rows are encoded straight into their places, training rows first (Note [rows in split order]).
 *
 * Note [rows in split order]: `x` holds the training rows, in their order in the file, then the
 * validation rows, then the test rows, so each part is a view of it (`trainPart`, `validationPart`) and the rows are
 * never copied to be apart: a table's or images' one float32 copy is the training block. `split`
 * gives the rows' places in `x`, `order` where each came from in the file.
 */
import { splitIndices, type Matrix, type Random, type Split } from '../../index.js';
import { decodePixels, fitPixelPreprocessor, Preprocessor, type ColumnTable, type EncodeReport, type Task } from '../../data/index.js';
import { takeBlock } from '../early.js';
import { CliError, UsageError } from '../errors.js';
import type { TrainConfig } from './options.js';
import { fitAndEncode, splitRows, tableRows, type TableRows } from './prepare-table.js';
import type { Source } from './source.js';

/** Encoded data, ready for `fit`. */
export interface Prepared {
  readonly preprocessor: Preprocessor;
  readonly task: Task;
  /** Why this task: given, inferred from the target, or from a model file. */
  readonly taskReason: string;
  /** `[rows, inputs]`, the rows used: the training rows, then the validation rows, then the test rows (Note [rows in split order]). */
  readonly x: Matrix;
  /** `[rows]` class indices or scaled target values, in the order of x. */
  readonly y: Float32Array;
  /** The places in x of the training rows (0..n−1), the validation rows (n..) and the test rows (after them). */
  readonly split: Split & { readonly test: Uint32Array };
  /** The row in the file (or image) each row of x came from. */
  readonly order: Uint32Array;
  /** For a table: the rows kept and left out, the columns' roles, and what encoding met. */
  readonly table?: { readonly rows: TableRows; readonly report: EncodeReport };
}

/** A preprocessing that comes from a model file (--init, --resume) rather than being fitted anew. */
export interface GivenPreprocessing {
  readonly preprocessor: Preprocessor;
  /** Refit its scaling on this data (a model file without preprocessing, with --scale other than none). */
  readonly refit: boolean;
  readonly from: string;
}

/** The places of the parts in x, which holds them one after another (Note [rows in split order]). */
function places(train: number, validation: number, test: number): Split & { test: Uint32Array } {
  const run = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  return { train: run(0, train), validation: run(train, validation), test: run(train + validation, test) };
}

// --ignore is applied by the column roles (tableRows), which suggest a name for a misspelt one
function prepareTable(table: ColumnTable, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  const fixed = given?.preprocessor;
  const r = tableRows(table, cfg, fixed ? { preprocessor: fixed, from: given.from } : undefined);
  const target = fixed?.target ?? r.columns.find((c) => c.role === 'target')?.name as string;
  const split = splitRows(table, r, cfg, rng, target);
  const refit = fixed && given.refit ? { ...cfg, features: fixed.features, target: fixed.target } : cfg;
  const rows = fixed && given.refit ? tableRows(table, refit) : r;
  const e = fitAndEncode(table, rows, split, refit, target, given?.refit ? undefined : fixed);
  return {
    preprocessor: e.preprocessor, task: r.task, taskReason: r.taskReason, x: e.x, y: e.y, order: e.order,
    split: places(split.train.length, split.validation.length, split.test.length), table: { rows: r, report: e.report },
  };
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
  const order = new Uint32Array(split.train.length + split.validation.length);
  order.set(split.train);
  order.set(split.validation, split.train.length);
  const place = new Uint32Array(order.length);
  order.forEach((row, k) => (place[row] = k));
  // zeros mapped beside the start-up when the images were read early (Note [reading early] in data/node/early.ts)
  const x = decodePixels(s.images, takeBlock(order.length * size) ?? new Float32Array(order.length * size), place);
  const y = Float32Array.from(order, (row) => labels[row]);
  const reason = given ? `from ${given.from}` : 'images are classified by their labels';
  return { preprocessor: p, task: 'classification', taskReason: reason, x: { data: x, rows: order.length, cols: size }, y, split: places(split.train.length, split.validation.length, 0), order };
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

/**
 * The test rows of prepared data (`--test-split`): views of x and y (Note [rows in split order]).
 *
 * @example
 * ```ts
 * testPart(prepared).x.rows; // 0 without a test split
 * ```
 */
export function testPart(p: Prepared): { x: Matrix; y: Float32Array } {
  return part(p, p.split.train.length + p.split.validation.length, p.split.test.length);
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
