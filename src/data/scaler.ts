/**
 * Per-column scaling fitted on training rows: `y = (x − center) / scale`, undone by
 * `x = y · scale + center`.
 */
import { ArgumentError } from '../core/errors.js';
import { FLOAT32_MAX, FLOAT32_MIN_NORMAL, finiteInFloat32, isFloat32Scale } from '../core/float32.js';

/**
 * How numeric columns are scaled: `standard` (mean 0, population std 1), `minmax` (to [0, 1] on
 * the training rows), `none`, or `pixel` (divide by 255, for 8-bit images).
 */
export type Scale = 'standard' | 'minmax' | 'none' | 'pixel';

/** Every {@link Scale}, for option checking and validation. */
export const SCALES: readonly Scale[] = ['standard', 'minmax', 'none', 'pixel'];

/** The two numbers of one column's scaling: `y = (x − center) / scale`, `scale > 0`. */
export interface ScaleParams {
  center: number;
  scale: number;
}

/**
 * Fits the scaling of one column on the given rows only.
 * A constant column gets scale 1 (its std or range is 0), so it maps to 0 rather than NaN.
 *
 * @param values the column, one value per row: `[rows]`
 * @param rows indices of the training rows (at least one)
 * @param kind the scaling
 * @example
 * ```ts
 * fitScale([1, 3, 100], [0, 1], 'standard'); // { center: 2, scale: 1 } — row 2 is not seen
 * ```
 */
export function fitScale(values: ArrayLike<number>, rows: ArrayLike<number>, kind: Scale): ScaleParams {
  if (rows.length === 0) {
    throw new ArgumentError('fitScale: no training rows to fit on', { expected: 'at least 1 row', received: '0' });
  }
  if (kind === 'none') return { center: 0, scale: 1 };
  if (kind === 'pixel') return { center: 0, scale: 255 };
  if (kind === 'minmax') return fitMinMax(values, rows);
  return fitStandard(values, rows);
}

function fitStandard(values: ArrayLike<number>, rows: ArrayLike<number>): ScaleParams {
  let sum = 0;
  for (let i = 0; i < rows.length; i++) sum += values[rows[i]];
  const mean = sum / rows.length;
  // Two passes: the sum of squared deviations keeps precision when the mean is large.
  let squares = 0;
  for (let i = 0; i < rows.length; i++) squares += (values[rows[i]] - mean) ** 2;
  const std = Math.sqrt(squares / rows.length);
  return { center: mean, scale: std > 0 ? std : 1 };
}

function fitMinMax(values: ArrayLike<number>, rows: ArrayLike<number>): ScaleParams {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  return { center: min, scale: range > 0 ? range : 1 };
}

/**
 * Why a column, scaled by `p`, cannot be computed in float32 (in which the network computes), or
 * undefined when it can: a value, the center, the scale or a scaled value beyond float32 (values
 * near 1e154 also overflow the variance), or a spread too small to divide by.
 *
 * @example
 * ```ts
 * float32Problem([1e154, -1e154], { center: 0, scale: 1e154 }); // 'has values up to 1.00e+154, ...'
 * ```
 */
export function float32Problem(values: ArrayLike<number>, p: ScaleParams): string | undefined {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  const scaled = (largest + Math.abs(p.center)) / p.scale;
  if (!finiteInFloat32(largest) || !finiteInFloat32(p.center) || !(p.scale <= FLOAT32_MAX) || !finiteInFloat32(scaled)) {
    return `has values up to ${largest.toPrecision(3)}, more than float32 (in which the network computes) can hold (${FLOAT32_MAX.toPrecision(2)})`;
  }
  if (!isFloat32Scale(p.scale)) return `has values that differ by less than ${FLOAT32_MIN_NORMAL.toPrecision(2)}, too little to scale in float32`;
  return undefined;
}
