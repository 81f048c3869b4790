// Real tables as they come (#21), the library side: delimiters and quotes sniffed, JSON and JSON
// Lines, every missing-value marker, ids, dates, thousands separators, text of too many values,
// blank targets, unseen categories, all at once in one file; imputation stored in the model and
// given back bit for bit after save and load; the exports impute the same way.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../src/data/csv.js';
import { parseDate, datePart, dateFormatOf } from '../src/data/dates.js';
import { DataError } from '../src/data/errors.js';
import { fitPreprocessor } from '../src/data/preprocessor.js';
import { parseJsonTable, recordsTable } from '../src/data/json-table.js';
import { readDataFile } from '../src/data/node/read.js';
import { MISSING_MARKERS, MissingMarkers } from '../src/data/numbers.js';
import { Preprocessor } from '../src/data/preprocessor.js';
import { planColumns } from '../src/data/roles.js';
import { sniffDialect } from '../src/data/sniff.js';
import type { ColumnTable } from '../src/data/table.js';
import { Network, toModelFile, toStandaloneModule, type ModelFile } from '../src/index.js';
import { toOnnx } from '../src/onnx.js';
import { importModule, neurite, onnxInput, runOnnx, type RawRow } from './export-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-tables-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function table(path: string, markers?: MissingMarkers): ColumnTable {
  const f = readDataFile(path, { markers });
  if (f.kind !== 'csv') throw new Error('not a table');
  return f.table;
}
function error(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
const cells = (t: ColumnTable, j: number) => Array.from({ length: t.rowCount }, (_, i) => t.column(j).text(i));

describe('sniffing the dialect', () => {
  const rows = [['name', 'x', 'note'], ['a b', '1.5', 'it, is; so|ok'], ['c', '-2', 'plain']];
  for (const [delimiter, dname] of [[',', 'comma'], [';', 'semicolon'], ['\t', 'tab'], ['|', 'pipe'], [' ', 'space']]) {
    for (const quote of ['"', "'"]) {
      it(`reads ${dname}-separated text quoted with ${quote}`, () => {
        const text = rows.map((r) => r.map((c) => `${quote}${c}${quote}`).join(delimiter)).join('\n') + '\n';
        const d = sniffDialect(text);
        expect([d.delimiter, d.quote, d.width]).toEqual([delimiter, quote, 3]);
        const t = table(file(`s-${dname}-${quote === '"' ? 'dq' : 'sq'}.txt`, text));
        expect([t.columns, cells(t, 0), t.column(1).value(1), cells(t, 2)]).toEqual([rows[0], ['a b', 'c'], -2, ['it, is; so|ok', 'plain']]);
      });
    }
  }

  it('takes runs of spaces as one delimiter (aligned columns), and .tsv as tab whatever the text', () => {
    const t = table(file('aligned.dat', '  x     y   z\n  1.5   2   a\n 10    20   b  \n'));
    expect([t.columns, t.column(0).value(1), cells(t, 2)]).toEqual([['x', 'y', 'z'], 10, ['a', 'b']]);
    const tsv = table(file('t.tsv', 'a,b\tc\n1,2\t3\n'));
    expect(tsv.columns).toEqual(['a,b', 'c']);
  });

  it('reads the statsmodels files that failed as they came (tab and single quotes, space, semicolon)', () => {
    const anes = sniffDialect("'popul'\t'TVnews'\t'vote'\n0\t7\t1\n190\t1\t0\n");
    const spector = sniffDialect("'OBS' 'GPA' 'GRADE'\n1 2.66 0\n2 2.89 0\n");
    const mode = sniffDialect('individual;mode;choice\n1;1;0\n1;2;0\n');
    expect([anes, spector, mode].map((d) => [d.delimiter, d.quote])).toEqual([['\t', "'"], [' ', "'"], [';', '"']]);
  });

  const statsmodels = '/usr/lib/python3/dist-packages/statsmodels/datasets/';
  it.skipIf(!existsSync(statsmodels))("reads those files themselves as Debian's python3-statsmodels ships them", () => {
    const read = (name: string) => {
      const t = table(join(statsmodels, name));
      return [t.rowCount, t.columns.join(' '), t.column(t.columns.length - 1).value(0), t.column(1).value(t.rowCount - 1)];
    };
    expect(read('anes96/anes96.csv')).toEqual([944, 'popul TVnews selfLR ClinLR DoleLR PID age educ income vote', 1, 7]);
    expect(read('spector/spector.csv')).toEqual([32, 'OBS GPA TUCE PSI GRADE', 0, 2.39]);
    expect(read('modechoice/modechoice.csv')).toEqual([840, 'individual mode choice ttme invc invt gc hinc psize', 1, 4]);
  });
});

describe('JSON tables', () => {
  it('reads an array of records and JSON Lines the same; null and absent keys are missing', () => {
    const records = [{ x: 1, c: 'a', b: true }, { x: null, c: 'b' }, { x: 2.5, c: null, b: false }];
    const a = table(file('r.json', JSON.stringify(records, null, 2)));
    const l = table(file('r.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    for (const t of [a, l]) {
      expect(t.columns).toEqual(['x', 'c', 'b']);
      expect([t.column(0).value(0), t.column(0).counts.empty, cells(t, 1), cells(t, 2)]).toEqual([1, 1, ['a', 'b', ''], ['true', '', 'false']]);
    }
    expect(recordsTable(records, 'mem').rowCount).toBe(3);
  });

  it('says where JSON is broken, and refuses nested values and non-records', () => {
    expect(error(() => parseJsonTable('{"x":1}\n{"x":\n', 'b.jsonl', true))).toMatch(/^b\.jsonl:2:\d+: invalid JSON/);
    expect(error(() => parseJsonTable('[{"x":1},\n {"x":[1,2]}]', 'n.json'))).toBe('n.json:2: the field "x" holds an array, not one value; flatten the records so that each field is a number, a string, a boolean or null');
    expect(error(() => parseJsonTable('{"data":[{"x":1}]}', 'o.json'))).toMatch(/one JSON object, not an array of records; its field "data" holds an array of 1: save that array as the file/);
  });

  it('refuses a file that is not what its name says, saying what it looks like', () => {
    expect(error(() => readDataFile(file('csv.json', 'a;b\n1;2\n')))).toMatch(/csv\.json: not JSON: it looks like semicolon-separated text \(2 columns\); rename the file to \.csv/);
    expect(error(() => readDataFile(file('json.csv', '[{"a":1}]')))).toMatch(/json\.csv: this looks like JSON \(it starts with \[\), not CSV; rename the file to \.json/);
    expect(error(() => readDataFile(file('book.csv', 'PK\u0003\u0004rest')))).toMatch(/book\.csv: this is a ZIP archive \(an Excel \.xlsx/);
    expect(error(() => readDataFile(file('page.csv', '<!DOCTYPE html><html><body>x</body></html>')))).toMatch(/page\.csv: this is a web page \(HTML\), not a table/);
  });
});

describe('missing values', () => {
  it('counts blank and every marker as missing, and what --na adds', () => {
    const markers = ['', ...MISSING_MARKERS];
    const text = `x,y\n${markers.map((m, i) => `${m},${i}`).join('\n')}\n1,99\n-999,100\n`;
    const t = table(file('markers.csv', text));
    expect([t.column(0).kind, t.column(0).counts.empty, t.column(0).counts.number]).toEqual(['numeric', markers.length, 2]);
    const extra = table(file('markers2.csv', text), new MissingMarkers(['-999']));
    expect(extra.column(0).counts.empty).toBe(markers.length + 1);
  });

  it('imputes the training median and most frequent value, with an indicator only where training rows were missing', () => {
    const t = table(file('m.csv', 'a,b,c,y\n1,x,5,0\nNA,y,6,1\n3,x,7,0\n10,,8,1\n100,x,9,0\n?,y,1,1\n'));
    const p = fitPreprocessor({ table: t, target: 'y', trainRows: [0, 1, 2, 3, 4], scale: 'none' });
    expect(p.toJSON().features).toEqual([
      { name: 'a', kind: 'numeric', center: 0, scale: 1, impute: 6.5, missingIndicator: true },
      { name: 'b', kind: 'categorical', categories: ['x', 'y'], impute: 'x', missingIndicator: true },
      { name: 'c', kind: 'numeric', center: 0, scale: 1, impute: 7 },
    ]);
    const { x, report } = p.encode(t);
    const row = (i: number) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols));
    expect(p.inputNames).toEqual(['a', 'a (missing)', 'b=x', 'b=y', 'b (missing)', 'c']);
    expect(row(1)).toEqual([6.5, 1, 0, 1, 0, 6]);
    expect(row(3)).toEqual([10, 0, 1, 0, 1, 8]);
    expect(row(5)).toEqual([6.5, 1, 0, 1, 0, 1]); // "?" in a validation row, imputed as trained
    expect([report.total('missing'), report.rows]).toEqual([3, 3]);
  });
});

describe('column roles', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [
    String(i + 1), `name${i}`, `2020-01-${String(1 + i).padStart(2, '0')}`, `"${(1000 + i * 37).toLocaleString('en-US')}"`, `word${i % 20}`, ['u', 'v', 'w'][i % 3], i % 2 === 0 ? 'k' : '', 'same',
  ].join(','));
  const t = () => table(file('roles.csv', `row,name,day,amount,word,kind,label,flat\n${rows.join('\n')}\n`));

  it('finds ids, dates, quoted thousands, text of too many values; a constant stays a feature', () => {
    const plan = planColumns(t(), { target: 'label' });
    expect(plan.map((c) => [c.name, c.type, c.role])).toEqual([
      ['row', 'numeric', 'id'], ['name', 'text', 'id'], ['day', 'date', 'feature'], ['amount', 'numeric', 'feature'],
      ['word', 'text', 'high-cardinality'], ['kind', 'text', 'feature'], ['label', 'text', 'target'], ['flat', 'text', 'feature'],
    ]);
    expect(t().column(3).value(2)).toBe(1074);
    expect(planColumns(t(), { target: 'label', features: ['word', 'row'] }).filter((c) => c.role === 'feature').map((c) => c.name)).toEqual(['row', 'word']);
    expect(planColumns(t(), { target: 'label', ignore: ['day'] })[2].role).toBe('ignored');
    expect(error(() => planColumns(t(), { target: 'label', ignore: ['dya'] }))).toMatch(/--ignore names "dya", which is not a column \(did you mean "day"\?\)/);
  });

  it('turns dates into year, month, day of year and day of week, keeping the parts that vary', () => {
    expect(parseDate('Jun 12 1998', 'month-name')).toEqual([1998, 6, 12]);
    expect([datePart([2024, 3, 1], 'dayOfYear'), datePart([2026, 12, 7], 'dayOfWeek')]).toEqual([61, 1]);
    expect([dateFormatOf(['13/1/2020', '4/5/2020']), dateFormatOf(['1/2/2020']), dateFormatOf(['12.03.2001']), dateFormatOf(['x'])]).toEqual(['dmy', 'mdy', 'dmy-dot', null]);
    const tt = t();
    const labelled = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 2 === 0);
    const p = fitPreprocessor({ table: tt, target: 'kind', trainRows: labelled });
    const day = p.toJSON().features.find((f) => f.name === 'day');
    expect(day?.kind === 'date' && day.parts.map((q) => q.part)).toEqual(['dayOfYear', 'dayOfWeek']);
  });

  it('leaves rows without a target out (labelledRows) and fits on the rest', () => {
    const tt = t();
    expect(error(() => fitPreprocessor({ table: tt, target: 'label', task: 'regression', trainRows: [0], features: ['amount'] }))).toMatch(/the target column "label" holds no number in the training rows/);
    const p = fitPreprocessor({ table: tt, target: 'amount', task: 'regression', trainRows: [0, 1, 2], features: ['kind'] });
    expect(p.labelledRows(tt).length).toBe(30);
    const r = Preprocessor.fromJSON({ ...p.toJSON(), target: { ...p.toJSON().target, name: 'label' } });
    expect(r.labelledRows(tt).length).toBe(0); // "k" is not a number
    const q = Preprocessor.fromJSON({ ...p.toJSON(), target: { name: 'label', task: 'classification', classes: ['k', 'z'] } });
    expect(Array.from(q.labelledRows(tt))).toEqual(Array.from({ length: 15 }, (_, i) => 2 * i));
  });
});

