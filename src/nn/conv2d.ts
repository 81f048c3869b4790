import type { Data } from '../backend/kernels.js';
import { describe, type Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { Shape } from '../core/shape.js';
import { add } from '../ops/binary.js';
import { conv2d } from '../ops/conv.js';
import type { Padding, Size2d } from '../ops/window.js';
import { Tensor } from '../tensor/tensor.js';
import { ACTIVATIONS, type Activation, activate, isActivation } from './activations.js';
import { type WindowSettings, windowConfig, windowOutput, windowSettings } from './image.js';
import { initializerFor, initWeights } from './init.js';
import type { Layer, LayerKind, Parameter, ParameterShape } from './layer.js';

/** A convolution layer in a network spec. */
export interface Conv2dSpec {
  readonly type: 'conv2d';
  /** Number of filters: the output's channels. */
  readonly filters: number;
  /** The kernel, `[height, width]` or one number for a square. */
  readonly kernelSize: Size2d;
  /** Default 1. */
  readonly stride?: Size2d;
  /** Default `valid`. */
  readonly padding?: Padding;
  /** Default `linear` (as a dense layer's; the command line's `conv:F:K` gives relu). */
  readonly activation?: Activation;
}

/**
 * A 2-D convolution over channels-last images: y = activation(x ⋆ W + b).
 * `x: [batch, height, width, channels] → [batch, outHeight, outWidth, filters]`;
 * `weights: [kernelHeight, kernelWidth, channels, filters]` (Keras's layout), `bias: [filters]`.
 *
 * @example
 * ```ts
 * const net = new Network({ inputShape: [28, 28, 1], layers: [{ type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' }, { type: 'flatten' }, { units: 10, activation: 'softmax' }] });
 * ```
 */
export class Conv2d implements Layer {
  readonly type = 'conv2d';
  readonly activation: Activation;
  readonly outputShape: Shape;
  readonly weights: Tensor;
  readonly bias: Tensor;

  /**
   * Weights drawn for the activation (Glorot or He, over fan-in kh·kw·channels and fan-out
   * kh·kw·filters, as Keras), zero biases, on `storage` (kh·kw·channels·filters and filters values).
   */
  constructor(readonly inputShape: Shape, readonly filters: number, readonly window: WindowSettings, activation: Activation, storage: readonly Data[], rng: Random) {
    this.activation = activation;
    this.outputShape = windowOutput('conv2d', inputShape, window, filters) as Shape;
    const [kh, kw] = window.size;
    const channels = inputShape[2];
    this.weights = new Tensor(storage[0], [kh, kw, channels, filters]).variable();
    this.bias = new Tensor(storage[1], [filters]).variable();
    initWeights(this.weights.data as Float32Array, kh * kw * channels, kh * kw * filters, initializerFor(activation), rng);
  }

  /** z = x ⋆ W + b. */
  preActivation(x: Tensor): Tensor {
    return add(conv2d(x, this.weights, { stride: this.window.stride, padding: this.window.padding }), this.bias);
  }

  /** y = activation(x ⋆ W + b), the activation over each pixel's filters (softmax across them). */
  forward(x: Tensor): Tensor {
    return activate(this.activation, this.preActivation(x));
  }

  /** `weights` (decayed) and `bias`. */
  parameters(prefix: string): Parameter[] {
    return [
      { name: `${prefix}.weights`, tensor: this.weights, decay: true },
      { name: `${prefix}.bias`, tensor: this.bias, decay: false },
    ];
  }

  /** None. */
  buffers(): Parameter[] {
    return [];
  }

  /** `{ filters, kernelSize, stride, padding, activation }`. */
  config(): Record<string, unknown> {
    return { filters: this.filters, ...windowConfig('kernelSize', this.window), activation: this.activation };
  }
}

/** The conv2d kind: `{ type: 'conv2d', filters, kernelSize, stride, padding, activation }` on an image. */
export const conv2dKind: LayerKind<Conv2dSpec & WindowSettings> = {
  type: 'conv2d',
  version: 2,
  fields: ['filters', 'kernelSize', 'stride', 'padding', 'activation'],
  check(json, at, problems: Problem[]) {
    const { filters, activation = 'linear' } = json;
    if (!isActivation(activation)) problems.push({ path: `${at}.activation`, expected: `one of ${ACTIVATIONS.join(', ')}`, received: describe(activation) });
    const filtersOk = typeof filters === 'number' && Number.isInteger(filters) && filters >= 1;
    if (!filtersOk) problems.push({ path: `${at}.filters`, expected: 'a positive integer', received: describe(filters) });
    const w = windowSettings(json, at, problems, 'kernelSize', 1);
    if (!w || !filtersOk) return null;
    return { type: 'conv2d', filters, kernelSize: w.size, ...w, activation: isActivation(activation) ? activation : 'linear' };
  },
  outputShape: (spec, input) => windowOutput('conv2d', input, spec, spec.filters),
  parameterShapes(spec, input): ParameterShape[] {
    return [
      { name: 'weights', shape: [...spec.size, input[2], spec.filters], decay: true, rows: 'one per kernel row' },
      { name: 'bias', shape: [spec.filters], decay: false },
    ];
  },
  create: (spec, input, storage, rng) => new Conv2d(input, spec.filters, spec, spec.activation ?? 'linear', storage, rng),
};

