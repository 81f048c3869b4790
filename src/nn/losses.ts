import { ArgumentError } from '../core/errors.js';
import { sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { meanSquaredError, sigmoidCrossEntropy, softmaxCrossEntropy } from '../ops/softmax.js';
import { abs } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Activation, activate } from './activations.js';

/** The losses Neurite trains with; each is a mean over the batch. */
export const LOSSES = ['mse', 'mae', 'cross-entropy', 'binary-cross-entropy'] as const;
/** The name of a loss. */
export type Loss = (typeof LOSSES)[number];

/** The output activation a loss requires, if any. */
export const LOSS_ACTIVATION: Partial<Record<Loss, Activation>> = {
  'cross-entropy': 'softmax',
  'binary-cross-entropy': 'sigmoid',
};

/** Checks that a loss fits the output activation; the error says which pairs work. */
export function checkLossActivation(loss: Loss, activation: Activation): void {
  const needed = LOSS_ACTIVATION[loss];
  if (needed !== undefined && needed !== activation) {
    const other = activation === 'sigmoid' ? ' (for a sigmoid output use binary-cross-entropy)' : activation === 'softmax' ? ' (for a softmax output use cross-entropy)' : '';
    throw new ArgumentError(`loss ${loss} needs a ${needed} output layer, but the output activation is ${activation}${other}`, {
      where: 'loss', expected: `${needed} output`, received: activation,
    });
  }
}

/**
 * The loss of a batch, from the output layer's pre-activation values z and the targets t
 * (`z, t: [batch, outputs] → []`). Cross-entropies are computed from z directly, stably
 * (log-sum-exp for softmax, max(z,0) − z·t + log(1+e^−|z|) for sigmoid); mse and mae from the
 * activated output.
 * - mse: mean of (y − t)² over all outputs; mae: mean of |y − t|;
 * - cross-entropy: mean over samples of −Σ t·log softmax(z);
 * - binary-cross-entropy: mean over all outputs of −[t log σ(z) + (1 − t) log(1 − σ(z))].
 */
export function lossFromLogits(loss: Loss, activation: Activation, z: Tensor, t: Tensor): Tensor {
  switch (loss) {
    case 'cross-entropy': return softmaxCrossEntropy(z, t);
    case 'binary-cross-entropy': return sigmoidCrossEntropy(z, t);
    case 'mse': return meanSquaredError(activate(activation, z), t);
    case 'mae': return mean(abs(sub(activate(activation, z), t)));
  }
}
