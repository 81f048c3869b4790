import { kernels } from '../backend/registry.js';
import type { Parameter } from '../nn/layers.js';

/** The global L2 norm of all gradients, √(Σ g²) over every parameter. */
export function gradNorm(params: readonly Parameter[]): number {
  const k = kernels();
  let s = 0;
  for (const p of params) if (p.tensor.grad) s += k.sumSquares(p.tensor.grad);
  return Math.sqrt(s);
}

/** Whether every gradient value is finite (the training loop's divergence check). */
export function gradientsFinite(params: readonly Parameter[]): boolean {
  const k = kernels();
  for (const p of params) if (p.tensor.grad && !k.allFinite(p.tensor.grad)) return false;
  return true;
}

/**
 * Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_: when the norm exceeds
 * `maxNorm`, every gradient is scaled by maxNorm / (norm + 1e-6). Returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  const norm = gradNorm(params);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    const k = kernels();
    for (const p of params) if (p.tensor.grad) k.affine(p.tensor.grad, p.tensor.grad, coef, 0);
  }
  return norm;
}
