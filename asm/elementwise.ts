// Element-wise kernels: a four-lane vector body, then a scalar tail for the last size % 4 values.
// Pointers are byte offsets into the shared memory; sizes are element counts.
import { madd } from './simd';
import { geluBackward, softplusBackward } from './transcendental';

/** out[i] = value (a store loop: TypedArray.fill on shared memory is ten times slower, Note [bulk moves]). */
export function fill(out: usize, value: f32, size: i32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= size; i += 4) v128.store(out + <usize>(i << 2), v);
  for (; i < size; i++) store<f32>(out + <usize>(i << 2), value);
}

/** out[i] = x[i], with memmove's rule for overlapping ranges (the bulk-memory copy). */
export function copy(out: usize, x: usize, size: i32): void {
  memory.copy(out, x, <usize>size << 2);
}

/**
 * Rows of a batch: out[i, ·] = x[order[i], ·] for i < rows, `cols` values a row (order holds u32
 * row numbers). 16 bytes at a time, then the last 0 to 3 values.
 */
export function gatherRows(out: usize, x: usize, order: usize, rows: i32, cols: i32): void {
  const row = <usize>cols << 2;
  const whole = row & ~<usize>15;
  for (let i = 0; i < rows; i++) {
    const from = x + <usize>load<u32>(order + (<usize>i << 2)) * row;
    const to = out + <usize>i * row;
    let b: usize = 0;
    for (; b < whole; b += 16) v128.store(to + b, v128.load(from + b));
    for (; b < row; b += 4) store<u32>(to + b, load<u32>(from + b));
  }
}

/** out[i] += a · x[i]. */
export function axpy(out: usize, a: f32, x: usize, size: i32): void {
  const va = f32x4.splat(a);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    v128.store(out + at, madd(va, v128.load(x + at), v128.load(out + at)));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    store<f32>(out + at, load<f32>(out + at) + a * load<f32>(x + at));
  }
}

/** out[i] = x[i] · a + b. */
export function affine(out: usize, x: usize, size: i32, a: f32, b: f32): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    v128.store(out + at, madd(v128.load(x + at), va, vb));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    store<f32>(out + at, load<f32>(x + at) * a + b);
  }
}

// Binary ops: 0 add, 1 sub, 2 mul, 3 div.
// @ts-ignore: decorator
@inline function vop(op: i32, a: v128, b: v128): v128 {
  if (op == 0) return f32x4.add(a, b);
  if (op == 1) return f32x4.sub(a, b);
  if (op == 2) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}
// @ts-ignore: decorator
@inline function sop(op: i32, a: f32, b: f32): f32 {
  if (op == 0) return a + b;
  if (op == 1) return a - b;
  if (op == 2) return a * b;
  return a / b;
}

// One row of n outputs; an operand with step 0 is one repeated value (a column or a scalar).
function binaryRow(op: i32, out: usize, a: usize, aStep: i32, b: usize, bStep: i32, n: i32): void {
  const ca = v128.load32_splat(a);
  const cb = v128.load32_splat(b);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>(j << 2);
    const va = aStep ? v128.load(a + at) : ca;
    const vb = bStep ? v128.load(b + at) : cb;
    v128.store(out + at, vop(op, va, vb));
  }
  for (; j < n; j++) {
    const at = <usize>(j << 2);
    store<f32>(out + at, sop(op, load<f32>(a + (aStep ? at : 0)), load<f32>(b + (bStep ? at : 0))));
  }
}

/**
 * out[i, j] = a ∘ b over an [m, n] output. Modes: 0 full, 1 row, 2 col, 3 scalar.
 */
export function binary(op: i32, out: usize, a: usize, aMode: i32, b: usize, bMode: i32, m: i32, n: i32): void {
  if (aMode == 0 && bMode == 0) {
    binaryRow(op, out, a, 1, b, 1, m * n);
    return;
  }
  const rowBytes = <usize>(n << 2);
  for (let i = 0; i < m; i++) {
    const ra = aMode == 0 ? a + <usize>i * rowBytes : aMode == 2 ? a + <usize>(i << 2) : a;
    const rb = bMode == 0 ? b + <usize>i * rowBytes : bMode == 2 ? b + <usize>(i << 2) : b;
    binaryRow(op, out + <usize>i * rowBytes, ra, aMode <= 1 ? 1 : 0, rb, bMode <= 1 ? 1 : 0, n);
  }
}

