import type { BinaryOp } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { planBroadcast } from './broadcast.js';
import { asTensor, checkDtypes, record, type TensorLike } from './record.js';

function binaryOp(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const like = typeof a === 'number' ? (b as Tensor) : a;
  const x = asTensor(a, like, op, 'a');
  const y = asTensor(b, like, op, 'b');
  checkDtypes(op, x, y);
  const plan = planBroadcast(op, x.shape, y.shape);
  const out = empty(plan.shape, x.dtype);
  kernels().binary(op, out.data, x.data, plan.aMode, y.data, plan.bMode, plan.m, plan.n);
  return record(op, [x, y], out, { plan });
}

/**
 * Element-wise a + b, broadcasting a row (bias), a column or a scalar.
 * `a: [m, n], b: [n] → [m, n]`.
 *
 * @example
 * ```ts
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])); // [[11, 22], [13, 24]]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b);
}

/** Element-wise a − b, broadcasting as {@link add}. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b);
}

/** Element-wise a · b, broadcasting as {@link add}. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', a, b);
}

/** Element-wise a / b, broadcasting as {@link add}. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('div', a, b);
}

/**
 * Element-wise a to the power b, broadcasting as {@link add}. `pow(x, 2)` squares.
 * The gradient with respect to b uses ln a, so it needs a > 0 where it is asked for.
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('pow', a, b);
}
