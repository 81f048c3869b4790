import { ArgumentError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import type { Network } from '../nn/network.js';
import type { Loss } from '../nn/losses.js';
import { classesOf } from './metrics.js';

/** Targets: one value or class index per row, or rows of target outputs. */
export type TargetsLike = readonly number[] | Float32Array | MatrixLike;

/** Whether a network and loss make a classifier (class outputs) or a regressor. */
export function isClassifier(net: Network, loss: Loss): boolean {
  return loss === 'cross-entropy' || loss === 'binary-cross-entropy' || net.output.activation === 'step';
}

/**
 * Turns targets into a `[rows, outputs]` matrix: class indices become one-hot rows for a softmax
 * output, 0/1 for a single sigmoid or step unit, and plain values a one-column matrix.
 */
export function toTargets(y: TargetsLike, net: Network, loss: Loss, rows: number, where: string): Matrix {
  const units = net.outputs;
  const flat = y instanceof Float32Array || (Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number'));
  if (!flat) {
    const m = toMatrix(y as MatrixLike, where, units);
    if (m.rows !== rows) throw countError(where, rows, m.rows);
    return m;
  }
  const v = y as ArrayLike<number>;
  if (v.length !== rows) throw countError(where, rows, v.length);
  if (units === 1) return { data: Float32Array.from(v), rows, cols: 1 };
  if (loss !== 'cross-entropy') {
    throw new ArgumentError(`${where}: one value per row given, but the network has ${units} outputs; give rows of ${units} targets`, {
      where, expected: `rows of ${units} values`, received: 'one value per row',
    });
  }
  const data = new Float32Array(rows * units);
  for (let i = 0; i < rows; i++) {
    const c = v[i];
    if (!Number.isInteger(c) || c < 0 || c >= units) {
      throw new ArgumentError(`${where}[${i}]: class index ${c} is not in 0..${units - 1}`, { where: `${where}[${i}]`, expected: `an integer in 0..${units - 1}`, received: String(c) });
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