// Unary ops with a vector body: 0 linear, 1 relu, 2 leaky-relu, 3 neg, 4 abs, 5 square. The leaky
// slope 0.01 is src/backend/activations.ts's LEAKY_SLOPE, written as a literal: asm/ cannot import
// src/, and a named f32 constant here compiled to different code (a local f32 instead of a v128
// constant: scripts/wasm-same-code.mjs); test/activation-table.test.ts fails if the two differ.
/** out[i] = f(x[i]) for the piecewise-linear functions. */
export function unary(op: i32, out: usize, x: usize, size: i32): void {
  const zero = f32x4.splat(0);
  const slope = f32x4.splat(0.01);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    const v = v128.load(x + at);
    let y = v;
    if (op == 1) y = v128.and(v, f32x4.gt(v, zero));
    else if (op == 2) y = v128.bitselect(v, f32x4.mul(v, slope), f32x4.gt(v, zero));
    else if (op == 3) y = f32x4.neg(v);
    else if (op == 4) y = f32x4.abs(v);
    else if (op == 5) y = f32x4.mul(v, v);
    v128.store(out + at, y);
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    const v = load<f32>(x + at);
    let y = v;
    if (op == 1) y = v > 0 ? v : 0;
    else if (op == 2) y = v > 0 ? v : <f32>0.01 * v;
    else if (op == 3) y = -v;
    else if (op == 4) y = abs(v);
    else if (op == 5) y = v * v;
    store<f32>(out + at, y);
  }
}

// Backward ops: 0 linear, 1 relu, 2 leaky-relu, 3 sigmoid (y(1−y)), 4 tanh (1−y²), 5 neg, 6 square (2x),
// 7 elu (1 for x > 0, else y + α, α = 1 = ELU_ALPHA of src/backend/activations.ts), 8 softplus (σ(x)), 9 gelu (asm/transcendental.ts).
/** out[i] = f'(x[i], y[i]) · dy[i]. */
export function unaryBackward(op: i32, out: usize, x: usize, y: usize, dy: usize, size: i32): void {
  // softplus's σ is kept out of this loop: its body in there slowed relu's backward by 15–20 %
  if (op == 8) {
    softplusBackward(out, x, dy, size);
    return;
  }
  if (op == 9) {
    geluBackward(out, x, dy, size);
    return;
  }
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const slope = f32x4.splat(0.01);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    const g = v128.load(dy + at);
    let d = g;
    if (op == 1) d = v128.and(g, f32x4.gt(v128.load(x + at), zero));
    else if (op == 2) d = v128.bitselect(g, f32x4.mul(g, slope), f32x4.gt(v128.load(x + at), zero));
    else if (op == 3) { const v = v128.load(y + at); d = f32x4.mul(f32x4.mul(v, f32x4.sub(one, v)), g); }
    else if (op == 4) { const v = v128.load(y + at); d = f32x4.mul(f32x4.sub(one, f32x4.mul(v, v)), g); }
    else if (op == 5) d = f32x4.neg(g);
    else if (op == 6) { const v = v128.load(x + at); d = f32x4.mul(f32x4.add(v, v), g); }
    else if (op == 7) d = v128.bitselect(g, f32x4.mul(f32x4.add(v128.load(y + at), one), g), f32x4.gt(v128.load(x + at), zero));
    v128.store(out + at, d);
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    const g = load<f32>(dy + at);
    let d = g;
    if (op == 1) d = load<f32>(x + at) > 0 ? g : 0;
    else if (op == 2) d = load<f32>(x + at) > 0 ? g : <f32>0.01 * g;
    else if (op == 3) { const v = load<f32>(y + at); d = v * (1 - v) * g; }
    else if (op == 4) { const v = load<f32>(y + at); d = (1 - v * v) * g; }
    else if (op == 5) d = -g;
    else if (op == 6) { const v = load<f32>(x + at); d = (v + v) * g; }
    else if (op == 7) d = load<f32>(x + at) > 0 ? g : (load<f32>(y + at) + 1) * g;
    store<f32>(out + at, d);
  }
}

// Note [column sums]: a sum over the middle axis walks d down each column, one chain of additions
// per lane: one group of 4 columns at a time was one chain, waiting an addition's latency a row.
// Eight groups (32 columns) at a time keep eight chains going (bench/notes.md, Note [column sums]);
// each column's chain is the same, from 0 in order of d, so the sums have the same bits (tested
// against a float32 loop).

