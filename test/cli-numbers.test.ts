// End-to-end: numbers float32 cannot hold. Training on values near 1e154 stops while fitting the
// scaling, naming the column (it used to write "scale": null and exit 0); a model file whose
// weights or preprocessing are finite in float64 but not in float32 is refused, naming the field;
// rows that scale beyond float32 are refused by predict and evaluate, naming file, line and
// column; evaluate on zero rows is an error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, idx, neurite, workdir } from './cli-helpers.js';

let dir = '';
let iris: { layers: { weights: number[][]; bias: number[] }[]; preprocessing: { features: { center: number; scale: number }[] } };
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

function rows(n: number, x: (i: number) => string): string {
  return `x,y,label\n${Array.from({ length: n }, (_, i) => `${x(i)},${(i * 37) % 11},${i % 2}`).join('\n')}\n`;
}

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'e154.csv': rows(40, (i) => `${(i % 7) - 3}e154`),
    'e39.csv': rows(40, (i) => `${(i % 5) + 1}e39`),
    'fine.csv': rows(40, (i) => `${(i % 5) + 1}e30`),
    'huge-row.csv': `${HEADER}\n5.1,3.5,1.4,0.2,setosa\n6,3,1e39,2,virginica\n`,
    'huge-target.csv': 'a,b,y\n1,2,3\n2,3,1e40\n',
    'header-only.csv': `${HEADER}\n`,
    'img0': idx(0x803, [0, 2, 2], new Uint8Array(0)),
    'lab0': idx(0x801, [0], new Uint8Array(0)),
    'img4': idx(0x803, [4, 2, 2], Uint8Array.from({ length: 16 }, (_, i) => i * 15)),
    'lab4': idx(0x801, [4], Uint8Array.of(0, 1, 0, 1)),
    'regr.csv': `a,b,y\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 4},${i * 2}`).join('\n')}\n`,
  });
  const r = neurite(['train', '--epochs', '2', '--seed', '1', '--out', 'iris.json'], dir);
  expect(r.status, r.stderr).toBe(0);
  iris = JSON.parse(readFileSync(join(dir, 'iris.json'), 'utf8'));
  writeFileSync(join(dir, 'iris.csv'), readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'iris.csv')));
});

describe('training on values float32 cannot hold', () => {
  it('values near 1e154 (the variance overflows) stop while fitting, naming the column; no model is written', () => {
    for (const scale of ['standard', 'minmax', 'none']) {
      const r = neurite(['train', '--data', 'e154.csv', '--scale', scale, '--epochs', '1', '--out', 'e154.json'], dir);
      expect(r.status, r.stderr).toBe(1);
      expect(errorLine(r)).toBe('error: e154.csv: column "x" has values up to 3.00e+154, more than float32 (in which the network computes) can hold (3.4e+38); rescale the column (divide it by a power of 10) or remove it');
    }
    const r = neurite(['train', '--data', 'e39.csv', '--epochs', '1', '--out', 'e154.json'], dir);
    expect(errorLine(r)).toMatch(/^error: e39\.csv: column "x" has values up to 5\.00e\+39, more than float32/);
    expect(() => readFileSync(join(dir, 'e154.json'))).toThrow();
  });

  it('a regression target near 1e154 is named too; values of 1e30 train and the model loads again', () => {
    const target = neurite(['train', '--data', 'e154.csv', '--target', 'x', '--task', 'regression', '--epochs', '1', '--out', 't.json'], dir);
    expect(errorLine(target)).toMatch(/^error: e154\.csv: column "x" has values up to 3\.00e\+154/);
    const fine = neurite(['train', '--data', 'fine.csv', '--epochs', '2', '--seed', '1', '--out', 'fine.json'], dir);
    expect(fine.status, fine.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'fine.json'), 'utf8')).preprocessing.features[0].scale).toBeGreaterThan(1e29);
    const evaluated = neurite(['evaluate', '--model', 'fine.json', '--data', 'fine.csv', '--json'], dir);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(Number.isFinite(JSON.parse(evaluated.stdout).loss)).toBe(true);
  });
});

describe('model files with numbers float32 cannot hold', () => {
  const write = (name: string, change: (m: typeof iris) => void) => {
    const m = structuredClone(iris);
    change(m);
    writeFileSync(join(dir, name), JSON.stringify(m));
  };

  it('predict, evaluate and export (js and onnx) refuse them, naming the field', () => {
    write('w1e308.json', (m) => (m.layers[0].weights[1][2] = 1e308));
    write('b35e38.json', (m) => (m.layers[1].bias[0] = 3.5e38));
    write('scale.json', (m) => (m.preprocessing.features[2].scale = 1e-308));
    write('center.json', (m) => (m.preprocessing.features[0].center = -3.5e38));
    const cases: [string, string][] = [
      ['w1e308.json', 'layers[0].weights[1][2]: expected a number finite in float32 (|x| <= 3.4028235e+38), found 1e+308'],
      ['b35e38.json', 'layers[1].bias[0]: expected a number finite in float32 (|x| <= 3.4028235e+38), found 3.5e+38'],
      ['scale.json', 'preprocessing.features[2].scale: expected a number from 1.2e-38 to 3.4e+38 (a positive normal float32), found 1e-308'],
      ['center.json', 'preprocessing.features[0].center: expected a number finite in float32 (|x| <= 3.4028235e+38), found -3.5e+38'],
    ];
    const commands = [['predict', '--data', 'iris.csv'], ['export', '--format', 'js', '--out', 'm.mjs'], ['evaluate', '--data', 'iris.csv'], ['export', '--format', 'onnx', '--out', 'm.onnx']];
    // every command on the first file, predict and export js (the one that must never fail inside) on the others
    for (const [k, [file, problem]] of cases.entries()) {
      for (const args of k === 0 ? commands : commands.slice(0, 2)) {
        const r = neurite([args[0], '--model', file, ...args.slice(1)], dir);
        expect(r.status, `${args[0]} ${file}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toBe(`error: ${file} is not a valid Neurite model (1 problem):\n  ${problem}\n`);
      }
    }
  });
});

