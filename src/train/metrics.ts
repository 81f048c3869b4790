/** Metrics of classification (class indices) and regression (values). */
export { classesOf } from '../nn/classes.js';

/** Fraction of predictions equal to the truth. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return truth.length === 0 ? 0 : hits / truth.length;
}

/**
 * The confusion matrix `[classes, classes]`: row = true class, column = predicted class.
 *
 * @example
 * ```ts
 * confusionMatrix([0, 1, 1], [0, 0, 1], 2); // [[1, 0], [1, 1]]
 * ```
 */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassReport {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** Per-class precision, recall and F1 from a confusion matrix (0 where a ratio has no denominator, as scikit-learn). */
export function classReport(confusion: readonly (readonly number[])[]): ClassReport[] {
  return confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((s, r) => s + r[c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}

/** Mean squared error. */
export function mse(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (predicted[i] - truth[i]) ** 2;
  return s / truth.length;
}

/** Mean absolute error. */
export function mae(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(predicted[i] - truth[i]);
  return s / truth.length;
}

/** Root mean squared error. */
export function rmse(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  return Math.sqrt(mse(truth, predicted));
}

/** Coefficient of determination, 1 − SS_res / SS_tot (1 is perfect; 0 is as good as predicting the mean). */
export function r2(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < truth.length; i++) mean += truth[i];
  mean /= truth.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < truth.length; i++) {
    res += (truth[i] - predicted[i]) ** 2;
    tot += (truth[i] - mean) ** 2;
  }
  return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
}
