import { checkNumber } from '../core/assert.js';
import type { Random } from '../core/random.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the survivors by
 * 1/(1 − rate), so the expected activation is unchanged and inference needs no rescaling.
 * The mask is drawn from `rng`, so the same seed drops the same units.
 */
export function dropout(x: Tensor, rate: number, rng: Random): Tensor {
  checkNumber('dropout', 'rate', rate, { min: 0, max: 1, maxExclusive: true });
  if (rate === 0) return x;
  const mask = empty(x.shape, x.dtype);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.size; i++) mask.data[i] = rng.float() < rate ? 0 : keep;
  return mul(x, mask);
}
