import type { UnaryOp } from '../kernels.js';

/**
 * The one table of element-wise functions and their derivatives. Each entry gives f(x) and
 * f'(x) written with x and y = f(x), whichever is cheaper or more stable; the calculus is in the
 * comment beside it.
 */
export interface UnaryRule {
  f(x: number): number;
  df(x: number, y: number): number;
}

const LEAKY_SLOPE = 0.01;
const ELU_ALPHA = 1;

export const UNARY: Record<UnaryOp, UnaryRule> = {
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
  // d/dx x = 1
  linear: { f: (x) => x, df: () => 1 },
  // step(x) = 1 if x ≥ 0 else 0; its derivative is 0 wherever it exists, so it carries no gradient
  // (training a network with a step layer is refused before this is ever used).
  step: { f: (x) => (x >= 0 ? 1 : 0), df: () => 0 },
  // σ(x) = 1/(1+e^−x); d/dx σ = σ(1−σ) = y(1−y). Written to never overflow e^−x for x ≪ 0.
  sigmoid: {
    f: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    df: (_x, y) => y * (1 - y),
  },
  // d/dx tanh x = 1 − tanh² x = 1 − y²
  tanh: { f: Math.tanh, df: (_x, y) => 1 - y * y },
  // relu(x) = max(0, x); derivative 1 for x > 0, 0 otherwise (0 at 0, as PyTorch)
  relu: { f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
  // leaky relu: x for x > 0, 0.01x otherwise; derivative 1 or 0.01
  'leaky-relu': { f: (x) => (x > 0 ? x : LEAKY_SLOPE * x), df: (x) => (x > 0 ? 1 : LEAKY_SLOPE) },
  // elu: x for x > 0, α(eˣ − 1) otherwise; derivative 1, or αeˣ = y + α
  elu: { f: (x) => (x > 0 ? x : ELU_ALPHA * Math.expm1(x)), df: (x, y) => (x > 0 ? 1 : y + ELU_ALPHA) },
  // softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) to avoid overflow;
  // its derivative is σ(x)
  softplus: {
    f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    df: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  },
};
