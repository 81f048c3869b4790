import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGITS_CSV, IRIS_CSV } from '../src/data/builtin-csv.js';
import { DATASETS, loadDataset } from '../src/data/datasets.js';
import { fitPreprocessor } from '../src/data/preprocessor.js';
import { numericColumn } from '../src/data/column-table.js';
import { columnValues, type Table } from '../src/data/table.js';
import { classOrder, inferTask } from '../src/data/task.js';

function counts(table: Table): Record<string, number> {
  const out: Record<string, number> = {};
  for (const label of columnValues(table, table.columns[table.columns.length - 1])) out[label] = (out[label] ?? 0) + 1;
  return out;
}

const points = (t: Table) => t.rows.map(([x, y, label]) => [Number(x), Number(y), Number(label)]);

describe('shipped datasets', () => {
  it('iris: 150 rows, 4 features, 3 balanced classes', () => {
    const t = loadDataset('iris');
    expect([t.source, t.rows.length, t.columns]).toEqual(['iris.csv', 150, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']]);
    expect(counts(t)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
    expect(inferTask(columnValues(t, 'species'))).toBe('classification');
    expect(t.rows[0]).toEqual(['5.1', '3.5', '1.4', '0.2', 'setosa']);
  });

  it('digits: 1797 rows, 64 pixel features 0–16, 10 classes', () => {
    const t = loadDataset('digits');
    expect([t.rows.length, t.columns.length, t.columns[64]]).toEqual([1797, 65, 'digit']);
    expect(classOrder(columnValues(t, 'digit'))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const p = fitPreprocessor({ table: t, scale: 'none', trainRows: t.rows.map((_, i) => i) });
    expect([p.task, p.inputs]).toEqual(['classification', 64]);
    const x = p.transform(t).data;
    expect([Math.min(...x), Math.max(...x)]).toEqual([0, 16]);
  });

  it('builtin-csv.ts matches data/*.csv (run node data/generate-builtin-csv.mjs after editing them)', () => {
    expect(IRIS_CSV).toBe(readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8'));
    expect(DIGITS_CSV).toBe(readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8'));
  });

  it('refuses options that do not apply and unknown names', () => {
    expect(() => loadDataset('iris', { samples: 10 })).toThrow('loadDataset: iris is a fixed dataset; samples cannot be set');
    expect(() => loadDataset('mnist')).toThrow('loadDataset: unknown dataset "mnist" (expected one of iris, digits, xor, spiral, moons, circles, blobs, salary)');
    expect(() => loadDataset('moons', { noise: -1 })).toThrow('moons: invalid noise: -1 (expected a number >= 0)');
  });
});

describe('generated datasets', () => {
  const generated = DATASETS.filter((d) => d !== 'iris' && d !== 'digits');

  it.each(generated)('%s is the same for the same seed and differs for another', (name) => {
    const a = loadDataset(name, { seed: 5 });
    expect(loadDataset(name, { seed: 5 })).toEqual(a);
    expect(loadDataset(name, { seed: 6 }).rows).not.toEqual(a.rows);
    expect(a.lines.slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('has the documented default sizes and balanced classes', () => {
    expect(counts(loadDataset('xor'))).toEqual({ 0: 100, 1: 100 });
    expect(counts(loadDataset('spiral'))).toEqual({ 0: 150, 1: 150 });
    expect(counts(loadDataset('spiral', { classes: 3, samples: 301 }))).toEqual({ 0: 101, 1: 100, 2: 100 });
    expect(counts(loadDataset('moons'))).toEqual({ 0: 100, 1: 100 });
    expect(counts(loadDataset('circles'))).toEqual({ 0: 100, 1: 100 });
    expect(counts(loadDataset('blobs'))).toEqual({ 0: 100, 1: 100, 2: 100 });
    expect(counts(loadDataset('blobs', { classes: 5, samples: 50 }))).toEqual({ 0: 10, 1: 10, 2: 10, 3: 10, 4: 10 });
    expect(loadDataset('salary').rows.length).toBe(500);
  });

  it('keeps the geometry each set promises (noise 0)', () => {
    for (const [x, y, label] of points(loadDataset('xor', { noise: 0 }))) expect(label).toBe(x * y < 0 ? 1 : 0);
    for (const [x, y, label] of points(loadDataset('circles', { noise: 0 }))) expect(Math.hypot(x, y)).toBeCloseTo(label === 0 ? 1 : 0.5, 5);
    for (const [x, y, label] of points(loadDataset('moons', { noise: 0 }))) {
      expect(label === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 5);
    }
    for (const [x, y] of points(loadDataset('spiral', { noise: 0 }))) expect(Math.hypot(x, y)).toBeLessThanOrEqual(1 + 1e-6);
    const blobs = points(loadDataset('blobs', { samples: 3000 }));
    const mean0 = blobs.filter((p) => p[2] === 0).reduce((s, p) => [s[0] + p[0] / 1000, s[1] + p[1] / 1000], [0, 0]);
    expect(mean0[0]).toBeCloseTo(3, 0);
    expect(mean0[1]).toBeCloseTo(0, 0);
  });

  it('pins the first rows of moons with seed 1, so generators do not drift unnoticed', () => {
    expect(loadDataset('moons', { seed: 1 }).rows.slice(0, 2)).toMatchInlineSnapshot(`
      [
        [
          "1.811212",
          "-0.227667",
          "1",
        ],
        [
          "-0.338101",
          "1.072663",
          "0",
        ],
      ]
    `);
  });

  it('salary follows the documented formula', () => {
    const exact = loadDataset('salary', { noise: 0, seed: 2 });
    const [age, exp, salary] = ['age', 'experience', 'salary'].map((c) => numericColumn(exact, c));
    for (let i = 0; i < age.length; i++) {
      expect(age[i]).toBeGreaterThanOrEqual(22);
      expect(age[i]).toBeLessThanOrEqual(65);
      expect(exp[i]).toBeLessThanOrEqual(age[i] - 18);
      expect(salary[i]).toBe(30000 + 2500 * exp[i] + 400 * (age[i] - 22));
    }
    const noisy = loadDataset('salary', { seed: 2, samples: 4000 });
    const [a, e, s] = ['age', 'experience', 'salary'].map((c) => numericColumn(noisy, c));
    const residuals = Array.from(s, (v, i) => v - (30000 + 2500 * e[i] + 400 * (a[i] - 22)));
    const std = Math.sqrt(residuals.reduce((t, r) => t + r * r, 0) / residuals.length);
    expect(std).toBeGreaterThan(4800);
    expect(std).toBeLessThan(5200);
    expect(inferTask(columnValues(noisy, 'salary'))).toBe('regression');
  });
});
