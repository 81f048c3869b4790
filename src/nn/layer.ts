/**
 * The layer protocol: what every kind of layer declares, so that a network, the model file, the
 * exporters and the tools ask a layer instead of asking "is this Dense?" (STYLE.md, example 12).
 * A kind is one file and one {@link registerLayerKind} call (nn/layers.ts); nothing else changes.
 */
import type { Data, Kernels } from '../backend/kernels.js';
import type { Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { Shape } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Activation } from './activations.js';

/** A trainable tensor with its name (`layers.0.weights`) and whether weight decay applies to it. */
export interface Parameter {
  readonly name: string;
  readonly tensor: Tensor;
  /** True for weights, false for biases (weight decay excludes biases). */
  readonly decay: boolean;
}

/**
 * One tensor a layer keeps, as its kind declares it before the layer exists: its name within the
 * layer (`weights`, also its field in the model file), shape and role. The network allocates every
 * trainable one in one block (Note [flat parameters] in optim/flat.ts), the others in a block of
 * their own.
 */
export interface ParameterShape {
  readonly name: string;
  readonly shape: Shape;
  /** Whether weight decay applies (weights yes, biases no). */
  readonly decay: boolean;
  /**
   * False for state the layer updates itself and the optimizer never sees, such as a batch norm's
   * running statistics; saved and loaded like a parameter. Default true.
   */
  readonly trainable?: boolean;
  /** What each row of a matrix stands for, for load errors (`one per input of the layer`). */
  readonly rows?: string;
}

/**
 * How a forward pass runs. In training (`training` true) dropout draws its masks from `rng` and a
 * layer with running statistics uses and updates the batch's; at inference neither happens.
 */
export interface Mode {
  readonly training: boolean;
  readonly rng: Random | null;
}

/** Inference: no masks, stored statistics. */
export const INFERENCE: Mode = { training: false, rng: null };

/**
 * A layer of a network. Its input `x` is `[batch, ...inputShape]` and its output
 * `[batch, ...outputShape]`; each layer of a network takes the shape the one before gives.
 */
export interface Layer {
  /** Its kind's type name, as in the model file (`dense`). */
  readonly type: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /**
   * The activation applied last (`linear` for a kind without one). A loss works from the values
   * before it (the output layer's {@link Layer.preActivation}), which keeps cross-entropy stable.
   */
  readonly activation: Activation;
  /** Its trainable parameters, named under `prefix` (`layers.0` gives `layers.0.weights`). */
  parameters(prefix: string): Parameter[];
  /** Its non-trainable state (running statistics), named like parameters; none for most kinds. */
  buffers(prefix: string): Parameter[];
  /** The values before the activation: `[batch, ...inputShape] → [batch, ...outputShape]`. */
  preActivation(x: Tensor, mode: Mode): Tensor;
  /** The output, `activation(preActivation(x))`, in ops (so autograd differentiates it). */
  forward(x: Tensor, mode: Mode): Tensor;
  /** Its settings as they go in the model file beside `type`, parameters excluded (`{ units, activation }`). */
  config(): Record<string, unknown>;
  /**
   * Optional: inference on float32 rows straight through the kernels, with no graph (prediction's
   * fast path, Note [prediction through the kernels] in network.ts). Writes into buffers from
   * `output` and returns `[rows, ...outputShape]`, the same values as {@link Layer.forward}.
   * A network predicts through the ops when any layer lacks it.
   */
  predictKernels?(k: Kernels, x: Data, rows: number, output: (size: number) => Data): Data;
}

/**
 * A kind of layer: how to check and build one from its spec (or its model-file form), the shape it
 * gives and the tensors it keeps. `S` is the kind's spec, `{ type, ...settings }`.
 *
 * @example
 * ```ts
 * registerLayerKind(scaleKind); // then new Network({ inputs: 2, layers: [{ type: 'scale', factor: 3 }, ...] })
 * ```
 */
export interface LayerKind<S extends LayerSpecBase = LayerSpecBase> {
  /** The type name, in specs and model files. */
  readonly type: string;
  /**
   * The model file version that first had this kind: 1 for dense and dropout, 2 for any kind
   * added since (a file is written as version 1 only when every layer is of a version-1 kind).
   */
  readonly version: number;
  /** The settings of its model-file form (`units`, `activation`); parameters are added by name. */
  readonly fields: readonly string[];
  /**
   * Checks a spec's settings (from code or from a model file), pushing each problem (`path` under
   * `at`, e.g. `layers[2].units`), and gives the spec with defaults filled in. With problems it
   * still gives a spec when the shapes can be worked out (a stand-in for a bad setting that does not
   * change them, so that the tensors are checked too), else null.
   */
  check(json: Readonly<Record<string, unknown>>, at: string, problems: Problem[]): S | null;
  /**
   * The output shape for an input shape, or a sentence saying why this input does not fit
   * (`dense needs a flat input [features]; add a flatten layer before it`).
   */
  outputShape(spec: S, input: Shape): Shape | string;
  /** The tensors a layer of this spec keeps on this input, in order. */
  parameterShapes(spec: S, input: Shape): ParameterShape[];
  /**
   * Makes the layer on zero-filled storage for each of its {@link parameterShapes}, in order,
   * drawing any random initialisation from `rng`.
   */
  create(spec: S, input: Shape, storage: readonly Data[], rng: Random): Layer;
}

/** What every layer spec has: its type (a dense spec may leave it out). */
export interface LayerSpecBase {
  readonly type?: string;
}
