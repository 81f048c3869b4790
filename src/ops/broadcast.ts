import type { Broadcast } from '../backend/kernels.js';
import { ArgumentError } from '../core/errors.js';
import { type Shape, sameShape, shapeString } from '../core/shape.js';

/** How two operands of a binary op line up: the output shape, viewed as [m, n], and each operand's mode. */
export interface BroadcastPlan {
  readonly shape: Shape;
  readonly m: number;
  readonly n: number;
  readonly aMode: Broadcast;
  readonly bMode: Broadcast;
}

function modeAgainst(x: Shape, out: Shape): Broadcast | null {
  const size = x.reduce((p, d) => p * d, 1);
  if (sameShape(x, out)) return 'full';
  if (size === 1) return 'scalar';
  const n = out[out.length - 1];
  const m = out.slice(0, -1).reduce((p, d) => p * d, 1);
  // a row: [n] or [1, n] against [m, n]
  if (out.length >= 2 && x[x.length - 1] === n && size === n) return 'row';
  // a column: [m, 1] against [m, n]
  if (out.length === 2 && x.length === 2 && x[0] === m && x[1] === 1) return 'col';
  return null;
}

/**
 * Plans a binary op with the broadcasting networks need: equal shapes, a scalar, a row (a bias
 * `[n]` against `[m, n]`) or a column (`[m, 1]` against `[m, n]`), on either side.
 */
export function planBroadcast(op: string, a: Shape, b: Shape): BroadcastPlan {
  const aSize = a.reduce((p, d) => p * d, 1);
  const bSize = b.reduce((p, d) => p * d, 1);
  const out = aSize >= bSize && a.length >= b.length ? a : b;
  const aMode = modeAgainst(a, out);
  const bMode = modeAgainst(b, out);
  if (aMode === null || bMode === null) {
    const n = out[out.length - 1];
    throw new ArgumentError(
      `${op}: shapes ${shapeString(a)} and ${shapeString(b)} cannot be broadcast; expected equal shapes, a scalar, a row [${n}] or a column [${out[0]}, 1]`,
      { where: op, expected: `a shape compatible with ${shapeString(out)}`, received: shapeString(aMode === null ? a : b) },
    );
  }
  const n = out.length === 0 ? 1 : out[out.length - 1];
  const m = out.length === 0 ? 1 : out.slice(0, -1).reduce((p, d) => p * d, 1);
  return { shape: out, m, n, aMode, bMode };
}
