// Shared by the export tests: models (hand-made and trained), Neurite's own answers, and running
// the exported ONNX file and standalone module.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { fitPreprocessor } from '../src/data/preprocessor.js';
import { loadDataset } from '../src/data/datasets.js';
import { datePart, parseDate } from '../src/data/dates.js';
import type { PreprocessingJSON } from '../src/data/preprocessing-json.js';
import { Preprocessor } from '../src/data/preprocessor.js';
import { classesOf, fit, fromModelFile, Network, Random, splitIndices, toModelFile, type Activation, type ModelFile } from '../src/index.js';

/** A row of raw feature values, keyed by feature name. */
export type RawRow = Record<string, number | string | null>;

/** What `neurite predict` computes for raw rows: preprocessing, the network, the decision or un-scaling. */
export function neurite(file: ModelFile, rows: RawRow[]): { outputs: number[][]; predictions: (string | number)[] } {
  const { network } = fromModelFile(structuredClone(file));
  const p = Preprocessor.fromJSON(file.preprocessing);
  const table = { source: 'rows', columns: p.features, rows: rows.map((r) => p.features.map((f) => String(r[f]))), lines: rows.map((_, i) => i + 2) };
  const y = network.predictFlat(p.transform(table).data, rows.length);
  const n = network.outputs;
  const outputs = rows.map((_, i) => Array.from(y.subarray(i * n, (i + 1) * n)));
  const predictions = p.task === 'regression'
    ? Array.from(p.decodeTarget(y))
    : Array.from(classesOf(y, rows.length, n), (k) => (p.classes as string[])[k]);
  return { outputs, predictions };
}

/** The ONNX graph's input for raw rows: numeric values as they are, a categorical one as 0/1 columns. */
export function onnxInput(file: ModelFile, rows: RawRow[]): ort.Tensor {
  const features = (file.preprocessing as PreprocessingJSON).features;
  const data = rows.flatMap((r) => features.flatMap((f) => {
    const v = r[f.name];
    const missing = v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
    if (f.kind === 'numeric') return [missing ? NaN : Number(v)];
    if (f.kind === 'categorical') return f.categories.map((c) => (missing ? NaN : c === String(v) ? 1 : 0));
    const d = missing ? null : parseDate(String(v), f.format);
    return f.parts.map((p) => (d ? datePart(d, p.part) : NaN));
  }));
  return new ort.Tensor('float64', Float64Array.from(data), [rows.length, data.length / Math.max(1, rows.length)]);
}

/** Runs an exported ONNX model in onnxruntime-node: `outputs` per row. */
export async function runOnnx(bytes: Uint8Array, input: ort.Tensor): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({ features: input });
  const y = result.outputs;
  const n = y.dims[1] as number;
  const flat = Array.from(y.data as Float32Array | Float64Array);
  return Array.from({ length: y.dims[0] as number }, (_, i) => flat.slice(i * n, (i + 1) * n));
}

let moduleDir: string | undefined;
let moduleCount = 0;

/** Writes an exported module to a temporary directory and imports it, as a user would. */
export async function importModule(source: string): Promise<Record<string, any>> {
  moduleDir ??= mkdtempSync(join(tmpdir(), 'neurite-export-'));
  const path = join(moduleDir, `model-${moduleCount++}.mjs`);
  writeFileSync(path, source);
  return import(pathToFileURL(path).href);
}

/**
 * The tolerance of every comparison with Neurite: for each row, |actual − expected| ≤ 1e-5 · scale,
 * where scale is the row's largest |expected| value (at least `floor`, 1e-3 unless said otherwise, so
 * an all-zero relu row is held to 1e-8 absolute). Relative to the row, not to each value: a value near zero comes from a sum
 * that cancels, and float32 rounds such a sum relative to its terms, not to its result.
 */
export function expectClose(actual: number[][], expected: number[][], what: string, floor = 1e-3): number {
  expect(actual.length, `${what}: rows`).toBe(expected.length);
  let worst = 0;
  expected.forEach((row, i) => {
    expect(actual[i].length, `${what}: row ${i} width`).toBe(row.length);
    const scale = Math.max(floor, ...row.map(Math.abs));
    row.forEach((e, j) => {
      const error = Math.abs(actual[i][j] - e) / scale;
      worst = Math.max(worst, error);
      if (!(error <= 1e-5)) expect.fail(`${what}: row ${i}, output ${j}: got ${actual[i][j]}, Neurite gives ${e} (error ${error.toExponential(2)} of the row's scale ${scale}, over 1e-5)`);
    });
  });
  return worst;
}

