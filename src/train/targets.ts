import { ArgumentError, describe as describeValue } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { classesOf } from './metrics.js';

/** Targets: one value or class index per row, or rows of target outputs. */
export type TargetsLike = readonly number[] | Float32Array | MatrixLike;

/** Whether a network and loss make a classifier (class outputs) or a regressor. */
export function isClassifier(net: Network, loss: Loss): boolean {
  return loss === 'cross-entropy' || loss === 'binary-cross-entropy' || net.output.activation === 'step';
}

/**
 * Turns targets into a `[rows, outputs]` matrix: with several outputs, one value per row is a class
 * index and becomes a one-hot row (softmax, or several sigmoid units); with one output it is the
 * target itself (0/1 for a sigmoid or step unit, a value for regression).
 */
export function toTargets(y: TargetsLike, net: Network, rows: number, where: string): Matrix {
  const units = net.outputs;
  if (Array.isArray(y) && typeof y[0] === 'string') {
    throw new ArgumentError(`${where}: row 0 is the label ${JSON.stringify(y[0])}; targets are numbers: give class indices, e.g. classes = [...new Set(labels)].sort(), y = labels.map((l) => classes.indexOf(l))`, {
      where: `${where}[0]`, expected: 'class indices or rows of numbers', received: 'text labels',
    });
  }
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
