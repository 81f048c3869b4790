import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../src/core/errors.js';
import type { ModelMeta } from '../src/io/model-file.js';
import { parseCsv } from '../src/data/csv.js';
import { DataError } from '../src/data/errors.js';
import { fitPixelPreprocessor, fitPreprocessor } from '../src/data/preprocessor.js';
import { Preprocessor } from '../src/data/preprocessor.js';
import type { NumericFeatureJSON } from '../src/data/preprocessing-json.js';
import type { Table } from '../src/data/table.js';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

// rows 0–3 are training rows; rows 4–5 (validation) hold extreme values that must not be seen.
const house = parseCsv(
  ['size,colour,const,price', '1,red,5,10', '2,blue,5,20', '3,red,5,30', '4,green,5,40', '1000000,violet,9,-5000', '-1000000,red,9,7000'].join('\n'),
  'house.csv',
);
const train = [0, 1, 2, 3];

function numeric(p: Preprocessor, name: string): NumericFeatureJSON {
  return p.toJSON().features.find((f) => f.name === name) as NumericFeatureJSON;
}

describe('fitPreprocessor', () => {
  it('fits standard scaling on the training rows only (population std)', () => {
    const p = fitPreprocessor({ table: house, target: 'price', task: 'regression', scale: 'standard', trainRows: train });
    expect(numeric(p, 'size')).toEqual({ name: 'size', kind: 'numeric', center: 2.5, scale: Math.sqrt(1.25), impute: 2.5 });
    expect(numeric(p, 'const')).toEqual({ name: 'const', kind: 'numeric', center: 5, scale: 1, impute: 5 });
    const t = p.toJSON().target;
    expect(t).toEqual({ name: 'price', task: 'regression', center: 25, scale: Math.sqrt(125) });
    const { data, rows, cols } = p.transform(house);
    expect([rows, cols, p.inputs]).toEqual([6, 5, 5]);
    const sizes = [0, 1, 2, 3].map((i) => data[i * cols]);
    expect(sizes.reduce((a, b) => a + b) / 4).toBeCloseTo(0, 6);
    expect(Math.sqrt(sizes.reduce((a, b) => a + b * b, 0) / 4)).toBeCloseTo(1, 6);
  });

  it('fits min-max scaling on the training rows only; a constant column gets range 1', () => {
    const p = fitPreprocessor({ table: house, target: 'price', task: 'regression', scale: 'minmax', trainRows: train });
    expect(numeric(p, 'size')).toMatchObject({ center: 1, scale: 3 });
    expect(numeric(p, 'const')).toMatchObject({ center: 5, scale: 1 });
    const { data, cols } = p.transform(house);
    expect(Array.from({ length: 4 }, (_, i) => data[i * cols])).toEqual([0, 1 / 3, 2 / 3, 1].map(Math.fround));
  });

  it('one-hot encodes text columns with categories from the training rows, sorted; unseen → zeros', () => {
    const p = fitPreprocessor({ table: house, target: 'price', task: 'regression', scale: 'none', trainRows: train });
    expect(p.toJSON().features[1]).toEqual({ name: 'colour', kind: 'categorical', categories: ['blue', 'green', 'red'], impute: 'red' });
    expect(p.features).toEqual(['size', 'colour', 'const']);
    const { data, cols } = p.transform(house);
    const row = (i: number) => Array.from(data.subarray(i * cols, (i + 1) * cols));
    expect(row(0)).toEqual([1, 0, 0, 1, 5]);
    expect(row(1)).toEqual([2, 1, 0, 0, 5]);
    expect(row(4)).toEqual([1000000, 0, 0, 0, 9]); // "violet" was only in validation rows
  });

  it('encodes classes and infers the task, with the last column as default target', () => {
    const t = parseCsv('a,b,label\n1,x,10\n2,y,9\n3,x,2\n4,y,9\n', 'c.csv');
    const p = fitPreprocessor({ table: t, trainRows: [0, 1, 2, 3] });
    expect([p.task, p.target, p.classes]).toEqual(['classification', 'label', ['2', '9', '10']]);
    expect(Array.from(p.encodeTargets(t))).toEqual([2, 1, 0, 1]);
    expect(thrown(() => p.decodeTarget([1])).message).toMatch(/^decodeTarget: a classification model/);
  });

  it('reports a typo in a numeric class column rather than making it a class', () => {
    const t = parseCsv('a,label\n1,0\n2,1\n3,one\n5,1\n', 'typo.csv');
    expect(thrown(() => fitPreprocessor({ table: t, trainRows: [0, 1] })).message).toBe(
      'typo.csv:4:2: "one" in numeric column "label" is not a number; write a plain number such as 3.5 or -2e-3, or remove the row',
    );
  });

  it('refuses a single class, a table with no features and bad row indices', () => {
    const one = parseCsv('a,y\n1,k\n2,k\n', 'one.csv');
    expect(thrown(() => fitPreprocessor({ table: one, trainRows: [0, 1] })).message).toMatch(/^one\.csv: the target column y has only one class \(k\); classification needs at least two/);
    const only = parseCsv('y\n1\n2\n', 'only.csv');
    expect(thrown(() => fitPreprocessor({ table: only, trainRows: [0] })).message).toBe('only.csv: no feature columns: the only column is the target y; add input columns or choose another --target');
    expect(thrown(() => fitPreprocessor({ table: house, trainRows: [0, 6] })).message).toBe('fitPreprocessor: trainRows[1] = 6 is not a row index (expected an integer in 0..5)');
  });

  it('names missing feature columns in a prediction file; the target may be absent', () => {
    const p = fitPreprocessor({ table: house, target: 'price', scale: 'standard', trainRows: train });
    const predict = parseCsv('const,size,colour\n5,2,red\n', 'new.csv');
    expect(p.transform(predict).rows).toBe(1);
    const bad = parseCsv('size,weight\n2,3\n', 'new.csv');
    const e = thrown(() => p.transform(bad)) as DataError;
    expect(e.message).toBe('new.csv:1: missing feature columns colour, const; the model needs the columns size, colour, const; the file has size, weight');
    expect(thrown(() => p.encodeTargets(predict)).message).toMatch(/^new\.csv: no column named "price"/);
  });

  it('imputes a bad cell at transform time and reports it with its row', () => {
    const p = fitPreprocessor({ table: house, target: 'price', scale: 'standard', trainRows: train });
    const bad = parseCsv('size,colour,const\n2,red,5\nbig,red,5\n', 'new.csv');
    const { x, report } = p.encode(bad);
    expect(report.first).toEqual([{ row: 1, feature: 'size', kind: 'invalid', text: 'big' }]);
    expect(x.data[x.cols]).toBe(0); // the median 2.5, scaled: (2.5 - 2.5) / std
  });
});

