import type { Kernels } from '../kernels.js';

/** The element-wise kernels a layer's bias and activation are made of. */
export type BiasParts = Pick<Kernels, 'binary' | 'unary' | 'unaryBackward' | 'reduce'>;

/**
 * {@link Kernels.biasActivation} and its backward as the separate calls they stand for (row add,
 * activation; activation backward, sum over rows), on the kernels `k`: the reference kernels' own
 * definition, and what another kernel set falls back to for an activation it has no body for,
 * so that its results equal its separate calls.
 */
export function composedBias(k: BiasParts): Pick<Kernels, 'biasActivation' | 'biasActivationBackward'> {
  return {
    biasActivation(f, y, z, bias, m, n) {
      k.binary('add', z, z, 'full', bias, 'row', m, n);
      return k.unary(f, y, z);
    },
    biasActivationBackward(f, dz, db, z, y, dy, m, n) {
      k.unaryBackward(f, dz, z, y, dy);
      k.reduce('sum', db, dz, 1, m, n);
      return dz;
    },
  };
}
