/**
 * k-fold cross-validation of a network's settings on a table: for each fold the preprocessing is
 * fitted on the fold's training rows only, a network is trained there (early stopping on a part of
 * those rows) and scored on the held-out rows; the scores' mean and standard deviation summarise.
 */
import { asColumns, classesOf, classIndices, fitPreprocessor, inferTaskOf, resolveTarget, targetColumn, type AnyTable, type ColumnTable, type Preprocessor, type PreprocessorOptions, type Task } from '../data/index.js';
import { planFolds, type FoldPlan, cvSeeds } from './folds.js';
import { DEFAULT_SETTINGS, trainOnFold, type FoldData, type FoldOutcome, type NetworkSettings } from './trial.js';

/** The table a cross-validation or a search works on, with its target resolved. */
export interface TableTask {
  readonly table: ColumnTable;
  readonly target: string;
  readonly task: Task;
  /** The classes in output order (classification). */
  readonly classes?: readonly string[];
  /** The table rows used (e.g. those with a target), in table order. */
  readonly rows: Uint32Array;
  /** Preprocessing options besides the table, target, task, classes and rows (e.g. `scale`). */
  readonly preprocessing?: Partial<Omit<PreprocessorOptions, 'table' | 'target' | 'task' | 'classes' | 'trainRows'>>;
}

/** What {@link crossValidate} needs besides the table. */
export interface CrossValidateOptions {
  /** The target column (default: the last). */
  readonly target?: string;
  /** classification or regression (default: inferred from the target column). */
  readonly task?: Task;
  /** The number of folds (default 5). */
  readonly folds?: number;
  /** Seed of the folds, splits, initial weights and shuffling (default 0). */
  readonly seed?: number;
  /** Fraction of each fold's training rows early stopping watches (default 0.2; 0 for none). */
  readonly validationSplit?: number;
  /** The network and its training (default {@link DEFAULT_SETTINGS}, merged with what is given). */
  readonly settings?: Partial<NetworkSettings>;
  /** Preprocessing options, e.g. `{ scale: 'minmax' }`. */
  readonly preprocessing?: TableTask['preprocessing'];
  /** Called after each fold. */
  readonly onFold?: (fold: FoldScore) => void;
  /**
   * Chooses each fold's settings from its encoded training rows alone (as `neurite cv` runs the
   * small-table choice of `neurite train` inside each fold); absent: `settings` for every fold.
   * `seed` is the fold's own, drawn from `seed`.
   */
  readonly settingsFor?: (fold: FoldData, seed: number) => NetworkSettings;
}

/** One fold's result. */
export interface FoldScore extends FoldOutcome {
  /** 1-based. */
  readonly fold: number;
  readonly rows: { readonly train: number; readonly validation: number; readonly test: number };
}

/** A cross-validation's result. */
export interface CrossValidation {
  readonly task: Task;
  readonly metric: 'accuracy' | 'r2';
  readonly folds: readonly FoldScore[];
  /** Mean of the fold scores (null when a fold diverged). */
  readonly mean: number | null;
  /** Population standard deviation of the fold scores (as numpy's std). */
  readonly std: number | null;
}

/**
 * Resolves a table's target, task, classes and rows for cross-validation.
 *
 * @example
 * ```ts
 * tableTask(loadDataset('iris'), {}).classes; // ['setosa', 'versicolor', 'virginica']
 * ```
 */
export function tableTask(table: AnyTable, options: { target?: string; task?: Task; preprocessing?: TableTask['preprocessing'] }): TableTask {
  const t = asColumns(table);
  const target = resolveTarget(t, options.target);
  const task = options.task ?? inferTaskOf(targetColumn(t, target));
  const classes = task === 'classification' ? classesOf(t, target) : undefined;
  return { table: t, target, task, classes, rows: Uint32Array.from({ length: t.rowCount }, (_, i) => i), preprocessing: options.preprocessing };
}

/**
 * Plans the folds of a table's rows, stratified by class for classification.
 *
 * @returns the folds as table row indices
 * @example
 * ```ts
 * foldsOf(tableTask(iris, {}), 5, 0.2, 1)[0].test.length; // 30
 * ```
 */
