// Competitive learning and the self-organizing map against scikit-learn and numpy
// (scripts/fixtures/unsupervised_reference.py → test/fixtures/unsupervised-reference.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex, ArgumentError, fitInputPreprocessor, fromModelFile, loadDataset, MapTrainer, Network, parseCsv,
  SelfOrganizingMap, stringifyModel, toModelFile, type Table,
} from '../src/index.js';
import { expectClose, messageOf } from './helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const reference = JSON.parse(fixture('unsupervised-reference.json'));

/** The table without its label column, standard-scaled as `neurite cluster` does, and the labels. */
function scaled(table: Table, label: string): { x: { data: Float32Array; rows: number; cols: number }; labels: string[] } {
  const keep = table.columns.filter((c) => c !== label);
  const at = keep.map((c) => table.columns.indexOf(c));
  const features: Table = { source: table.source, columns: keep, rows: table.rows.map((r) => at.map((j) => r[j])), lines: table.lines };
  const x = fitInputPreprocessor({ table: features }).transform(features);
  return { x, labels: table.rows.map((r) => r[table.columns.indexOf(label)]) };
}

const iris = scaled(loadDataset('iris'), 'species');
const blobs = scaled(parseCsv(fixture('blobs.csv'), 'blobs.csv'), 'group');

describe('adjusted Rand index', () => {
  it('matches scikit-learn adjusted_rand_score', () => {
    for (const { a, b, ari } of reference.adjustedRand) expect(adjustedRandIndex(a, b)).toBeCloseTo(ari, 12);
  });
});

describe('a map\'s measures', () => {
  // a fixed 3 × 4 map drawn by the script: best units, errors and U-matrix computed in numpy
  const { rows, cols, prototypes } = reference.map;
  const map = new SelfOrganizingMap({ inputs: 4, grid: [rows, cols] });
  map.prototypes.set(prototypes.flat());

  it('best-matching units, quantization and topographic errors as numpy', () => {
    expect(Array.from(map.assign(iris.x))).toEqual(reference.map.bmu);
    expect(map.quantizationError(iris.x)).toBeCloseTo(reference.map.quantizationError, 5);
    expect(map.topographicError(iris.x)).toBeCloseTo(reference.map.topographicError, 12);
  });

  it('the U-matrix as numpy', () => {
    expectClose(map.uMatrix(), reference.map.uMatrix, 1e-6, 'uMatrix');
  });

  it('the layer gives the squared distances to the prototypes', () => {
    const out = map.network.predict(iris.x);
    for (const i of [0, 70, 149]) {
      expectClose(out[i], Array.from({ length: map.units }, (_, j) => map.distance(iris.x.data, i, j) ** 2), 1e-4, `row ${i}`);
    }
  });

  it('competitive learning has no topographic error nor U-matrix', () => {
    const plain = new SelfOrganizingMap({ inputs: 4, units: 3 });
    expect(plain.topographicError(iris.x)).toBeNull();
    expect(messageOf(() => plain.uMatrix(), ArgumentError)).toMatch(/competitive learning has no grid/);
  });
});

describe('clusters as good as k-means (adjusted Rand index within 0.05 of scikit-learn KMeans)', () => {
  const cases = [
    ['iris', iris, 3],
    ['blobs', blobs, 4],
  ] as const;
  for (const [name, data, k] of cases) {
    const bar = reference.kmeans[name].ari as number;
    for (const mode of ['online', 'batch'] as const) {
      it(`${name}: a self-organizing map of 1 × ${k}, ${mode}, seeds 0-2 (k-means: ${bar.toFixed(3)})`, () => {
        for (const seed of [0, 1, 2]) {
          const map = new MapTrainer(new SelfOrganizingMap({ inputs: data.x.cols, grid: [1, k] }), data.x, { epochs: 50, seed, mode }).run();
          expect(Math.abs(adjustedRandIndex(map.assign(data.x), data.labels) - bar), `seed ${seed}`).toBeLessThanOrEqual(0.05);
        }
      });
    }
    it(`${name}: competitive learning with ${k} units, online, seeds 0-2`, () => {
      for (const seed of [0, 1, 2]) {
        const map = new MapTrainer(new SelfOrganizingMap({ inputs: data.x.cols, units: k }), data.x, { epochs: 50, seed }).run();
        expect(Math.abs(adjustedRandIndex(map.assign(data.x), data.labels) - bar), `seed ${seed}`).toBeLessThanOrEqual(0.05);
      }
    });
  }

  it('blobs: batch competitive learning (k-means) finds the four blobs', () => {
    for (const seed of [0, 1, 2]) {
      const map = new MapTrainer(new SelfOrganizingMap({ inputs: 2, units: 4 }), blobs.x, { epochs: 20, seed, mode: 'batch' }).run();
      expect(adjustedRandIndex(map.assign(blobs.x), blobs.labels)).toBe(1);
    }
  });

  it('a map of rows and columns keeps the data\'s topology (a low topographic error; a random map\'s is 0.81) and quantizes finer', () => {
    const small = new MapTrainer(new SelfOrganizingMap({ inputs: 4, grid: [1, 3] }), iris.x, { epochs: 30, seed: 1 }).run();
    for (const seed of [0, 1, 2]) {
      const large = new MapTrainer(new SelfOrganizingMap({ inputs: 4, grid: [6, 6] }), iris.x, { epochs: 30, seed }).run();
      expect(large.quantizationError(iris.x)).toBeLessThan(small.quantizationError(iris.x) * 0.7);
      expect(large.topographicError(iris.x)).toBeLessThan(0.15);
    }
  });
});

