// Permutation importance and partial dependence of trained networks: the columns the target
// depends on rank first in every repeat (a one-hot group shuffled as one column), and the partial
// dependence of y = 3·x1 + noise on x1 is a line of slope 3.
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, encodeFold, inputGroups, partialDependence, permutationImportance, Random, tableTask, trainOnFold, numericGrid, type NetworkSettings, type Table,
} from '../src/index.js';
import { messageOf } from './helpers.js';

function table(columns: string[], rows: string[][]): Table {
  return { source: 't.csv', columns, rows, lines: rows.map((_, i) => i + 2) };
}

/** Trains on every row (no held-out part: these tests explain the model, they do not score it). */
function trained(t: Table, target: string, settings: Partial<NetworkSettings> = {}) {
  const tt = tableTask(t, { target });
  const all = tt.rows;
  const { data, preprocessor } = encodeFold(tt, { train: all, validation: new Uint32Array(0), test: all });
  const fold = trainOnFold(data, { hidden: [32], activation: 'relu', optimizer: 'adam', lr: 0.01, batchSize: 32, epochs: 150, ...settings }, 1);
  return { network: fold.network, preprocessor, score: fold.score as number };
}

/** y depends on x1 and on the category c; x2..x4 and the category d are noise. */
function twoOfSix(n: number, classify: boolean): Table {
  const rng = new Random(7);
  const cats = ['a', 'b', 'c'];
  const rows = Array.from({ length: n }, () => {
    const x1 = rng.uniform(-2, 2);
    const c = cats[rng.int(3)];
    const value = 2 * x1 + (c === 'b' ? 3 : c === 'c' ? -3 : 0) + 0.3 * rng.normal();
    const noise = [rng.normal(), rng.normal(), rng.normal()].map(String);
    return [String(x1), ...noise.slice(0, 2), c, noise[2], cats[rng.int(3)], classify ? (value > 0 ? 'yes' : 'no') : String(value)];
  });
  return table(['x1', 'x2', 'x3', 'c', 'x4', 'd', 'y'], rows);
}

