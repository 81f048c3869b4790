import type { Problem } from '../core/errors.js';
import { describe } from '../core/errors.js';
import { FLOAT32_MAX, finiteInFloat32 } from '../core/float32.js';
import { type Shape, sizeOf } from '../core/shape.js';
import { LOSS_ACTIVATION, LOSSES } from '../nn/losses.js';
import { inputShapeOf, planLayers } from '../nn/network.js';
import { MODEL_FORMAT, MODEL_TASKS, MODEL_VERSION } from './model-file.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

// Weights are float32: 1e308 is finite in the JSON but infinite once loaded, and gives NaN outputs.
const FINITE = `a number finite in float32 (|x| <= ${FLOAT32_MAX.toPrecision(8)})`;

/** Checks a numeric row: its length and that every entry is a finite float32. */
function checkRow(row: unknown, length: number, path: string, problems: Problem[]): void {
  if (!Array.isArray(row)) return void problems.push({ path, expected: `an array of ${length} numbers`, received: describe(row) });
  if (row.length !== length) problems.push({ path, expected: `${length} numbers`, received: `${row.length}` });
  row.forEach((v, j) => {
    if (typeof v !== 'number' || !finiteInFloat32(v)) problems.push({ path: `${path}[${j}]`, expected: FINITE, received: describe(v) });
  });
}

/**
 * Checks a tensor's nested arrays against its shape: a matrix is `shape[0]` rows (each standing for
 * what `rows` says) of `shape[1]` numbers; deeper shapes nest the same way.
 */
function checkTensor(value: unknown, shape: Shape, path: string, problems: Problem[], rows = ''): void {
  if (shape.length <= 1) return checkRow(value, shape[0] ?? 1, path, problems);
  const what = shape.length === 2 ? 'rows' : 'arrays';
  const meaning = rows ? ` (${rows})` : '';
  if (!Array.isArray(value)) return void problems.push({ path, expected: `${shape[0]} ${what}${meaning} of ${shape.slice(1).join(' × ')} numbers`, received: describe(value) });
  if (value.length !== shape[0]) problems.push({ path, expected: `${shape[0]} ${what}${meaning}`, received: `${value.length} ${what}` });
  value.forEach((v, r) => checkTensor(v, shape.slice(1), `${path}[${r}]`, problems));
}

/** Each layer's kind and settings, the shapes from one to the next, and each tensor's values; the output shape when known. */
function checkLayers(layers: unknown, input: Shape | null, problems: Problem[]): Shape | null {
  if (!Array.isArray(layers) || layers.length === 0) {
    problems.push({ path: 'layers', expected: 'a non-empty array of layers', received: describe(layers) });
    return null;
  }
  // a model file names every layer's type (a spec in code may leave a dense layer's out)
  const { planned, output } = planLayers(input, layers, problems, true);
  for (const p of planned) {
    const l = layers[p.index] as Obj;
    for (const t of p.tensors) checkTensor(l[t.name], t.shape, `layers[${p.index}].${t.name}`, problems, t.rows);
  }
  return output;
}

/** The input shape: `inputs` (version 1) or `inputShape` (version 2, with `inputs` its size if given). */
function checkInput(f: Obj, problems: Problem[]): Shape | null {
  if (f.version === 1) {
    if (isCount(f.inputs)) return [f.inputs];
    problems.push({ path: 'inputs', expected: 'a positive integer', received: describe(f.inputs) });
    return null;
  }
  if (f.inputShape !== undefined) return inputShapeOf({ inputShape: f.inputShape as Shape, inputs: f.inputs as number | undefined }, problems);
  problems.push({ path: 'inputShape', expected: '[features] or [height, width, channels] (a version 2 file gives the input\'s shape)', received: 'nothing' });
  return null;
}

function checkMeta(f: Obj, output: Shape | null, problems: Problem[]): void {
  if (f.loss !== undefined && !(LOSSES as readonly unknown[]).includes(f.loss)) problems.push({ path: 'loss', expected: `one of ${LOSSES.join(', ')}`, received: describe(f.loss) });
  if (f.task !== undefined && !(MODEL_TASKS as readonly unknown[]).includes(f.task)) problems.push({ path: 'task', expected: `one of ${MODEL_TASKS.join(', ')}`, received: describe(f.task) });
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
  if (output !== null && Array.isArray(f.classes)) {
    const units = sizeOf(output);
    const expected = units === 1 ? 2 : units;
    if (f.classes.length !== expected) problems.push({ path: 'classes', expected: `${expected} labels (one per output unit${units === 1 ? ', two for a single unit' : ''})`, received: `${f.classes.length}` });
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
  const output = checkLayers(json.layers, checkInput(json, problems), problems);
  checkMeta(json, output, problems);
  return problems;
}
