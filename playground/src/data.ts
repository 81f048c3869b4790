/**
 * Turns the page's settings (and a loaded CSV table) into what training needs: the table with
 * its derived inputs, a preprocessor fitted on the training rows only, encoded inputs and
 * targets, and the plane of the two drawn features, if there is one.
 */
import {
  asColumns, fitPreprocessor, loadDataset, NumericColumn, Random, splitIndices,
  type Activation, type AnyTable, type ColumnTable, type DataColumn, type Loss, type Matrix, type Preprocessor, type Split,
} from '../../src/index.js';
import { FEATURES, type FeatureId } from './features.js';
import { MAX_DRAWN, type Plane } from './protocol.js';
import type { Settings } from './settings.js';

/** Everything prepared from the settings. */
export interface Prepared {
  readonly table: ColumnTable;
  readonly preprocessor: Preprocessor;
  readonly x: Matrix;
  readonly t: Matrix;
  readonly labels?: Int32Array;
  readonly loss: Loss;
  readonly outputActivation: Activation;
  readonly outputs: number;
  readonly plane: Plane | null;
  /** The table's rows as raw plane coordinates (2 per row), when there is a plane. */
  readonly points: Float32Array | null;
  /** Per row: class index, or the raw target value. */
  readonly values: Float64Array;
  /** Per row: 1 when it is held out for validation. */
  readonly isValidation: Uint8Array;
  readonly split: Split;
  /** True for a single layer of step units (the perceptron rule). */
  readonly perceptron: boolean;
}

/** The validation rows, drawn at random from the seed and stratified by class, as the command line draws them. */
function splitOf(rows: number, fraction: number, seed: number, labels?: Int32Array): Split {
  if (fraction <= 0) return { train: Uint32Array.from({ length: rows }, (_, i) => i), validation: new Uint32Array(0) };
  return splitIndices(rows, fraction, new Random(seed).fork(), labels);
}

const GENERATED_NOISE_UNIT: Partial<Record<Settings['source'], number>> = { salary: 1000 };

/** The table of a generated set. */
export function generatedTable(s: Settings): ColumnTable {
  if (s.source === 'csv') throw new Error('choose a CSV file first (the "CSV file" button, or drop one on the Data panel)');
  const noise = s.noise * (GENERATED_NOISE_UNIT[s.source] ?? 1);
  const classes = s.source === 'spiral' || s.source === 'blobs' ? { classes: s.classes } : {};
  return asColumns(loadDataset(s.source, { seed: s.seed, samples: s.samples, noise, ...classes }));
}

/** A table of some columns of another (no copy). */
function view(t: ColumnTable, columns: readonly DataColumn[]): ColumnTable {
  return { source: t.source, columns: columns.map((c) => c.name), rowCount: t.rowCount, column: (j) => columns[j], line: (i) => t.line(i) };
}

/** A CSV table cut to the chosen columns: the two plane features and the label (or every column). */
export function chosenColumns(table: ColumnTable, s: Settings): ColumnTable {
  const target = s.target || table.columns[table.columns.length - 1];
  if (!s.featureX || !s.featureY) return table;
  const keep = [s.featureX, s.featureY, target].map((c) => {
    const j = table.columns.indexOf(c);
    if (j < 0) throw new Error(`${table.source} has no column ${JSON.stringify(c)}; its columns are ${table.columns.join(', ')}`);
    return j;
  });
  if (new Set(keep).size < 3) throw new Error('choose two different feature columns and a different label column');
  return view(table, keep.map((j) => table.column(j)));
}

/** A numeric column computed from the two plane features. */
function derived(name: string, x: DataColumn, y: DataColumn, f: (a: number, b: number) => number, rows: number): DataColumn {
  const values = new Float64Array(rows);
  let finite = 0;
  for (let i = 0; i < rows; i++) {
    values[i] = f(x.value(i), y.value(i));
    if (Number.isFinite(values[i])) finite++;
  }
  return new NumericColumn(name, values, new Uint32Array(0), new Uint32Array(0), [], { number: finite, 'non-finite': rows - finite, empty: 0, text: 0 });
}

/** Adds the derived inputs (x², sin x, …) as columns before the label, when the table is two features and a label. */
export function withFeatures(table: ColumnTable, features: readonly FeatureId[]): ColumnTable {
  if (features.length === 0 || table.columns.length !== 3) return table;
  const [x, y, target] = [0, 1, 2].map((j) => table.column(j));
  const extra = features.map((f) => derived(FEATURES[f].name(x.name, y.name), x, y, FEATURES[f].value, table.rowCount));
  return view(table, [x, y, ...extra, target]);
}

function resolveLoss(s: Settings, task: 'classification' | 'regression', classes: number): Loss {
  if (s.activation === 'step') {
    if (task === 'regression') throw new Error('the step activation makes perceptrons, which sort points into classes; this label is numeric, so choose another activation');
    return 'mse';
  }
  const loss: Loss = s.loss === 'auto' ? (task === 'classification' ? 'cross-entropy' : 'mse') : s.loss;
  if (task === 'regression' && (loss === 'cross-entropy' || loss === 'binary-cross-entropy')) {
    throw new Error(`${loss} is a loss for classes; the label is numeric, so choose mse or mae as the loss (or Task: classification)`);
  }
  if (loss === 'binary-cross-entropy' && classes !== 2) throw new Error(`binary-cross-entropy needs two classes; the data has ${classes}`);
  return loss;
}

