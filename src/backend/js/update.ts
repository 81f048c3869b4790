import type { Data, UpdateParams } from '../kernels.js';

/**
 * Optimizer updates, one loop per rule, following torch.optim's single-tensor implementations
 * (PyTorch 2.x, foreach=False) operation for operation.
 */
export function update(w: Data, g: Data, s1: Data, s2: Data, p: UpdateParams): void {
  const { lr, weightDecay: wd, step } = p;
  switch (p.rule) {
    case 'sgd': {
      // d = g + λw; buf = μ·buf + (1 − dampening)·d (buf = d at step 1); nesterov: d + μ·buf
      const { momentum: mu, dampening, nesterov } = p;
      if (mu === 0) {
        // plain SGD as a loop of its own (the same arithmetic): a tiny network's whole update
        for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] + wd * w[i]);
        return;
      }
      for (let i = 0; i < w.length; i++) {
        let d = g[i] + wd * w[i];
        const buf = step === 1 ? d : mu * s1[i] + (1 - dampening) * d;
        s1[i] = buf;
        d = nesterov ? d + mu * buf : buf;
        w[i] -= lr * d;
      }
      return;
    }
    case 'adagrad': {
      // clr = lr / (1 + (t − 1)·lr_decay); sum += d²; w −= clr · d / (√sum + ε)
      const { eps } = p;
      const clr = lr / (1 + (step - 1) * p.lrDecay);
      for (let i = 0; i < w.length; i++) {
        const d = g[i] + wd * w[i];
        s1[i] += d * d;
        w[i] -= (clr * d) / (Math.sqrt(s1[i]) + eps);
      }
      return;
    }
    case 'rmsprop': {
      // sq = α·sq + (1 − α)·d²; avg = √sq + ε; momentum μ: buf = μ·buf + d/avg, w −= lr·buf
      const { alpha, eps, momentum: mu } = p;
      for (let i = 0; i < w.length; i++) {
        const d = g[i] + wd * w[i];
        s2[i] = alpha * s2[i] + (1 - alpha) * d * d;
        const avg = Math.sqrt(s2[i]) + eps;
        if (mu > 0) {
          s1[i] = mu * s1[i] + d / avg;
          w[i] -= lr * s1[i];
        } else {
          w[i] -= (lr * d) / avg;
        }
      }
      return;
    }
    case 'adam': {
      // AdamW (decoupled) first shrinks w by (1 − lr·λ); Adam adds λw to the gradient instead.
      // m = β1 m + (1 − β1) d; v = β2 v + (1 − β2) d²;
      // w −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)   (ε after the root, bias-corrected)
      const { beta1, beta2, eps, decoupled } = p;
      const bc1 = 1 - Math.pow(beta1, step);
      const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
      const stepSize = lr / bc1;
      for (let i = 0; i < w.length; i++) {
        let d = g[i];
        if (decoupled) w[i] *= 1 - lr * wd;
        else d += wd * w[i];
        s1[i] = beta1 * s1[i] + (1 - beta1) * d;
        s2[i] = beta2 * s2[i] + (1 - beta2) * d * d;
        w[i] -= (stepSize * s1[i]) / (Math.sqrt(s2[i]) / bc2Sqrt + eps);
      }
      return;
    }
  }
}
