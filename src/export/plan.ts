/**
 * What both exporters need from a model file, checked once: the raw features and how each becomes
 * network inputs, the dense layers with their float32 weights, and what the outputs mean. It
 * applies the same rules as `neurite predict`, so an export computes what predict computes.
 */
import { ArgumentError, ModelFormatError, type Problem } from '../core/errors.js';
import { MISSING_MARKERS } from '../data/numbers.js';
import { checkPreprocessingJSON, type FeatureJSON, type PreprocessingJSON } from '../data/preprocessing-json.js';
import { fromModelFile } from '../io/load.js';
import { validateModelFile } from '../io/validate.js';
import type { Shape } from '../core/shape.js';
import type { Activation } from '../nn/activations.js';
import { Dense, type Layer } from '../nn/layers.js';
// an exporter loads model files of every kind (Note [kinds by entry] in nn/layers.ts)
import '../nn/layer-kinds.js';
import type { Network } from '../nn/network.js';
import { describeStep, IMAGE_STEPS, type ImageStep } from './image-plan.js';

export type { BatchNormStep, ConvStep, ImageStep, PlanWindow, PoolStep, ReshapeStep } from './image-plan.js';

/** One dense layer: `z = x·W + b`, `y = activation(z)`; `weights` is row-major `[inputs, units]`. */
export interface PlanLayer {
  readonly kind: 'dense';
  /** The layer's index in the model file (dropout layers count), for names like `layers.2.weights`. */
  readonly index: number;
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** A model ready to export. */
export interface ExportPlan {
  /** The raw input columns, in order, with their scaling or categories. */
  readonly features: readonly FeatureJSON[];
  /**
   * Name of each raw input column (the ONNX input's columns): a numeric feature's name,
   * `name=category` for a one-hot column, `name.part` for a date's part (Note [export imputation]).
   */
  readonly inputNames: readonly string[];
  /** Per raw input column, `x' = (x − center) / scale` (one-hot columns: 0 and 1). */
  readonly center: readonly number[];
  readonly scale: readonly number[];
  /** Per raw input column, the value a missing one (NaN) takes before scaling. */
  readonly impute: readonly number[];
  /** Per missing indicator, the raw column whose NaN sets it (a feature's first column). */
  readonly indicators: readonly number[];
  /** Per network input, its place in [raw columns scaled…, indicators…]. */
  readonly order: readonly number[];
  /** The texts that mean "missing" (the standalone module's rows may hold them). */
  readonly markers: readonly string[];
  /** The scaling numeric features were fitted with (`none` when the file has no preprocessing). */
  readonly scaling: string;
  /** The shape of one row of network inputs: `[inputs]`, or `[height, width, channels]` for an image. */
  readonly inputShape: Shape;
  /** The layers in order; dropout is the identity at prediction time and is left out. */
  readonly layers: readonly PlanStep[];
  /** The number of outputs per row. */
  readonly outputs: number;
  readonly task: 'classification' | 'regression';
  readonly target: string;
  /** The label of each class (classification): output j is class j, or with one sigmoid output, P(classes[1]). */
  readonly classes?: readonly string[];
  /** Regression: predictions are `output · scale + center`, in the target's units. */
  readonly targetScale?: { readonly center: number; readonly scale: number };
}

/** A layer of an export plan: dense, or an image layer (image-plan.ts). */
export type PlanStep = PlanLayer | ImageStep;

/**
 * What each layer kind becomes in an export: its steps (none for dropout, the identity at
 * prediction time). A kind not here cannot be exported yet and is refused by name, never left out.
 */
const LOWER: Record<string, (l: Layer, index: number) => PlanStep[]> = {
  dense: (l, index) => {
    const d = l as Dense;
    return [{ kind: 'dense', index, inputs: d.inputs, units: d.units, activation: d.activation, weights: d.weights.data as Float32Array, bias: d.bias.data as Float32Array }];
  },
  dropout: () => [],
  ...Object.fromEntries(Object.entries(IMAGE_STEPS).map(([type, step]) => [type, (l: Layer, index: number) => [step(l, index)]])),
};

/** The plan's layers, or an error naming the first layer whose kind the exporters cannot write. */
function lower(network: Network, source: string): PlanStep[] {
  return network.layers.flatMap((l, index) => {
    const to = Object.hasOwn(LOWER, l.type) ? LOWER[l.type] : undefined;
    if (to === undefined) {
      const known = Object.keys(LOWER);
      throw new ArgumentError(`${source}: layers[${index}] is a ${l.type} layer, which export cannot write yet (it writes ${known.slice(0, -1).join(', ')} and ${known[known.length - 1]} layers)`, {
        where: `layers[${index}].type`, expected: Object.keys(LOWER).join(' or '), received: l.type,
      });
    }
    return to(l, index);
  });
}

/**
 * The preprocessing a model file without one gets, as `neurite predict` does: features passed
 * through unscaled (named `x0`, `x1`, … when the file names none), classes `0, 1, …` if none given.
 */
function passThrough(network: Network, meta: Record<string, unknown>): PreprocessingJSON {
  const features = (meta.features as string[] | undefined) ?? Array.from({ length: network.inputs }, (_, i) => `x${i}`);
  const name = (meta.target as string | undefined) ?? 'target';
  const classification = meta.task === 'classification' || (meta.task === undefined && meta.classes !== undefined);
  const classes = (meta.classes as string[] | undefined) ?? Array.from({ length: Math.max(2, network.outputs) }, (_, i) => String(i));
  return {
    version: 1, scale: 'none',
    features: features.map((f) => ({ name: f, kind: 'numeric', center: 0, scale: 1 })),
    target: classification ? { name, task: 'classification', classes } : { name, task: 'regression', center: 0, scale: 1 },
  };
}

/**
 * Note [export imputation]: an export takes raw columns, NaN where a value is missing: one per
 * numeric feature, one 0/1 column per category (all NaN when the value is missing), one per date
 * part. Each raw column is filled with its imputed value when NaN, then scaled; a feature with a
 * missing indicator adds an input, 1 when its first raw column was NaN; `order` puts each input
 * where the network expects it (an indicator right after its feature's inputs), as
 * `Preprocessor.encode` does.
 */
function rawColumns(features: readonly FeatureJSON[]) {
  const inputNames: string[] = [];
  const center: number[] = [];
  const scale: number[] = [];
  const impute: number[] = [];
  const indicators: number[] = [];
  const places: ({ raw: number } | { indicator: number })[] = [];
  const push = (name: string, c: number, s: number, fill: number) => {
    places.push({ raw: inputNames.length });
    inputNames.push(name), center.push(c), scale.push(s), impute.push(fill);
  };
  for (const f of features) {
    const first = inputNames.length;
    if (f.kind === 'numeric') push(f.name, f.center, f.scale, f.impute ?? f.center);
    else if (f.kind === 'categorical') for (const c of f.categories) push(`${f.name}=${c}`, 0, 1, c === f.impute ? 1 : 0);
    else for (const part of f.parts) push(`${f.name}.${part.part}`, part.center, part.scale, part.impute);
    if (f.missingIndicator) places.push({ indicator: indicators.push(first) - 1 });
  }
  const order = places.map((p) => ('raw' in p ? p.raw : inputNames.length + p.indicator));
  return { inputNames, center, scale, impute, indicators, order };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function consistency(network: Network, p: PreprocessingJSON, inputs: number, withPreprocessing: boolean): Problem[] {
  const problems: Problem[] = [];
  if (inputs !== network.inputs) {
    problems.push(withPreprocessing
      ? { path: 'preprocessing.features', expected: `features encoding to ${network.inputs} inputs (the network's inputs)`, received: `${inputs} inputs` }
      : { path: 'features', expected: `${network.inputs} feature names (one per input)`, received: `${inputs}` });
  }
  const t = p.target;
  const wanted = network.outputs === 1 ? 2 : network.outputs;
  if (t.task === 'classification' && t.classes.length !== wanted) {
    problems.push({ path: withPreprocessing ? 'preprocessing.target.classes' : 'classes', expected: `${wanted} classes (one per output unit)`, received: `${t.classes.length}` });
  }
  if (t.task === 'regression' && network.outputs !== 1) {
    problems.push({ path: 'layers', expected: 'one output unit for a regression model', received: `${network.outputs}` });
  }
  return problems;
}

/**
 * Checks a model file and gathers what an exporter needs; every problem is reported at once.
 *
 * @param file the parsed model file (e.g. `JSON.parse(text)`)
 * @param source the file's name, for errors
 * @throws ModelFormatError listing every problem (`path`, `expected`, `received`)
 * @example
 * ```ts
 * planExport(JSON.parse(readFileSync('model.json', 'utf8'))).inputNames; // ['sepal_length', ...]
 * ```
 */
export function planExport(file: unknown, source = 'model'): ExportPlan {
  // the layers and the preprocessing are checked together, so one error lists every problem
  const preprocessing = isObject(file) ? file.preprocessing : undefined;
  const withPreprocessing = preprocessing !== undefined;
  const found = [...validateModelFile(file), ...(isObject(preprocessing) ? checkPreprocessingJSON(preprocessing) : [])];
  if (found.length > 0) throw new ModelFormatError(found, source);
  const { network, meta } = fromModelFile(file, source);
  const p = withPreprocessing ? (meta.preprocessing as PreprocessingJSON) : passThrough(network, meta);
  const { inputNames, center, scale, impute, indicators, order } = rawColumns(p.features);
  const problems = consistency(network, p, order.length, withPreprocessing);
  if (problems.length > 0) throw new ModelFormatError(problems, source);
  const layers = lower(network, source);
  const t = p.target;
  return {
    features: structuredClone(p.features), inputNames, center, scale, impute, indicators, order, markers: p.missing ?? [...MISSING_MARKERS], scaling: p.scale,
    inputShape: network.inputShape, layers, outputs: network.outputs,
    task: t.task, target: t.name,
    ...(t.task === 'classification' ? { classes: [...t.classes] } : { targetScale: { center: t.center, scale: t.scale } }),
  };
}

/**
 * A one-line description of the network, e.g. `4 inputs → dense 16 (relu) → dense 3 (softmax)`.
 *
 * @example
 * ```ts
 * describeLayers(planExport(file)); // '2 inputs → dense 1 (sigmoid)'
 * ```
 */
export function describeLayers(plan: ExportPlan): string {
  const inputs = plan.inputNames.length;
  // missing indicators are made inside from the raw columns: the first layer takes more than come in
  const made = plan.order.length - inputs;
  const input = plan.inputShape.length === 1
    ? `${inputs} input${inputs === 1 ? '' : 's'}${made > 0 ? ` (+${made} missing indicator${made === 1 ? '' : 's'})` : ''}`
    : `${plan.inputShape.join('×')} image`;
  return [input, ...plan.layers.map((l) => (l.kind === 'dense' ? `dense ${l.units} (${l.activation})` : describeStep(l)))].join(' → ');
}
