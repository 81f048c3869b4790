import type { ConvWindow } from '../backend/window.js';
import { kernels } from '../backend/registry.js';
import { ArgumentError } from '../core/errors.js';
import { shapeString } from '../core/shape.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { checkDtypes, checkRank, record } from './record.js';
import { type Padding, type Size2d, windowOver } from './window.js';

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** How far the kernel moves between outputs (default 1). */
  readonly stride?: Size2d;
  /** `valid` (default) or `same` (see {@link Padding}). */
  readonly padding?: Padding;
}

/**
 * 2-D convolution (cross-correlation, as in every deep-learning library) of channels-last images
 * with a bank of filters: `x: [batch, height, width, channels], w: [kh, kw, channels, filters] →
 * [batch, outHeight, outWidth, filters]`.
 *
 * @example
 * ```ts
 * const y = conv2d(x, w, { stride: 1, padding: 'same' }); // x [8, 28, 28, 1], w [3, 3, 1, 16] → [8, 28, 28, 16]
 * ```
 */
export function conv2d(x: Tensor, w: Tensor, options: Conv2dOptions = {}): Tensor {
  const { stride = 1, padding = 'valid' } = options;
  checkRank('conv2d', 'w', w, 4);
  checkDtypes('conv2d', x, w);
  const [kh, kw, channels, filters] = w.shape;
  const window = windowOver('conv2d', x.shape, [kh, kw], stride, padding);
  if (channels !== window.channels) {
    throw new ArgumentError(
      `conv2d: x ${shapeString(x.shape)} has ${window.channels} channels but w ${shapeString(w.shape)} is for ${channels}; expected w.shape[2] = ${window.channels}`,
      { where: 'conv2d', expected: `w.shape[2] = ${window.channels}`, received: `${channels}` },
    );
  }
  const g: ConvWindow = { ...window, filters };
  const out = empty([g.batch, g.outHeight, g.outWidth, filters], x.dtype);
  kernels().conv2d(out.data, x.data, w.data, g);
  return record('conv2d', [x, w], out, { window: g });
}
