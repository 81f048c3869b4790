import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { type MatrixLike, toMatrix, toRows } from '../core/matrix.js';
import { Random } from '../core/random.js';
import { noGrad } from '../autograd/backward.js';
import type { Data } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { allocateOutput, allocatePersistentParts, scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { type Activation, activate } from './activations.js';
import { Dense, Dropout, type Layer, type Parameter } from './layers.js';
import type { Loss } from './losses.js';

/** A dense layer in a network spec; the activation defaults to `linear`. */
export interface DenseSpec {
  readonly type?: 'dense';
  readonly units: number;
  readonly activation?: Activation;
}
/** A dropout layer in a network spec. */
export interface DropoutSpec {
  readonly type: 'dropout';
  readonly rate: number;
}
/** One layer of a {@link NetworkSpec}. */
export type LayerSpec = DenseSpec | DropoutSpec;

/** What {@link Network} is made from. */
export interface NetworkSpec {
  /** Number of input features. */
  readonly inputs: number;
  /** Layers in order; the last must be dense. */
  readonly layers: readonly LayerSpec[];
  /** Seed of the weight initialisation (default 0, so an unseeded network is still repeatable). */
  readonly seed?: number;
  /** The loss it is meant to be trained with (stored in the model file). */
  readonly loss?: Loss;
}

/** The output of a forward pass: the last dense layer's pre-activation z and the output y. */
export interface ForwardResult {
  readonly z: Tensor;
  readonly y: Tensor;
}

const PREDICT_BATCH = 1024;

/**
 * A feed-forward network of dense and dropout layers.
 * `x: [batch, inputs] → [batch, outputs]`.
 *
 * @example
 * ```ts
 * const net = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
 * net.predict([[0, 1]]); // [[0.5…]]
 * ```
 */
export class Network {
  readonly inputs: number;
  readonly layers: readonly Layer[];
  loss?: Loss;

  constructor(spec: NetworkSpec) {
    const rng = new Random(spec.seed ?? 0);
    this.inputs = spec.inputs;
    this.loss = spec.loss;
    spec.layers.forEach((l, i) => {
      if (l.type !== undefined && l.type !== 'dense' && l.type !== 'dropout') {
        throw new ArgumentError(`layers[${i}]: unknown layer type ${JSON.stringify(l.type)} (expected dense or dropout)`, {
          where: `layers[${i}].type`, expected: 'dense or dropout', received: String(l.type),
        });
      }
    });
    // every weight and bias in one block, in parameters() order (Note [flat parameters] in optim/flat.ts)
    const widths = [spec.inputs, ...spec.layers.flatMap((l) => (l.type === 'dropout' ? [] : [l.units]))];
    checkNumber('dense', 'inputs', spec.inputs, { min: 1, integer: true });
    for (const units of widths.slice(1)) checkNumber('dense', 'units', units, { min: 1, integer: true });
    const block = allocatePersistentParts(widths.slice(1).flatMap((units, j) => [widths[j] * units, units]));
    let d = 0;
    this.layers = spec.layers.map((l) => {
      if (l.type === 'dropout') return new Dropout(l.rate);
      const layer = new Dense(widths[d], l.units, l.activation ?? 'linear', rng, [block[2 * d], block[2 * d + 1]]);
      d++;
      return layer;
    });
    if (!(this.layers[this.layers.length - 1] instanceof Dense)) {
      throw new ArgumentError('network: the last layer must be dense', { where: 'layers', expected: 'a dense last layer', received: 'dropout or nothing' });
    }
  }

  /** The dense layers, in order. */
  get dense(): Dense[] {
    return this.layers.filter((l): l is Dense => l instanceof Dense);
  }

  /** The output layer. */
  get output(): Dense {
    return this.layers[this.layers.length - 1] as Dense;
  }

  /** Number of outputs. */
  get outputs(): number {
    return this.output.units;
  }

  /** All trainable parameters, named `layers.I.weights` and `layers.I.bias`. */
  parameters(): Parameter[] {
    return this.layers.flatMap((l, i) => (l instanceof Dense ? l.parameters(`layers.${i}`) : []));
  }

  /** Total number of trainable values. */
  parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.tensor.size, 0);
  }

  /**
   * Forward propagation: `x: [batch, inputs] → { z, y }: [batch, outputs]`. Pass `rng` to train
   * (dropout active, drawing from it); without it dropout is the identity.
   */
  forward(x: Tensor, rng: Random | null = null): ForwardResult {
    let h = x;
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) {
      const l = this.layers[i];
      h = l instanceof Dense ? l.forward(h) : l.forward(h, rng);
    }
    const z = this.output.linear(h);
    return { z, y: activate(this.output.activation, z) };
  }

  /**
   * The network's outputs for rows of inputs, without gradients (for a softmax output, the class
   * probabilities). `x: [rows, inputs] → [rows, outputs]`.
   */
  predict(x: MatrixLike): number[][] {
    const m = toMatrix(x, 'predict', this.inputs);
    return toRows(this.predictFlat(m.data, m.rows), m.rows, this.outputs);
  }

  /** {@link Network.predict} on a flat row-major Float32Array of `rows × inputs`; returns `rows × outputs`. */
  predictFlat(x: Float32Array, rows: number): Float32Array {
    const out = new Float32Array(rows * this.outputs);
    const direct = this.dense.every((l) => l.weights.dtype === 'float32');
    for (let start = 0; start < rows; start += PREDICT_BATCH) {
      const n = Math.min(PREDICT_BATCH, rows - start);
      const xb = x.subarray(start * this.inputs, (start + n) * this.inputs);
      scope(() => noGrad(() => {
        out.set(direct ? this.forwardKernels(xb, n) : this.forward(new Tensor(xb, [n, this.inputs])).y.data, start * this.outputs);
      }));
    }
    return out;
  }

  // Note [prediction through the kernels]: predicting needs no graph, so a float32 network runs
  // the kernels that forward() would run, on buffers from the same scope pool, in the same order
  // (x·W, + b by row, activation; dropout is the identity; the bias and activation as the one
  // biasActivation call, which gives the values of the two), which gives the same bits without an
  // op's checks and a tensor per layer.
  private forwardKernels(x: Float32Array, rows: number): Data {
    const k = kernels();
    let h: Data = x;
    for (const l of this.layers) {
      if (!(l instanceof Dense)) continue;
      // outputs the kernels write whole: not zeroed first
      const z = allocateOutput(rows * l.units);
      k.matmul(z, h, l.weights.data, rows, l.inputs, l.units, false, false);
      if (l.activation === 'softmax') {
        k.binary('add', z, z, 'full', l.bias.data, 'row', rows, l.units);
        h = k.softmax(allocateOutput(rows * l.units), z, rows, l.units);
      } else {
        // in place: z is not needed again (the kernel allows y to be z, same bits)
        h = k.biasActivation(l.activation, z, z, l.bias.data, rows, l.units);
      }
    }
    return h;
  }
}