/** Random rows around each numeric feature's center (a few far out), categories drawn from theirs plus an unseen one. */
export function randomRows(file: ModelFile, count: number, seed: number): RawRow[] {
  const rng = new Random(seed);
  const features = (file.preprocessing as PreprocessingJSON).features;
  return Array.from({ length: count }, (_, i) => Object.fromEntries(features.map((f) => {
    if (f.kind === 'categorical') return [f.name, [...f.categories, 'unseen'][rng.int(f.categories.length + 1)]];
    if (f.kind === 'date') return [f.name, `${2000 + rng.int(20)}-${1 + rng.int(12)}-${1 + rng.int(28)}`];
    const spread = i % 10 === 0 ? 8 : 1.5;
    return [f.name, f.center + f.scale * spread * rng.normal()];
  })));
}

/**
 * A model file with random weights: 3 numeric features (one like a year, where float32 input would
 * lose precision) and a categorical one → dense 6 → dropout → dense 5 → output, every dense layer
 * using `activation`; classification into 4 classes, or regression of one value.
 */
export function randomModel(activation: Activation, task: 'classification' | 'regression', seed: number): ModelFile {
  const units = task === 'classification' ? 4 : 1;
  const net = new Network({ inputs: 6, layers: [{ units: 6, activation }, { type: 'dropout', rate: 0.3 }, { units: 5, activation }, { units, activation }], seed });
  const rng = new Random(seed + 1000);
  for (const l of net.dense) l.bias.data.forEach((_, j, b) => (b[j] = 0.3 * rng.normal()));
  const preprocessing: PreprocessingJSON = {
    version: 1, scale: 'standard',
    features: [
      { name: 'year', kind: 'numeric', center: 2011.37, scale: 3.2 },
      { name: 'salary', kind: 'numeric', center: 51234.5, scale: 9876.5 },
      { name: 'ratio', kind: 'numeric', center: -0.25, scale: 0.04 },
      { name: 'colour', kind: 'categorical', categories: ['blue', 'green', 'red'] },
    ],
    target: task === 'classification' ? { name: 'label', task, classes: ['a', 'b', 'c', 'd'] } : { name: 'price', task, center: 250000, scale: 40000 },
  };
  return JSON.parse(JSON.stringify(toModelFile(net, { task, target: preprocessing.target.name, preprocessing }))) as ModelFile;
}

/** A model trained for a few epochs with the library on a built-in dataset, and that dataset's rows. */
export function trainedModel(dataset: 'iris' | 'digits' | 'salary' | 'moons', options: { hidden: Activation; output: Activation; scale: 'standard' | 'minmax' }): { file: ModelFile; rows: RawRow[] } {
  const table = loadDataset(dataset);
  const split = splitIndices(table.rows.length, 0, new Random(1));
  const p = fitPreprocessor({ table, scale: options.scale, trainRows: split.train });
  const regression = p.task === 'regression';
  // one sigmoid unit for two classes: binary cross-entropy, as `neurite train` does
  const binary = options.output === 'sigmoid';
  const outputs = regression || binary ? 1 : (p.classes as string[]).length;
  const net = new Network({ inputs: p.inputs, layers: [{ units: 12, activation: options.hidden }, { units: outputs, activation: options.output }], seed: 5 });
  const y = p.encodeTargets(table);
  const x = p.transform(table);
  fit(net, x, y, { epochs: 5, lr: 0.01, optimizer: 'adam', seed: 2, loss: regression ? 'mse' : binary ? 'binary-cross-entropy' : 'cross-entropy', validationSplit: 0 });
  const file = JSON.parse(JSON.stringify(toModelFile(net, { task: p.task, target: p.target, features: p.features, classes: p.classes, preprocessing: p.toJSON() }))) as ModelFile;
  const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, j) => [c, c === p.target ? r[j] : Number(r[j])])));
  return { file, rows };
}
