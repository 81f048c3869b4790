/**
 * The registry of layer kinds: one entry per type name. The network, the model file, inspect and
 * the exporters find a kind here by its name, so a new kind is its own file plus one
 * {@link registerLayerKind} call (and a line in {@link LayerSpecs} for its spec's type).
 */
import { ArgumentError } from '../core/errors.js';
import { type BatchNormSpec, batchNormKind } from './batch-norm.js';
import { type Conv2dSpec, conv2dKind } from './conv2d.js';
import { type CompetitiveSpec, competitiveKind } from './competitive.js';
import { type DenseSpec, denseKind } from './dense.js';
import { type DropoutSpec, dropoutKind } from './dropout.js';
import { type FlattenSpec, flattenKind } from './flatten.js';
import { type GlobalAvgPool2dSpec, globalAvgPool2dKind } from './global-avg-pool2d.js';
import type { LayerKind, LayerSpecBase } from './layer.js';
import { avgPool2dKind, maxPool2dKind, type Pool2dSpec } from './pool2d.js';

export { BatchNorm, type BatchNormSpec } from './batch-norm.js';
export { Conv2d, type Conv2dSpec } from './conv2d.js';
export { Competitive, type CompetitiveSpec } from './competitive.js';
export { Dense, type DenseSpec } from './dense.js';
export { Dropout, type DropoutSpec } from './dropout.js';
export { Flatten, type FlattenSpec } from './flatten.js';
export { GlobalAvgPool2d, type GlobalAvgPool2dSpec } from './global-avg-pool2d.js';
export { Pool2d, type Pool2dSpec, type PoolType } from './pool2d.js';
export type { Layer, LayerKind, Mode, Parameter, ParameterShape } from './layer.js';

/**
 * The spec of each kind, by type name. A kind added elsewhere adds its spec by declaration merging:
 * `declare module 'neurite/dist/nn/layers.js' { interface LayerSpecs { scale: ScaleSpec } }`.
 */
export interface LayerSpecs {
  dense: DenseSpec;
  dropout: DropoutSpec;
  conv2d: Conv2dSpec;
  maxPool2d: Pool2dSpec & { readonly type: 'maxPool2d' };
  avgPool2d: Pool2dSpec & { readonly type: 'avgPool2d' };
  flatten: FlattenSpec;
  globalAvgPool2d: GlobalAvgPool2dSpec;
  batchNorm: BatchNormSpec;
  competitive: CompetitiveSpec;
}
/** One layer of a network spec: the spec of any registered kind. */
export type LayerSpec = LayerSpecs[keyof LayerSpecs];

const kinds = new Map<string, LayerKind>();

/**
 * Makes a kind of layer available under its type name, to networks, model files and inspect
 * (exporters refuse kinds they do not know, by name).
 *
 * @throws ArgumentError when the name is taken
 * @example
 * ```ts
 * registerLayerKind({ type: 'scale', version: 2, fields: ['factor'], check, outputShape, parameterShapes, create });
 * ```
 */
export function registerLayerKind<S extends LayerSpecBase>(kind: LayerKind<S>): void {
  if (kinds.has(kind.type)) {
    throw new ArgumentError(`registerLayerKind: a layer kind named ${JSON.stringify(kind.type)} is already registered`, {
      where: 'registerLayerKind', expected: 'a new type name', received: kind.type,
    });
  }
  kinds.set(kind.type, kind as unknown as LayerKind);
}

/** The kind registered under `type`, or undefined. */
export function layerKind(type: string): LayerKind | undefined {
  return kinds.get(type);
}

/** The registered type names, in the order they were registered (`dense`, `dropout`, ...). */
export function layerTypes(): string[] {
  return [...kinds.keys()];
}

registerLayerKind(denseKind);
registerLayerKind(dropoutKind);
registerLayerKind(conv2dKind);
registerLayerKind(maxPool2dKind);
registerLayerKind(avgPool2dKind);
registerLayerKind(flattenKind);
registerLayerKind(globalAvgPool2dKind);
registerLayerKind(batchNormKind);
registerLayerKind(competitiveKind);
