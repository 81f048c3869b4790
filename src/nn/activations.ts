import type { UnaryOp } from '../backend/kernels.js';
import { softmax } from '../ops/softmax.js';
import { unary } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

/** The activations a dense layer can use. */
export const ACTIVATIONS = ['linear', 'step', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'softmax'] as const;
/** The name of an activation. */
export type Activation = (typeof ACTIVATIONS)[number];

/** True when `name` is an activation Neurite knows. */
export function isActivation(name: unknown): name is Activation {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}

/**
 * Applies an activation to pre-activation values z (`[batch, units] → [batch, units]`);
 * softmax works across each row, the others element by element.
 */
export function activate(name: Activation, z: Tensor): Tensor {
  if (name === 'linear') return z;
  if (name === 'softmax') return softmax(z);
  return unary(name as UnaryOp, z);
}