describe('permutationImportance', () => {
  it('groups a categorical column\'s one-hot inputs into one raw column', () => {
    const m = trained(twoOfSix(60, false), 'y', { epochs: 2 });
    expect(inputGroups(m.preprocessor).map((g) => [g.name, g.to - g.from])).toEqual([['x1', 1], ['x2', 1], ['x3', 1], ['c', 3], ['x4', 1], ['d', 3]]);
  });

  for (const classify of [false, true]) {
    it(`${classify ? 'classification (accuracy)' : 'regression (r²)'}: the two columns the target depends on rank first in every repeat`, () => {
      const t = twoOfSix(400, classify);
      const m = trained(t, 'y');
      const imp = permutationImportance(m, t, { repeats: 10, seed: 3 });
      expect(imp.metric).toBe(classify ? 'accuracy' : 'r2');
      expect(imp.columns.length).toBe(6);
      expect(imp.columns.slice(0, 2).map((c) => c.column).sort()).toEqual(['c', 'x1']);
      const byName = new Map(imp.columns.map((c) => [c.column, c]));
      for (let r = 0; r < 10; r++) {
        const top = Math.min(byName.get('x1')!.drops[r], byName.get('c')!.drops[r]);
        const rest = Math.max(...['x2', 'x3', 'x4', 'd'].map((n) => byName.get(n)!.drops[r]));
        expect(top, `repeat ${r + 1}`).toBeGreaterThan(rest);
      }
      for (const c of imp.columns) {
        const mean = c.drops.reduce((a, b) => a + b, 0) / 10;
        expect(c.mean).toBeCloseTo(mean, 12);
        expect(c.std).toBeCloseTo(Math.sqrt(c.drops.reduce((a, b) => a + (b - mean) ** 2, 0) / 10), 12);
      }
    });
  }

  it('shuffles a column with its "was missing" input and a date with its parts; dependence refuses a date', () => {
    const rng = new Random(3);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const x1 = rng.uniform(-2, 2);
      const when = `2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return [i % 10 === 0 ? '' : String(x1), ['a', 'b'][rng.int(2)], when, String(3 * x1 + 0.1 * rng.normal())];
    });
    const t = table(['x1', 'c', 'when', 'y'], rows);
    const m = trained(t, 'y', { hidden: [16], epochs: 50 });
    expect(inputGroups(m.preprocessor).map((g) => [g.name, g.to - g.from])).toEqual([['x1', 2], ['c', 2], ['when', 3]]);
    const imp = permutationImportance(m, t, { repeats: 3 });
    expect(imp.columns[0]).toMatchObject({ column: 'x1', inputs: 2 });
    expect(imp.columns[0].mean).toBeGreaterThan(10 * Math.max(imp.columns[1].mean, imp.columns[2].mean));
    expect(messageOf(() => partialDependence(m, t, 'when'), ArgumentError)).toMatch(/"when" is a date column, which the model sees as several parts \(month, dayOfYear, dayOfWeek\)/);
  });

  it('the same seed gives the same drops', () => {
    const t = twoOfSix(80, false);
    const m = trained(t, 'y', { epochs: 5 });
    expect(permutationImportance(m, t, { repeats: 3, seed: 1 })).toEqual(permutationImportance(m, t, { repeats: 3, seed: 1 }));
  });
});

describe('partialDependence', () => {
  it('of y = 3·x1 + noise on x1 is a line of slope 3 (±5 %), in the target\'s units, with ICE curves', () => {
    const rng = new Random(11);
    const rows = Array.from({ length: 500 }, () => {
      const x1 = rng.uniform(-2, 2);
      const x2 = rng.normal();
      return [String(x1), String(x2), String(3 * x1 + 0.2 * rng.normal() + 10)];
    });
    const t = table(['x1', 'x2', 'y'], rows);
    const m = trained(t, 'y', { epochs: 200 });
    const pd = partialDependence(m, t, 'x1', { grid: 20, ice: 10 });
    const xs = pd.values as number[];
    const ys = pd.average[0];
    expect(xs.length).toBe(20);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(2.85);
    expect(slope).toBeLessThan(3.15);
    // target units: at x1 = 0 the prediction is about 10, not 0
    expect(Math.abs(my - (10 + 3 * mx))).toBeLessThan(0.3);
    expect(pd.outputs).toEqual(['y']);
    expect(pd.ice.rows.length).toBe(10);
    expect(pd.ice.curves[0][0].length).toBe(20);
    // the average is the mean of all rows' curves: with every row as an ICE curve, it is their mean
    const all = partialDependence(m, t, 'x1', { grid: 5, ice: 500 });
    for (let g = 0; g < 5; g++) expect(all.average[0][g]).toBeCloseTo(all.ice.curves.reduce((a, c) => a + c[0][g], 0) / 500, 3);
  });

  it('per class for a classifier (probabilities adding up to 1), over the categories of a categorical column', () => {
    const t = twoOfSix(200, true);
    const m = trained(t, 'y', { epochs: 30 });
    const pd = partialDependence(m, t, 'c');
    expect(pd.kind).toBe('categorical');
    expect(pd.values).toEqual(['a', 'b', 'c']);
    expect(pd.outputs).toEqual(['no', 'yes']);
    for (let g = 0; g < 3; g++) expect(pd.average[0][g] + pd.average[1][g]).toBeCloseTo(1, 5);
    // c = b pushes towards yes, c = c towards no
    expect(pd.average[1][1]).toBeGreaterThan(pd.average[1][2]);
  });

  it('refuses a column that is not a feature, naming the features', () => {
    const t = twoOfSix(30, false);
    const m = trained(t, 'y', { epochs: 1 });
    expect(messageOf(() => partialDependence(m, t, 'x9'), ArgumentError)).toMatch(/"x9" is not a feature of the model; its features are "x1", "x2"/);
  });

  it('grids a numeric column as scikit-learn does: its values when few, else evenly between the 5th and 95th percentiles', () => {
    expect(numericGrid(Float64Array.of(3, 1, 2, 2, NaN), 20, [0.05, 0.95])).toEqual([1, 2, 3]);
    const v = Float64Array.from({ length: 101 }, (_, i) => i);
    expect(numericGrid(v, 3, [0.05, 0.95])).toEqual([5, 50, 95]);
  });
});
