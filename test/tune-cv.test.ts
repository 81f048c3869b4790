// Cross-validation: stratified folds that partition the rows, preprocessing fitted inside each
// fold only (a column whose scale differs by fold), and fold scores summarised as numpy does.
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, classIndices, crossValidate, encodeFold, foldIndices, foldsOf, loadDataset, planFolds, Random, summarize, tableTask, type Table,
} from '../src/index.js';
import { messageOf } from './helpers.js';

const counts = (labels: ArrayLike<number>, rows: ArrayLike<number>) => {
  const c = new Map<number, number>();
  for (const r of Array.from(rows)) c.set(labels[r], (c.get(labels[r]) ?? 0) + 1);
  return c;
};

describe('folds', () => {
  it('partition the rows, sizes within one, each class spread evenly (stratified)', () => {
    const labels = Array.from({ length: 53 }, (_, i) => (i < 30 ? 0 : i < 45 ? 1 : 2));
    const folds = foldIndices(53, 5, new Random(3), labels);
    expect(folds.flatMap((f) => Array.from(f)).sort((a, b) => a - b)).toEqual(Array.from({ length: 53 }, (_, i) => i));
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const cls of [0, 1, 2]) {
      const perFold = folds.map((f) => counts(labels, f).get(cls) ?? 0);
      expect(Math.max(...perFold) - Math.min(...perFold), `class ${cls}: ${perFold}`).toBeLessThanOrEqual(1);
    }
  });

  it('the same seed deals the same folds, another seed others', () => {
    expect(foldIndices(40, 4, new Random(1))).toEqual(foldIndices(40, 4, new Random(1)));
    expect(foldIndices(40, 4, new Random(1))).not.toEqual(foldIndices(40, 4, new Random(2)));
  });

  it('refuses k below 2 or above the rows, saying what it takes', () => {
    expect(messageOf(() => foldIndices(5, 6, new Random(1)), ArgumentError)).toMatch(/from 2 to the number of rows \(5\), got 6/);
    expect(messageOf(() => foldIndices(5, 1, new Random(1)), ArgumentError)).toMatch(/got 1/);
  });

  it('a fold\'s training and validation rows never include its held-out rows', () => {
    const plans = planFolds(100, 5, 0.25, 9);
    for (const p of plans) {
      const test = new Set(p.test);
      expect([...p.train, ...p.validation].some((r) => test.has(r))).toBe(false);
      expect(p.train.length + p.validation.length + p.test.length).toBe(100);
      expect(p.validation.length).toBe(20);
    }
  });
});

/** A table whose column `x` is in units in four folds and in thousands in the rows of one fold. */
function scaledByFold(): Table {
  const rng = new Random(5);
  const n = 100;
  const y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
  // the folds foldsOf will deal (stratified by y, seed 11): fold 3's held-out rows get the large scale
  const big = new Set(planFolds(n, 5, 0.2, 11, y.map((v) => (v === 'a' ? 0 : 1)))[2].test);
  const rows = y.map((label, i) => [String(rng.normal() * (big.has(i) ? 1000 : 1)), String(rng.normal()), label]);
  return { source: 't.csv', columns: ['x', 'z', 'y'], rows, lines: rows.map((_, i) => i + 2) };
}

describe('preprocessing inside each fold', () => {
  it('each fold\'s scaling is fitted on its training rows only (a column whose scale differs by fold)', () => {
    const table = scaledByFold();
    const tt = tableTask(table, { target: 'y' });
    const plans = foldsOf(tt, 5, 0.2, 11);
    const x = table.rows.map((r) => Number(r[0]));
    plans.forEach((plan, f) => {
      const train = Array.from(plan.train, (i) => x[i]);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      const std = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
      const feature = encodeFold(tt, plan).preprocessor.toJSON().features[0] as { center: number; scale: number };
      expect(feature.center, `fold ${f + 1}`).toBeCloseTo(mean, 6);
      expect(feature.scale, `fold ${f + 1}`).toBeCloseTo(std, 6);
      // the held-out rows of fold 3 are in thousands: only fold 3's own fit leaves them out
      if (f === 2) expect(feature.scale).toBeLessThan(2);
      else expect(feature.scale).toBeGreaterThan(100);
    });
  });
});

describe('crossValidate', () => {
  it('iris: five stratified folds of 30 rows, accuracy per fold, mean and population std', () => {
    const seen: number[] = [];
    const cv = crossValidate(loadDataset('iris'), { folds: 5, seed: 1, onFold: (f) => seen.push(f.fold) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(cv.metric).toBe('accuracy');
    expect(cv.folds.map((f) => f.rows.test)).toEqual([30, 30, 30, 30, 30]);
    const scores = cv.folds.map((f) => f.score as number);
    const mean = scores.reduce((a, b) => a + b, 0) / 5;
    expect(cv.mean).toBeCloseTo(mean, 12);
    expect(cv.std).toBeCloseTo(Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / 5), 12);
    expect(cv.mean).toBeGreaterThan(0.9);
    // stratified: 10 of each species in every held-out fold
    const tt = tableTask(loadDataset('iris'), {});
    const labels = classIndices(tt.table, tt.target, tt.classes as string[]);
    for (const plan of foldsOf(tt, 5, 0.2, 1)) expect([...counts(labels, plan.test).values()]).toEqual([10, 10, 10]);
  });

  it('the same seed gives the same scores', () => {
    const a = crossValidate(loadDataset('iris'), { folds: 3, seed: 4, settings: { epochs: 20 } });
    const b = crossValidate(loadDataset('iris'), { folds: 3, seed: 4, settings: { epochs: 20 } });
    expect(a.folds.map((f) => f.score)).toEqual(b.folds.map((f) => f.score));
  });

  it('summarize gives numpy\'s mean and std (ddof 0), null when a fold diverged', () => {
    expect(summarize([0.9, 1])).toEqual({ mean: 0.95, std: expect.closeTo(0.05, 12) });
    expect(summarize([0.9, null])).toEqual({ mean: null, std: null });
  });
});
