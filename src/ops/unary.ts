import type { UnaryOp } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/** Applies the element-wise function `op` (any shape → same shape). */
export function unary(op: UnaryOp, x: Tensor): Tensor {
  const out = empty(x.shape, x.dtype);
  kernels().unary(op, out.data, x.data);
  return record(op, [x], out);
}

/** −x, element-wise. */
export const neg = (x: Tensor): Tensor => unary('neg', x);
/** eˣ, element-wise. */
export const exp = (x: Tensor): Tensor => unary('exp', x);
/** Natural logarithm, element-wise. */
export const log = (x: Tensor): Tensor => unary('log', x);
/** Square root, element-wise. */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
/** Absolute value, element-wise. */
export const abs = (x: Tensor): Tensor => unary('abs', x);
/** Sine, element-wise. */
export const sin = (x: Tensor): Tensor => unary('sin', x);
/** Cosine, element-wise. */
export const cos = (x: Tensor): Tensor => unary('cos', x);
/** x², element-wise. */
export const square = (x: Tensor): Tensor => unary('square', x);
/** Logistic sigmoid 1/(1+e^−x), element-wise. */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
/** Hyperbolic tangent, element-wise. */
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
/** max(0, x), element-wise. */
export const relu = (x: Tensor): Tensor => unary('relu', x);
/** x for x > 0, 0.01·x otherwise. */
export const leakyRelu = (x: Tensor): Tensor => unary('leaky-relu', x);
/** x for x > 0, eˣ − 1 otherwise (α = 1). */
export const elu = (x: Tensor): Tensor => unary('elu', x);
/** ln(1 + eˣ), computed without overflow. */
export const softplus = (x: Tensor): Tensor => unary('softplus', x);
/** 1 for x ≥ 0, 0 otherwise. It has no gradient: backpropagating through it is an error. */
export const step = (x: Tensor): Tensor => unary('step', x);
