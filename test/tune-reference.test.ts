// Permutation importance and partial dependence against scikit-learn's, on two iris models run
// from their ONNX export (test/fixtures/tune-reference.json, made by
// scripts/fixtures/tune_reference.py with /usr/bin/python3).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel, partialDependence, permutationImportance } from '../src/index.js';
import { Preprocessor, type PreprocessingJSON } from '../src/data/index.js';
import { readDataFile } from '../src/data/node/index.js';

const ROOT = join(__dirname, '..');
interface Case {
  name: string;
  model: string;
  score: number;
  outputs: number[][];
  importance: Record<string, { mean: number; std: number }>;
  dependence: { column: string; values: number[]; average: number[][] };
}
const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'tune-reference.json'), 'utf8')) as { cases: Case[] };
const file = readDataFile(join(ROOT, 'data', 'iris.csv'));
const table = file.kind === 'csv' ? file.table : (undefined as never);

describe.each(reference.cases)('iris $name, as scikit-learn', (c) => {
  const loaded = parseModel(readFileSync(join(ROOT, 'test', 'fixtures', c.model), 'utf8'));
  const preprocessor = Preprocessor.fromJSON(loaded.meta.preprocessing as unknown as PreprocessingJSON, c.model);
  const model = { network: loaded.network, preprocessor };

  it('the ONNX graph scikit-learn scored computes what Neurite computes', () => {
    const x = preprocessor.transform(table, [0, 1, 2, 3, 4]);
    const y = loaded.network.predictFlat(x.data, 5);
    const ours = preprocessor.task === 'regression' ? Array.from(preprocessor.decodeTarget(y), (v) => [v]) : c.outputs.map((_, i) => Array.from(y.slice(i * 3, i * 3 + 3)));
    ours.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(c.outputs[i][k], 5)));
  });

  it('permutation importance: the same score as given, each column\'s drop within the two standard deviations', () => {
    const imp = permutationImportance(model, table, { repeats: 30, seed: 0 });
    expect(imp.baseline).toBeCloseTo(c.score, 5);
    for (const col of imp.columns) {
      const sk = c.importance[col.column];
      expect(Math.abs(col.mean - sk.mean), `${col.column}: ${col.mean} ± ${col.std} vs ${sk.mean} ± ${sk.std}`).toBeLessThanOrEqual(col.std + sk.std);
    }
    const ranked = Object.entries(c.importance).sort((a, b) => b[1].mean - a[1].mean).map(([k]) => k);
    expect(imp.columns[0].column).toBe(ranked[0]);
  });

  it('partial dependence: the same grid, the same averages', () => {
    const pd = partialDependence(model, table, c.dependence.column, { grid: 20, ice: 0 });
    expect(pd.values).toHaveLength(c.dependence.values.length);
    pd.values.forEach((v, i) => expect(v as number).toBeCloseTo(c.dependence.values[i], 9));
    expect(pd.average).toHaveLength(c.dependence.average.length);
    pd.average.forEach((curve, k) => curve.forEach((v, i) => expect(v).toBeCloseTo(c.dependence.average[k][i], 5)));
  });
});
