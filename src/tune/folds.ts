/**
 * Cross-validation folds: rows dealt into k held-out parts, stratified by class, and inside each
 * fold's training rows the validation rows early stopping watches. The held-out fold is never
 * among them, so nothing about it reaches the preprocessing or the training.
 */
import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { splitIndices } from '../data/index.js';
import { rowsByLabel } from '../data/split.js';

/** The rows of one fold, as indices into the rows cross-validated. */
export interface FoldPlan {
  /** Rows the preprocessing is fitted on and the network trained on. */
  readonly train: Uint32Array;
  /** Rows early stopping watches (taken from the training rows; may be empty). */
  readonly validation: Uint32Array;
  /** The held-out rows the fold is scored on. */
  readonly test: Uint32Array;
}

/**
 * Deals rows 0..n−1 into k held-out folds: each class's rows are shuffled and dealt in turn
 * (stratified, as scikit-learn's StratifiedKFold with shuffling), so every fold keeps the class
 * proportions and fold sizes differ by at most one. Without labels, the rows are shuffled and dealt.
 *
 * @param labels one class index per row, for stratified folds
 * @returns k sorted arrays of row indices that together hold every row once
 * @throws ArgumentError when k is not an integer from 2 to n
 * @example
 * ```ts
 * foldIndices(10, 3, new Random(1)).map((f) => f.length); // [4, 3, 3]
 * ```
 */
export function foldIndices(n: number, k: number, rng: Random, labels?: ArrayLike<number>): Uint32Array[] {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new ArgumentError(`folds: expected an integer from 2 to the number of rows (${n}), got ${k}`, { where: 'folds', expected: `an integer from 2 to ${n}`, received: String(k) });
  }
  const groups = rowsByLabel(n, labels);
  // classes one after the other, each shuffled, then dealt round-robin: each class spreads evenly
  const dealt: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) dealt.push(...rng.shuffle(groups.get(key) as number[]) as number[]);
  const folds: number[][] = Array.from({ length: k }, () => []);
  dealt.forEach((row, i) => folds[i % k].push(row));
  return folds.map((f) => Uint32Array.from(f).sort());
}

/**
 * The seeds of a cross-validation: the generator of the folds and of each fold's validation
 * split, and one seed per fold for the network's initialisation and training. The same seed gives
 * the same folds and seeds to `crossValidate` and to every trial of `tune`, so their scores compare.
 *
 * @example
 * ```ts
 * const { folds, seeds } = cvSeeds(42, 5);
 * ```
 */
export function cvSeeds(seed: number, k: number): { folds: Random; splits: Random; seeds: number[] } {
  const root = new Random(seed);
  const folds = root.fork();
  const splits = root.fork();
  return { folds, splits, seeds: Array.from({ length: k }, () => root.uint32()) };
}

/**
 * Plans a k-fold cross-validation of n rows: the held-out folds, and inside each fold's other
 * rows a validation part (`validationSplit` of them, stratified) for early stopping.
 *
 * @param labels class indices per row (classification), for stratification
 * @example
 * ```ts
 * planFolds(150, 5, 0.2, 1, labels).map((f) => f.test.length); // [30, 30, 30, 30, 30]
 * ```
 */
export function planFolds(n: number, k: number, validationSplit: number, seed: number, labels?: ArrayLike<number>): FoldPlan[] {
  const { folds, splits } = cvSeeds(seed, k);
  const held = foldIndices(n, k, folds, labels);
  const inFold = new Uint8Array(n);
  return held.map((test) => {
    inFold.fill(0);
    for (const i of test) inFold[i] = 1;
    const rest = Uint32Array.from({ length: n - test.length }, () => 0);
    let at = 0;
    for (let i = 0; i < n; i++) if (!inFold[i]) rest[at++] = i;
    const restLabels = labels ? Float64Array.from(rest, (i) => labels[i]) : undefined;
    const inner = splitIndices(rest.length, validationSplit, splits, restLabels);
    const pick = (idx: Uint32Array) => Uint32Array.from(idx, (j) => rest[j]);
    return { train: pick(inner.train), validation: pick(inner.validation), test };
  });
}
