/**
 * Turning raw training data into the network's inputs and targets. The split into training and
 * validation rows is drawn first (stratified by class), and the scaling is then fitted on the
 * training rows only, so nothing about the validation rows leaks into the model.
 */
import { splitIndices, type Matrix, type Random, type Split } from '../../index.js';
import {
  checkClasses, classIndices, classOrder, columnIndex, columnKind, fitPixelPreprocessor, fitPreprocessor, inferTask,
  MAX_INFERRED_CLASSES, Preprocessor, resolveTarget, targetCells, type Table, type Task,
} from '../../data/index.js';
import { UsageError } from '../errors.js';
import type { TrainConfig } from './options.js';
import type { Source } from './source.js';

/** Encoded data, ready for `fit`. */
export interface Prepared {
  readonly preprocessor: Preprocessor;
  readonly task: Task;
  /** Why this task: given, inferred from the target, or from a model file. */
  readonly taskReason: string;
  /** `[rows, inputs]`, all rows. */
  readonly x: Matrix;
  /** `[rows]` class indices or scaled target values. */
  readonly y: Float32Array;
  readonly split: Split;
}

/** A preprocessing that comes from a model file (--init, --resume) rather than being fitted anew. */
export interface GivenPreprocessing {
  readonly preprocessor: Preprocessor;
  /** Refit its scaling on this data (a model file without preprocessing, with --scale other than none). */
  readonly refit: boolean;
  readonly from: string;
}

function inferred(cells: string[], target: string): { task: Task; reason: string } {
  const task = inferTask(cells);
  if (columnKind(cells) === 'categorical') return { task, reason: `the target column ${target} holds text labels` };
  return task === 'classification'
    ? { task, reason: `the target column ${target} holds integers with at most ${MAX_INFERRED_CLASSES} distinct values` }
    : { task, reason: `the target column ${target} holds numbers (not a few distinct integers)` };
}

/** The table restricted to some columns, keeping their line numbers for error messages. */
function project(table: Table, columns: readonly string[]): Table {
  const idx = columns.map((c) => columnIndex(table, c));
  return { ...table, columns: [...columns], rows: table.rows.map((r) => idx.map((j) => r[j])) };
}

function prepareTable(table: Table, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  const fixed = given?.preprocessor;
  if (fixed && cfg.target !== undefined && cfg.target !== fixed.target) {
    throw new UsageError(`--target ${cfg.target} differs from the target ${fixed.target} of ${given.from}; leave --target out or use that column`);
  }
  const target = fixed ? table.columns[columnIndex(table, fixed.target)] : resolveTarget(table, cfg.target);
  const cells = targetCells(table, target);
  const { task, reason } = fixed
    ? { task: fixed.task, reason: `from ${given.from}` }
    : cfg.task ? { task: cfg.task, reason: 'as given by --task' } : inferred(cells, target);
  const classes = task === 'classification' ? (fixed?.classes ?? classOrder(cells)) : undefined;
  if (classes) checkClasses(classes, target, table.source);
  const labels = classes ? classIndices(table, target, classes) : undefined;
  const split = splitIndices(table.rows.length, cfg.validationSplit, rng, labels);
  let p = fixed;
  if (!p || given?.refit) {
    const source = p ? project(table, [...p.features, target]) : table;
    p = fitPreprocessor({ table: source, target, task, scale: cfg.scale, trainRows: split.train, classes });
  }
  return { preprocessor: p, task, taskReason: reason, x: p.transform(table), y: p.encodeTargets(table), split };
}

function prepareImages(s: Extract<Source, { kind: 'images' }>, cfg: TrainConfig, rng: Random, given?: GivenPreprocessing): Prepared {
  const p = given?.preprocessor ?? fitPixelPreprocessor({ inputs: s.pixels.cols, labels: s.labels });
  if (p.scale !== 'pixel' || p.inputs !== s.pixels.cols) {
    throw new UsageError(`${s.name} holds images of ${s.pixels.cols} pixels, but ${given?.from} was made for ${p.scale === 'pixel' ? `${p.inputs} pixels` : 'CSV rows'}`);
  }
  const y = p.encodeLabels(s.labels, cfg.labels ?? s.name);
  const split = splitIndices(s.pixels.rows, cfg.validationSplit, rng, Int32Array.from(y));
  const reason = given ? `from ${given.from}` : 'images are classified by their labels';
  return { preprocessor: p, task: 'classification', taskReason: reason, x: p.transformMatrix(s.pixels), y, split };
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
