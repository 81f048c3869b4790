/**
 * `tune`: a search of network settings by cross-validation on a table (folds planned and encoded
 * once, every trial on the same folds), with successive halving on epochs.
 */
import type { AnyTable, Task } from '../data/index.js';
import { repeatedFolds, repeatSeeds } from './check.js';
import { tableTask, type TableTask } from './cross-validate.js';
import { searchFolds, type SearchOptions, type SearchResult } from './search.js';

/** What {@link tune} needs besides the table. */
export interface TuneOptions extends SearchOptions {
  /** The target column (default: the last). */
  readonly target?: string;
  readonly task?: Task;
  /** Folds of the cross-validation of each trial (default 3). */
  readonly folds?: number;
  /** Repeats of the k-fold cross-validation, each on other folds (default 1; see {@link repeatSeeds}): on a tiny table, less noise in each trial's score. */
  readonly repeats?: number;
  /** Fraction of each fold's training rows early stopping watches (default 0.2). */
  readonly validationSplit?: number;
  readonly preprocessing?: TableTask['preprocessing'];
}

/** What {@link tune} found, and what its scores measure. */
export interface TuneResult extends SearchResult {
  readonly task: Task;
  readonly metric: 'accuracy' | 'r2';
}

/**
 * Searches network settings (depth, widths, activation, learning rate, batch size, weight decay,
 * dropout) for a table by k-fold cross-validation, with successive halving on epochs so poor
 * settings stop early. The trials run where `runner` says: one at a time on this thread by
 * default, or on every core with `workerRunner()` from `neurite/node`.
 *
 * @example
 * ```ts
 * const result = await tune(loadDataset('iris'), { trials: 9, folds: 3, seed: 1 });
 * console.log(result.best?.settings, result.best?.score);
 * ```
 */
export async function tune(table: AnyTable, options: TuneOptions = {}): Promise<TuneResult> {
  return tuneTask(tableTask(table, options), options);
}

/**
 * {@link tune} on a resolved {@link TableTask}.
 *
 * @example
 * ```ts
 * await tuneTask(tableTask(table, { target: 'y' }), { trials: 9 });
 * ```
 */
export async function tuneTask(tt: TableTask, options: Omit<TuneOptions, 'target' | 'task' | 'preprocessing'> = {}): Promise<TuneResult> {
  const k = options.folds ?? 3;
  const seed = options.seed ?? 0;
  const { folds, seeds } = repeatedFolds(tt, k, repeatSeeds(seed, 0, options.repeats ?? 1), options.validationSplit ?? 0.2);
  const result = await searchFolds(folds, seeds, options);
  return { ...result, task: tt.task, metric: tt.task === 'classification' ? 'accuracy' : 'r2' };
}
