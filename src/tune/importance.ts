/**
 * Permutation importance, as scikit-learn's `permutation_importance`: how much a model's score
 * drops when one raw input column is shuffled across rows, breaking its link with the target.
 * A column that became several inputs (one-hot categories, a "was missing" indicator, date parts)
 * is shuffled as one, with the same permutation for all its inputs.
 */
import { ArgumentError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { Random } from '../core/random.js';
import { featureInputs, type AnyTable, type Preprocessor, type Task } from '../data/index.js';
import type { Network } from '../nn/network.js';
import { summarize } from './cross-validate.js';
import { scoreOn } from './trial.js';

/** A model and the preprocessing that turns raw rows into its inputs (a loaded model file, or a trained one). */
export interface ExplainedModel {
  readonly network: Network;
  readonly preprocessor: Preprocessor;
}

/** The network inputs one raw column became: inputs `from` to `to − 1`. */
export interface InputGroup {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** What {@link permutationImportance} takes besides the model and the rows. */
export interface ImportanceOptions {
  /** Shuffles per column (default 10). */
  readonly repeats?: number;
  /** Seed of the shuffles (default 0). */
  readonly seed?: number;
  /** Table rows to use (default all). */
  readonly rows?: ArrayLike<number>;
}

/** One column's importance: the score's drops over the repeats. */
export interface ColumnImportance {
  readonly column: string;
  /** How many network inputs the column became. */
  readonly inputs: number;
  readonly mean: number;
  /** Population standard deviation over the repeats, as scikit-learn reports it. */
  readonly std: number;
  readonly drops: readonly number[];
}

/** Permutation importance of every column, most important first. */
export interface Importance {
  readonly metric: 'accuracy' | 'r2';
  /** The score on the rows as they are. */
  readonly baseline: number;
  readonly rows: number;
  readonly repeats: number;
  readonly columns: readonly ColumnImportance[];
}

/**
 * The inputs each raw feature column of a preprocessing became, in input order.
 *
 * @throws ArgumentError when the groups do not add up to the preprocessing's inputs
 * @example
 * ```ts
 * inputGroups(p); // [{ name: 'sex', from: 0, to: 2 }, { name: 'age', from: 2, to: 4 }] (age with its missing input)
 * ```
 */
export function inputGroups(p: Preprocessor): InputGroup[] {
  let at = 0;
  const groups = p.toJSON().features.map((f) => {
    const g = { name: f.name, from: at, to: at + featureInputs(f) };
    at = g.to;
    return g;
  });
  if (at !== p.inputs) throw new ArgumentError(`inputGroups: the features add up to ${at} inputs, the preprocessing has ${p.inputs}`, { where: 'inputGroups', expected: `${p.inputs} inputs`, received: `${at}` });
  return groups;
}

/**
 * Permutation importance on encoded rows: for each group of inputs and each repeat, the rows of
 * those inputs are permuted together and the score (accuracy or r²) measured again.
 *
 * @param x `[rows, inputs]` encoded rows; y their encoded targets
 * @example
 * ```ts
 * permutationImportanceOf(net, 'regression', x, y, [{ name: 'a', from: 0, to: 1 }], { repeats: 5 });
 * ```
 */
export function permutationImportanceOf(network: Network, task: Task, x: Matrix, y: Float32Array, groups: readonly InputGroup[], options: Omit<ImportanceOptions, 'rows'> = {}): Importance {
  const repeats = options.repeats ?? 10;
  if (!Number.isInteger(repeats) || repeats < 1) throw new ArgumentError(`permutationImportance: repeats must be a positive integer, got ${repeats}`, { where: 'repeats', expected: 'an integer ≥ 1', received: String(repeats) });
  const rng = new Random(options.seed ?? 0);
  const baseline = scoreOn(network, task, { x, y });
  const shuffled = { data: Float32Array.from(x.data), rows: x.rows, cols: x.cols };
  const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const columns = groups.map((g) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      rng.shuffle(order);
      for (let i = 0; i < x.rows; i++) {
        for (let j = g.from; j < g.to; j++) shuffled.data[i * x.cols + j] = x.data[order[i] * x.cols + j];
      }
      drops.push(baseline - scoreOn(network, task, { x: shuffled, y }));
    }
    for (let i = 0; i < x.rows; i++) for (let j = g.from; j < g.to; j++) shuffled.data[i * x.cols + j] = x.data[i * x.cols + j];
    const { mean, std } = summarize(drops) as { mean: number; std: number };
    return { column: g.name, inputs: g.to - g.from, mean, std, drops };
  });
  columns.sort((a, b) => b.mean - a.mean);
  return { metric: task === 'classification' ? 'accuracy' : 'r2', baseline, rows: x.rows, repeats, columns };
}

/**
 * Permutation importance of each raw column of a table for a model: the drop in its score
 * (accuracy, or r²) when the column is shuffled, mean and standard deviation over `repeats`
 * shuffles, as scikit-learn's `permutation_importance`. A categorical column's one-hot inputs
 * (and a column's "was missing" input) are shuffled together, as the one column they came from.
 *
 * @param table rows with the model's feature columns and its target
 * @example
 * ```ts
 * const imp = permutationImportance({ network, preprocessor }, table, { repeats: 10 });
 * imp.columns[0].column; // the most important column
 * ```
 */
export function permutationImportance(model: ExplainedModel, table: AnyTable, options: ImportanceOptions = {}): Importance {
  const p = model.preprocessor;
  const rows = options.rows;
  return permutationImportanceOf(model.network, p.task, p.transform(table, rows), p.encodeTargets(table, rows), inputGroups(p), options);
}