describe('rows the model cannot compute, and no rows', () => {
  it('predict and evaluate refuse a row whose value scales beyond float32, naming file, line and column', () => {
    for (const cmd of ['predict', 'evaluate']) {
      const r = neurite([cmd, '--model', 'iris.json', '--data', 'huge-row.csv'], dir);
      expect(r.status, r.stderr).toBe(1);
      expect(errorLine(r)).toBe('error: huge-row.csv:3: the value 1e39 in column "petal_length" is too large for the model once scaled (beyond float32, 3.4e38); check the value or remove the row');
    }
    expect(neurite(['train', '--data', 'regr.csv', '--epochs', '2', '--seed', '1', '--out', 'regr.json'], dir).status).toBe(0);
    const r = neurite(['evaluate', '--model', 'regr.json', '--data', 'huge-target.csv'], dir);
    expect(errorLine(r)).toBe('error: huge-target.csv:3: the target 1e40 is too large for the model once scaled (beyond float32, 3.4e38); check the value or remove the row');
  });

  it('outputs that overflow although the inputs fit are refused, naming the row', () => {
    writeFileSync(join(dir, 'loud.json'), JSON.stringify({ ...iris, layers: iris.layers.map((l, i) => (i === 0 ? { ...l, weights: l.weights.map((w) => w.map(() => 3e38)) } : l)) }));
    const r = neurite(['predict', '--model', 'loud.json', '--data', 'iris.csv'], dir);
    expect(errorLine(r)).toMatch(/^error: iris\.csv:\d+: the model's outputs/);
    expect(errorLine(r)).toContain("the model's outputs for this row are not finite (NaN or infinite): its values are too far from those the model was trained on; check the row or remove it");
  });

  it('evaluate on zero rows is an error, CSV or IDX', () => {
    expect(errorLine(neurite(['evaluate', '--model', 'iris.json', '--data', 'header-only.csv'], dir))).toMatch(/^error: header-only\.csv:1: no data rows/);
    expect(neurite(['train', '--data', 'img4', '--labels', 'lab4', '--epochs', '1', '--out', 'px.json'], dir).status).toBe(0);
    const r = neurite(['evaluate', '--model', 'px.json', '--data', 'img0', '--labels', 'lab0'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe('error: img0: no rows to evaluate (0 images); give data with at least one labelled row');
  });
});
