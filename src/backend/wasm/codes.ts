/**
 * The operation codes the kernel module understands (asm/elementwise.ts, asm/transcendental.ts),
 * shared by the per-op glue and the fused dense step. The activations' codes come from the
 * activation table (backend/activations.ts); the math ops' are here.
 */
import { ACTIVATIONS, activationEntry, ELEMENTWISE_ACTIVATIONS } from '../activations.js';
import type { BinaryOp, Broadcast, UnaryOp } from '../kernels.js';

/** asm binary: 0 add, 1 sub, 2 mul, 3 div. */
export const BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };
/** asm broadcast modes. */
export const MODE: Record<Broadcast, number> = { full: 0, row: 1, col: 2, scalar: 3 };

/** The activations' codes, picked from each table entry that has a body in the module. */
function codes(pick: (w: { forward: number; backward: number }) => number | undefined): Partial<Record<UnaryOp, number>> {
  return Object.fromEntries(ELEMENTWISE_ACTIVATIONS.flatMap((a) => {
    const w = activationEntry(a).wasm;
    const code = w === null ? undefined : pick(w);
    return code === undefined ? [] : [[a, code]];
  }));
}

/** asm unary: the piecewise-linear functions (forward codes below 16). */
export const UNARY: Partial<Record<UnaryOp, number>> = { neg: 3, abs: 4, square: 5, ...codes((w) => (w.forward < 16 ? w.forward : undefined)) };
/** asm unaryExp: the exp family, accurate to about 2 float32 ulps (Note [float32 exp]); forward codes 16 and up. */
export const UNARY_EXP: Partial<Record<UnaryOp, number>> = { exp: 0, ...codes((w) => (w.forward >= 16 ? w.forward - 16 : undefined)) };
/** asm unaryBackward. */
export const UNARY_BACK: Partial<Record<UnaryOp, number>> = { neg: 5, square: 6, ...codes((w) => w.backward) };

/** Each activation's forward code that has one, read once from the table (a layer's kernel call asks every step). */
const FORWARD: ReadonlyMap<string, number> = new Map(ACTIVATIONS.flatMap((a) => {
  const w = activationEntry(a).wasm;
  return w === null ? [] : [[a, w.forward] as const];
}));

/** The fused step's forward code of an activation: a unary code, or a unaryExp code + 16; −1 when it has none. */
export function forwardCode(activation: string): number {
  return FORWARD.get(activation) ?? -1;
}
