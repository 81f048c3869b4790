// Shared SIMD helpers. ASC_FEATURE_RELAXED_SIMD is a compile-time constant: the relaxed build
// gets a fused multiply-add, the plain build a multiply then an add (same result within rounding).

/** c + a·b, four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** The 4 floats at p, columns j..j+3 of a row, with the lanes from column `end` on 0 (not read). */
// @ts-ignore: decorator
@inline export function loadGroup(p: usize, j: i32, end: i32): v128 {
  if (j + 4 <= end) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (j + 1 < end) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (j + 2 < end) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** o[0..4) = c, or += c when `acc`, columns j..j+3 of a row: only the lanes below column `end`. */
// @ts-ignore: decorator
@inline export function putGroup(o: usize, c: v128, acc: bool, j: i32, end: i32): void {
  if (j + 4 <= end) {
    v128.store(o, acc ? f32x4.add(c, v128.load(o)) : c);
    return;
  }
  store<f32>(o, acc ? load<f32>(o) + f32x4.extract_lane(c, 0) : f32x4.extract_lane(c, 0));
  if (j + 1 < end) store<f32>(o, acc ? load<f32>(o, 4) + f32x4.extract_lane(c, 1) : f32x4.extract_lane(c, 1), 4);
  if (j + 2 < end) store<f32>(o, acc ? load<f32>(o, 8) + f32x4.extract_lane(c, 2) : f32x4.extract_lane(c, 2), 8);
}

// Note [subnormal moments]: an optimizer's decaying state (Adam's m, momentum's buffer, RMSprop's
// average and its buffer) of a weight whose gradient stays 0 falls by β each step into the subnormal
// range below 2^−126, where every x86 multiply and add on it takes a microcode assist: after a few
// thousand steps of a network at batch 1, a large share of Adam's m is subnormal and the update
// takes about twice as long (bench/notes.md, Note [subnormal moments]). Such a value is stored as
// +0 instead. The weight's step changes by less than 2^−126 · lr / ε, below any weight's last bit;
// a NaN or an infinity is kept. Where nothing is subnormal the check costs about a cycle a vector.
// Adam's v decays by β2 = 0.999 (64,000 steps from 1e-10 to 2^−126) and is left as it is: checking
// it too cost as much again. The reference kernels keep such values, as PyTorch does.

/** v with its subnormal lanes set to +0 (NaN and infinities kept; Note [subnormal moments]). */
// @ts-ignore: decorator
@inline export function flushSubnormal(v: v128): v128 {
  // exponent bits all 0 (a subnormal, or ±0): shifts and a compare with 0, no constant to load
  return v128.andnot(v, i32x4.eq(i32x4.shr_u(i32x4.shl(v, 1), 24), i32x4.splat(0)));
}

/** x, or +0 when it is subnormal (Note [subnormal moments]). */
// @ts-ignore: decorator
@inline export function flushSubnormal1(x: f32): f32 {
  return abs<f32>(x) < 1.17549435e-38 ? 0 : x;
}
