import { ACTIVATIONS, type Activation, isActivationName } from '../backend/activations.js';
import { softmax } from '../ops/softmax.js';
import { unary } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

export { ACTIVATIONS, ACTIVATION_TABLE, type Activation, type ActivationEntry, type OnnxAttribute, type OnnxBuilder } from '../backend/activations.js';

/** True when `name` is an activation Neurite knows (one of {@link ACTIVATIONS}). */
export function isActivation(name: unknown): name is Activation {
  return isActivationName(name);
}

/**
 * Applies an activation to pre-activation values z (`[batch, units] → [batch, units]`);
 * softmax works across each row, the others element by element.
 */
export function activate(name: Activation, z: Tensor): Tensor {
  if (name === 'linear') return z;
  if (name === 'softmax') return softmax(z);
  return unary(name, z);
}
