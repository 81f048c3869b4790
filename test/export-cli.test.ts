// `neurite export` end to end: the built command (node bin/neurite.js) on model files the test
// makes, its output checked against `neurite predict`, and its errors and exit statuses.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './cli-helpers.js';
import { expectClose, importModule, neurite, onnxInput, randomModel, randomRows, runOnnx, type RawRow } from './export-helpers.js';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'neurite-export-cli-'));

function neuriteCli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'neurite.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// dist/ is built with tsc when stale, under the lock the other CLI tests share
beforeAll(() => ensureBuilt(), 180_000);

describe('neurite export', () => {
  let iris: RawRow[];
  let predicted: { predictions: string[]; outputs: number[][] };

  beforeAll(() => {
    const train = neuriteCli('train', '--dataset', 'iris', '--epochs', '5', '--seed', '1', '--out', 'iris.json');
    expect(train.status, train.stderr).toBe(0);
    const csv = readFileSync(join(root, 'data', 'iris.csv'), 'utf8').trim().split('\n');
    const columns = csv[0].split(',');
    iris = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, j) => [columns[j], j < 4 ? Number(v) : v])));
    const predict = neuriteCli('predict', '--model', 'iris.json', '--data', join(root, 'data', 'iris.csv'), '--json');
    expect(predict.status, predict.stderr).toBe(0);
    predicted = JSON.parse(predict.stdout);
  }, 120_000);

  it('--format onnx writes a model that gives what `neurite predict` gives', async () => {
    const r = neuriteCli('export', '--model', 'iris.json', '--format', 'onnx', '--out', 'iris.onnx');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^wrote iris\.onnx: ONNX model/);
    expect(r.stdout).toBe('');
    const file = JSON.parse(readFileSync(join(dir, 'iris.json'), 'utf8'));
    const got = await runOnnx(readFileSync(join(dir, 'iris.onnx')), onnxInput(file, iris));
    expectClose(got, predicted.outputs, 'iris via the CLI');
  });

  it('--format js writes a module whose predict gives what `neurite predict` gives', async () => {
    const r = neuriteCli('export', '--model', 'iris.json', '--format', 'js', '--out', 'iris.mjs');
    expect(r.status, r.stderr).toBe(0);
    const m = await importModule(readFileSync(join(dir, 'iris.mjs'), 'utf8'));
    expect(m.predict(iris)).toEqual(predicted.predictions);
    expectClose(m.outputs(iris), predicted.outputs, 'iris module via the CLI');
  });

  it('--format js says in its header how many inputs come in and how many missing indicators are made', async () => {
    // two numeric columns with missing cells: each gets an indicator, so the first layer takes 5 values from 3 columns
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 7 === 0 ? '' : i},${i % 5 === 0 ? 'NA' : (i * 3) % 11},${i % 3},${i % 2 ? 'yes' : 'no'}`);
    writeFileSync(join(dir, 'gaps.csv'), `a,b,c,label\n${rows.join('\n')}\n`);
    const train = neuriteCli('train', '--data', 'gaps.csv', '--target', 'label', '--hidden', '4', '--epochs', '2', '--out', 'gaps.json');
    expect(train.status, train.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'gaps.json'), 'utf8')).layers[0].weights).toHaveLength(5);
    expect(neuriteCli('export', '--model', 'gaps.json', '--format', 'js', '--out', 'gaps.mjs').status).toBe(0);
    const header = readFileSync(join(dir, 'gaps.mjs'), 'utf8').split('*/')[0];
    expect(header).toContain('Network:  3 inputs (+2 missing indicators) -> dense 4 (relu)');
    expect(neuriteCli('export', '--model', 'iris.json', '--format', 'js', '--out', 'iris2.mjs').status).toBe(0);
    expect(readFileSync(join(dir, 'iris2.mjs'), 'utf8')).toContain('Network:  4 inputs -> dense');
  });

  it('exports a regression model with outputs in the target\'s units', async () => {
    const file = randomModel('elu', 'regression', 8);
    writeFileSync(join(dir, 'price.json'), JSON.stringify(file));
    expect(neuriteCli('export', '--model', 'price.json', '--format', 'onnx', '--out', 'price.onnx').status).toBe(0);
    const rows = randomRows(file, 50, 2);
    const got = await runOnnx(readFileSync(join(dir, 'price.onnx')), onnxInput(file, rows));
    expectClose(got, neurite(file, rows).predictions.map((v) => [v as number]), 'price');
  });
});

describe('neurite export errors', () => {
  it('a missing model file: exit 1 and one error line naming it and the option', () => {
    const r = neuriteCli('export', '--model', 'nope.json', '--format', 'onnx', '--out', 'x.onnx');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: nope.json: cannot read it (no such file); check the path given to --model\n');
  });

  it('a bad --format: exit 2, listing the formats', () => {
    writeFileSync(join(dir, 'm.json'), JSON.stringify(randomModel('relu', 'classification', 1)));
    const r = neuriteCli('export', '--model', 'm.json', '--format', 'onx', '--out', 'x.onnx');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .*--format.*'onx' is invalid\. expected one of onnx, js \(did you mean onnx\?\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing --out or --format: exit 2', () => {
    expect(neuriteCli('export', '--model', 'm.json', '--format', 'js').status).toBe(2);
    expect(neuriteCli('export', '--model', 'm.json', '--out', 'x.js').status).toBe(2);
  });

  it('a model file that is not valid: exit 1 listing the problems, nothing written', () => {
    writeFileSync(join(dir, 'bad.json'), '{"format": "neurite-model",\n "version": 1,,}');
    const r = neuriteCli('export', '--model', 'bad.json', '--format', 'js', '--out', 'bad.mjs');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: bad\.json is not a valid Neurite model \(1 problem\):\n {2}line 2, column \d+: expected valid JSON/);
    expect(existsSync(join(dir, 'bad.mjs'))).toBe(false);
  });

  it('an --out in a directory that does not exist: exit 1', () => {
    const r = neuriteCli('export', '--model', 'm.json', '--format', 'onnx', '--out', 'no/such/dir/m.onnx');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: could not write no/such/dir/m.onnx: its directory does not exist; nothing was written; check the path given to --out\n');
  });
});
