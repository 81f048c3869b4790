import type { Problem } from '../core/errors.js';
import { describe } from '../core/errors.js';
import { ACTIVATIONS, isActivation } from '../nn/activations.js';
import { LOSS_ACTIVATION, LOSSES } from '../nn/losses.js';
import { MODEL_FORMAT, MODEL_VERSION } from './model-file.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Checks a numeric row: its length and that every entry is a finite number. */
function checkRow(row: unknown, length: number, path: string, problems: Problem[]): void {
  if (!Array.isArray(row)) return void problems.push({ path, expected: `an array of ${length} numbers`, received: describe(row) });
  if (row.length !== length) problems.push({ path, expected: `${length} numbers`, received: `${row.length}` });
  row.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) problems.push({ path: `${path}[${j}]`, expected: 'a finite number', received: describe(v) });
  });
}

function checkDense(l: Obj, i: number, width: number, problems: Problem[]): number {
  const at = `layers[${i}]`;
  if (!isCount(l.units)) problems.push({ path: `${at}.units`, expected: 'a positive integer', received: describe(l.units) });
  if (!isActivation(l.activation)) problems.push({ path: `${at}.activation`, expected: `one of ${ACTIVATIONS.join(', ')}`, received: describe(l.activation) });
  const units = isCount(l.units) ? l.units : 0;
  if (!Array.isArray(l.weights)) problems.push({ path: `${at}.weights`, expected: `${width} rows (one per input) of ${units} numbers`, received: describe(l.weights) });
  else {
    if (l.weights.length !== width) problems.push({ path: `${at}.weights`, expected: `${width} rows (one per input of the layer)`, received: `${l.weights.length} rows` });
    l.weights.forEach((row, r) => checkRow(row, units, `${at}.weights[${r}]`, problems));
  }
  checkRow(l.bias, units, `${at}.bias`, problems);
  return units;
}

function checkLayers(layers: unknown, inputs: number, problems: Problem[]): void {
  if (!Array.isArray(layers) || layers.length === 0) return void problems.push({ path: 'layers', expected: 'a non-empty array of layers', received: describe(layers) });
  let width = inputs;
  layers.forEach((l, i) => {
    if (!isObj(l)) return void problems.push({ path: `layers[${i}]`, expected: 'a layer object', received: describe(l) });
    if (l.type === 'dense') width = checkDense(l, i, width, problems);
    else if (l.type === 'dropout') {
      if (typeof l.rate !== 'number' || !(l.rate >= 0 && l.rate < 1)) problems.push({ path: `layers[${i}].rate`, expected: 'a number in [0, 1)', received: describe(l.rate) });
    } else problems.push({ path: `layers[${i}].type`, expected: '"dense" or "dropout"', received: describe(l.type) });
  });
  const last = layers[layers.length - 1] as Obj;
  if (isObj(last) && last.type !== 'dense') problems.push({ path: `layers[${layers.length - 1}]`, expected: 'a dense output layer', received: describe(last.type) });
}

function checkMeta(f: Obj, problems: Problem[]): void {
  if (f.loss !== undefined && !(LOSSES as readonly unknown[]).includes(f.loss)) problems.push({ path: 'loss', expected: `one of ${LOSSES.join(', ')}`, received: describe(f.loss) });
  if (f.task !== undefined && f.task !== 'classification' && f.task !== 'regression') problems.push({ path: 'task', expected: '"classification" or "regression"', received: describe(f.task) });
  for (const key of ['features', 'classes'] as const) {
    const v = f[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) problems.push({ path: key, expected: 'an array of strings', received: describe(v) });
  }
  if (f.target !== undefined && typeof f.target !== 'string') problems.push({ path: 'target', expected: 'a string', received: describe(f.target) });
  if (f.preprocessing !== undefined && !isObj(f.preprocessing)) problems.push({ path: 'preprocessing', expected: 'an object', received: describe(f.preprocessing) });
  const layers = Array.isArray(f.layers) ? (f.layers as Obj[]) : [];
  const out = layers[layers.length - 1];
  if (isObj(out) && typeof f.loss === 'string') {
    const needed = LOSS_ACTIVATION[f.loss as keyof typeof LOSS_ACTIVATION];
    if (needed && out.activation !== needed) problems.push({ path: `layers[${layers.length - 1}].activation`, expected: `${needed} (loss ${f.loss} needs it)`, received: describe(out.activation) });
  }
  if (isObj(out) && Array.isArray(f.classes) && isCount(out.units)) {
    const expected = out.units === 1 ? 2 : out.units;
    if (f.classes.length !== expected) problems.push({ path: 'classes', expected: `${expected} labels (one per output unit${out.units === 1 ? ', two for a single unit' : ''})`, received: `${f.classes.length}` });
  }
}

/**
 * Every problem that keeps `json` from being a model file this library can load. A file of
 * another format or a newer version reports only that, since nothing else in it can be trusted.
 */
export function validateModelFile(json: unknown): Problem[] {
  if (!isObj(json)) return [{ path: '(file)', expected: 'a JSON object', received: describe(json) }];
  if (json.format !== MODEL_FORMAT) return [{ path: 'format', expected: `"${MODEL_FORMAT}" (this is not a Neurite model file)`, received: describe(json.format) }];
  if (typeof json.version !== 'number' || !Number.isInteger(json.version) || json.version < 1) return [{ path: 'version', expected: `an integer from 1 to ${MODEL_VERSION}`, received: describe(json.version) }];
  if (json.version > MODEL_VERSION) {
    return [{ path: 'version', expected: `${MODEL_VERSION} or lower (the file was written by a newer Neurite; upgrade Neurite to read it)`, received: `${json.version}` }];
  }
  const problems: Problem[] = [];
  if (!isCount(json.inputs)) problems.push({ path: 'inputs', expected: 'a positive integer', received: describe(json.inputs) });
  checkLayers(json.layers, isCount(json.inputs) ? json.inputs : 0, problems);
  checkMeta(json, problems);
  return problems;
}
