import type { Data } from '../backend/kernels.js';
import { type Shape, sizeOf } from '../core/shape.js';
import { reshape } from '../ops/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { FixedLayer } from './fixed-layer.js';
import type { LayerKind } from './layer.js';

/** A flatten layer in a network spec. */
export interface FlattenSpec {
  readonly type: 'flatten';
}

/**
 * Flattens each input into a row, channels last (the order of a channels-last image's values in
 * memory, so it moves nothing): `x: [batch, ...shape] → [batch, size]`. Put it between image layers
 * and dense layers.
 *
 * @example
 * ```ts
 * new Network({ inputShape: [4, 4, 2], layers: [{ type: 'flatten' }, { units: 3 }] }); // dense on 32 inputs
 * ```
 */
export class Flatten extends FixedLayer {
  readonly type = 'flatten';
  readonly outputShape: Shape;

  constructor(readonly inputShape: Shape) {
    super();
    this.outputShape = [sizeOf(inputShape)];
  }

  /** The same values as rows `[batch, size]`. */
  forward(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], this.outputShape[0]]);
  }

  /** The identity on the values: rows are already flat in memory. */
  predictKernels(_k: unknown, x: Data): Data {
    return x;
  }
}

/** The flatten kind: `{ type: 'flatten' }` on any input. */
export const flattenKind: LayerKind<FlattenSpec> = {
  type: 'flatten',
  version: 2,
  fields: [],
  check: () => ({ type: 'flatten' }),
  outputShape: (_spec, input) => [sizeOf(input)],
  parameterShapes: () => [],
  create: (_spec, input) => new Flatten(input),
};