/** Encodes the targets as the network's outputs: one-hot, 0/1 for one unit, or values. */
function targets(p: Preprocessor, table: ColumnTable, units: number): { t: Matrix; labels?: Int32Array } {
  const y = p.encodeTargets(table);
  const rows = y.length;
  if (p.task === 'regression') return { t: { data: y, rows, cols: 1 } };
  const labels = Int32Array.from(y);
  if (units === 1) return { t: { data: y, rows, cols: 1 }, labels };
  const data = new Float32Array(rows * units);
  labels.forEach((c, i) => (data[i * units + c] = 1));
  return { t: { data, rows, cols: units }, labels };
}

function outputActivation(s: Settings, task: string, units: number): Activation {
  if (s.activation === 'step') return 'step';
  return task === 'regression' ? 'linear' : units === 1 ? 'sigmoid' : 'softmax';
}

/**
 * Prepares data for training: the split is drawn first, and the preprocessor is fitted on its
 * training rows only. With `fitted`, an imported model's preprocessing is used instead.
 */
export function prepare(s: Settings, any: AnyTable, fitted?: Preprocessor): Prepared {
  const table = asColumns(any);
  const rows = table.rowCount;
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  const target = s.source === 'csv' && s.target ? s.target : table.columns[table.columns.length - 1];
  const task = s.task === 'auto' ? undefined : s.task;
  const probe = fitted ?? fitPreprocessor({ table, target, task, trainRows: all });
  const classCount = probe.classes?.length ?? 0;
  const loss = resolveLoss(s, probe.task, classCount);
  const oneUnit = probe.task === 'regression' || loss === 'binary-cross-entropy' || (s.activation === 'step' && classCount === 2);
  const units = oneUnit ? 1 : classCount;
  const first = targets(probe, table, units);
  const split = splitOf(rows, s.validation, s.seed, first.labels);
  const p = fitted ?? fitPreprocessor({ table, target, task, trainRows: split.train, classes: probe.classes });
  const { t, labels } = targets(p, table, units);
  const x = p.transform(table);
  const isValidation = new Uint8Array(rows);
  split.validation.forEach((i) => (isValidation[i] = 1));
  const targetColumn = table.column(table.columns.indexOf(p.target));
  const values = Float64Array.from({ length: rows }, (_, i) => (labels ? labels[i] : targetColumn.value(i)));
  const plane = planeOf(p, table);
  return {
    table, preprocessor: p, x, t, labels, loss, outputActivation: outputActivation(s, p.task, units), outputs: units, plane,
    points: plane ? pointsOf(table, plane) : null, values, isValidation, split, perceptron: s.activation === 'step',
  };
}

/** The rows drawn on the plane: every row, or an even sample of at most MAX_DRAWN. */
export function drawnRows(rows: number): Uint32Array {
  if (rows <= MAX_DRAWN) return Uint32Array.from({ length: rows }, (_, i) => i);
  return Uint32Array.from({ length: MAX_DRAWN }, (_, i) => Math.floor((i * rows) / MAX_DRAWN));
}

/** Smallest and largest value of a column, in one pass (a spread of 100,000 values overflows the stack). */
function range(c: DataColumn, rows: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < rows; i++) {
    const v = c.value(i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The plane: the first two features numeric, every other input one of the derived features of those two. */
function planeOf(p: Preprocessor, table: ColumnTable): Plane | null {
  const f = p.toJSON().features;
  if (f.length < 2 || f.some((g) => g.kind !== 'numeric')) return null;
  const [x, y] = [f[0].name, f[1].name];
  const ids = Object.keys(FEATURES) as FeatureId[];
  const kinds = f.map((g, i) => (i === 0 ? 'x' : i === 1 ? 'y' : ids.find((id) => FEATURES[id].name(x, y) === g.name)));
  if (kinds.some((k) => k === undefined)) return null;
  const numeric = f as { center: number; scale: number }[];
  const extent: number[] = [];
  for (const name of [x, y]) {
    const [lo, hi] = range(table.column(table.columns.indexOf(name)), table.rowCount);
    const pad = (hi - lo || 1) * 0.08;
    extent.push(lo - pad, hi + pad);
  }
  return {
    names: [x, y], extent: extent as Plane['extent'],
    inputs: { kinds: kinds as Plane['inputs']['kinds'], center: numeric.map((g) => g.center), scale: numeric.map((g) => g.scale) },
  };
}

function pointsOf(table: ColumnTable, plane: Plane): Float32Array {
  const x = table.column(table.columns.indexOf(plane.names[0]));
  const y = table.column(table.columns.indexOf(plane.names[1]));
  const out = new Float32Array(table.rowCount * 2);
  for (let i = 0; i < table.rowCount; i++) {
    out[2 * i] = x.value(i);
    out[2 * i + 1] = y.value(i);
  }
  return out;
}
