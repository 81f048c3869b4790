// Shared SIMD helpers. ASC_FEATURE_RELAXED_SIMD is a compile-time constant: the relaxed build
// gets a fused multiply-add, the plain build a multiply then an add (same result within rounding).

/** c + a·b, four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
