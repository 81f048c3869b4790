/**
 * The two pooling kinds, maxPool2d and avgPool2d: one class, since they differ only in the op they
 * run, and a kind each (one registry entry per kind, as every other kind).
 */
import type { Problem } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import { avgPool2d, maxPool2d } from '../ops/pool.js';
import type { Padding, Size2d } from '../ops/window.js';
import type { Tensor } from '../tensor/tensor.js';
import { type WindowSettings, windowConfig, windowOutput, windowSettings } from './image.js';
import { FixedLayer } from './fixed-layer.js';
import type { LayerKind } from './layer.js';

/** The pooling kinds' type names. */
export type PoolType = 'maxPool2d' | 'avgPool2d';

/** A pooling layer in a network spec. */
export interface Pool2dSpec {
  readonly type: PoolType;
  /** The window, `[height, width]` or one number for a square. */
  readonly size: Size2d;
  /** Default: the size (windows side by side). */
  readonly stride?: Size2d;
  /** Default `valid`; with `same`, padding cells are left out of a window (never counted as 0). */
  readonly padding?: Padding;
}

const OPS = { maxPool2d, avgPool2d };

/**
 * A pooling layer: the largest value (maxPool2d) or the mean (avgPool2d) of each window, channel by
 * channel. `x: [batch, height, width, channels] → [batch, outHeight, outWidth, channels]`.
 *
 * @example
 * ```ts
 * new Network({ inputShape: [28, 28, 1], layers: [{ type: 'maxPool2d', size: 2 }, { type: 'flatten' }, { units: 10, activation: 'softmax' }] });
 * ```
 */
export class Pool2d extends FixedLayer {
  readonly outputShape: Shape;

  constructor(readonly type: PoolType, readonly inputShape: Shape, readonly window: WindowSettings) {
    super();
    this.outputShape = windowOutput(type, inputShape, window, inputShape[2]) as Shape;
  }

  /** The pooled values (pooling has no activation). */
  forward(x: Tensor): Tensor {
    return OPS[this.type](x, this.window);
  }

  /** `{ size, stride, padding }`. */
  override config(): Record<string, unknown> {
    return windowConfig('size', this.window);
  }
}

function poolKind(type: PoolType): LayerKind<Pool2dSpec & WindowSettings> {
  return {
    type,
    version: 2,
    fields: ['size', 'stride', 'padding'],
    check(json, at, problems: Problem[]) {
      const w = windowSettings(json, at, problems, 'size', null);
      return w && { type, ...w };
    },
    outputShape: (spec, input) => windowOutput(type, input, spec, input[2]),
    parameterShapes: () => [],
    create: (spec, input) => new Pool2d(type, input, spec),
  };
}

/** The maxPool2d kind: `{ type: 'maxPool2d', size, stride, padding }` on an image. */
export const maxPool2dKind = poolKind('maxPool2d');
/** The avgPool2d kind: `{ type: 'avgPool2d', size, stride, padding }` on an image. */
export const avgPool2dKind = poolKind('avgPool2d');