export function foldsOf(tt: TableTask, k: number, validationSplit: number, seed: number): FoldPlan[] {
  const labels = tt.classes ? classIndices(tt.table, tt.target, tt.classes) : undefined;
  const rowLabels = labels ? Int32Array.from(tt.rows, (i) => labels[i]) : undefined;
  const pick = (idx: Uint32Array) => Uint32Array.from(idx, (k2) => tt.rows[k2]);
  return planFolds(tt.rows.length, k, validationSplit, seed, rowLabels).map((p) => ({ train: pick(p.train), validation: pick(p.validation), test: pick(p.test) }));
}

/**
 * Encodes one fold: the preprocessing fitted on its training rows only, then its training,
 * validation and held-out rows encoded with it.
 *
 * @example
 * ```ts
 * const { data } = encodeFold(tt, foldsOf(tt, 5, 0.2, 1)[0]);
 * ```
 */
export function encodeFold(tt: TableTask, plan: FoldPlan): { data: FoldData; preprocessor: Preprocessor } {
  const p = fitPreprocessor({ ...tt.preprocessing, table: tt.table, target: tt.target, task: tt.task, classes: tt.classes, trainRows: plan.train });
  const part = (rows: Uint32Array) => ({ x: p.transform(tt.table, rows), y: p.encodeTargets(tt.table, rows) });
  return { data: { task: tt.task, classes: tt.classes?.length ?? 0, train: part(plan.train), validation: part(plan.validation), test: part(plan.test) }, preprocessor: p };
}

/**
 * The mean and population standard deviation of scores; null when one is null (a diverged run).
 *
 * @example
 * ```ts
 * summarize([0.9, 1]); // { mean: 0.95, std: 0.05 }
 * ```
 */
export function summarize(scores: readonly (number | null)[]): { mean: number | null; std: number | null } {
  if (scores.length === 0 || scores.some((s) => s === null)) return { mean: null, std: null };
  const v = scores as number[];
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
}

/**
 * Cross-validates network settings on a table: k stratified folds (for classification), the
 * preprocessing fitted inside each fold, never on its held-out rows; each fold's network trained
 * with early stopping on part of the fold's training rows and scored on the held-out rows
 * (accuracy, or r² for regression).
 *
 * @param table a table of rows, the target among its columns
 * @example
 * ```ts
 * const cv = crossValidate(loadDataset('iris'), { folds: 5, seed: 1 });
 * console.log(cv.mean, cv.std); // 0.96 0.02
 * ```
 */
export function crossValidate(table: AnyTable, options: CrossValidateOptions = {}): CrossValidation {
  const tt = tableTask(table, options);
  return crossValidateTask(tt, options);
}

/**
 * {@link crossValidate} on a resolved {@link TableTask} (its rows and preprocessing options).
 *
 * @example
 * ```ts
 * crossValidateTask(tableTask(table, { target: 'y' }), { folds: 3 });
 * ```
 */
export function crossValidateTask(tt: TableTask, options: Omit<CrossValidateOptions, 'target' | 'task' | 'preprocessing'> = {}): CrossValidation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 0;
  const settings: NetworkSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const { seeds } = cvSeeds(seed, k);
  const folds: FoldScore[] = foldsOf(tt, k, options.validationSplit ?? 0.2, seed).map((plan, i) => {
    const { data } = encodeFold(tt, plan);
    const chosen = options.settingsFor?.(data, seeds[i]) ?? settings;
    const { score, epochs, bestEpoch } = trainOnFold(data, chosen, seeds[i]);
    const f: FoldScore = { fold: i + 1, rows: { train: plan.train.length, validation: plan.validation.length, test: plan.test.length }, score, epochs, ...(bestEpoch !== undefined ? { bestEpoch } : {}) };
    options.onFold?.(f);
    return f;
  });
  return { task: tt.task, metric: tt.task === 'classification' ? 'accuracy' : 'r2', folds, ...summarize(folds.map((f) => f.score)) };
}
