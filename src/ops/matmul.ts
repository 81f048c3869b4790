import { kernels } from '../backend/registry.js';
import { ArgumentError } from '../core/errors.js';
import { shapeString } from '../core/shape.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { checkDtypes, checkRank, record } from './record.js';

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use aᵀ: a is stored `[k, m]`. */
  readonly transposeA?: boolean;
  /** Use bᵀ: b is stored `[n, k]`. */
  readonly transposeB?: boolean;
}

/**
 * Matrix product `op(a) · op(b)`: `[m, k] · [k, n] → [m, n]`.
 *
 * @example
 * ```ts
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])); // [[11]]
 * ```
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transposeA = false, transposeB = false } = options;
  checkRank('matmul', 'a', a, 2);
  checkRank('matmul', 'b', b, 2);
  checkDtypes('matmul', a, b);
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    const axis = transposeB ? 'b.shape[1]' : 'b.shape[0]';
    throw new ArgumentError(
      `matmul: a ${shapeString(a.shape)} and b ${shapeString(b.shape)} cannot be multiplied; expected ${axis} = ${k}, got ${kb}`,
      { where: 'matmul', expected: `${axis} = ${k}`, received: `${kb}` },
    );
  }
  const out = empty([m, n], a.dtype);
  kernels().matmul(out.data, a.data, b.data, m, k, n, transposeA, transposeB);
  return record('matmul', [a, b], out, { m, k, n, transposeA, transposeB });
}