/** out[o, q] = Σ_d x[o, d, q]: sums over the middle axis, in order of d (Note [column sums]). */
export function reduceSum(out: usize, x: usize, outer: i32, dim: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) sumColumns(out + <usize>(o * inner * 4), x + <usize>(o * dim * inner * 4), 0, dim, inner, 0, inner, false);
}

/**
 * out[q] (+)= Σ_{d0 ≤ d < d1} x[d, q] for columns q0 ≤ q < q1 of x [·, inner], in order of d, from 0
 * or added on to what out holds (`acc`): 32 columns at a time, then 16, 4 and one (Note [column sums]).
 */
export function sumColumns(out: usize, x: usize, d0: i32, d1: i32, inner: i32, q0: i32, q1: i32, acc: bool): void {
  const row = <usize>(inner * 4);
  let q = q0;
  for (; q + 32 <= q1; q += 32) {
    const o = out + <usize>(q * 4);
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    if (acc) {
      s0 = v128.load(o); s1 = v128.load(o, 16); s2 = v128.load(o, 32); s3 = v128.load(o, 48);
      s4 = v128.load(o, 64); s5 = v128.load(o, 80); s6 = v128.load(o, 96); s7 = v128.load(o, 112);
    }
    let p = x + <usize>d0 * row + <usize>(q * 4);
    for (let d = d0; d < d1; d++, p += row) {
      s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
      s4 = f32x4.add(s4, v128.load(p, 64)); s5 = f32x4.add(s5, v128.load(p, 80));
      s6 = f32x4.add(s6, v128.load(p, 96)); s7 = f32x4.add(s7, v128.load(p, 112));
    }
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    v128.store(o, s4, 64); v128.store(o, s5, 80); v128.store(o, s6, 96); v128.store(o, s7, 112);
  }
  if (q + 16 <= q1) {
    const o = out + <usize>(q * 4);
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    if (acc) { s0 = v128.load(o); s1 = v128.load(o, 16); s2 = v128.load(o, 32); s3 = v128.load(o, 48); }
    let p = x + <usize>d0 * row + <usize>(q * 4);
    for (let d = d0; d < d1; d++, p += row) {
      s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
    }
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    q += 16;
  }
  for (; q + 4 <= q1; q += 4) {
    const o = out + <usize>(q * 4);
    let s = acc ? v128.load(o) : f32x4.splat(0);
    let p = x + <usize>d0 * row + <usize>(q * 4);
    for (let d = d0; d < d1; d++, p += row) s = f32x4.add(s, v128.load(p));
    v128.store(o, s);
  }
  for (; q < q1; q++) {
    const o = out + <usize>(q * 4);
    let s: f32 = acc ? load<f32>(o) : 0;
    let p = x + <usize>d0 * row + <usize>(q * 4);
    for (let d = d0; d < d1; d++, p += row) s += load<f32>(p);
    store<f32>(o, s);
  }
}

/** 1 when every x[i] is finite: x − x is 0 for a finite value, NaN for NaN or ±∞, and NaN stays in the sum. */
export function allFinite(x: usize, size: i32): i32 {
  // four independent sums, so that the loop is not one chain of additions
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i + 16 <= size; i += 16) {
    const p = x + <usize>(i << 2);
    const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
    a0 = f32x4.add(a0, f32x4.sub(v0, v0));
    a1 = f32x4.add(a1, f32x4.sub(v1, v1));
    a2 = f32x4.add(a2, f32x4.sub(v2, v2));
    a3 = f32x4.add(a3, f32x4.sub(v3, v3));
  }
  for (; i + 4 <= size; i += 4) {
    const v = v128.load(x + <usize>(i << 2));
    a0 = f32x4.add(a0, f32x4.sub(v, v));
  }
  const acc = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < size; i++) {
    const v = load<f32>(x + <usize>(i << 2));
    s += v - v;
  }
  return s == 0 ? 1 : 0;
}

/** Σ x[i]², accumulated in float64 lanes so that long vectors keep their precision. */
export function sumSquares(x: usize, size: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const v = v128.load(x + <usize>(i << 2));
    const sq = f32x4.mul(v, v);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(sq));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(sq, sq, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (; i < size; i++) {
    const v = <f64>load<f32>(x + <usize>(i << 2));
    s += v * v;
  }
  return s;
}