describe('determinism and the model file', () => {
  const train = (seed: number) => new MapTrainer(new SelfOrganizingMap({ inputs: 4, grid: [3, 4] }), iris.x, { epochs: 5, seed }).run();

  it('the same seed gives the same map bit for bit; another seed another map', () => {
    expect(train(7).prototypes).toEqual(train(7).prototypes);
    expect(train(7).prototypes).not.toEqual(train(8).prototypes);
  });

  it('step by step is the same as all at once', () => {
    const t = new MapTrainer(new SelfOrganizingMap({ inputs: 4, grid: [3, 4] }), iris.x, { epochs: 5, seed: 7 });
    while (!t.done) t.step(37);
    expect(t.steps).toBe(5 * 150);
    expect(t.map.prototypes).toEqual(train(7).prototypes);
  });

  it('saves as a version 2 model file and loads back bit for bit', () => {
    const map = train(3);
    const file = toModelFile(map.network, { task: 'clustering' });
    expect(file.version).toBe(2);
    expect(file.layers[0]).toMatchObject({ type: 'competitive', units: 12, grid: [3, 4] });
    const loaded = new SelfOrganizingMap(fromModelFile(JSON.parse(stringifyModel(file))).network);
    expect(loaded.grid).toEqual([3, 4]);
    expect(loaded.prototypes).toEqual(map.prototypes);
    expect(loaded.assign(iris.x)).toEqual(map.assign(iris.x));
  });

  it('refuses a grid that does not hold the units, naming the field', () => {
    const file = toModelFile(train(3).network, { task: 'clustering' });
    (file.layers[0] as Record<string, unknown>).grid = [3, 3];
    expect(() => fromModelFile(file, 'map.json')).toThrow(/layers\[0\]\.grid: expected \[rows, cols\] with rows × cols = 12 \(units\), found \[3, 3\]/);
  });
});

describe('bad input', () => {
  it('more units than rows', () => {
    const map = new SelfOrganizingMap({ inputs: 2, units: 5 });
    expect(messageOf(() => new MapTrainer(map, [[0, 1], [1, 0], [2, 2]]), ArgumentError)).toBe(
      'MapTrainer: 5 units need at least 5 rows, got 3; use fewer units (clusters) or more rows');
  });

  it('all rows equal, or fewer distinct rows than units', () => {
    const same = Array.from({ length: 6 }, () => [1, 2]);
    expect(messageOf(() => new MapTrainer(new SelfOrganizingMap({ inputs: 2, units: 2 }), same), ArgumentError)).toMatch(/^MapTrainer: all rows are equal, too few for 2 units/);
    const two = [[0, 0], [0, 0], [1, 1], [1, 1]];
    expect(messageOf(() => new MapTrainer(new SelfOrganizingMap({ inputs: 2, units: 3 }), two), ArgumentError)).toMatch(/^MapTrainer: only 2 rows differ, too few for 3 units/);
  });

  it('neither or both of grid and units; a network that is not a map', () => {
    expect(messageOf(() => new SelfOrganizingMap({ inputs: 2 }), ArgumentError)).toMatch(/give either grid .* or units/);
    expect(messageOf(() => new SelfOrganizingMap({ inputs: 2, units: 4, grid: [2, 2] }), ArgumentError)).toMatch(/got both|both/);
    expect(messageOf(() => new SelfOrganizingMap(new Network({ inputs: 2, layers: [{ units: 2 }] })), ArgumentError)).toMatch(/one competitive layer, got dense/);
  });
});
