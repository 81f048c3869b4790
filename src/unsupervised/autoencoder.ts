/**
 * Autoencoders: a network trained to give back its input through a narrow middle layer, the
 * bottleneck, whose output is a code of each row. The network is an ordinary {@link Network}
 * (dense layers on the layer protocol) trained by `fit` with the input as its own target and
 * the mean squared error as the loss; this class adds what an autoencoder is for: the codes,
 * decoding codes back, and the reconstruction error, overall, per input and per row.
 */
import { ArgumentError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { noGrad } from '../autograd/backward.js';
import type { Activation } from '../nn/activations.js';
import { INFERENCE, type Layer } from '../nn/layer.js';
import type { LayerSpec } from '../nn/layers.js';
import { Network } from '../nn/network.js';
import { scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { fit } from '../train/fit.js';
import type { FitOptions, FitResult } from '../train/options.js';

/** What {@link Autoencoder} is made from. */
export interface AutoencoderSpec {
  /** Values per row. */
  readonly inputs: number;
  /** Width of the code: fewer than `inputs`. */
  readonly bottleneck: number;
  /** Widths of the encoder's hidden layers, mirrored by the decoder (default none: linear). */
  readonly hidden?: readonly number[];
  /** Activation of the hidden layers (default relu). The code and the output are linear. */
  readonly activation?: Activation;
  /** Dropout after each hidden layer while training (default none). */
  readonly dropout?: number;
  /** Seed of the weights (default 0). */
  readonly seed?: number;
}

/** The reconstruction error of rows: mean squared differences between the rows and their reconstructions. */
export interface ReconstructionError {
  /** Over every value of every row. */
  readonly mse: number;
  /** Per input (column), over the rows: `[inputs]`. */
  readonly perInput: Float64Array;
  /** Per row, over its inputs: `[rows]` (a large one marks an unusual row). */
  readonly perRow: Float64Array;
}

/**
 * The layers of an autoencoder and the index of the bottleneck among them: hidden layers (each
 * followed by dropout when asked), the linear code, the hidden layers reversed, and a linear
 * output of `inputs` units.
 *
 * @example
 * ```ts
 * autoencoderLayers({ inputs: 64, bottleneck: 8, hidden: [32] }).bottleneck; // 1
 * ```
 */
export function autoencoderLayers(spec: AutoencoderSpec): { layers: LayerSpec[]; bottleneck: number } {
  const { inputs, bottleneck, hidden = [], activation = 'relu', dropout } = spec;
  if (!Number.isInteger(bottleneck) || bottleneck < 1 || bottleneck >= inputs) {
    throw new ArgumentError(`autoencoder: a bottleneck of ${bottleneck} for ${inputs} inputs; it must be from 1 to ${inputs - 1}, narrower than the input (else the network can copy it)`, {
      where: 'autoencoder.bottleneck', expected: `an integer from 1 to ${inputs - 1}`, received: String(bottleneck),
    });
  }
  const side = (widths: readonly number[]): LayerSpec[] => widths.flatMap((units) => [
    { units, activation } as LayerSpec,
    ...(dropout ? [{ type: 'dropout', rate: dropout } as LayerSpec] : []),
  ]);
  const encoder = side(hidden);
  const layers = [...encoder, { units: bottleneck, activation: 'linear' } as LayerSpec, ...side([...hidden].reverse()), { units: inputs, activation: 'linear' } as LayerSpec];
  return { layers, bottleneck: encoder.length };
}

/** Runs rows through some layers at inference, without a graph: `[rows, cols] → [rows, outputs]`. */
function through(layers: readonly Layer[], m: Matrix): Matrix {
  const outputs = layers[layers.length - 1].outputShape.reduce((a, b) => a * b, 1);
  const data = scope(() => noGrad(() => {
    let h = new Tensor(m.data, [m.rows, m.cols]);
    for (const l of layers) h = l.forward(h, INFERENCE);
    return Float32Array.from(h.data);
  }));
  return { data, rows: m.rows, cols: outputs };
}

/**
 * An autoencoder: `x: [rows, inputs] → code [rows, bottleneck width] → [rows, inputs]`.
 *
 * @example
 * ```ts
 * const ae = new Autoencoder({ inputs: 4, bottleneck: 2, seed: 1 });
 * ae.fit(x, { epochs: 200, lr: 0.01 });
 * ae.encode(x);                   // [rows, 2]
 * ae.reconstructionError(x).mse;  // as PCA with 2 components, for this linear one
 * ```
 */
export class Autoencoder {
  readonly network: Network;
  /** The index of the layer whose output is the code. */
  readonly bottleneck: number;

  constructor(spec: AutoencoderSpec | { readonly network: Network; readonly bottleneck: number }) {
    if ('network' in spec) {
      const { network, bottleneck } = spec;
      if (!Number.isInteger(bottleneck) || bottleneck < 0 || bottleneck >= network.layers.length - 1 || network.outputs !== network.inputs) {
        throw new ArgumentError(`Autoencoder: a network of ${network.inputs} inputs, ${network.outputs} outputs and ${network.layers.length} layers with the code at layer ${bottleneck}; an autoencoder gives as many outputs as inputs and its code comes from a layer before the last`, {
          where: 'Autoencoder', expected: `outputs = inputs and a bottleneck from 0 to ${network.layers.length - 2}`, received: `${network.outputs} outputs, bottleneck ${bottleneck}`,
        });
      }
      this.network = network;
      this.bottleneck = bottleneck;
      return;
    }
    const { layers, bottleneck } = autoencoderLayers(spec);
    this.network = new Network({ inputs: spec.inputs, layers, seed: spec.seed ?? 0, loss: 'mse' });
    this.bottleneck = bottleneck;
  }

  /** Values per row. */
  get inputs(): number {
    return this.network.inputs;
  }

  /** Values per code. */
  get codeSize(): number {
    return this.network.layers[this.bottleneck].outputShape.reduce((a, b) => a * b, 1);
  }

  /**
   * Trains the network to reproduce `x`: `fit(network, x, x)` with the mean squared error (any
   * other fit option applies: optimizer, rate, epochs, validation rows as `{ x, y: x }`...).
   */
  fit(x: MatrixLike, options: Omit<FitOptions, 'loss'> = {}): FitResult {
    return fit(this.network, x, x, { ...options, loss: 'mse' });
  }

  /** The code of each row: `[rows, inputs] → [rows, codeSize]`. */
  encode(x: MatrixLike): Matrix {
    return through(this.network.layers.slice(0, this.bottleneck + 1), toMatrix(x, 'encode', this.inputs));
  }

  /** The rows codes stand for: `[rows, codeSize] → [rows, inputs]`. */
  decode(codes: MatrixLike): Matrix {
    return through(this.network.layers.slice(this.bottleneck + 1), toMatrix(codes, 'decode', this.codeSize));
  }

  /** Each row through the code and back: `[rows, inputs] → [rows, inputs]`. */
  reconstruct(x: MatrixLike): Matrix {
    const m = toMatrix(x, 'reconstruct', this.inputs);
    return { data: this.network.predictFlat(m.data, m.rows), rows: m.rows, cols: m.cols };
  }

  /** The mean squared reconstruction error of rows, overall, per input and per row. */
  reconstructionError(x: MatrixLike): ReconstructionError {
    const m = toMatrix(x, 'reconstructionError', this.inputs);
    return reconstructionError(m, this.reconstruct(m));
  }
}

/**
 * The mean squared differences between rows and their reconstructions (both `[rows, cols]`).
 *
 * @example
 * ```ts
 * reconstructionError(x, ae.reconstruct(x)).perRow; // one error per row
 * ```
 */
export function reconstructionError(x: Matrix, y: Matrix): ReconstructionError {
  const { rows, cols } = x;
  const perInput = new Float64Array(cols);
  const perRow = new Float64Array(rows);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < cols; k++) {
      const d = (x.data[i * cols + k] - y.data[i * cols + k]) ** 2;
      perInput[k] += d;
      perRow[i] += d;
    }
    total += perRow[i];
    perRow[i] /= cols;
  }
  for (let k = 0; k < cols; k++) perInput[k] /= Math.max(1, rows);
  return { mse: rows === 0 ? 0 : total / (rows * cols), perInput, perRow };
}
