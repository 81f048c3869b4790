import { ModelFormatError } from '../core/errors.js';
import { Dense } from '../nn/layers.js';
import { Network } from '../nn/network.js';
import type { DenseJSON, LayerJSON, ModelFile, ModelMeta } from './model-file.js';
import { validateModelFile } from './validate.js';

/** A network loaded from a model file, with the rest of the file. */
export interface LoadedModel {
  readonly network: Network;
  /** Everything in the file besides format, version, inputs and layers (unknown fields included). */
  readonly meta: ModelMeta;
  /** Unknown fields of each layer, kept so that saving again preserves them. */
  readonly layerExtras: Record<string, unknown>[];
}

const LAYER_KEYS = new Set(['type', 'units', 'activation', 'weights', 'bias', 'rate']);

/**
 * Loads a network from a parsed model file, after checking everything in it; every problem found
 * is reported at once in one {@link ModelFormatError}.
 *
 * @example
 * ```ts
 * const { network, meta } = fromModelFile(JSON.parse(text));
 * ```
 */
export function fromModelFile(json: unknown, source = 'model'): LoadedModel {
  const problems = validateModelFile(json);
  if (problems.length > 0) throw new ModelFormatError(problems, source);
  const file = json as ModelFile;
  const layers = file.layers as LayerJSON[];
  const network = new Network({
    inputs: file.inputs,
    layers: layers.map((l) => (l.type === 'dense' ? { type: 'dense', units: l.units, activation: l.activation } : { type: 'dropout', rate: l.rate })),
    loss: file.loss,
  });
  network.layers.forEach((l, i) => {
    if (!(l instanceof Dense)) return;
    const spec = layers[i] as DenseJSON;
    spec.weights.forEach((row, r) => l.weights.data.set(row, r * l.units));
    l.bias.data.set(spec.bias);
  });
  const { format: _f, version: _v, inputs: _i, layers: _l, ...meta } = file;
  const layerExtras = layers.map((l) => Object.fromEntries(Object.entries(l).filter(([k]) => !LAYER_KEYS.has(k))));
  return { network, meta, layerExtras };
}

/** Parses model file text; a JSON syntax error is reported with its line and column. */
export function parseModel(text: string, source = 'model'): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = '(file)';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `line ${line}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
    }
    throw new ModelFormatError([{ path: where, expected: 'valid JSON', received: message.replace(/^.*?: /, '') }], source);
  }
  return fromModelFile(json, source);
}
