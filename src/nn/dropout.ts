import type { Data } from '../backend/kernels.js';
import { checkNumber } from '../core/assert.js';
import { describe, type Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { Shape } from '../core/shape.js';
import { dropout } from '../ops/dropout.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, LayerKind, Mode, Parameter } from './layer.js';

/** A dropout layer in a network spec. */
export interface DropoutSpec {
  readonly type: 'dropout';
  readonly rate: number;
}

/**
 * Randomly zeroes a fraction `rate` of its inputs while training (inverted dropout); the identity
 * otherwise. Any input shape; the output has the same.
 *
 * @example
 * ```ts
 * new Dropout(0.5).forward(x, null); // x itself (inference)
 * ```
 */
export class Dropout implements Layer {
  readonly type = 'dropout';
  readonly rate: number;
  readonly activation = 'linear';
  readonly inputShape: Shape;

  constructor(rate: number, inputShape: Shape = []) {
    this.rate = checkNumber('dropout', 'rate', rate, { min: 0, max: 1, maxExclusive: true });
    this.inputShape = inputShape;
  }

  get outputShape(): Shape {
    return this.inputShape;
  }

  /**
   * `x → x` at inference; masked and rescaled when training, drawing from the mode's generator
   * (or from `rng` itself when given one, the older form).
   */
  forward(x: Tensor, mode: Mode | Random | null): Tensor {
    const rng = mode === null ? null : 'training' in mode ? (mode.training ? mode.rng : null) : mode;
    return rng === null ? x : dropout(x, this.rate, rng);
  }

  /** The same as {@link Dropout.forward}: dropout has no activation. */
  preActivation(x: Tensor, mode: Mode): Tensor {
    return this.forward(x, mode);
  }

  /** None. */
  parameters(): Parameter[] {
    return [];
  }

  /** None. */
  buffers(): Parameter[] {
    return [];
  }

  /** `{ rate }`. */
  config(): Record<string, unknown> {
    return { rate: this.rate };
  }

  /** The identity: dropout is off at inference. */
  predictKernels(_k: unknown, x: Data): Data {
    return x;
  }
}

/** The dropout kind: `{ type: 'dropout', rate }`, 0 ≤ rate < 1, on any input shape. */
export const dropoutKind: LayerKind<DropoutSpec> = {
  type: 'dropout',
  version: 1,
  fields: ['rate'],
  check(json, at, problems: Problem[]) {
    const { rate } = json;
    if (typeof rate === 'number' && rate >= 0 && rate < 1) return { type: 'dropout', rate };
    problems.push({ path: `${at}.rate`, expected: 'a number in [0, 1)', received: describe(rate) });
    return null;
  },
  outputShape: (_spec, input) => input,
  parameterShapes: () => [],
  create: (spec, input) => new Dropout(spec.rate, input),
};
