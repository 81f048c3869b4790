import type { Shape } from '../core/shape.js';
import { mean } from '../ops/reduce.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { notAnImage } from './image.js';
import { FixedLayer } from './fixed-layer.js';
import type { LayerKind } from './layer.js';

/** A global average pooling layer in a network spec. */
export interface GlobalAvgPool2dSpec {
  readonly type: 'globalAvgPool2d';
}

/**
 * The mean of each channel over the whole image: `x: [batch, height, width, channels] →
 * [batch, channels]` (a flat output, so dense layers can follow without flatten).
 *
 * @example
 * ```ts
 * new Network({ inputShape: [8, 8, 1], layers: [{ type: 'conv2d', filters: 4, kernelSize: 3 }, { type: 'globalAvgPool2d' }, { units: 2, activation: 'softmax' }] });
 * ```
 */
export class GlobalAvgPool2d extends FixedLayer {
  readonly type = 'globalAvgPool2d';
  readonly outputShape: Shape;

  constructor(readonly inputShape: Shape) {
    super();
    this.outputShape = [inputShape[2]];
  }

  /** The mean over the pixels of each image, channel by channel. */
  forward(x: Tensor): Tensor {
    const [height, width, channels] = this.inputShape;
    return mean(reshape(x, [x.shape[0], height * width, channels]), 1);
  }

}

/** The globalAvgPool2d kind: `{ type: 'globalAvgPool2d' }` on an image. */
export const globalAvgPool2dKind: LayerKind<GlobalAvgPool2dSpec> = {
  type: 'globalAvgPool2d',
  version: 2,
  fields: [],
  check: () => ({ type: 'globalAvgPool2d' }),
  outputShape: (_spec, input) => notAnImage('globalAvgPool2d', input) ?? [input[2]],
  parameterShapes: () => [],
  create: (_spec, input) => new GlobalAvgPool2d(input),
};
