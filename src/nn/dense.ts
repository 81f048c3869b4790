import type { Data, Kernels } from '../backend/kernels.js';
import { checkNumber } from '../core/assert.js';
import { ArgumentError, describe, type Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { Shape } from '../core/shape.js';
import { add } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { ACTIVATIONS, type Activation, activate, isActivation } from './activations.js';
import { denseKernels } from './dense-stack.js';
import { initializerFor, initWeights } from './init.js';
import type { Layer, LayerKind, Parameter, ParameterShape } from './layer.js';

/** A dense layer in a network spec; the activation defaults to `linear`. */
export interface DenseSpec {
  readonly type?: 'dense';
  readonly units: number;
  readonly activation?: Activation;
}

/**
 * A fully-connected layer: y = activation(x·W + b).
 * `x: [batch, inputs] → [batch, units]`; `weights: [inputs, units]` (weights[i][j] joins input i
 * to unit j); `bias: [units]`.
 *
 * @example
 * ```ts
 * const layer = new Dense(3, 2, 'relu', new Random(1));
 * layer.forward(tensor([[1, 2, 3]])); // [1, 2]
 * ```
 */
export class Dense implements Layer {
  readonly type = 'dense';
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly weights: Tensor;
  readonly bias: Tensor;

  /**
   * Makes the layer with weights drawn for its activation (Glorot or He) and zero biases. `storage`
   * gives the zero-filled buffers to hold them (`inputs × units` and `units` values); a Network
   * passes views of one block holding all its parameters (Note [flat parameters] in optim/flat.ts).
   */
  constructor(inputs: number, units: number, activation: Activation, rng: Random, storage?: readonly [Data, Data] | readonly Data[]) {
    checkNumber('dense', 'units', units, { min: 1, integer: true });
    checkNumber('dense', 'inputs', inputs, { min: 1, integer: true });
    if (!isActivation(activation)) {
      throw new ArgumentError(`dense: unknown activation ${JSON.stringify(activation)} (expected one of ${ACTIVATIONS.join(', ')})`, {
        where: 'dense.activation', expected: ACTIVATIONS.join(', '), received: String(activation),
      });
    }
    this.inputs = inputs;
    this.units = units;
    this.activation = activation;
    if (storage && (storage.length !== 2 || storage[0].length !== inputs * units || storage[1].length !== units)) {
      throw new ArgumentError(`dense: storage of ${storage.map((s) => s.length).join(' and ')} values does not fit ${inputs} × ${units} weights and ${units} biases`, {
        where: 'dense.storage', expected: `${inputs * units} and ${units} values`, received: storage.map((s) => s.length).join(' and '),
      });
    }
    this.weights = (storage ? new Tensor(storage[0], [inputs, units]) : zeros([inputs, units])).variable();
    this.bias = (storage ? new Tensor(storage[1], [units]) : zeros([units])).variable();
    initWeights(this.weights.data as Float32Array, inputs, units, initializerFor(activation), rng);
  }

  get inputShape(): Shape {
    return [this.inputs];
  }

  get outputShape(): Shape {
    return [this.units];
  }

  /** The pre-activation z = x·W + b: `[batch, inputs] → [batch, units]`. */
  linear(x: Tensor): Tensor {
    return add(matmul(x, this.weights), this.bias);
  }

  /** z = x·W + b (the mode changes nothing). */
  preActivation(x: Tensor): Tensor {
    return this.linear(x);
  }

  /** y = activation(x·W + b). */
  forward(x: Tensor): Tensor {
    return activate(this.activation, this.linear(x));
  }

  /** The layer's parameters, named under `prefix`. */
  parameters(prefix: string): Parameter[] {
    return [
      { name: `${prefix}.weights`, tensor: this.weights, decay: true },
      { name: `${prefix}.bias`, tensor: this.bias, decay: false },
    ];
  }

  /** None: a dense layer keeps no state besides its parameters. */
  buffers(): Parameter[] {
    return [];
  }

  /** `{ units, activation }`. */
  config(): Record<string, unknown> {
    return { units: this.units, activation: this.activation };
  }

  /** x·W, then the bias and activation, through the kernels (nn/dense-stack.ts). */
  predictKernels(k: Kernels, x: Data, rows: number, output: (size: number) => Data): Data {
    return denseKernels(k, this, x, rows, output);
  }
}

/** The dense kind: `{ type: 'dense', units, activation }` on a flat input `[inputs]`. */
export const denseKind: LayerKind<DenseSpec> = {
  type: 'dense',
  version: 1,
  fields: ['units', 'activation'],
  check(json, at, problems: Problem[]) {
    const { units, activation = 'linear' } = json;
    // an unknown activation leaves the shapes known: the weights can still be checked
    if (!isActivation(activation)) problems.push({ path: `${at}.activation`, expected: `one of ${ACTIVATIONS.join(', ')}`, received: describe(activation) });
    if (typeof units === 'number' && Number.isInteger(units) && units >= 1) return { type: 'dense', units, activation: isActivation(activation) ? activation : 'linear' };
    problems.push({ path: `${at}.units`, expected: 'a positive integer', received: describe(units) });
    return null;
  },
  outputShape(spec, input) {
    if (input.length !== 1) return `a dense layer needs a flat input [features], not [${input.join(', ')}]; put a flatten layer before it`;
    return [spec.units];
  },
  parameterShapes(spec, input): ParameterShape[] {
    return [
      { name: 'weights', shape: [input[0], spec.units], decay: true, rows: 'one per input of the layer' },
      { name: 'bias', shape: [spec.units], decay: false },
    ];
  },
  create(spec, input, storage, rng) {
    return new Dense(input[0], spec.units, spec.activation ?? 'linear', rng, storage);
  },
};
