// Optimizer updates (PyTorch's rules, as the reference kernels in src/backend/js/update.ts), four
// parameters at a time, then a scalar tail: SGD (with momentum, Nesterov), Adam/AdamW, Adagrad, RMSprop.
// Decaying state (Adam's m, momentum's buffer, RMSprop's average and buffer) that falls below the
// smallest normal float is stored as 0 (Note [subnormal moments] in simd.ts): the reference keeps
// it, a difference below 2^−126.
import { flushSubnormal, flushSubnormal1 } from './simd';

/**
 * SGD with optional momentum μ, dampening and Nesterov: d = g + λw; buf = μ·buf + (1 − dampening)·d
 * (buf = d at the first step); w −= lr · (nesterov ? d + μ·buf : buf).
 */
export function sgd(w: usize, g: usize, s1: usize, size: i32, lr: f32, wd: f32, mu: f32, damp: f32, first: bool, nesterov: bool): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(wd), vmu = f32x4.splat(mu), vdamp = f32x4.splat(1 - damp);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    const vw = v128.load(w + at);
    let d = f32x4.add(v128.load(g + at), f32x4.mul(vwd, vw));
    if (mu != 0) {
      const buf = first ? d : flushSubnormal(f32x4.add(f32x4.mul(vmu, v128.load(s1 + at)), f32x4.mul(vdamp, d)));
      v128.store(s1 + at, buf);
      d = nesterov ? f32x4.add(d, f32x4.mul(vmu, buf)) : buf;
    }
    v128.store(w + at, f32x4.sub(vw, f32x4.mul(vlr, d)));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    const vw = load<f32>(w + at);
    let d = load<f32>(g + at) + wd * vw;
    if (mu != 0) {
      const buf = first ? d : flushSubnormal1(mu * load<f32>(s1 + at) + (1 - damp) * d);
      store<f32>(s1 + at, buf);
      d = nesterov ? d + mu * buf : buf;
    }
    store<f32>(w + at, vw - lr * d);
  }
}

/**
 * Adam (AdamW when decoupled): m = β1 m + (1 − β1) d; v = β2 v + (1 − β2) d²;
 * w −= stepSize · m / (√v / bc2Sqrt + ε), stepSize = lr / (1 − β1ᵗ), bc2Sqrt = √(1 − β2ᵗ).
 */
export function adam(w: usize, g: usize, s1: usize, s2: usize, size: i32, lr: f32, wd: f32, beta1: f32, beta2: f32, eps: f32,
  stepSize: f32, bc2Sqrt: f32, decoupled: bool): void {
  const vb1 = f32x4.splat(beta1), vc1 = f32x4.splat(1 - beta1);
  const vb2 = f32x4.splat(beta2), vc2 = f32x4.splat(1 - beta2);
  // stepSize·m / (√v / bc2 + ε) = (stepSize·bc2)·m / (√v + ε·bc2): one division instead of two
  // (the divider, not memory, bounded this loop); the same value within float32 rounding
  const scaledStep = stepSize * bc2Sqrt, scaledEps = eps * bc2Sqrt;
  const veps = f32x4.splat(scaledEps), vstep = f32x4.splat(scaledStep);
  const shrink = f32x4.splat(1 - lr * wd), vwd = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    let vw = v128.load(w + at);
    let d = v128.load(g + at);
    if (decoupled) vw = f32x4.mul(vw, shrink);
    else d = f32x4.add(d, f32x4.mul(vwd, vw));
    const m = flushSubnormal(f32x4.add(f32x4.mul(vb1, v128.load(s1 + at)), f32x4.mul(vc1, d)));
    const v = f32x4.add(f32x4.mul(vb2, v128.load(s2 + at)), f32x4.mul(vc2, f32x4.mul(d, d)));
    v128.store(s1 + at, m);
    v128.store(s2 + at, v);
    const denom = f32x4.add(f32x4.sqrt(v), veps);
    v128.store(w + at, f32x4.sub(vw, f32x4.div(f32x4.mul(vstep, m), denom)));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    let vw = load<f32>(w + at);
    let d = load<f32>(g + at);
    if (decoupled) vw *= 1 - lr * wd;
    else d += wd * vw;
    const m = flushSubnormal1(beta1 * load<f32>(s1 + at) + (1 - beta1) * d);
    const v = beta2 * load<f32>(s2 + at) + (1 - beta2) * d * d;
    store<f32>(s1 + at, m);
    store<f32>(s2 + at, v);
    store<f32>(w + at, vw - (scaledStep * m) / (sqrt<f32>(v) + scaledEps));
  }
}

