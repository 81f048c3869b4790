// End-to-end: neurite cluster (competitive learning and maps), then predict, evaluate and
// inspect on the map it writes; clear errors for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../src/index.js';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'unsupervised-reference.json'), 'utf8'));
const iris = readFileSync(join(ROOT, 'data', 'iris.csv'), 'utf8');
const species = iris.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[4]);
let dir = '';

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'iris.csv': iris,
    'blobs.csv': readFileSync(join(ROOT, 'test', 'fixtures', 'blobs.csv'), 'utf8'),
    'same.csv': 'a,b\n1,2\n1,2\n1,2\n',
    'two.csv': 'a,b\n1,2\n1,2\n3,4\n',
    'header.csv': 'a,b\n',
  });
});

const json = (args: string[]) => {
  const r = neurite([...args, '--json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

describe('neurite cluster', () => {
  it('iris with the species left out: clusters as good as k-means, every file written', () => {
    const r = neurite(['cluster', '--data', 'iris.csv', '--ignore', 'species', '--clusters', '3', '--seed', '1', '--out', 'map.json', '--assignments', 'rows.csv', '--plot', 'map.svg'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^iris\.csv: 150 rows into a 1×3 map \(som, online, 100 epochs, seed 1\)\nquantization error 0\.8\d+, topographic error 0\.\d+\nrows per cluster: 0: \d+, 1: \d+, 2: \d+\n$/);
    const rows = readFileSync(join(dir, 'rows.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,cluster');
    expect(rows[1]).toMatch(/^5\.1,3\.5,1\.4,0\.2,setosa,[0-2]$/);
    const clusters = rows.slice(1).map((l) => Number(l.split(',')[5]));
    expect(Math.abs(adjustedRandIndex(clusters, species) - reference.kmeans.iris.ari)).toBeLessThanOrEqual(0.05);
    const map = JSON.parse(readFileSync(join(dir, 'map.json'), 'utf8'));
    expect(map).toMatchObject({ version: 2, task: 'clustering', features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], clustering: { method: 'som', mode: 'online', epochs: 100 } });
    expect(map.preprocessing.target).toBeUndefined();
    expect(readFileSync(join(dir, 'map.svg'), 'utf8')).toMatch(/<title>a 1×3 map over iris\.csv \(the first 2 of 4 inputs\)<\/title>/);
  });

  it('--json: the cluster of each row and both errors; the same seed repeats it', () => {
    const args = ['cluster', '--data', 'blobs.csv', '--ignore', 'group', '--clusters', '4', '--method', 'competitive', '--seed', '5', '--out', 'b.json'];
    const out = json(args);
    expect(Object.keys(out)).toEqual(['clusters', 'quantizationError', 'topographicError']);
    expect(out.clusters).toHaveLength(300);
    expect(out.topographicError).toBeNull();
    const groups = readFileSync(join(dir, 'blobs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[2]);
    expect(adjustedRandIndex(out.clusters, groups)).toBe(1);
    expect(json(args)).toEqual(out);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('a grid gives a map with its U-matrix; batch mode', () => {
    const out = json(['cluster', '--data', 'iris.csv', '--ignore', 'species', '--grid', '4x5', '--mode', 'batch', '--epochs', '30', '--seed', '2', '--out', 'grid.json', '--plot', 'u.svg']);
    expect(Math.max(...out.clusters)).toBeLessThan(20);
    expect(out.topographicError).toBeLessThan(0.2);
    const svg = readFileSync(join(dir, 'u.svg'), 'utf8');
    expect(svg).toContain('<title>U-matrix of a 4×5 map of iris.csv</title>');
    expect(svg.match(/<rect x="\d+" y="\d+" width="\d+" height="\d+" fill="rgb/g)).toHaveLength(20);
  });

  it('predict gives each row\'s cluster as cluster wrote it; evaluate its errors and agreement', () => {
    const assigned = readFileSync(join(dir, 'rows.csv'), 'utf8');
    const p = neurite(['predict', '--model', 'map.json', '--data', 'iris.csv'], dir);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toBe(assigned);
    const e = json(['evaluate', '--model', 'map.json', '--data', 'iris.csv', '--target', 'species']);
    const clusters = assigned.trim().split('\n').slice(1).map((l) => Number(l.split(',')[5]));
    expect(e.adjustedRandIndex).toBeCloseTo(adjustedRandIndex(clusters, species), 12);
    expect(e.rows).toBe(150);
    const i = neurite(['inspect', '--model', 'map.json'], dir);
    expect(i.stdout).toMatch(/^ +0 +competitive +4 → 3 +12 +grid \[1,3\]$/m);
    expect(i.stdout).toContain('no target: learnt without labels');
  });
});

describe('neurite cluster: bad input', () => {
  const fails = (args: string[], status: number, message: RegExp) => {
    const r = neurite(['cluster', ...args, '--out', 'x.json'], dir);
    expect(r.status, r.stderr).toBe(status);
    expect(errorLine(r)).toMatch(message);
  };

  it('more clusters than rows, all rows equal, too few distinct rows, a header without rows', () => {
    fails(['--data', 'iris.csv', '--clusters', '151'], 1, /^error: iris\.csv: 151 clusters need at least 151 rows, but the data has 150; ask for at most 150 clusters$/);
    fails(['--data', 'same.csv', '--clusters', '2'], 1, /^error: same\.csv: all 3 rows are equal \(in the columns a, b\), so there is nothing to cluster; give rows that differ$/);
    fails(['--data', 'two.csv', '--clusters', '3'], 1, /^error: two\.csv: only 2 of the 3 rows differ \(once encoded\), too few for 3 clusters; ask for at most 2 clusters$/);
    fails(['--data', 'header.csv', '--clusters', '2'], 1, /^error: header\.csv/);
  });

  it('options that do not go together, unknown columns, a bad grid', () => {
    fails(['--data', 'iris.csv'], 2, /give --clusters K .* or --grid RxC/);
    fails(['--data', 'iris.csv', '--clusters', '3', '--grid', '2x2'], 2, /--clusters and --grid cannot be used together/);
    fails(['--data', 'iris.csv', '--grid', '2x2', '--method', 'competitive'], 2, /--grid is for a self-organizing map/);
    fails(['--data', 'iris.csv', '--clusters', '3', '--ignore', 'colour'], 2, /--ignore: iris\.csv has no column "colour"; its columns are: sepal_length, .*species$/);
    fails(['--data', 'iris.csv', '--ignore', 'sepal_length,sepal_width,petal_length,petal_width,species', '--clusters', '2'], 2, /--ignore leaves no column/);
    fails(['--data', 'iris.csv', '--grid', '3'], 2, /'--grid <RxC>' argument '3' is invalid\. expected ROWSxCOLS/);
    fails(['--data', 'iris.csv', '--clusters', '3', '--radius', '1:2'], 2, /END <= START/);
  });
});
