import { describe, expect, it } from 'vitest';
import { accuracy, classReport, confusionMatrix, mae, mse, r2, rmse } from '../src/index.js';

describe('metrics (checked by hand)', () => {
  const truth = [0, 0, 1, 1, 2, 2, 2];
  const pred = [0, 1, 1, 1, 2, 0, 2];

  it('accuracy and the confusion matrix (rows = true class)', () => {
    expect(accuracy(truth, pred)).toBeCloseTo(5 / 7, 12);
    expect(confusionMatrix(truth, pred, 3)).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 2]]);
  });

  it('per-class precision, recall and F1', () => {
    const r = classReport(confusionMatrix(truth, pred, 3));
    // class 0: tp 1, predicted 2, actual 2 → p = r = 0.5; class 1: tp 2, predicted 3, actual 2 → p 2/3, r 1
    expect(r[0]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r[1].precision).toBeCloseTo(2 / 3, 12);
    expect(r[1].recall).toBe(1);
    expect(r[1].f1).toBeCloseTo(0.8, 12);
    expect(r[2]).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
  });

  it('regression metrics', () => {
    const t = [3, -0.5, 2, 7];
    const p = [2.5, 0, 2, 8];
    expect(mse(t, p)).toBeCloseTo(0.375, 12);
    expect(rmse(t, p)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(t, p)).toBeCloseTo(0.5, 12);
    expect(r2(t, p)).toBeCloseTo(0.9486081370449679, 12); // scikit-learn's documented example
  });
});