// One file with every problem at once: semicolon-separated, single quotes, an id, a date, quoted
// thousands, markers of several kinds, text of too many values, a blank target, a constant.
const messy = [
  "'id';'when';'price';'colour';'size';'comment';'note';'target'",
  ...Array.from({ length: 40 }, (_, i) => [
    `${i + 1}`, `'${2001 + (i % 7)}-${1 + (i % 12)}-${1 + (i % 27)}'`, i % 9 === 4 ? 'NA' : `'${(1200 + 97 * i).toLocaleString('en-US')}'`,
    ['red', 'blue', 'green'][i % 3], i % 11 === 3 ? '?' : String((i * 7) % 13), `'free text ${i}'`, 'n/a', i % 10 === 9 ? '' : i % 3 === 0 ? 'yes' : 'no',
  ].join(';')),
].join('\n');

describe('every problem at once', () => {
  it('reads, plans, fits and encodes a messy file with the values expected', () => {
    const t = table(file('messy.csv', messy));
    expect(t.columns).toEqual(['id', 'when', 'price', 'colour', 'size', 'comment', 'note', 'target']);
    const plan = planColumns(t, { target: 'target' });
    expect(plan.map((c) => c.role)).toEqual(['id', 'feature', 'feature', 'feature', 'feature', 'id', 'empty', 'target']);
    const labelled = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 10 !== 9);
    const p = fitPreprocessor({ table: t, target: 'target', trainRows: labelled });
    expect(p.features).toEqual(['when', 'price', 'colour', 'size']);
    const price = p.toJSON().features[1];
    expect(price).toMatchObject({ kind: 'numeric', missingIndicator: true });
    expect(p.classes).toEqual(['no', 'yes']);
    const rows = p.labelledRows(t);
    expect(rows.length).toBe(36);
    const { report } = p.encode(t, rows);
    expect([report.features.get('price')?.missing, report.features.get('size')?.missing]).toEqual([4, 4]);
  });
});

