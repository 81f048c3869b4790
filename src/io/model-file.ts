import type { Activation } from '../nn/activations.js';
import { Dense } from '../nn/layers.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { shortestFloat32 } from './float32.js';

/** The `format` value of every Neurite model file. */
export const MODEL_FORMAT = 'neurite-model';
/** The newest model file version this library reads and writes. */
export const MODEL_VERSION = 1;

/** A dense layer in a model file: `weights[i][j]` joins input i to unit j. */
export interface DenseJSON {
  type: 'dense';
  units: number;
  activation: Activation;
  weights: number[][];
  bias: number[];
  [extra: string]: unknown;
}
/** A dropout layer in a model file. */
export interface DropoutJSON {
  type: 'dropout';
  rate: number;
  [extra: string]: unknown;
}
/** One layer of a model file. */
export type LayerJSON = DenseJSON | DropoutJSON;

/** What a model file says about a network beyond its layers (all optional). */
export interface ModelMeta {
  loss?: Loss;
  task?: 'classification' | 'regression';
  /** Names of the input columns, in order. */
  features?: string[];
  /** Name of the target column. */
  target?: string;
  /** The label of each output unit, in order. */
  classes?: string[];
  /** Scaling and encoding applied to raw rows before the network (see docs/preprocessing.md). */
  preprocessing?: Record<string, unknown>;
  /** Any other top-level fields, kept as they were. */
  [extra: string]: unknown;
}

/** A model file, version 1 (docs/model-format.md). */
export interface ModelFile extends ModelMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  inputs: number;
  layers: LayerJSON[];
}

function rows(data: ArrayLike<number>, r: number, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r; i++) out.push(Array.from({ length: c }, (_, j) => shortestFloat32(data[i * c + j])));
  return out;
}

/**
 * The model file of a network: its layers with every weight written as the shortest decimal
 * that reads back to the same float32, plus `meta`.
 *
 * @example
 * ```ts
 * const file = toModelFile(net, { task: 'classification', classes: ['no', 'yes'] });
 * JSON.stringify(file);
 * ```
 */
export function toModelFile(net: Network, meta: ModelMeta = {}, layerExtras: readonly Record<string, unknown>[] = []): ModelFile {
  const layers: LayerJSON[] = net.layers.map((l, i) =>
    l instanceof Dense
      ? { ...layerExtras[i], type: 'dense', units: l.units, activation: l.activation, weights: rows(l.weights.data, l.inputs, l.units), bias: Array.from(l.bias.data, shortestFloat32) }
      : { ...layerExtras[i], type: 'dropout', rate: l.rate },
  );
  const loss = meta.loss ?? net.loss;
  return { format: MODEL_FORMAT, version: MODEL_VERSION, inputs: net.inputs, layers, ...(loss ? { loss } : {}), ...withoutUndefined(meta) };
}

function withoutUndefined(meta: ModelMeta): ModelMeta {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
}

/** Model file text: the JSON with two-space indentation and each weight row on one line. */
export function stringifyModel(file: ModelFile): string {
  const text = JSON.stringify(file, null, 2);
  // keep numeric arrays on one line so a weight matrix reads as rows
  return `${text.replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`)}\n`;
}
