import type { Broadcast, Data } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { allocate } from '../tensor/memory.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The gradient of a broadcast operand: dy over the `[m, n]` output summed back to the operand's
 * own shape (over rows for a row, over columns for a column, everything for a scalar).
 */
export function reduceTo(dy: Data, mode: Broadcast, m: number, n: number, x: Tensor): Data {
  const k = kernels();
  const out = allocate(x.size, x.dtype);
  switch (mode) {
    case 'full': return k.copy(out, dy);
    case 'row': return k.reduce('sum', out, dy, 1, m, n);
    case 'col': return k.reduce('sum', out, dy, m, n, 1);
    case 'scalar': return k.reduce('sum', out, dy, 1, m * n, 1);
  }
}
