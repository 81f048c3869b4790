/**
 * Where a 2-D window (a convolution's kernel, a pooling window) goes over a channels-last image:
 * the output size and padding for `valid` and `same` padding, shared by the ops that run windows
 * and the layers that declare their output shapes before any tensor exists.
 */
import type { Window2d } from '../backend/window.js';
import { ArgumentError } from '../core/errors.js';
import { type Shape, shapeString } from '../core/shape.js';

/**
 * `valid`: windows only where they fit inside the image (out = ⌊(in − k)/s⌋ + 1). `same`: the
 * output is ⌈in/s⌉ and the image is padded as evenly as possible, the odd cell at the bottom and
 * right (TensorFlow's and Keras's rule, so that exported models agree).
 */
export type Padding = 'valid' | 'same';

/** The paddings, in the order users meet them. */
export const PADDINGS: readonly Padding[] = ['valid', 'same'];

/** A size along the two axes of an image, `[height, width]`; a number means the same along both. */
export type Size2d = number | readonly [number, number];

/** Both sides of a {@link Size2d}. */
export function pair(size: Size2d): [number, number] {
  return typeof size === 'number' ? [size, size] : [size[0], size[1]];
}

/** How windows of one size and stride go over images of one size: the output size and the padding before. */
export interface WindowPlan {
  readonly outHeight: number;
  readonly outWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

function along(size: number, kernel: number, stride: number, padding: Padding): [out: number, before: number] {
  if (padding === 'valid') return [Math.floor((size - kernel) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  return [out, Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2)];
}

/**
 * Plans windows of `kernel` cells moving by `stride` over an image `[height, width, channels]`:
 * the output size and padding, or a sentence saying why they cannot go over it (a window larger
 * than the image with `valid` padding).
 */
export function planWindow(image: Shape, kernel: Size2d, stride: Size2d, padding: Padding): WindowPlan | string {
  const [kh, kw] = pair(kernel);
  const [sh, sw] = pair(stride);
  const [height, width] = image;
  if (padding === 'valid' && (kh > height || kw > width)) {
    return `a ${kh}×${kw} window does not fit in a ${height}×${width} image with padding 'valid'; use a window at most ${height}×${width}, or padding 'same'`;
  }
  const [outHeight, padTop] = along(height, kh, sh, padding);
  const [outWidth, padLeft] = along(width, kw, sw, padding);
  return { outHeight, outWidth, padTop, padLeft };
}

function checkSize(op: string, name: string, size: Size2d): [number, number] {
  const [a, b] = pair(size);
  const ok = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (!(typeof size === 'number' || (Array.isArray(size) && size.length === 2)) || !ok(a) || !ok(b)) {
    throw new ArgumentError(`${op}: invalid ${name} ${JSON.stringify(size)} (expected a positive integer or [height, width] of them)`, {
      where: `${op}.${name}`, expected: 'a positive integer or [height, width] of them', received: JSON.stringify(size),
    });
  }
  return [a, b];
}

/**
 * Checks a window op's settings against its input `x: [batch, height, width, channels]` and gives
 * the geometry its kernels take; throws an ArgumentError naming the op and what does not fit.
 */
export function windowOver(op: string, xShape: Shape, kernel: Size2d, stride: Size2d, padding: Padding): Window2d {
  if (xShape.length !== 4) {
    throw new ArgumentError(`${op}: x must be [batch, height, width, channels], got shape ${shapeString(xShape)}`, {
      where: `${op}.x`, expected: 'rank 4 (batch, height, width, channels)', received: shapeString(xShape),
    });
  }
  const [kh, kw] = checkSize(op, 'kernel size', kernel);
  const [sh, sw] = checkSize(op, 'stride', stride);
  if (!PADDINGS.includes(padding)) {
    throw new ArgumentError(`${op}: unknown padding ${JSON.stringify(padding)} (expected one of ${PADDINGS.join(', ')})`, {
      where: `${op}.padding`, expected: PADDINGS.join(', '), received: String(padding),
    });
  }
  const [batch, height, width, channels] = xShape;
  const plan = planWindow([height, width], [kh, kw], [sh, sw], padding);
  if (typeof plan === 'string') {
    throw new ArgumentError(`${op}: ${plan}`, { where: `${op}.x`, expected: `an image at least ${kh}×${kw}`, received: shapeString(xShape) });
  }
  return { batch, height, width, channels, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, ...plan };
}
