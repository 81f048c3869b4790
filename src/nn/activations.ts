import { ACTIVATION_MATH, ACTIVATIONS, type Activation, type ActivationMath, isActivationName } from '../backend/activations.js';
import { softmax } from '../ops/softmax.js';
import { unary } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { ACTIVATION_FORMS, type ActivationForms } from './activation-forms.js';

export { ACTIVATIONS, type Activation } from '../backend/activations.js';
export { ACTIVATION_FORMS, type OnnxAttribute, type OnnxBuilder } from './activation-forms.js';

/** Everything about one activation: what computing with it needs and how it is written elsewhere. */
export type ActivationEntry = ActivationMath & ActivationForms;

type Joined = { readonly [A in Activation]: (typeof ACTIVATION_MATH)[A] & (typeof ACTIVATION_FORMS)[A] };

/**
 * The one table of activations, both of its parts joined (Note [activation table in two parts] in
 * backend/activations.ts): for each, its reference function and derivative, its WebAssembly codes,
 * its weight initialisation, its model file version, its ONNX form, the standalone export's code and
 * the playground's formula.
 *
 * @example
 * ```ts
 * ACTIVATION_TABLE.relu.formula.f; // 'max(0, z)'
 * ```
 */
// a pure call with no arguments: a bundle that never reads the table (a page that only predicts)
// leaves out the join and, with it, the forms
export const ACTIVATION_TABLE: Joined = /* @__PURE__ */ (() => Object.fromEntries(
  ACTIVATIONS.map((a) => [a, { ...ACTIVATION_MATH[a], ...ACTIVATION_FORMS[a] }]),
) as unknown as Joined)();

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
