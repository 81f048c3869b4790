import { ArgumentError, describe, type Problem } from '../core/errors.js';
import { isRecords, type Matrix, type MatrixLike, type Records, toMatrix, toRows } from '../core/matrix.js';
import { Random } from '../core/random.js';
import { type Shape, sizeOf } from '../core/shape.js';
import { noGrad } from '../autograd/backward.js';
import type { Data } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { reshape } from '../ops/shape.js';
import { allocateOutput, allocatePersistentParts, scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { activate } from './activations.js';
import { classesOf } from './classes.js';
import { INFERENCE, type Layer, type LayerKind, type Mode, type Parameter, type ParameterShape } from './layer.js';
import { Dense, layerKind, type LayerSpec, layerTypes, MAIN_ENTRY_KINDS } from './layers.js';
import type { Loss } from './losses.js';

export type { DenseSpec, DropoutSpec, LayerSpec } from './layers.js';

/** What {@link Network} is made from. */
export interface NetworkSpec {
  /** Number of input features: the input shape `[inputs]` (give this or `inputShape`). */
  readonly inputs?: number;
  /** The shape of one input row: `[features]` or `[height, width, channels]`. */
  readonly inputShape?: Shape;
  /** Layers in order; each takes the shape the one before it gives. */
  readonly layers: readonly LayerSpec[];
  /** Seed of the weight initialisation (default 0, so an unseeded network is still repeatable). */
  readonly seed?: number;
  /** The loss it is meant to be trained with (stored in the model file). */
  readonly loss?: Loss;
  /** The label of each class in output order (set by `fit` from text labels; stored in the model file). */
  readonly classes?: readonly string[];
  /**
   * What encodes records (plain objects) into inputs, e.g. `Preprocessor.fit(records, { target })`;
   * `inputs` defaults to its count and `classes` to its classes.
   */
  readonly preprocessor?: RecordEncoder;
}

/**
 * What turns records into a network's inputs (a fitted `Preprocessor` from the data module), kept
 * on the network so that `fit`, `predict` and `classify` take records and the model file holds it.
 */
export interface RecordEncoder {
  /** Encoded inputs per row. */
  readonly inputs: number;
  /** The feature columns, in order. */
  readonly features: string[];
  /** The classes in output order, for a classification target. */
  readonly classes?: string[];
  /** Records (the rows `order` names, default all) → `[rows, inputs]`. */
  transform(records: Records, order?: ArrayLike<number>): Matrix;
  /** The rows of `records` that have a target (a preprocessor fitted with one). */
  labelledRows?(records: Records): ArrayLike<number>;
  /** The targets of those rows: class indices of {@link RecordEncoder.classes}, or scaled values. */
  encodeTargets?(records: Records, order?: ArrayLike<number>): Float32Array;
  /** The model file's `preprocessing` field. */
  toJSON(): object;
}

/** The output of a forward pass: the output layer's pre-activation z and the output y. */
export interface ForwardResult {
  readonly z: Tensor;
  readonly y: Tensor;
}

/** A layer spec checked against its kind and input: what building it needs. */
export interface Planned {
  /** Its index in the spec's layers. */
  readonly index: number;
  readonly kind: LayerKind;
  readonly spec: LayerSpec;
  readonly input: Shape;
  readonly tensors: ParameterShape[];
}

// Note [inference batches]: prediction and evaluation run rows in batches whose every tensor lives
// until the batch ends (a scope), and whose buffers are kept for the next batch. 1024 rows suit a
// dense network; an image network's first layers give thousands of values a row (W7's first
// convolution 21,632), so 1024 rows held ~0.7 GB, kept in the heap for good. Fewer rows for wide
// layers bound a batch's largest tensor to INFERENCE_VALUES (16 MB) at the same speed.
const PREDICT_BATCH = 1024;
const INFERENCE_VALUES = 1 << 22;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** The input shape a spec gives (`inputs` or `inputShape`), or null having pushed a problem. */
export function inputShapeOf(spec: Pick<NetworkSpec, 'inputs' | 'inputShape'>, problems: Problem[]): Shape | null {
  const { inputs, inputShape } = spec;
  if (inputShape !== undefined) {
    if (!Array.isArray(inputShape) || ![1, 3].includes(inputShape.length) || !inputShape.every(isCount)) {
      problems.push({ path: 'inputShape', expected: '[features] or [height, width, channels] of positive integers', received: describe(inputShape) });
      return null;
    }
    if (inputs !== undefined && inputs !== sizeOf(inputShape)) problems.push({ path: 'inputs', expected: `${sizeOf(inputShape)} (the size of inputShape) or nothing`, received: describe(inputs) });
    return inputShape;
  }
  if (isCount(inputs)) return [inputs];
  problems.push({ path: 'inputs', expected: 'a positive integer (or an inputShape)', received: describe(inputs) });
  return null;
}

/**
 * Checks every layer spec against its kind and the shape coming in, collecting every problem; the
 * layers that can be built and the output shape (null when a problem hides it). Each kind is found
 * by its type name; a spec without one is dense unless `typed` (a model file names every type).
 */
export function planLayers(input: Shape | null, specs: readonly unknown[], problems: Problem[], typed = false): { planned: Planned[]; output: Shape | null } {
  const planned: Planned[] = [];
  let shape = input;
  specs.forEach((raw, i) => {
    const at = `layers[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      shape = null;
      return void problems.push({ path: at, expected: 'a layer object', received: describe(raw) });
    }
    const l = raw as Record<string, unknown>;
    const kind = typeof l.type === 'string' ? layerKind(l.type) : l.type === undefined && !typed ? layerKind('dense') : undefined;
    if (!kind) {
      shape = null;
      // a built-in kind that the entry imported does not register (Note [kinds by entry] in layers.ts)
      const entry = typeof l.type === 'string' && MAIN_ENTRY_KINDS.includes(l.type) ? ` (${l.type} layers come with import from 'neurite', not 'neurite/dense')` : '';
      return void problems.push({ path: `${at}.type`, expected: `one of ${layerTypes().map((t) => JSON.stringify(t)).join(', ')}${entry}`, received: describe(l.type) });
    }
    const spec = kind.check(l, at, problems) as LayerSpec | null;
    if (spec === null || shape === null) return void (shape = null);
    const out = kind.outputShape(spec, shape);
    if (typeof out === 'string') {
      problems.push({ path: at, expected: `an input it takes (${out})`, received: `[${shape.join(', ')}]` });
      return void (shape = null);
    }
    planned.push({ index: i, kind, spec, input: shape, tensors: kind.parameterShapes(spec, shape) });
    shape = out;
  });
  if (specs.length === 0) problems.push({ path: 'layers', expected: 'at least one layer', received: 'none' });
  return { planned, output: shape };
}

/**
 * A feed-forward network: a stack of layers of any registered kind (dense and dropout built in).
 * `x: [batch, inputs] → [batch, outputs]`, each row a flattened input of `inputShape`.
 *
 * @example
 * ```ts
 * const net = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
 * net.predict([[0, 1]]); // [[0.5…]]
 * ```
 */
export class Network {
  readonly inputShape: Shape;
  readonly layers: readonly Layer[];
  loss?: Loss;
  /** The label of each class in output order, when known: what {@link Network.classify} returns. */
  classes?: readonly string[];
  /** Encodes records into inputs, when the network was given one ({@link NetworkSpec.preprocessor}). */
  preprocessor?: RecordEncoder;

  constructor(spec: NetworkSpec) {
    const problems: Problem[] = [];
    const input = inputShapeOf({ inputs: spec.inputs ?? spec.preprocessor?.inputs, inputShape: spec.inputShape }, problems);
    const { planned, output } = planLayers(input, spec.layers ?? [], problems);
    const classes = spec.classes ?? spec.preprocessor?.classes;
    if (classes !== undefined && output !== null) checkClassCount(classes, sizeOf(output), problems);
    if (problems.length > 0) {
      const text = problems.map((p) => `${p.path}: expected ${p.expected}, got ${p.received}`).join('; ');
      throw new ArgumentError(`network: ${text}`, { where: `network.${problems[0].path}`, expected: problems[0].expected, received: problems[0].received });
    }
    this.inputShape = input as Shape;
    this.loss = spec.loss;
    if (classes !== undefined) this.classes = [...classes];
    if (spec.preprocessor !== undefined) this.preprocessor = spec.preprocessor;
    // every trainable tensor in one block, in parameters() order (Note [flat parameters] in
    // optim/flat.ts); state the optimizer never sees in another
    const all = planned.flatMap((p) => p.tensors);
    const trainable = allocatePersistentParts(all.filter((t) => t.trainable !== false).map((t) => sizeOf(t.shape)));
    const state = allocatePersistentParts(all.filter((t) => t.trainable === false).map((t) => sizeOf(t.shape)));
    const rng = new Random(spec.seed ?? 0);
    this.layers = planned.map((p) => {
      const storage = p.tensors.map((t) => ((t.trainable === false ? state : trainable).shift() as Data));
      return p.kind.create(p.spec, p.input, storage, rng);
    });
  }

  /** Number of input values per row: the size of {@link Network.inputShape}. */
  get inputs(): number {
    return sizeOf(this.inputShape);
  }

  /** The dense layers, in order. */
  get dense(): Dense[] {
    return this.layers.filter((l): l is Dense => l instanceof Dense);
  }

  /** The output layer. */
  get output(): Layer {
    return this.layers[this.layers.length - 1];
  }

  /** Number of outputs per row: the size of the output layer's shape. */
  get outputs(): number {
    return sizeOf(this.output.outputShape);
  }

  /** All trainable parameters, named `layers.I.NAME` (`layers.0.weights`, `layers.0.bias`). */
  parameters(): Parameter[] {
    return this.layers.flatMap((l, i) => l.parameters(`layers.${i}`));
  }

  /** The state layers keep beside their parameters (running statistics), named the same way. */
  buffers(): Parameter[] {
    return this.layers.flatMap((l, i) => l.buffers(`layers.${i}`));
  }

  /**
   * Rows per batch when predicting or evaluating: 1024, fewer when a layer's output is so wide that
   * 1024 rows of it would pass 4 M values (Note [inference batches]).
   */
  get inferenceBatch(): number {
    const widest = Math.max(this.inputs, ...this.layers.map((l) => sizeOf(l.outputShape)));
    return Math.max(1, Math.min(PREDICT_BATCH, Math.floor(INFERENCE_VALUES / widest)));
  }

  /** Total number of trainable values. */
  parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.tensor.size, 0);
  }

  /**
   * Forward propagation: `x: [batch, inputs] → { z, y }: [batch, outputs]`. Pass a training mode
   * (or, as before, the generator dropout draws from) to train; without one it is inference.
   */
  forward(x: Tensor, mode: Mode | Random | null = null): ForwardResult {
    const m: Mode = mode === null ? INFERENCE : mode instanceof Random ? { training: true, rng: mode } : mode;
    const rows = x.shape[0];
    let h = this.inputShape.length === 1 ? x : reshape(x, [rows, ...this.inputShape]);
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) h = this.layers[i].forward(h, m);
    let z = this.output.preActivation(h, m);
    if (z.rank !== 2) z = reshape(z, [rows, this.outputs]);
    return { z, y: activate(this.output.activation, z) };
  }

  /**
   * The network's outputs for rows of inputs, without gradients (for a softmax output, the class
   * probabilities). `x: [rows, inputs] → [rows, outputs]`.
   */
  predict(x: MatrixLike | Records): number[][] {
    const m = this.inputsOf(x, 'predict');
    return toRows(this.predictFlat(m.data, m.rows), m.rows, this.outputs);
  }

  /**
   * The label of the most likely class of each row (the largest output, or output ≥ 0.5 for one
   * unit), from {@link Network.classes}. Rows may be records when the network has a preprocessor.
   *
   * @example
   * ```ts
   * fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], ['no', 'yes', 'yes', 'no'], { epochs: 500, lr: 0.05 });
   * net.classify([[0, 1]]); // ['yes']
   * ```
   */
  classify(x: MatrixLike | Records): string[] {
    const classes = this.classes;
    if (classes === undefined) {
      throw new ArgumentError('classify: the network has no class labels; train it with fit on text labels, or set net.classes (one label per output unit, two for one unit)', {
        where: 'classify', expected: 'net.classes', received: 'none',
      });
    }
    const m = this.inputsOf(x, 'classify');
    return Array.from(classesOf(this.predictFlat(m.data, m.rows), m.rows, this.outputs), (k) => classes[k]);
  }

  /**
   * The network's inputs `[rows, inputs]` for rows of numbers, or for records encoded by its
   * preprocessor; with `finite`, a NaN or infinite value is an error naming its row and column.
   *
   * @param where the caller, for messages (`fit.x`)
   * @example
   * ```ts
   * net.inputsOf([{ size: 3, colour: 'red' }], 'predict').cols; // net.inputs
   * ```
   */
  inputsOf(x: MatrixLike | Records, where: string, finite = false): Matrix {
    if (!isRecords(x)) return toMatrix(x, where, this.inputs, finite);
    if (this.preprocessor === undefined) {
      throw new ArgumentError(`${where}: the rows are objects, but the network has no preprocessor to encode them; build it with new Network({ preprocessor: Preprocessor.fit(records, { target: 'label' }), layers: [...] }), or give rows of numbers`, {
        where, expected: 'rows of numbers, or a network with a preprocessor', received: 'objects',
      });
    }
    return toMatrix(this.preprocessor.transform(x), where, this.inputs, finite);
  }

  /** {@link Network.predict} on a flat row-major Float32Array of `rows × inputs`; returns `rows × outputs`. */
  predictFlat(x: Float32Array, rows: number): Float32Array {
    const out = new Float32Array(rows * this.outputs);
    const direct = this.layers.every((l) => l.predictKernels !== undefined)
      && [...this.parameters(), ...this.buffers()].every((p) => p.tensor.dtype === 'float32');
    const batch = this.inferenceBatch;
    for (let start = 0; start < rows; start += batch) {
      const n = Math.min(batch, rows - start);
      const xb = x.subarray(start * this.inputs, (start + n) * this.inputs);
      scope(() => noGrad(() => {
        out.set(direct ? this.forwardKernels(xb, n) : this.forward(new Tensor(xb, [n, this.inputs])).y.data, start * this.outputs);
      }));
    }
    return out;
  }

  // Note [prediction through the kernels]: predicting needs no graph, so a float32 network whose
  // layers all offer it runs each layer's kernels (Layer.predictKernels) on buffers from the same
  // scope pool: the kernels forward() would run, in the same order, which gives the same bits
  // without an op's checks and a tensor per layer. A network with any other layer predicts through
  // forward().
  private forwardKernels(x: Float32Array, rows: number): Data {
    const k = kernels();
    let h: Data = x;
    const output = (size: number): Data => allocateOutput(size);
    for (const l of this.layers) h = (l as Required<Pick<Layer, 'predictKernels'>>).predictKernels(k, h, rows, output);
    return h;
  }
}

/** Classes must match the outputs: one per unit, or two for a single unit. */
function checkClassCount(classes: readonly string[], outputs: number, problems: Problem[]): void {
  const expected = outputs === 1 ? 2 : outputs;
  if (!Array.isArray(classes) || classes.length !== expected || classes.some((c) => typeof c !== 'string')) {
    problems.push({ path: 'classes', expected: `${expected} labels (one per output unit${outputs === 1 ? ', two for a single unit' : ''})`, received: describe(classes) });
  }
}
