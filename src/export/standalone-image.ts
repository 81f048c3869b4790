/**
 * The image layers in the standalone predictor: their loops as JavaScript text (each in float32, in
 * the order of Neurite's reference kernels, src/backend/js/window.ts, and of the ops a layer runs,
 * so the module gives the library's numbers bit for bit) and each layer's entry in LAYERS. A
 * layer's `run(x, rows, layer)` takes and gives float32 rows, channels last.
 */
import { shortestFloat32 } from '../io/float32.js';
import type { Activation } from '../nn/activations.js';
import type { ImageStep } from './image-plan.js';
import { numberLiteral } from './js-literal.js';

/** The code each image kind needs, once per module. */
export const IMAGE_CODE: Record<ImageStep['kind'], string> = {
  conv2d: `/** x [rows, h, w, c] -> [rows, oh, ow, f]: each output pixel's window cells in order, accumulated in float32, then the bias and activation. */
function conv2d(x, rows, layer) {
  const { image: [height, width, c], kernel: [kh, kw], stride: [sh, sw], pads: [pt, pl], out: [oh, ow, f], weights, bias } = layer;
  const z = new Float32Array(rows * oh * ow * f);
  for (let b = 0; b < rows; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const [ky0, ky1] = inside(y0, kh, height);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const [kx0, kx1] = inside(x0, kw, width);
        const o = ((b * oh + oy) * ow + ox) * f;
        for (let ky = ky0; ky < ky1; ky++) {
          for (let kx = kx0; kx < kx1; kx++) {
            const xi = ((b * height + y0 + ky) * width + x0 + kx) * c;
            for (let ci = 0; ci < c; ci++) {
              const xv = x[xi + ci];
              const wb = ((ky * kw + kx) * c + ci) * f;
              for (let fi = 0; fi < f; fi++) z[o + fi] += xv * weights[wb + fi];
            }
          }
        }
      }
    }
  }
  for (let i = 0; i < z.length; i += f) for (let j = 0; j < f; j++) z[i + j] += bias[j];
  return layer.activation(z, f);
}`,
  maxPool2d: `/** The largest value of each window, channel by channel (padding left out). */
function maxPool2d(x, rows, layer) {
  return pool(x, rows, layer, -Infinity, (acc, v) => (v > acc || Number.isNaN(v) ? v : acc), (acc) => acc);
}`,
  avgPool2d: `/** The mean of each window, channel by channel, over its cells inside the image. */
function avgPool2d(x, rows, layer) {
  return pool(x, rows, layer, 0, (acc, v) => acc + v, (acc, count) => acc / count);
}`,
  flatten: `/** Rows are already flat, channels last. */
function flatten(x) {
  return x;
}`,
  globalAvgPool2d: `/** The mean of each channel over the image: summed in double, then times 1/count, each rounded to float32. */
function globalAvgPool2d(x, rows, layer) {
  const [height, width, c] = layer.image;
  const y = new Float32Array(rows * c);
  for (let b = 0; b < rows; b++) {
    for (let ci = 0; ci < c; ci++) {
      let sum = 0;
      for (let p = 0; p < height * width; p++) sum += x[(b * height * width + p) * c + ci];
      y[b * c + ci] = Math.fround(sum) * (1 / (height * width)) + 0;
    }
  }
  return y;
}`,
  batchNorm: `/** gamma * (x - mean) / sqrt(variance + epsilon) + beta over the last axis, one float32 rounding per step (epsilon a float32 too). */
function batchNorm(x, rows, layer) {
  const { gamma, beta, mean, variance, epsilon } = layer;
  const c = gamma.length;
  const root = new Float32Array(c);
  for (let j = 0; j < c; j++) root[j] = Math.sqrt(Math.fround(variance[j] + Math.fround(epsilon)));
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % c;
    y[i] = Math.fround(Math.fround(Math.fround(x[i] - mean[j]) / root[j]) * gamma[j]) + beta[j];
  }
  return y;
}`,
};

/** The window loop the poolings share: `step` folds each cell into the accumulator, `end` finishes it with the cell count. */
export const POOL_CODE = `function pool(x, rows, layer, start, step, end) {
  const { image: [height, width, c], kernel: [kh, kw], stride: [sh, sw], pads: [pt, pl], out: [oh, ow] } = layer;
  const y = new Float32Array(rows * oh * ow * c);
  for (let b = 0; b < rows; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const [ky0, ky1] = inside(y0, kh, height);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const [kx0, kx1] = inside(x0, kw, width);
        const o = ((b * oh + oy) * ow + ox) * c;
        for (let ci = 0; ci < c; ci++) y[o + ci] = start;
        for (let ky = ky0; ky < ky1; ky++) {
          for (let kx = kx0; kx < kx1; kx++) {
            const xi = ((b * height + y0 + ky) * width + x0 + kx) * c;
            for (let ci = 0; ci < c; ci++) y[o + ci] = step(y[o + ci], x[xi + ci]);
          }
        }
        const count = (ky1 - ky0) * (kx1 - kx0);
        for (let ci = 0; ci < c; ci++) y[o + ci] = end(y[o + ci], count);
      }
    }
  }
  return y;
}`;

/** The cells of a window inside the image, which convolution and pooling share. */
export const WINDOW_CODE = `/** The kernel rows (or columns) [first, end) of a window starting at \`start\` that lie inside [0, size). */
function inside(start, kernel, size) {
  return [Math.max(0, -start), Math.min(kernel, size - start)];
}`;

const floats = (values: ArrayLike<number>): string => `new Float32Array([${Array.from(values, (v) => numberLiteral(shortestFloat32(v))).join(', ')}])`;
const list = (values: readonly number[]): string => `[${values.join(', ')}]`;

/** An image layer's entry in LAYERS; `fn` names an activation's function. */
export function imageLayerCode(s: ImageStep, fn: (a: Activation) => string): string {
  const head = `  // layers.${s.index}: ${s.kind} ${s.input.join('x')} -> ${s.output.join('x')}`;
  const geometry = `image: ${list(s.input)}, out: ${list(s.output)}`;
  switch (s.kind) {
    case 'conv2d':
      return `${head}; weights[((ky * kw + kx) * channels + c) * filters + f]
  { run: conv2d, ${geometry}, kernel: ${list(s.size)}, stride: ${list(s.stride)}, pads: ${list(s.pads)}, activation: ${fn(s.activation)},
    weights: ${floats(s.weights)},
    bias: ${floats(s.bias)} },`;
    case 'maxPool2d': case 'avgPool2d':
      return `${head}\n  { run: ${s.kind}, ${geometry}, kernel: ${list(s.size)}, stride: ${list(s.stride)}, pads: ${list(s.pads)} },`;
    case 'flatten': case 'globalAvgPool2d':
      return `${head}\n  { run: ${s.kind}, ${geometry} },`;
    case 'batchNorm':
      return `${head}
  { run: batchNorm, ${geometry}, epsilon: ${numberLiteral(shortestFloat32(s.epsilon))},
    gamma: ${floats(s.gamma)}, beta: ${floats(s.beta)},
    mean: ${floats(s.mean)}, variance: ${floats(s.variance)} },`;
  }
}
