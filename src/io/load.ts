import { ModelFormatError } from '../core/errors.js';
import type { Data } from '../backend/kernels.js';
import { layerKind, type LayerSpec } from '../nn/layers.js';
import { Network } from '../nn/network.js';
import type { ModelFile, ModelMeta } from './model-file.js';
import { validateModelFile } from './validate.js';

/** A network loaded from a model file, with the rest of the file. */
export interface LoadedModel {
  readonly network: Network;
  /** Everything in the file besides format, version, inputs and layers (unknown fields included). */
  readonly meta: ModelMeta;
  /** Unknown fields of each layer, kept so that saving again preserves them. */
  readonly layerExtras: Record<string, unknown>[];
}

/** Writes nested arrays of numbers (already checked against the tensor's shape) into `data` from `at`. */
function fill(data: Data, value: unknown, at = 0): number {
  if (!Array.isArray(value)) {
    data[at] = value as number;
    return at + 1;
  }
  for (const v of value) at = fill(data, v, at);
  return at;
}

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
  const layers = file.layers;
  // each kind reads its own settings from its layer's fields (the tensors among them are filled below)
  const inputShape = file.version === 1 ? [file.inputs as number] : (file.inputShape as number[]);
  const network = new Network({ inputShape, layers: layers as unknown as LayerSpec[], loss: file.loss, classes: file.classes });
  const known = network.layers.map((l, i) => {
    const prefix = `layers.${i}`;
    const names = [...l.parameters(prefix), ...l.buffers(prefix)].map((p) => {
      const name = p.name.slice(prefix.length + 1);
      fill(p.tensor.data, layers[i][name]);
      return name;
    });
    return new Set(['type', ...(layerKind(l.type)?.fields ?? []), ...names]);
  });
  const { format: _f, version: _v, inputs: _i, inputShape: _s, layers: _l, ...meta } = file;
  const layerExtras = layers.map((l, i) => Object.fromEntries(Object.entries(l).filter(([k]) => !known[i].has(k))));
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
