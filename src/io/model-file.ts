import { activationEntry, type Activation } from '../backend/activations.js';
import { layerKind } from '../nn/layers.js';
import type { Layer } from '../nn/layer.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { Float32Block, jsonText } from './json-text.js';

/** The `format` value of every Neurite model file. */
export const MODEL_FORMAT = 'neurite-model';
/**
 * The newest model file version this library reads and writes. Version 2 gives the input's shape
 * (`inputShape`) and may hold any registered layer kind; a network whose input is flat and whose
 * layers are all dense or dropout is still written as version 1, which older readers read.
 */
export const MODEL_VERSION = 2;

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
/** A layer of another registered kind: its settings, then each tensor it keeps as nested arrays. */
export interface OtherLayerJSON {
  type: string;
  [field: string]: unknown;
}
/** One layer of a model file. */
export type LayerJSON = DenseJSON | DropoutJSON | OtherLayerJSON;

/** The tasks a model file may name. */
export const MODEL_TASKS = ['classification', 'regression', 'clustering', 'autoencoder'] as const;
/** One of {@link MODEL_TASKS}. */
export type ModelTask = (typeof MODEL_TASKS)[number];

/** The model file version that first had each task: a reader of version 1 knows only the supervised ones. */
const TASK_VERSION: Record<ModelTask, number> = { classification: 1, regression: 1, clustering: 2, autoencoder: 2 };

/** What a model file says about a network beyond its layers (all optional). */
export interface ModelMeta {
  loss?: Loss;
  /** What the model does: the two supervised tasks, or one learnt without labels (docs/model-format.md). */
  task?: ModelTask;
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

/** A model file (docs/model-format.md): version 1 gives `inputs`, version 2 `inputShape`. */
export interface ModelFile extends ModelMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  /** Version 1: the number of inputs. */
  inputs?: number;
  /** Version 2: the shape of one input, `[features]` or `[height, width, channels]`. */
  inputShape?: number[];
  layers: LayerJSON[];
}

/** How a tensor goes into the file object: nested arrays of numbers, or a block written from its bytes. */
type TensorForm = (data: ArrayLike<number>, shape: readonly number[]) => unknown;
const asArrays: TensorForm = (data, shape) => new Float32Block(data, shape).toJSON();
const asBlock: TensorForm = (data, shape) => new Float32Block(data, shape);

/** A layer's model-file form: its type and settings, then each parameter and state tensor by name. */
function layerJSON(l: Layer, prefix: string, form: TensorForm): LayerJSON {
  const tensors = [...l.parameters(prefix), ...l.buffers(prefix)].map((p) => [p.name.slice(prefix.length + 1), form(p.tensor.data, p.tensor.shape)]);
  return { type: l.type, ...l.config(), ...Object.fromEntries(tensors) };
}

/**
 * 1 when a version-1 reader can read the network: a flat input, every layer of a version-1 kind
 * with a version-1 activation (the activation table says which); else 2.
 */
export function versionFor(net: Network): number {
  const old = (l: Layer): boolean => layerKind(l.type)?.version === 1 && activationEntry(l.activation).version === 1;
  return net.inputShape.length === 1 && net.layers.every(old) ? 1 : MODEL_VERSION;
}

/**
 * The model file of a network: its layers with every weight written as the shortest decimal
 * that reads back to the same float32, plus `meta`; version 1 when that version can hold it
 * ({@link versionFor}) and the task is a supervised one, else 2.
 *
 * @example
 * ```ts
 * const file = toModelFile(net, { task: 'classification', classes: ['no', 'yes'] });
 * JSON.stringify(file);
 * ```
 */
export function toModelFile(net: Network, meta: ModelMeta = {}, layerExtras: readonly Record<string, unknown>[] = []): ModelFile {
  return modelObject(net, meta, layerExtras, asArrays);
}

/**
 * The text of {@link toModelFile}'s file, `stringifyModel(toModelFile(net, meta))` byte for byte,
 * written straight from the weights' float32 values (Note [model text] in json-text.ts).
 *
 * @example
 * ```ts
 * writeFileSync('model.json', modelText(net, { task: 'classification', classes: ['no', 'yes'] }));
 * ```
 */
export function modelText(net: Network, meta: ModelMeta = {}, layerExtras: readonly Record<string, unknown>[] = []): string {
  return stringifyModel(modelObject(net, meta, layerExtras, asBlock));
}

/**
 * What the network itself knows about its task: its classes, and its preprocessor (features,
 * target, task and the `preprocessing` field, as `neurite train` writes them), so a network
 * trained on text labels or records saves them without the caller repeating them; a field the
 * caller gives wins.
 */
function ownMeta(net: Network): ModelMeta {
  const p = net.preprocessor;
  const classes = net.classes ? { task: 'classification' as const, classes: [...net.classes] } : {};
  if (p === undefined) return classes;
  const spec = p.toJSON() as { target?: { name: string; task: 'classification' | 'regression' } };
  const target = spec.target ? { task: spec.target.task, target: spec.target.name } : {};
  return { ...target, features: [...p.features], ...classes, preprocessing: spec as Record<string, unknown> };
}

function modelObject(net: Network, given: ModelMeta, layerExtras: readonly Record<string, unknown>[], form: TensorForm): ModelFile {
  // the caller's fields first and as given, so a file written with all of them is the same bytes
  const meta = { ...withoutUndefined(given) };
  for (const [k, v] of Object.entries(ownMeta(net))) if (!(k in meta)) meta[k] = v;
  const layers = net.layers.map((l, i) => ({ ...layerExtras[i], ...layerJSON(l, `layers.${i}`, form) }));
  const loss = meta.loss ?? net.loss;
  const version = Math.max(versionFor(net), meta.task === undefined ? 1 : TASK_VERSION[meta.task]);
  const input = version === 1 ? { inputs: net.inputs } : { inputShape: [...net.inputShape] };
  return { format: MODEL_FORMAT, version, ...input, layers, ...(loss ? { loss } : {}), ...withoutUndefined(meta) };
}

function withoutUndefined(meta: ModelMeta): ModelMeta {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
}

/** Model file text: the JSON with two-space indentation and each array of numbers (a weight row) on one line. */
export function stringifyModel(file: ModelFile): string {
  return `${jsonText(file, 2)}\n`;
}
