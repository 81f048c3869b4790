import { activationEntry, ELEMENTWISE_ACTIVATIONS } from '../activations.js';
import type { MATH_OPS, UnaryOp } from '../kernels.js';

/**
 * The one table of element-wise functions and their derivatives: the math ops here, the
 * activations from the activation table. Each entry gives f(x) and f'(x) written with x and
 * y = f(x), whichever is cheaper or more stable; the calculus is in the comment beside it.
 */
export interface UnaryRule {
  f(x: number): number;
  df(x: number, y: number): number;
}

const MATH: Record<(typeof MATH_OPS)[number], UnaryRule> = {
  // d/dx −x = −1
  neg: { f: (x) => -x, df: () => -1 },
  // d/dx eˣ = eˣ = y
  exp: { f: Math.exp, df: (_x, y) => y },
  // d/dx ln x = 1/x
  log: { f: Math.log, df: (x) => 1 / x },
  // d/dx √x = 1/(2√x) = 1/(2y)
  sqrt: { f: Math.sqrt, df: (_x, y) => 0.5 / y },
  // d/dx |x| = sign(x) (0 at 0, as PyTorch)
  abs: { f: Math.abs, df: (x) => Math.sign(x) },
  // d/dx sin x = cos x
  sin: { f: Math.sin, df: (x) => Math.cos(x) },
  // d/dx cos x = −sin x
  cos: { f: Math.cos, df: (x) => -Math.sin(x) },
  // d/dx x² = 2x
  square: { f: (x) => x * x, df: (x) => 2 * x },
};

/** The math ops, then each element-wise activation's rule from the activation table (backend/activations.ts). */
export const UNARY = {
  ...MATH,
  ...Object.fromEntries(ELEMENTWISE_ACTIVATIONS.map((a) => [a, activationEntry(a) as UnaryRule])),
} as Record<UnaryOp, UnaryRule>;
