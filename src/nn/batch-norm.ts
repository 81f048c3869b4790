import type { Data } from '../backend/kernels.js';
import { describe, type Problem } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import { add, div, mul, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import { sqrt, square } from '../ops/unary.js';
import { Tensor } from '../tensor/tensor.js';
import type { Layer, LayerKind, Mode, Parameter, ParameterShape } from './layer.js';

/** A batch normalisation layer in a network spec. */
export interface BatchNormSpec {
  readonly type: 'batchNorm';
  /** How far each training batch moves the running statistics (default 0.1, PyTorch's). */
  readonly momentum?: number;
  /** Added to the variance before its square root (default 1e-5, PyTorch's). */
  readonly epsilon?: number;
}

const MOMENTUM = 0.1;
const EPSILON = 1e-5;

/**
 * Batch normalisation over the last axis (the channels of an image, the features of a row), as
 * PyTorch's BatchNorm1d/2d: y = γ·(x − μ)/√(σ² + ε) + β. Training uses the batch's mean and
 * (biased) variance over every other axis and moves the running statistics toward them
 * (running ← (1 − momentum)·running + momentum·batch, the variance unbiased, n/(n − 1)); inference
 * uses the running statistics. Any input shape; the output has the same.
 *
 * @example
 * ```ts
 * new Network({ inputShape: [8, 8, 3], layers: [{ type: 'batchNorm' }, { type: 'flatten' }, { units: 2 }] });
 * ```
 */
export class BatchNorm implements Layer {
  readonly type = 'batchNorm';
  readonly activation = 'linear';
  readonly gamma: Tensor;
  readonly beta: Tensor;
  readonly runningMean: Tensor;
  readonly runningVariance: Tensor;
  private readonly epsilon: Tensor;

  /** γ = 1, β = 0, running mean 0 and variance 1 on `storage` (four buffers of `channels` values). */
  constructor(readonly inputShape: Shape, readonly momentum: number, readonly eps: number, storage: readonly Data[]) {
    const c = [inputShape[inputShape.length - 1]];
    this.gamma = new Tensor(storage[0].fill(1), c).variable();
    this.beta = new Tensor(storage[1], c).variable();
    this.runningMean = new Tensor(storage[2], c);
    this.runningVariance = new Tensor(storage[3].fill(1), c);
    this.epsilon = new Tensor(Float32Array.of(eps), []);
  }

  get outputShape(): Shape {
    return this.inputShape;
  }

  /** Normalised with the batch's statistics in training (updating the running ones), with the running ones otherwise. */
  forward(x: Tensor, mode: Mode): Tensor {
    const c = this.gamma.size;
    const rows = reshape(x, [x.size / c, c]);
    let centred: Tensor;
    let variance: Tensor;
    if (mode.training) {
      const mu = mean(rows, 0);
      centred = sub(rows, mu);
      variance = mean(square(centred), 0);
      this.track(mu.data, variance.data, rows.shape[0]);
    } else {
      centred = sub(rows, this.runningMean);
      variance = this.runningVariance;
    }
    const y = add(mul(div(centred, sqrt(add(variance, this.epsilon))), this.gamma), this.beta);
    return reshape(y, x.shape);
  }

  /** The same as {@link BatchNorm.forward}: no activation. */
  preActivation(x: Tensor, mode: Mode): Tensor {
    return this.forward(x, mode);
  }

  // running ← (1 − m)·running + m·batch, the variance made unbiased as PyTorch's (n/(n − 1))
  private track(mu: Data, variance: Data, n: number): void {
    const m = this.momentum;
    const unbias = n > 1 ? n / (n - 1) : 1;
    const rm = this.runningMean.data;
    const rv = this.runningVariance.data;
    for (let i = 0; i < rm.length; i++) {
      rm[i] = (1 - m) * rm[i] + m * mu[i];
      rv[i] = (1 - m) * rv[i] + m * variance[i] * unbias;
    }
  }

  /** `gamma` and `beta` (neither decayed, as PyTorch's defaults leave them). */
  parameters(prefix: string): Parameter[] {
    return [
      { name: `${prefix}.gamma`, tensor: this.gamma, decay: false },
      { name: `${prefix}.beta`, tensor: this.beta, decay: false },
    ];
  }

  /** The running statistics, saved with the model and never seen by the optimizer. */
  buffers(prefix: string): Parameter[] {
    return [
      { name: `${prefix}.runningMean`, tensor: this.runningMean, decay: false },
      { name: `${prefix}.runningVariance`, tensor: this.runningVariance, decay: false },
    ];
  }

  /** `{ momentum, epsilon }`. */
  config(): Record<string, unknown> {
    return { momentum: this.momentum, epsilon: this.eps };
  }
}

function fraction(json: Readonly<Record<string, unknown>>, name: string, fallback: number, at: string, problems: Problem[], max: number): number {
  const v = json[name] ?? fallback;
  if (typeof v === 'number' && v > 0 && v <= max) return v;
  problems.push({ path: `${at}.${name}`, expected: `a number in (0, ${max}]`, received: describe(v) });
  return fallback;
}

/** The batchNorm kind: `{ type: 'batchNorm', momentum, epsilon }` on any input, normalising its last axis. */
export const batchNormKind: LayerKind<Required<BatchNormSpec>> = {
  type: 'batchNorm',
  version: 2,
  fields: ['momentum', 'epsilon'],
  check(json, at, problems: Problem[]) {
    // a bad setting changes no shape: the stand-in lets the tensors be checked too
    return { type: 'batchNorm', momentum: fraction(json, 'momentum', MOMENTUM, at, problems, 1), epsilon: fraction(json, 'epsilon', EPSILON, at, problems, 1) };
  },
  outputShape: (_spec, input) => input,
  parameterShapes(_spec, input): ParameterShape[] {
    const c = [input[input.length - 1]];
    return [
      { name: 'gamma', shape: c, decay: false },
      { name: 'beta', shape: c, decay: false },
      { name: 'runningMean', shape: c, decay: false, trainable: false },
      { name: 'runningVariance', shape: c, decay: false, trainable: false },
    ];
  },
  create: (spec, input, storage) => new BatchNorm(input, spec.momentum, spec.epsilon, storage),
};
