// End-to-end: neurite train --task autoencoder, then evaluate (reconstruction error), predict
// (reconstructions ranking the rows), encode (codes) and resuming from a checkpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'unsupervised-reference.json'), 'utf8'));
const iris = readFileSync(join(ROOT, 'data', 'iris.csv'), 'utf8');
let dir = '';

beforeAll(() => {
  ensureBuilt();
  // the last row an outlier: a flower twice as long as any other
  dir = workdir({ 'iris.csv': iris, 'odd.csv': `${iris.trimEnd()}\n15,2,14,5,virginica\n`, 'one.csv': 'a\n1\n2\n', 'same.csv': 'a,b\n1,2\n1,2\n1,2\n' });
  const r = neurite(['train', '--data', 'iris.csv', '--ignore', 'species', '--task', 'autoencoder', '--bottleneck', '2', '--hidden', 'none',
    '--epochs', '300', '--validation-split', '0', '--seed', '1', '--out', 'ae.json', '--json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
});

const run = (args: string[]) => {
  const r = neurite(args, dir);
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

describe('neurite train --task autoencoder', () => {
  it('a linear code of 2 reconstructs iris within 2 % of PCA-2; evaluate reports it overall and per column', () => {
    const model = JSON.parse(readFileSync(join(dir, 'ae.json'), 'utf8'));
    expect(model).toMatchObject({ task: 'autoencoder', bottleneck: 0, loss: 'mse', features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] });
    const e = JSON.parse(run(['evaluate', '--model', 'ae.json', '--data', 'iris.csv', '--json']));
    expect(e.rows).toBe(150);
    expect(e.reconstructionMse / reference.pca.iris['2'] - 1).toBeLessThan(0.02);
    const cols = Object.values(e.perColumn) as number[];
    expect(Object.keys(e.perColumn)).toEqual(model.features);
    expect(cols.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(e.reconstructionMse, 10);
    expect(run(['evaluate', '--model', 'ae.json', '--data', 'iris.csv'])).toMatch(/^ae\.json on iris\.csv: 150 rows\nreconstruction mse 0\.04\d+ \(scaled features\)\n {2}column +mse\n {2}sepal_length +0\.\d+\n/);
  });

  it('predict writes each row\'s reconstruction in the columns\' units and its error, which ranks the outlier first', () => {
    const lines = run(['predict', '--model', 'ae.json', '--data', 'odd.csv']).trim().split('\n');
    expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,sepal_length_reconstructed,sepal_width_reconstructed,petal_length_reconstructed,petal_width_reconstructed,reconstruction_error');
    const cells = lines[1].split(',').map(Number);
    for (let k = 0; k < 4; k++) expect(Math.abs(cells[5 + k] - cells[k])).toBeLessThan(1);
    const errors = lines.slice(1).map((l) => Number(l.split(',')[9]));
    expect(errors.indexOf(Math.max(...errors))).toBe(150);
    expect(Math.max(...errors.slice(0, 150)) * 3).toBeLessThan(errors[150]);
  });

  it('encode writes the rows with their codes', () => {
    const lines = run(['encode', '--model', 'ae.json', '--data', 'iris.csv']).trim().split('\n');
    expect(lines[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,code_1,code_2');
    expect(lines).toHaveLength(151);
    const codes = JSON.parse(run(['encode', '--model', 'ae.json', '--data', 'iris.csv', '--json'])).codes;
    expect(codes[0].map((v: number) => Number(v.toPrecision(7)))).toEqual(lines[1].split(',').slice(5).map(Number));
  });

  it('the same seed repeats the run byte for byte; a checkpoint resumes to the same model', () => {
    const args = ['train', '--data', 'iris.csv', '--ignore', 'species', '--task', 'autoencoder', '--bottleneck', '2', '--hidden', '6', '--activation', 'tanh', '--seed', '4'];
    run([...args, '--epochs', '6', '--out', 'a.json', '--json']);
    run([...args, '--epochs', '6', '--out', 'b.json', '--json']);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    run([...args, '--epochs', '3', '--out', 'c.json', '--checkpoint', 'c.ckpt', '--json']);
    run(['train', '--resume', 'c.ckpt', '--epochs', '6', '--out', 'c.json', '--json']);
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });
});

describe('neurite train --task autoencoder: bad input', () => {
  const fails = (args: string[], status: number, message: RegExp) => {
    const r = neurite(['train', '--task', 'autoencoder', ...args, '--out', 'x.json'], dir);
    expect(r.status, r.stderr).toBe(status);
    expect(errorLine(r)).toMatch(message);
  };

  it('no bottleneck, one as wide as the input, a target, one column, equal rows', () => {
    fails(['--data', 'iris.csv', '--ignore', 'species'], 2, /--task autoencoder needs --bottleneck K/);
    fails(['--data', 'iris.csv', '--ignore', 'species', '--bottleneck', '4'], 2, /--bottleneck 4: the rows encode to 4 inputs, and the code must be narrower \(at most 3\)/);
    fails(['--data', 'iris.csv', '--bottleneck', '2', '--target', 'species'], 2, /--target cannot be used with --task autoencoder/);
    fails(['--data', 'one.csv', '--bottleneck', '1'], 1, /one\.csv: one input \(a\); an autoencoder .* needs at least two/);
    fails(['--data', 'same.csv', '--bottleneck', '1', '--validation-split', '0'], 1, /same\.csv: all 3 training rows are equal/);
  });

  it('encode refuses a model that is not an autoencoder', () => {
    run(['cluster', '--data', 'iris.csv', '--ignore', 'species', '--clusters', '3', '--seed', '1', '--out', 'map.json']);
    const r = neurite(['encode', '--model', 'map.json', '--data', 'iris.csv'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/map\.json: not an autoencoder \(task clustering\)/);
  });
});