describe('preprocessing JSON', () => {
  it('round-trips through JSON text with identical transform output', () => {
    const p = fitPreprocessor({ table: house, target: 'price', scale: 'standard', trainRows: train });
    const meta: ModelMeta = { preprocessing: p.toJSON() };
    const q = Preprocessor.fromJSON(JSON.parse(JSON.stringify(meta)).preprocessing);
    expect(q.toJSON()).toEqual(p.toJSON());
    expect(q.transform(house).data).toEqual(p.transform(house).data);
    expect(q.encodeTargets(house)).toEqual(p.encodeTargets(house));
  });

  it('reports every problem at once', () => {
    const json = {
      version: 3,
      scale: 'log',
      features: [{ name: 'a', kind: 'numeric', center: 'x', scale: 0 }, { name: 'a', kind: 'categorical', categories: ['u', 'u'] }, { name: 'b', kind: 'ordinal' }],
      target: { name: 'b', task: 'classification', classes: ['only'] },
    };
    const e = thrown(() => Preprocessor.fromJSON(json, 'm.json')) as ModelFormatError;
    expect(e).toBeInstanceOf(ModelFormatError);
    expect(e.problems).toEqual([
      { path: 'preprocessing.version', expected: '1 or 2', received: '3' },
      { path: 'preprocessing.scale', expected: 'one of standard, minmax, none, pixel', received: '"log"' },
      { path: 'preprocessing.features[0].center', expected: 'a number finite in float32 (|x| <= 3.4028235e+38)', received: '"x"' },
      { path: 'preprocessing.features[0].scale', expected: 'a number from 1.2e-38 to 3.4e+38 (a positive normal float32)', received: '0' },
      { path: 'preprocessing.features[1].name', expected: 'a name not used by another feature', received: '"a"' },
      { path: 'preprocessing.features[1].categories[1]', expected: 'a value not listed before', received: '"u"' },
      { path: 'preprocessing.features[2].kind', expected: '"numeric", "categorical" or "date"', received: '"ordinal"' },
      { path: 'preprocessing.target.name', expected: 'a column that is not also a feature', received: '"b"' },
      { path: 'preprocessing.target.classes', expected: 'an array of at least 2 strings', received: 'an array of 1' },
    ]);
    expect(e.message.split('\n')[0]).toBe('m.json is not a valid Neurite model (9 problems):');
    expect(thrown(() => Preprocessor.fromJSON(null)).message).toContain('preprocessing: expected an object, found null');
  });
});