/** Adagrad: d = g + λw; sum += d²; w −= clr · d / (√sum + ε), clr = lr / (1 + (t − 1)·lr_decay) from the caller. */
export function adagrad(w: usize, g: usize, s1: usize, size: i32, clr: f32, wd: f32, eps: f32): void {
  const vclr = f32x4.splat(clr), vwd = f32x4.splat(wd), veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    const vw = v128.load(w + at);
    const d = f32x4.add(v128.load(g + at), f32x4.mul(vwd, vw));
    const sum = f32x4.add(v128.load(s1 + at), f32x4.mul(d, d));
    v128.store(s1 + at, sum);
    v128.store(w + at, f32x4.sub(vw, f32x4.div(f32x4.mul(vclr, d), f32x4.add(f32x4.sqrt(sum), veps))));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    const vw = load<f32>(w + at);
    const d = load<f32>(g + at) + wd * vw;
    const sum = load<f32>(s1 + at) + d * d;
    store<f32>(s1 + at, sum);
    store<f32>(w + at, vw - (clr * d) / (sqrt<f32>(sum) + eps));
  }
}

/**
 * RMSprop: d = g + λw; sq = α·sq + (1 − α)·d²; avg = √sq + ε; with momentum μ > 0,
 * buf = μ·buf + d/avg and w −= lr·buf, else w −= lr·d/avg.
 */
export function rmsprop(w: usize, g: usize, s1: usize, s2: usize, size: i32, lr: f32, wd: f32, alpha: f32, eps: f32, mu: f32): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(wd), va = f32x4.splat(alpha), vc = f32x4.splat(1 - alpha);
  const veps = f32x4.splat(eps), vmu = f32x4.splat(mu);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    const vw = v128.load(w + at);
    const d = f32x4.add(v128.load(g + at), f32x4.mul(vwd, vw));
    const sq = flushSubnormal(f32x4.add(f32x4.mul(va, v128.load(s2 + at)), f32x4.mul(vc, f32x4.mul(d, d))));
    v128.store(s2 + at, sq);
    const avg = f32x4.add(f32x4.sqrt(sq), veps);
    if (mu > 0) {
      const buf = flushSubnormal(f32x4.add(f32x4.mul(vmu, v128.load(s1 + at)), f32x4.div(d, avg)));
      v128.store(s1 + at, buf);
      v128.store(w + at, f32x4.sub(vw, f32x4.mul(vlr, buf)));
    } else {
      v128.store(w + at, f32x4.sub(vw, f32x4.div(f32x4.mul(vlr, d), avg)));
    }
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    const vw = load<f32>(w + at);
    const d = load<f32>(g + at) + wd * vw;
    const sq = flushSubnormal1(alpha * load<f32>(s2 + at) + (1 - alpha) * d * d);
    store<f32>(s2 + at, sq);
    const avg = sqrt<f32>(sq) + eps;
    if (mu > 0) {
      const buf = flushSubnormal1(mu * load<f32>(s1 + at) + d / avg);
      store<f32>(s1 + at, buf);
      store<f32>(w + at, vw - lr * buf);
    } else {
      store<f32>(w + at, vw - (lr * d) / avg);
    }
  }
}
