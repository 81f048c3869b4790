/**
 * The kernels of the 2-D window ops (convolution and pooling) over channels-last images, part of
 * the complete kernel list ({@link Kernels} extends {@link WindowKernels}). An image batch is
 * `[batch, height, width, channels]` row-major (NHWC, as Keras and TensorFlow.js); a convolution's
 * filter bank is `[kernelHeight, kernelWidth, channels, filters]` (HWIO, Keras's kernel layout), so
 * that the innermost loops of every kernel run over contiguous channels or filters.
 */
import type { Data } from './kernels.js';

/**
 * Where a window visits an image: output pixel (oy, ox) covers input rows
 * `oy·strideHeight − padTop + [0, kernelHeight)` and columns `ox·strideWidth − padLeft + [0, kernelWidth)`;
 * cells outside the image are padding (zeros for a convolution, left out of a pooling window).
 */
export interface Window2d {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** A convolution's window and its number of filters (output channels). */
export interface ConvWindow extends Window2d {
  readonly filters: number;
}

/**
 * The window kernels. Each writes all of `out` (it need not be zeroed) and returns it; `out`
 * never aliases an input. Shapes: x `[batch, height, width, channels]`, w `[kernelHeight,
 * kernelWidth, channels, filters]`, a convolution's y `[batch, outHeight, outWidth, filters]`, a
 * pooling's `[batch, outHeight, outWidth, channels]`.
 */
export interface WindowKernels {
  /** `y[b, oy, ox, f] = Σ_{ky, kx, c} x[b, oy·sh − pt + ky, ox·sw − pl + kx, c] · w[ky, kx, c, f]` (padding reads 0). */
  conv2d(out: Data, x: Data, w: Data, g: ConvWindow): Data;
  /** The input gradient: `dx[b, iy, ix, c] = Σ dy[b, oy, ox, f] · w[ky, kx, c, f]` over the windows covering (iy, ix). */
  conv2dBackwardInput(out: Data, dy: Data, w: Data, g: ConvWindow): Data;
  /** The filter gradient: `dw[ky, kx, c, f] = Σ_{b, oy, ox} x[b, oy·sh − pt + ky, ox·sw − pl + kx, c] · dy[b, oy, ox, f]`. */
  conv2dBackwardFilter(out: Data, x: Data, dy: Data, g: ConvWindow): Data;
  /** The largest value of each window, channel by channel (padding left out). */
  maxPool2d(out: Data, x: Data, g: Window2d): Data;
  /**
   * Its gradient: each window's dy goes to the first cell (in row-major window order) holding the
   * window's maximum y, and sums where windows overlap.
   */
  maxPool2dBackward(out: Data, x: Data, y: Data, dy: Data, g: Window2d): Data;
  /** The mean of each window, channel by channel, over the cells inside the image (padding not counted). */
  avgPool2d(out: Data, x: Data, g: Window2d): Data;
  /** Its gradient: each window's dy divided by its count of cells inside the image, spread over them. */
  avgPool2dBackward(out: Data, dy: Data, g: Window2d): Data;
}
