// End-to-end: evaluate, predict and inspect on a model the test trains, their --json shapes,
// and predict's atomic --out.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

let dir = '';
const iris = readFileSync(join(ROOT, 'data', 'iris.csv'), 'utf8').trim().split('\n');
const features = (line: string) => line.split(',').slice(0, 4).join(',');

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'iris.csv': `${iris.join('\n')}\n`,
    'new.csv': `${[iris[0], iris[1], iris[51], iris[101]].map(features).join('\n')}\n`,
    'renamed.csv': `${iris.map((l, i) => (i === 0 ? l.replace('species', 'kind') : l)).join('\n')}\n`,
  });
  const r = neurite(['train', '--epochs', '60', '--seed', '1', '--out', 'iris.json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
  const s = neurite(['train', '--dataset', 'salary', '--epochs', '40', '--seed', '1', '--out', 'salary.json'], dir);
  if (s.status !== 0) throw new Error(s.stderr);
});

describe('neurite evaluate', () => {
  it('prints accuracy, loss, per-class metrics and the confusion matrix', () => {
    const r = neurite(['evaluate', '--model', 'iris.json', '--data', 'iris.csv'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^iris\.json on iris\.csv: 150 rows, classification of species\naccuracy 9\d\.\d% {2}loss 0\.\d{4}\n/);
    expect(r.stdout).toMatch(/^ {2}class {7}precision {2}recall {2}f1 {6}support$/m);
    expect(r.stdout).toMatch(/^ {2}setosa +1\.0000 +1\.0000 +1\.0000 +50$/m);
    expect(r.stdout).toContain('confusion matrix (rows: true class, columns: predicted class)');
  });

  it('--json: accuracy, loss and confusion with rows = true class in classes order', () => {
    const r = neurite(['evaluate', '--model', 'iris.json', '--data', 'iris.csv', '--json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(out.confusion.map((row: number[]) => row.reduce((a, b) => a + b, 0))).toEqual([50, 50, 50]);
    expect(out.accuracy).toBeCloseTo(out.confusion.reduce((s: number, row: number[], i: number) => s + row[i], 0) / 150, 12);
    expect(out.loss).toBeGreaterThan(0);
    expect(out.perClass[0]).toEqual({ class: 'setosa', precision: 1, recall: 1, f1: 1, support: 50 });
  });

  it('--target names another column; regression gives mse, rmse, mae and r2', () => {
    const r = neurite(['evaluate', '--model', 'iris.json', '--data', 'renamed.csv', '--target', 'kind', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(150);
    writeFileSync(join(dir, 'salary.csv'), 'age,experience,salary\n30,5,50000\n45,20,90000\n25,1,35000\n');
    const e = JSON.parse(neurite(['evaluate', '--model', 'salary.json', '--data', 'salary.csv', '--json'], dir).stdout);
    expect(Object.keys(e).sort()).toEqual(['loss', 'mae', 'mse', 'r2', 'rmse', 'rows', 'task']);
    expect(e.rmse).toBeCloseTo(Math.sqrt(e.mse), 9);
  });

  it('a missing target column lists the columns there are', () => {
    const r = neurite(['evaluate', '--model', 'iris.json', '--data', 'new.csv'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/new\.csv: no column named "species"; the columns are: sepal_length, sepal_width, petal_length, petal_width/);
  });
});

describe('neurite predict', () => {
  it('writes the input columns, the prediction and one probability per class', () => {
    const r = neurite(['predict', '--model', 'iris.json', '--data', 'new.csv'], dir);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toBe('sepal_length,sepal_width,petal_length,petal_width,prediction,p_setosa,p_versicolor,p_virginica');
    expect(rows.map((l) => l.split(',')[4])).toEqual(['setosa', 'versicolor', 'virginica']);
    for (const l of rows) {
      const p = l.split(',').slice(5).map(Number);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('--json gives predictions and the raw outputs of the output layer', () => {
    const out = JSON.parse(neurite(['predict', '--model', 'iris.json', '--data', 'new.csv', '--json'], dir).stdout);
    expect(Object.keys(out)).toEqual(['predictions', 'outputs']);
    expect(out.predictions).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(out.outputs).toHaveLength(3);
    expect(out.outputs[0]).toHaveLength(3);
    const reg = JSON.parse(neurite(['predict', '--model', 'salary.json', '--data', 'salary.csv', '--json'], dir).stdout);
    expect(reg.predictions[1]).toBeGreaterThan(reg.predictions[2]); // 45 years, 20 of experience earn more than 25 and 1
    expect(reg.predictions[0]).toBeGreaterThan(1000); // scaled back to dollars
    expect(Math.abs(reg.outputs[0][0])).toBeLessThan(10); // the raw, scaled output
  });

  it('--out is written atomically and a failed run leaves the old file byte for byte', () => {
    expect(neurite(['predict', '--model', 'iris.json', '--data', 'new.csv', '--out', 'pred.csv'], dir).status).toBe(0);
    const before = readFileSync(join(dir, 'pred.csv'));
    expect(before.toString()).toMatch(/^sepal_length,.*,p_virginica\n/);
    writeFileSync(join(dir, 'bad.csv'), 'sepal_length,sepal_width,petal_length,petal_width\n1,2,3,x\n');
    // without --strict the cell is filled in with a warning (test/cli-tables.test.ts)
    const r = neurite(['predict', '--model', 'iris.json', '--data', 'bad.csv', '--out', 'pred.csv', '--strict'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/bad\.csv: 1 cell the model cannot use as they are \(line:column\): 2:4 petal_width "x" \(not readable as the trained kind\)/);
    expect(readFileSync(join(dir, 'pred.csv')).equals(before)).toBe(true);
  });
});

describe('neurite inspect', () => {
  it('shows the architecture, parameter count, preprocessing and history', () => {
    const r = neurite(['inspect', '--model', 'iris.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^task classification, loss cross-entropy, target species\nseed 1\n/m);
    expect(r.stdout).toMatch(/^ +0 {2}dense {2}4 → 32 {2}relu +160$/m);
    expect(r.stdout).toMatch(/^ +1 {2}dense {2}32 → 3 {2}softmax +99$/m);
    expect(r.stdout).toContain('259 parameters');
    expect(r.stdout).toMatch(/preprocessing \(scale standard\):\n/);
    expect(r.stdout).toMatch(/^ {2}sepal_length {2}numeric {2}\(x − 5\.\d{4}\) \/ 0\.\d{4} {2}missing: 5\.\d{4}$/m);
    expect(r.stdout).toContain('training history (60 epochs):');
    const j = JSON.parse(neurite(['inspect', '--model', 'iris.json', '--json'], dir).stdout);
    expect(j).toMatchObject({ inputs: 4, parameters: 259, seed: 1, task: 'classification' });
    expect(j.history).toHaveLength(60);
  });
});