describe('imputation stored in the model', () => {
  // fitted on the first five rows; the sixth is new data ("nope" in the date column d)
  const head = 'a,b,d,y\n1,x,2020-01-05,0\nNA,y,2020-03-01,1\n3,x,,0\n10,,2021-07-14,1\n100,x,2020-02-29,0\n';
  const t = () => table(file('m2.csv', `${head}?,zz,nope,1\n`));
  const fitted = () => fitPreprocessor({ table: table(file('m2-train.csv', head)), target: 'y', trainRows: [0, 1, 2, 3, 4] });

  it('gives the training-time encoding bit for bit after save and load', () => {
    const p = fitted();
    const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const a = p.encode(t());
    const b = again.encode(t());
    expect(b.x.data).toEqual(a.x.data);
    expect(Array.from(new Uint32Array(b.x.data.buffer))).toEqual(Array.from(new Uint32Array(a.x.data.buffer)));
    expect(a.report.first.map((c) => [c.row, c.feature, c.kind])).toEqual([[1, 'a', 'missing'], [5, 'a', 'missing'], [3, 'b', 'missing'], [5, 'b', 'unseen'], [2, 'd', 'missing'], [5, 'd', 'invalid']]);
  });

  function model(): ModelFile {
    const p = fitted();
    const net = new Network({ inputs: p.inputs, layers: [{ units: 5, activation: 'tanh' }, { units: 2, activation: 'softmax' }], seed: 3 });
    return JSON.parse(JSON.stringify(toModelFile(net, { task: 'classification', target: 'y', classes: p.classes, features: p.features, preprocessing: p.toJSON() })));
  }
  const rows: RawRow[] = [
    { a: 1, b: 'x', d: '2020-01-05' }, { a: null, b: 'y', d: '2020-03-01' }, { a: 3, b: 'x', d: null }, { a: 10, b: null, d: '2021-07-14' }, { a: NaN, b: 'zz', d: '2020-02-29' },
  ];

  it('imputes in ONNX (NaN inputs) exactly as Neurite does', async () => {
    const file = model();
    const want = neurite(file, rows).outputs;
    const got = await runOnnx(toOnnx(file), onnxInput(file, rows));
    got.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - want[i][j])).toBeLessThanOrEqual(1e-6)));
  });

  it('imputes in the standalone module (null, NaN, "NA", absent) exactly as Neurite does', async () => {
    const file = model();
    const m = await importModule(toStandaloneModule(file));
    expect(m.outputs(rows)).toEqual(neurite(file, rows).outputs);
    expect(m.outputs([{ a: 'NA', b: '', d: '?' }, { b: 'x' }])).toEqual(neurite(file, [{ a: null, b: null, d: null }, { a: null, b: 'x', d: null }]).outputs);
  });
});
