/**
 * The image layer kinds in an export plan (plan.ts): each conv2d, pooling, flatten, global pooling
 * and batch norm layer with its shapes, its window's padding on all four sides (what ONNX and the
 * standalone loops need) and its float32 tensors.
 */
import type { Shape } from '../core/shape.js';
import type { Activation } from '../nn/activations.js';
import type { Layer } from '../nn/layer.js';
import type { BatchNorm, Conv2d, Pool2d } from '../nn/layer-kinds.js';
import { planWindow } from '../ops/window.js';

/** Where a window goes over an image: its size, stride and padding `[top, left, bottom, right]`. */
export interface PlanWindow {
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
}

interface Step {
  /** The layer's index in the model file, for names like `layers.2.weights`. */
  readonly index: number;
  /** `[height, width, channels]` for an image, `[features]` for a row. */
  readonly input: Shape;
  readonly output: Shape;
}

/** A conv2d layer: weights row-major `[kh, kw, channels, filters]`. */
export interface ConvStep extends Step, PlanWindow {
  readonly kind: 'conv2d';
  readonly activation: Activation;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** A pooling layer (padding left out of each window). */
export interface PoolStep extends Step, PlanWindow {
  readonly kind: 'maxPool2d' | 'avgPool2d';
}

/** A flatten or global average pooling layer. */
export interface ReshapeStep extends Step {
  readonly kind: 'flatten' | 'globalAvgPool2d';
}

/** A batch norm layer at inference: `y = γ·(x − mean)/√(variance + ε) + β` over the last axis. */
export interface BatchNormStep extends Step {
  readonly kind: 'batchNorm';
  readonly epsilon: number;
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/** An image layer in an export plan. */
export type ImageStep = ConvStep | PoolStep | ReshapeStep | BatchNormStep;

/** The window of a layer on its input, with the padding after as well as before. */
function windowOf(input: Shape, w: { size: readonly [number, number]; stride: readonly [number, number]; padding: 'valid' | 'same' }): PlanWindow {
  const p = planWindow(input, w.size, w.stride, w.padding) as Exclude<ReturnType<typeof planWindow>, string>;
  // the cells the last window reaches beyond the image (none for 'valid', whose windows stop inside)
  const bottom = Math.max(0, (p.outHeight - 1) * w.stride[0] + w.size[0] - input[0] - p.padTop);
  const right = Math.max(0, (p.outWidth - 1) * w.stride[1] + w.size[1] - input[1] - p.padLeft);
  return { size: w.size, stride: w.stride, pads: [p.padTop, p.padLeft, bottom, right] };
}

const f32 = (t: { data: ArrayLike<number> }): Float32Array => t.data as Float32Array;
const shapes = (l: Layer, index: number): Step => ({ index, input: l.inputShape, output: l.outputShape });

/** How each image kind becomes a plan step. */
export const IMAGE_STEPS: Record<string, (l: Layer, index: number) => ImageStep> = {
  conv2d: (l, index) => {
    const c = l as Conv2d;
    return { kind: 'conv2d', ...shapes(l, index), ...windowOf(l.inputShape, c.window), activation: c.activation, weights: f32(c.weights), bias: f32(c.bias) };
  },
  maxPool2d: (l, index) => ({ kind: 'maxPool2d', ...shapes(l, index), ...windowOf(l.inputShape, (l as Pool2d).window) }),
  avgPool2d: (l, index) => ({ kind: 'avgPool2d', ...shapes(l, index), ...windowOf(l.inputShape, (l as Pool2d).window) }),
  flatten: (l, index) => ({ kind: 'flatten', ...shapes(l, index) }),
  globalAvgPool2d: (l, index) => ({ kind: 'globalAvgPool2d', ...shapes(l, index) }),
  batchNorm: (l, index) => {
    const b = l as BatchNorm;
    return { kind: 'batchNorm', ...shapes(l, index), epsilon: b.eps, gamma: f32(b.gamma), beta: f32(b.beta), mean: f32(b.runningMean), variance: f32(b.runningVariance) };
  },
};

/** The step in words for a model's description: `conv2d 26×26×32 (relu)`. */
export function describeStep(s: ImageStep): string {
  const shape = s.output.join('×');
  return s.kind === 'conv2d' ? `conv2d ${shape} (${s.activation})` : `${s.kind} ${shape}`;
}
