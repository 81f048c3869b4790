import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import type { Random } from '../core/random.js';
import { add } from '../ops/binary.js';
import { dropout } from '../ops/dropout.js';
import { matmul } from '../ops/matmul.js';
import type { Data } from '../backend/kernels.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { ACTIVATIONS, type Activation, activate, isActivation } from './activations.js';
import { initializerFor, initWeights } from './init.js';

/** A trainable tensor with its name (`layers.0.weights`) and whether weight decay applies to it. */
export interface Parameter {
  readonly name: string;
  readonly tensor: Tensor;
  /** True for weights, false for biases (weight decay excludes biases). */
  readonly decay: boolean;
}

/**
 * A fully-connected layer: y = activation(x·W + b).
 * `x: [batch, inputs] → [batch, units]`; `weights: [inputs, units]` (weights[i][j] joins input i
 * to unit j); `bias: [units]`.
 */
export class Dense {
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
  constructor(inputs: number, units: number, activation: Activation, rng: Random, storage?: readonly [Data, Data]) {
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
    if (storage && (storage[0].length !== inputs * units || storage[1].length !== units)) {
      throw new ArgumentError(`dense: storage of ${storage[0].length} and ${storage[1].length} values does not fit ${inputs} × ${units} weights and ${units} biases`, {
        where: 'dense.storage', expected: `${inputs * units} and ${units} values`, received: `${storage[0].length} and ${storage[1].length}`,
      });
    }
    this.weights = (storage ? new Tensor(storage[0], [inputs, units]) : zeros([inputs, units])).variable();
    this.bias = (storage ? new Tensor(storage[1], [units]) : zeros([units])).variable();
    initWeights(this.weights.data as Float32Array, inputs, units, initializerFor(activation), rng);
  }

  /** The pre-activation z = x·W + b: `[batch, inputs] → [batch, units]`. */
  linear(x: Tensor): Tensor {
    return add(matmul(x, this.weights), this.bias);
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
}

/** Randomly zeroes a fraction `rate` of its inputs while training (inverted dropout); the identity otherwise. */
export class Dropout {
  readonly type = 'dropout';
  readonly rate: number;

  constructor(rate: number) {
    this.rate = checkNumber('dropout', 'rate', rate, { min: 0, max: 1, maxExclusive: true });
  }

  /** `x → x` at inference; masked and rescaled when `rng` is given (training). */
  forward(x: Tensor, rng: Random | null): Tensor {
    return rng === null ? x : dropout(x, this.rate, rng);
  }
}

/** A layer of a {@link Network}. */
export type Layer = Dense | Dropout;
