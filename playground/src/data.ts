/**
 * Turns the page's settings (and a dropped-in CSV file) into what training needs: the table,
 * a preprocessor fitted on the training rows only, encoded inputs and targets, and the plane of
 * the two drawn features, if there is one.
 */
import { Random, type Activation, type Loss, type Matrix } from '../../src/index.js';
import { fitPreprocessor, loadDataset, parseCsv, splitIndices, type Preprocessor, type Split, type Table } from '../../src/data/index.js';
import type { Settings } from './settings.js';

/** The two features drawn as the x and y axes, with their extent and scaling. */
export interface Plane {
  readonly names: [string, string];
  /** Raw-unit extent: [xmin, xmax, ymin, ymax]. */
  readonly extent: [number, number, number, number];
  /** input = (raw − center) / scale, per axis. */
  readonly center: [number, number];
  readonly scale: [number, number];
}

/** Everything prepared from the settings. */
export interface Prepared {
  readonly table: Table;
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
  /** The rows of each part. */
  readonly split: Split;
}

/** The validation rows, drawn at random from the seed and stratified by class, as the command line draws them. */
function splitOf(rows: number, fraction: number, seed: number, labels?: Int32Array): Split {
  if (fraction <= 0) return { train: Uint32Array.from({ length: rows }, (_, i) => i), validation: new Uint32Array(0) };
  return splitIndices(rows, fraction, new Random(seed).fork(), labels);
}

const GENERATED_NOISE_UNIT: Partial<Record<Settings['source'], number>> = { salary: 1000 };

/** The table of the chosen source, keeping only the chosen columns of a CSV file. */
export function tableOf(s: Settings, csv: { name: string; text: string } | null): Table {
  if (s.source !== 'csv') {
    const noise = s.noise * (GENERATED_NOISE_UNIT[s.source] ?? 1);
    const classes = s.source === 'spiral' || s.source === 'blobs' ? { classes: s.classes } : {};
    return loadDataset(s.source, { seed: s.seed, samples: s.samples, noise, ...classes });
  }
  if (!csv) throw new Error('drop a CSV file on the page, or choose one with "CSV file"');
  const table = parseCsv(csv.text, csv.name);
  const target = s.target || table.columns[table.columns.length - 1];
  if (!s.featureX || !s.featureY) return table;
  const keep = [s.featureX, s.featureY, target].map((c) => {
    const j = table.columns.indexOf(c);
    if (j < 0) throw new Error(`${csv.name} has no column ${JSON.stringify(c)}; its columns are ${table.columns.join(', ')}`);
    return j;
  });
  if (new Set(keep).size < 3) throw new Error('choose two different feature columns and a different label column');
  return { ...table, columns: keep.map((j) => table.columns[j]), rows: table.rows.map((r) => keep.map((j) => r[j])) };
}

function resolveLoss(choice: Settings['loss'], task: 'classification' | 'regression', classes: number): Loss {
  const loss: Loss = choice === 'auto' ? (task === 'classification' ? 'cross-entropy' : 'mse') : choice;
  if (task === 'regression' && (loss === 'cross-entropy' || loss === 'binary-cross-entropy')) {
    throw new Error(`${loss} is a classification loss; the target is numeric, so choose mse or mae`);
  }
  if (loss === 'binary-cross-entropy' && classes !== 2) throw new Error(`binary-cross-entropy needs two classes; the data has ${classes}`);
  return loss;
}

/** Encodes the targets as the network's outputs: one-hot, 0/1 for one sigmoid unit, or values. */
function targets(p: Preprocessor, table: Table, units: number): { t: Matrix; labels?: Int32Array } {
  const y = p.encodeTargets(table);
  const rows = y.length;
  if (p.task === 'regression') return { t: { data: y, rows, cols: 1 } };
  const labels = Int32Array.from(y);
  if (units === 1) return { t: { data: y, rows, cols: 1 }, labels };
  const data = new Float32Array(rows * units);
  labels.forEach((c, i) => (data[i * units + c] = 1));
  return { t: { data, rows, cols: units }, labels };
}

/**
 * Prepares data for training: the split is drawn first, and the preprocessor is fitted on its
 * training rows only. With `fitted`, an imported model's
 * preprocessing is used instead.
 */
export function prepare(s: Settings, table: Table, fitted?: Preprocessor): Prepared {
  const all = Uint32Array.from(table.rows, (_, i) => i);
  const target = s.source === 'csv' && s.target ? s.target : table.columns[table.columns.length - 1];
  const probe = fitted ?? fitPreprocessor({ table, target, trainRows: all });
  const classCount = probe.classes?.length ?? 0;
  const loss = resolveLoss(s.loss, probe.task, classCount);
  const units = probe.task === 'regression' || loss === 'binary-cross-entropy' ? 1 : classCount;
  const first = targets(probe, table, units);
  const split = splitOf(table.rows.length, s.validation, s.seed, first.labels);
  const p = fitted ?? fitPreprocessor({ table, target, trainRows: split.train, classes: probe.classes });
  const { t, labels } = targets(p, table, units);
  const x = p.transform(table);
  const isValidation = new Uint8Array(table.rows.length);
  split.validation.forEach((i) => (isValidation[i] = 1));
  const values = Float64Array.from(table.rows, (r, i) => (labels ? labels[i] : Number(r[table.columns.indexOf(p.target)])));
  const plane = planeOf(p, table);
  const outputActivation: Activation = probe.task === 'regression' ? 'linear' : units === 1 ? 'sigmoid' : 'softmax';
  return { table, preprocessor: p, x, t, labels, loss, outputActivation, outputs: units, plane, points: plane ? pointsOf(table, plane) : null, values, isValidation, split };
}

function planeOf(p: Preprocessor, table: Table): Plane | null {
  const json = p.toJSON();
  const f = json.features;
  if (f.length !== 2 || f[0].kind !== 'numeric' || f[1].kind !== 'numeric') return null;
  const extent: number[] = [];
  for (const name of [f[0].name, f[1].name]) {
    const j = table.columns.indexOf(name);
    const v = table.rows.map((r) => Number(r[j]));
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = (hi - lo || 1) * 0.08;
    extent.push(lo - pad, hi + pad);
  }
  return { names: [f[0].name, f[1].name], extent: extent as Plane['extent'], center: [f[0].center, f[1].center], scale: [f[0].scale, f[1].scale] };
}

function pointsOf(table: Table, plane: Plane): Float32Array {
  const jx = table.columns.indexOf(plane.names[0]);
  const jy = table.columns.indexOf(plane.names[1]);
  const out = new Float32Array(table.rows.length * 2);
  table.rows.forEach((r, i) => {
    out[2 * i] = Number(r[jx]);
    out[2 * i + 1] = Number(r[jy]);
  });
  return out;
}
