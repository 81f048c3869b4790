/**
 * A dense layer straight through the kernels, with no graph: the one forward pass that prediction
 * (Dense.predictKernels) and the training fast path (train/dense-step.ts) share. It runs the kernels
 * the ops of Dense.forward run, in the same order (x·W, + b by row, activation; the bias and
 * activation as the one biasActivation call, which gives the values of the two), so it gives their
 * bits.
 */
import type { Activation } from './activations.js';
import type { Data, Kernels } from '../backend/kernels.js';

/** What the kernels need of a dense layer. */
export interface DenseLike {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  readonly weights: { readonly data: Data };
  readonly bias: { readonly data: Data };
}

/**
 * z += b by row, then y = f(z) (y may be z): one kernel call, or two for softmax, whose y must not
 * be z. Returns y.
 */
export function biasActivate(k: Kernels, f: Activation, y: Data, z: Data, bias: Data, rows: number, units: number): Data {
  if (f !== 'softmax') return k.biasActivation(f, y, z, bias, rows, units);
  k.binary('add', z, z, 'full', bias, 'row', rows, units);
  return k.softmax(y, z, rows, units);
}

/**
 * One dense layer on x `[rows, inputs]`: z = x·W into `z`, then z += b and, unless `logits`, y = f(z)
 * into `y` (which may be z except for softmax). Returns y, or z when `logits` (an output layer
 * whose loss kernel applies the activation itself).
 */
export function denseForward(k: Kernels, l: DenseLike, x: Data, rows: number, z: Data, y: Data, logits = false): Data {
  // one call where the kernels apply the bias and activation in the product's blocks (the same values)
  if (!logits && l.activation !== 'softmax' && k.matmulBiasActivation) {
    return k.matmulBiasActivation(l.activation, y, z, x, l.weights.data, l.bias.data, rows, l.inputs, l.units);
  }
  k.matmul(z, x, l.weights.data, rows, l.inputs, l.units, false, false);
  if (!logits) return biasActivate(k, l.activation, y, z, l.bias.data, rows, l.units);
  return k.binary('add', z, z, 'full', l.bias.data, 'row', rows, l.units);
}

/**
 * Prediction through one dense layer: z and y in buffers from `output` (written whole, so not
 * zeroed first), the activation in place over z except softmax's.
 */
export function denseKernels(k: Kernels, l: DenseLike, x: Data, rows: number, output: (size: number) => Data): Data {
  const z = output(rows * l.units);
  // in place: z is not needed again (the kernel allows y to be z, same bits)
  return denseForward(k, l, x, rows, z, l.activation === 'softmax' ? output(rows * l.units) : z);
}
