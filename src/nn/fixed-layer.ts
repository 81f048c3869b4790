import type { Shape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, Mode, Parameter } from './layer.js';

/**
 * The common part of a layer that keeps nothing and has no activation (flatten, pooling): no
 * parameters, no state, its pre-activation its output. A kind extends it with its forward pass and
 * its settings.
 */
export abstract class FixedLayer implements Layer {
  abstract readonly type: string;
  abstract readonly inputShape: Shape;
  abstract readonly outputShape: Shape;
  readonly activation = 'linear';

  /** The output, in ops. */
  abstract forward(x: Tensor, mode: Mode): Tensor;

  /** The same as `forward`: no activation. */
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

  /** No settings, unless the kind has some. */
  config(): Record<string, unknown> {
    return {};
  }
}
