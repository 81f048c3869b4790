/**
 * The operation codes the kernel module understands (asm/elementwise.ts, asm/transcendental.ts),
 * shared by the per-op glue and the fused dense step.
 */
import type { BinaryOp, Broadcast, UnaryOp } from '../kernels.js';

/** asm binary: 0 add, 1 sub, 2 mul, 3 div. */
export const BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };
/** asm broadcast modes. */
export const MODE: Record<Broadcast, number> = { full: 0, row: 1, col: 2, scalar: 3 };
/** asm unary: the piecewise-linear functions. */
export const UNARY: Partial<Record<UnaryOp, number>> = { linear: 0, relu: 1, 'leaky-relu': 2, neg: 3, abs: 4, square: 5 };
/** asm unaryExp: the exp family, accurate to about 2 float32 ulps (Note [float32 exp]). */
export const UNARY_EXP: Partial<Record<UnaryOp, number>> = { exp: 0, sigmoid: 1, tanh: 2, elu: 3, softplus: 4 };
/** asm unaryBackward. */
export const UNARY_BACK: Partial<Record<UnaryOp, number>> = { linear: 0, relu: 1, 'leaky-relu': 2, sigmoid: 3, tanh: 4, neg: 5, square: 6, elu: 7, softplus: 8 };

/** The fused step's forward code of an activation: a unary code, or a unaryExp code + 16; −1 when it has none. */
export function forwardCode(activation: string): number {
  const op = activation as UnaryOp;
  const plain = UNARY[op];
  if (plain !== undefined) return plain;
  const exp = UNARY_EXP[op];
  return exp !== undefined ? exp + 16 : -1;
}
