import { kernels } from '../backend/registry.js';
import { ArgumentError } from '../core/errors.js';
import { sameShape, shapeString } from '../core/shape.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { checkDtypes, record } from './record.js';

function rows(x: Tensor): { m: number; n: number } {
  const n = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  return { m: x.size / Math.max(1, n), n };
}

/**
 * Softmax over the last axis, computed stably (Note [stable softmax] in the kernels).
 * `x: [m, n] → [m, n]`, each row summing to 1.
 */
export function softmax(x: Tensor): Tensor {
  const { m, n } = rows(x);
  const out = empty(x.shape, x.dtype);
  kernels().softmax(out.data, x.data, m, n);
  return record('softmax', [x], out, { m, n });
}

function checkPair(op: string, z: Tensor, t: Tensor, what = 'logits'): void {
  checkDtypes(op, z, t);
  if (!sameShape(z.shape, t.shape)) {
    throw new ArgumentError(`${op}: ${what} ${shapeString(z.shape)} and targets ${shapeString(t.shape)} must have the same shape`, {
      where: op, expected: shapeString(z.shape), received: shapeString(t.shape),
    });
  }
}

/**
 * Mean softmax cross-entropy of logits z against target distributions t (one-hot rows):
 * `z, t: [m, n] → []`, the mean over rows of −Σ t·log softmax(z), from log-sum-exp.
 */
export function softmaxCrossEntropy(z: Tensor, t: Tensor): Tensor {
  checkPair('softmaxCrossEntropy', z, t);
  const { m, n } = rows(z);
  const probs = empty(z.shape, z.dtype);
  const out = empty([], z.dtype);
  out.data[0] = kernels().softmaxCrossEntropy(probs.data, z.data, t.data, m, n);
  return record('softmaxCrossEntropy', [z, t], out, { probs, m });
}

/**
 * Mean binary cross-entropy of logits z against targets t in [0, 1], over all elements:
 * `z, t: [m, n] → []`, computed as max(z, 0) − z·t + log(1 + e^−|z|).
 */
export function sigmoidCrossEntropy(z: Tensor, t: Tensor): Tensor {
  checkPair('sigmoidCrossEntropy', z, t);
  const probs = empty(z.shape, z.dtype);
  const out = empty([], z.dtype);
  out.data[0] = kernels().sigmoidCrossEntropy(probs.data, z.data, t.data);
  return record('sigmoidCrossEntropy', [z, t], out, { probs });
}

/**
 * Mean squared error of outputs y against targets t, over all elements: `y, t: [m, n] → []`,
 * mean((y − t)²), with the values mean(square(sub(y, t))) gives (Note [mse rounding] in
 * backend/kernels.ts), from the one mse kernel the training fast path uses too.
 */
export function meanSquaredError(y: Tensor, t: Tensor): Tensor {
  checkPair('meanSquaredError', y, t, 'outputs');
  const dy = empty(y.shape, y.dtype);
  const out = empty([], y.dtype);
  out.data[0] = kernels().mse(dy.data, y.data, t.data);
  return record('meanSquaredError', [y, t], out, { dy });
}
