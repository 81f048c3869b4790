import type { ReduceOp } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { ArgumentError } from '../core/errors.js';
import { normalizeAxis, shapeString, sizeOf } from '../core/shape.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/** The `[outer, dim, inner]` view of a reduction over `axis` (all axes when undefined). */
export interface ReducePlan {
  readonly outer: number;
  readonly dim: number;
  readonly inner: number;
}

function plan(op: string, x: Tensor, axis: number | undefined, keepDims: boolean): { view: ReducePlan; shape: number[] } {
  if (axis === undefined) return { view: { outer: 1, dim: x.size, inner: 1 }, shape: keepDims ? x.shape.map(() => 1) : [] };
  const a = normalizeAxis(axis, x.rank);
  if (a < 0) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for shape ${shapeString(x.shape)}`, {
      where: `${op}.axis`, expected: `an axis in [${-x.rank}, ${x.rank - 1}]`, received: `${axis}`,
    });
  }
  const view = { outer: sizeOf(x.shape.slice(0, a)), dim: x.shape[a], inner: sizeOf(x.shape.slice(a + 1)) };
  const shape = keepDims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_, i) => i !== a);
  return { view, shape };
}

function reduceOp(op: ReduceOp, x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  const { view, shape } = plan(op, x, axis, keepDims);
  const out = empty(shape, x.dtype);
  kernels().reduce(op, out.data, x.data, view.outer, view.dim, view.inner);
  return record(op, [x], out, { view });
}

/**
 * Sum over `axis`, or of every element when no axis is given.
 * `x: [m, n], axis 0 → [n]`; `axis 1 → [m]`; none → `[]`.
 */
export function sum(x: Tensor, axis?: number, keepDims = false): Tensor {
  return reduceOp('sum', x, axis, keepDims);
}

/** Maximum over `axis`, or of every element; the gradient goes to the first maximum. */
export function max(x: Tensor, axis?: number, keepDims = false): Tensor {
  return reduceOp('max', x, axis, keepDims);
}

/** Mean over `axis`, or of every element: the sum divided by the count, so its gradient is 1/count. */
export function mean(x: Tensor, axis?: number, keepDims = false): Tensor {
  const s = reduceOp('sum', x, axis, keepDims);
  const count = x.size / Math.max(1, s.size);
  const out = empty(s.shape, x.dtype);
  kernels().affine(out.data, s.data, 1 / count, 0);
  return record('scale', [s], out, { factor: 1 / count });
}
