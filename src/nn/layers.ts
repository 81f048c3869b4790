/**
 * The registry of layer kinds: one entry per type name. The network, the model file, inspect and
 * the exporters find a kind here by its name, so a new kind is its own file plus one
 * {@link registerLayerKind} call (and a line in {@link LayerSpecs} for its spec's type).
 * It starts with dense and dropout; nn/layer-kinds.ts registers the other built-in kinds, and the
 * package's main entry imports it (Note [kinds by entry]).
 */
import { ArgumentError } from '../core/errors.js';
import type { BatchNormSpec } from './batch-norm.js';
import type { Conv2dSpec } from './conv2d.js';
import type { CompetitiveSpec } from './competitive.js';
import { type DenseSpec, denseKind } from './dense.js';
import { type DropoutSpec, dropoutKind } from './dropout.js';
import type { FlattenSpec } from './flatten.js';
import type { GlobalAvgPool2dSpec } from './global-avg-pool2d.js';
import type { LayerKind, LayerSpecBase } from './layer.js';
import type { Pool2dSpec } from './pool2d.js';

export { Dense, type DenseSpec } from './dense.js';
export { Dropout, type DropoutSpec } from './dropout.js';
export type { BatchNormSpec } from './batch-norm.js';
export type { Conv2dSpec } from './conv2d.js';
export type { CompetitiveSpec } from './competitive.js';
export type { FlattenSpec } from './flatten.js';
export type { GlobalAvgPool2dSpec } from './global-avg-pool2d.js';
export type { Pool2dSpec, PoolType } from './pool2d.js';
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

const kinds = new Map<string, LayerKind>([[denseKind.type, denseKind as unknown as LayerKind], [dropoutKind.type, dropoutKind as unknown as LayerKind]]);

// Note [kinds by entry]
// A model file may name any kind, so whatever loads one must have every kind it may meet
// registered; a page that loads dense networks should not carry the convolution code (the
// predict-only budget, docs/browser.md). So the registry starts with dense and dropout, the kinds
// of every version-1 file, and nn/layer-kinds.ts registers the others when imported: by 'neurite'
// (src/index.ts), not by 'neurite/dense' (src/dense.ts). One registry either way: a page that
// imports both entries has every kind.

/** The built-in kinds that nn/layer-kinds.ts registers, for the error 'neurite/dense' gives for one. */
export const MAIN_ENTRY_KINDS: readonly string[] = ['conv2d', 'maxPool2d', 'avgPool2d', 'flatten', 'globalAvgPool2d', 'batchNorm', 'competitive'];

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
