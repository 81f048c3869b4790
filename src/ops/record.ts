import { ArgumentError } from '../core/errors.js';
import { shapeString } from '../core/shape.js';
import { isGradEnabled } from '../tensor/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';

/** A number stands for a scalar tensor of the other operand's type. */
export type TensorLike = Tensor | number;

/** Turns a number into a scalar tensor of `dtype` (from the current scope). */
export function asTensor(x: TensorLike, like: Tensor | undefined, op: string, arg: string): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') {
    throw new ArgumentError(`${op}: ${arg} must be a Tensor or a number, got ${typeof x}`, {
      where: `${op}.${arg}`, expected: 'a Tensor or a number', received: typeof x,
    });
  }
  const dtype = like?.dtype ?? 'float32';
  const t = new Tensor(dtype === 'float64' ? new Float64Array(1) : new Float32Array(1), []);
  t.data[0] = x;
  return t;
}

/** Checks that every input of an op has the same element type. */
export function checkDtypes(op: string, ...xs: Tensor[]): void {
  const first = xs[0].dtype;
  for (const x of xs) {
    if (x.dtype !== first) {
      throw new ArgumentError(`${op}: cannot mix ${first} and ${x.dtype} tensors`, {
        where: op, expected: first, received: x.dtype,
      });
    }
  }
}

/** Checks that a tensor has `rank` axes. */
export function checkRank(op: string, arg: string, x: Tensor, rank: number): void {
  if (x.rank !== rank) {
    throw new ArgumentError(`${op}: ${arg} must have rank ${rank}, got shape ${shapeString(x.shape)}`, {
      where: `${op}.${arg}`, expected: `rank ${rank}`, received: shapeString(x.shape),
    });
  }
}

/** Records how `out` was made, when gradients are on and an input needs one; returns `out`. */
export function record(op: string, inputs: Tensor[], out: Tensor, saved: Record<string, unknown> = {}): Tensor {
  if (isGradEnabled() && inputs.some((x) => x.requiresGrad)) {
    out.requiresGrad = true;
    out.node = { op, inputs, saved };
  }
  return out;
}
