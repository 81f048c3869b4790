import type { Window2d } from '../backend/window.js';
import { kernels } from '../backend/registry.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { record } from './record.js';
import { type Padding, type Size2d, windowOver } from './window.js';

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dOptions {
  /** The window, `[height, width]` or one number for both. */
  readonly size: Size2d;
  /** How far the window moves between outputs (default: its size, so windows do not overlap). */
  readonly stride?: Size2d;
  /** `valid` (default) or `same`; padding cells are left out of a window, never counted as 0. */
  readonly padding?: Padding;
}

function pool(op: 'maxPool2d' | 'avgPool2d', x: Tensor, options: Pool2dOptions): Tensor {
  const { size, stride = size, padding = 'valid' } = options;
  const g: Window2d = windowOver(op, x.shape, size, stride, padding);
  const out = empty([g.batch, g.outHeight, g.outWidth, g.channels], x.dtype);
  kernels()[op](out.data, x.data, g);
  return record(op, [x], out, { window: g });
}

/**
 * The largest value of each window, channel by channel:
 * `x: [batch, height, width, channels] → [batch, outHeight, outWidth, channels]`.
 *
 * @example
 * ```ts
 * maxPool2d(x, { size: 2 }); // [8, 28, 28, 16] → [8, 14, 14, 16]
 * ```
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return pool('maxPool2d', x, options);
}

/**
 * The mean of each window, channel by channel, over its cells inside the image:
 * `x: [batch, height, width, channels] → [batch, outHeight, outWidth, channels]`.
 *
 * @example
 * ```ts
 * avgPool2d(x, { size: 2 }); // [8, 28, 28, 16] → [8, 14, 14, 16]
 * ```
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return pool('avgPool2d', x, options);
}