describe('preprocessing numbers float32 cannot hold', () => {
  it('a center beyond float32, or a scale float32 rounds to 0, is a problem naming the field', () => {
    const json = {
      version: 1, scale: 'standard',
      features: [{ name: 'a', kind: 'numeric', center: 3.5e38, scale: 1 }, { name: 'b', kind: 'numeric', center: 0, scale: 1e-308 }, { name: 'c', kind: 'numeric', center: -3.4e38, scale: 3.4e38 }],
      target: { name: 'y', task: 'regression', center: 1e308, scale: 1 },
    };
    expect((thrown(() => Preprocessor.fromJSON(json, 'm.json')) as ModelFormatError).problems).toEqual([
      { path: 'preprocessing.features[0].center', expected: 'a number finite in float32 (|x| <= 3.4028235e+38)', received: '3.5e+38' },
      { path: 'preprocessing.features[1].scale', expected: 'a number from 1.2e-38 to 3.4e+38 (a positive normal float32)', received: '1e-308' },
      { path: 'preprocessing.target.center', expected: 'a number finite in float32 (|x| <= 3.4028235e+38)', received: '1e+308' },
    ]);
  });
});

describe('pixel preprocessing', () => {
  it('divides pixels by 255 and encodes labels as classes', () => {
    const p = fitPixelPreprocessor({ inputs: 3, labels: Uint8Array.of(7, 2, 7) });
    expect([p.scale, p.classes, p.features]).toEqual(['pixel', ['2', '7'], ['pixel0', 'pixel1', 'pixel2']]);
    const m = p.transformMatrix({ data: Float32Array.of(0, 255, 51, 102, 0, 255), rows: 2, cols: 3 });
    expect(Array.from(m.data)).toEqual([0, 1, 0.2, 0.4, 0, 1].map(Math.fround));
    expect(Array.from(p.encodeLabels(Uint8Array.of(2, 7), 'l.idx'))).toEqual([0, 1]);
    expect(thrown(() => p.encodeLabels(Uint8Array.of(5), 'l.idx')).message).toBe('l.idx: item 0 has label 5, which is not a known class; the classes are: 2, 7');
    expect(thrown(() => p.transformMatrix({ data: new Float32Array(4), rows: 1, cols: 4 })).message).toBe('transformMatrix: expected 3 numeric columns, found 4');
    expect(Preprocessor.fromJSON(p.toJSON()).transformMatrix(m).rows).toBe(2);
  });
});

describe('scaling is invertible (property)', () => {
  it('decodeTarget(encodeTargets(y)) ≈ y for every scale', () => {
    // Values with three decimals up to ±10⁴, like measured data. (With a spread of 1e-160 in the
    // training rows, a validation value 1e38 times larger would overflow float32: not a real case.)
    const value = fc.integer({ min: -1e7, max: 1e7 }).map((v) => v / 1000);
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 30 }), fc.constantFrom('standard', 'minmax', 'none') as fc.Arbitrary<'standard' | 'minmax' | 'none'>, (ys, scale) => {
        const table: Table = { source: 'p', columns: ['x', 'y'], rows: ys.map((y, i) => [String(i), String(y)]), lines: ys.map((_, i) => i + 2) };
        const p = fitPreprocessor({ table, task: 'regression', scale, features: ['x'], trainRows: ys.map((_, i) => i).filter((i) => i % 3 !== 2) });
        const back = p.decodeTarget(p.encodeTargets(table));
        const spread = Math.max(1, ...ys.map(Math.abs));
        ys.forEach((y, i) => expect(Math.abs(back[i] - y)).toBeLessThanOrEqual(1e-5 * spread));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
