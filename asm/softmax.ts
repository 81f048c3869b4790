// Softmax and softmax cross-entropy by rows, with the vector exp (asm/transcendental.ts). As the
// reference kernels (src/backend/js/softmax.ts, Note [stable softmax] there): each row is shifted
// by its maximum, its sum of exponentials accumulated in float64 and, for the loss, its log taken
// in float64; the probabilities are e / Σ e in float32.
import { vexp } from './transcendental';

function rowMax(x: usize, n: i32): f32 {
  let vm = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) vm = f32x4.max(vm, v128.load(x + <usize>(i << 2)));
  let m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
  for (; i < n; i++) m = max(m, load<f32>(x + <usize>(i << 2)));
  return m;
}

// out[j] = e^(x[j] − shift) for one row; returns Σ out[j] in float64. The last 1–3 values go
// through the same vector code, zero-padded, as unaryExp's do.
function expRow(out: usize, x: usize, n: i32, shift: f32): f64 {
  const vs = f32x4.splat(shift);
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>(i << 2);
    const e = vexp(f32x4.sub(v128.load(x + at), vs));
    v128.store(out + at, e);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  if (i == n) return s;
  const from = x + <usize>(i << 2);
  const to = out + <usize>(i << 2);
  const rest = n - i;
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(from));
  if (rest > 1) v = f32x4.replace_lane(v, 1, load<f32>(from, 4));
  if (rest > 2) v = f32x4.replace_lane(v, 2, load<f32>(from, 8));
  const e = vexp(f32x4.sub(v, vs));
  store<f32>(to, f32x4.extract_lane(e, 0));
  s += <f64>f32x4.extract_lane(e, 0);
  if (rest > 1) { store<f32>(to, f32x4.extract_lane(e, 1), 4); s += <f64>f32x4.extract_lane(e, 1); }
  if (rest > 2) { store<f32>(to, f32x4.extract_lane(e, 2), 8); s += <f64>f32x4.extract_lane(e, 2); }
  return s;
}

// out[j] ×= 1/s for one row, as a float32 division by s
function scaleRow(out: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = out + <usize>(i << 2);
    v128.store(at, f32x4.div(v128.load(at), vs));
  }
  for (; i < n; i++) {
    const at = out + <usize>(i << 2);
    store<f32>(at, load<f32>(at) / s);
  }
}

/** out = softmax(x) row by row over [m, n] (out may be x). */
export function softmax(out: usize, x: usize, m: i32, n: i32): void {
  const row = <usize>(n << 2);
  for (let r = 0; r < m; r++) {
    const xr = x + <usize>r * row, o = out + <usize>r * row;
    const s = expRow(o, xr, n, rowMax(xr, n));
    scaleRow(o, n, <f32>s);
  }
}

/**
 * Softmax cross-entropy of logits z [m, n] against target rows t: writes the probabilities into
 * `probs` and returns the mean over rows of −Σ t·log p, with log p = (z − max) − log Σ e in float64.
 */
export function softmaxCrossEntropy(probs: usize, z: usize, t: usize, m: i32, n: i32): f64 {
  const row = <usize>(n << 2);
  let total: f64 = 0;
  for (let r = 0; r < m; r++) {
    const zr = z + <usize>r * row, pr = probs + <usize>r * row, tr = t + <usize>r * row;
    const mx = rowMax(zr, n);
    const s = expRow(pr, zr, n, mx);
    const logSum = Math.log(s);
    for (let j = 0; j < n; j++) {
      const tj = <f64>load<f32>(tr + <usize>(j << 2));
      if (tj != 0) total -= tj * (<f64>load<f32>(zr + <usize>(j << 2)) - <f64>mx - logSum);
    }
    scaleRow(pr, n, <f32>s);
  }
  return total / <f64>m;
}
