import { ArgumentError, describe as describeValue } from '../core/errors.js';
import { isRecords, type Matrix, type MatrixLike, type Records, toMatrix } from '../core/matrix.js';
import { classLookup, classOrder } from '../data/task.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import type { FitOptions } from './options.js';
import { classesOf } from './metrics.js';

/** Targets: one value or class index per row, a text label per row (classification), or rows of target outputs. */
export type TargetsLike = readonly number[] | readonly string[] | Float32Array | MatrixLike;

/** What follows fit's rows: targets then options, or (records whose targets are in them) options alone. */
export type FitArguments<Extra = object> = [y?: TargetsLike, options?: FitOptions & Extra] | [options?: FitOptions & Extra];

/** fit's targets and options from {@link FitArguments}: a third argument that is a plain object is the options. */
export function fitArguments<Extra>(x: MatrixLike | Records, rest: FitArguments<Extra>): [TargetsLike | undefined, FitOptions & Extra] {
  const [a, b] = rest;
  const options = isRecords(x) && rest.length <= 1 && typeof a === 'object' && a !== null && !Array.isArray(a) && !ArrayBuffer.isView(a) && !('data' in a);
  return options ? [undefined, a as FitOptions & Extra] : [a as TargetsLike | undefined, (b ?? {}) as FitOptions & Extra];
}

/** fit's rows and targets as numbers, and the classes text labels were encoded by. */
export interface FitInputs {
  readonly x: Matrix;
  readonly y: Exclude<TargetsLike, readonly string[]>;
  readonly classes?: readonly string[];
}

/**
 * fit's rows and targets as numbers. Records are encoded by the network's preprocessor; without
 * `y` their targets come from its target field, rows without one left out (as `neurite train`
 * does). Text labels become class indices of `classes`: the network's, else those the labels hold
 * in `classOrder` (numeric labels by value, others by code unit, as the CLI orders them).
 */
export function fitInputs(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, where: string, classes = net.classes): FitInputs {
  const p = net.preprocessor;
  if (isRecords(x) && y === undefined && p !== undefined) {
    if (p.labelledRows === undefined || p.encodeTargets === undefined) {
      throw new ArgumentError(`${where}.y: no targets, and the network's preprocessor has no target column; give the targets, or fit the preprocessor with { target }`, { where: `${where}.y`, expected: 'targets', received: 'none' });
    }
    const rows = p.labelledRows(x);
    return { x: toMatrix(p.transform(x, rows), `${where}.x`, net.inputs, true), y: p.encodeTargets(x, rows), classes: p.classes };
  }
  const xm = net.inputsOf(x, `${where}.x`, true);
  if (y === undefined) throw new ArgumentError(`${where}.y: no targets; give one per row of x`, { where: `${where}.y`, expected: 'targets', received: 'none' });
  return withLabels(xm, y, net, where, classes);
}

/** Text labels as class indices; other targets as they are. */
function withLabels(x: Matrix, y: TargetsLike, net: Network, where: string, known?: readonly string[]): FitInputs {
  if (!(Array.isArray(y) && y.some((v) => typeof v === 'string'))) return { x, y: y as FitInputs['y'] };
  const labels = y as readonly unknown[];
  labels.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') {
      throw new ArgumentError(`${where}.y[${i}]: ${describeValue(v)} is not a label; with text labels every row needs one (a non-empty string)`, { where: `${where}.y[${i}]`, expected: 'a non-empty string', received: describeValue(v) });
    }
  });
  const text = labels as readonly string[];
  const classes = known ?? classOrder(text);
  const expected = net.outputs === 1 ? 2 : net.outputs;
  if (classes.length !== expected) {
    const shown = classes.length > 8 ? `${classes.slice(0, 8).join(', ')}, …` : classes.join(', ');
    throw new ArgumentError(`${where}.y: ${classes.length} classes (${shown}) for a network with ${net.outputs} output${net.outputs === 1 ? '' : 's'}; give the last layer ${classes.length === 2 ? '1 sigmoid unit or 2 softmax units' : `${classes.length} units with softmax`}`, {
      where: `${where}.y`, expected: `${expected} classes`, received: `${classes.length}`,
    });
  }
  const lookup = classLookup(classes);
  const indices = text.map((label, i) => {
    const k = lookup(label);
    if (k < 0) {
      throw new ArgumentError(`${where}.y[${i}]: ${JSON.stringify(label)} is not one of the classes ${classes.join(', ')}${net.classes ? " (the network's: net.classes)" : ''}`, {
        where: `${where}.y[${i}]`, expected: `one of ${classes.join(', ')}`, received: JSON.stringify(label),
      });
    }
    return k;
  });
  return { x, y: indices, classes };
}

/** Whether a network and loss make a classifier (class outputs) or a regressor. */
export function isClassifier(net: Network, loss: Loss): boolean {
  return loss === 'cross-entropy' || loss === 'binary-cross-entropy' || net.output.activation === 'step';
}

/**
 * Turns targets into a `[rows, outputs]` matrix: with several outputs, one value per row is a class
 * index and becomes a one-hot row (softmax, or several sigmoid units); with one output it is the
 * target itself (0/1 for a sigmoid or step unit, a value for regression).
 */
export function toTargets(y: FitInputs['y'], net: Network, rows: number, where: string): Matrix {
  const units = net.outputs;
  const flat = y instanceof Float32Array || (Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number'));
  if (!flat) {
    const m = toMatrix(y as MatrixLike, where, units, true);
    if (m.rows !== rows) throw countError(where, rows, m.rows);
    return m;
  }
  const v = y as ArrayLike<number>;
  if (v.length !== rows) throw countError(where, rows, v.length);
  for (let i = 0; i < rows; i++) {
    if (!(typeof v[i] === 'number' && Number.isFinite(v[i]))) {
      throw new ArgumentError(`${where}[${i}]: ${describeValue(v[i])} is not a finite number; remove or fill in that row`, { where: `${where}[${i}]`, expected: 'a finite number', received: describeValue(v[i]) });
    }
  }
  if (units === 1) return { data: Float32Array.from(v), rows, cols: 1 };
  // one value per row for several outputs can only be a class index: its one-hot row is the target
  const data = new Float32Array(rows * units);
  for (let i = 0; i < rows; i++) {
    const c = v[i];
    if (!Number.isInteger(c) || c < 0 || c >= units) {
      throw new ArgumentError(`${where}[${i}]: ${c} is not a class index in 0..${units - 1} (with ${units} outputs, one value per row is a class index; give rows of ${units} targets otherwise)`, { where: `${where}[${i}]`, expected: `an integer in 0..${units - 1}`, received: String(c) });
    }
    data[i * units + c] = 1;
  }
  return { data, rows, cols: units };
}

/** The class index of each target row, for a classifier. */
export function labelsOf(t: Matrix): Int32Array {
  return classesOf(t.data, t.rows, t.cols);
}

function countError(where: string, expected: number, received: number): ArgumentError {
  return new ArgumentError(`${where}: ${received} target rows for ${expected} input rows`, { where, expected: `${expected} rows`, received: `${received}` });
}
