// exp, sigmoid, tanh, elu, softplus and gelu on four lanes (Note [float32 exp]). Every lane, the last
// partial vector's included, goes through the same vector code, so a value's result does not
// depend on where in the array it sits. Plain multiply and add (never the relaxed fused one), so
// both builds give the same bits on every machine.

// Note [float32 exp]: eˣ = 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln2, |r| ≤ ln2/2. ln2 is
// split in two (Cody and Waite) so that n·LN2_HI is exact; eʳ = 1 + (r + r²·p(r)) with p a degree-4
// least-squares fit (Chebyshev nodes, weighted by r², coefficients rounded to float32). 2ⁿ is
// applied as two powers of two, 2^⌊n/2⌋·2^(n−⌊n/2⌋), so that results down in the subnormals and up
// to overflow need no special case. Outside [−104, 89] the float32 result is 0 or ∞ anyway: x is
// clamped above and masked to 0 below; NaN passes through both. Measured error (test/backend-kernels.test.ts):
// exp ≤ 1 ulp, sigmoid ≤ 2.2 ulp, tanh ≤ 1.5 ulp, elu ≤ 1 ulp (0.97 measured), softplus ≤ 3 ulp (2.6
// measured) of the exact value. gelu (test/gelu.test.ts): 11 ulp for x ≥ −3, and below that the
// error of 2u's rounding grows with |2u| through e^2u (73 ulp at −6.8, of values under 10⁻¹⁰);
// its derivative within 1.3·2⁻²³ of max(1, |gelu'|).

const LOG2E: f32 = 1.4426950408889634;
// 1.5·2²³ and its bits
const ROUNDER: f32 = 12582912;
const ROUNDER_BITS: i32 = 0x4b400000;
// 0x3f317200: 15 significant bits, so n·LN2_HI is exact for |n| < 2⁸
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
const P0: f32 = 0.5;
const P1: f32 = 0.16666516661643982;
const P2: f32 = 0.04166626185178757;
const P3: f32 = 0.008369151502847672;
const P4: f32 = 0.0013946446124464273;
// tanh x = x + x³·q(x²) below TANH_SMALL, a degree-4 fit weighted for relative error; above it,
// (1 − e)/(1 + e) with e = e^−2|x| has no cancellation (e ≤ 0.29).
const TANH_SMALL: f32 = 0.625;
const Q0: f32 = -0.3333328664302826;
const Q1: f32 = 0.13331560790538788;
const Q2: f32 = -0.053748443722724915;
const Q3: f32 = 0.020664723590016365;
const Q4: f32 = -0.005731194745749235;

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

// @ts-ignore: decorator
@inline function horner5(x: v128, c0: f32, c1: f32, c2: f32, c3: f32, c4: f32): v128 {
  let p = f32x4.add(f32x4.mul(splat(c4), x), splat(c3));
  p = f32x4.add(f32x4.mul(p, x), splat(c2));
  p = f32x4.add(f32x4.mul(p, x), splat(c1));
  return f32x4.add(f32x4.mul(p, x), splat(c0));
}

// 2ᵏ for integer lanes k in [−126, 127], as float bits
// @ts-ignore: decorator
@inline function pow2(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

// x·log₂e + 1.5·2²³: n = round(x·log₂e) to nearest even is this minus 1.5·2²³, and its low mantissa
// bits are n as an integer (|x·log₂e| ≤ 150): the same rounding as f32x4.nearest, without the
// float-to-int conversion (several instructions on x86)
// @ts-ignore: decorator
@inline function shifted(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(ROUNDER));
}

// eʳ − 1 = r + r²·p(r) for r = x − n·ln2 (Cody and Waite), n from shifted(x)
// @ts-ignore: decorator
@inline function expm1Reduced(x: v128, t: v128): v128 {
  const n = f32x4.sub(t, splat(ROUNDER));
  let r = f32x4.sub(x, f32x4.mul(n, splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, splat(LN2_LO)));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), horner5(r, P0, P1, P2, P3, P4)));
}

/** eˣ on four lanes (Note [float32 exp]). */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  // below −104 the result is 0: computed from 0 and masked, so no lane runs through the subnormals
  const under = f32x4.lt(x, splat(-104));
  x = f32x4.min(v128.bitselect(splat(0), x, under), splat(89));
  const t = shifted(x);
  const e = f32x4.add(splat(1), expm1Reduced(x, t));
  const k = i32x4.sub(t, i32x4.splat(ROUNDER_BITS));
  const k1 = i32x4.shr_s(k, 1);
  return v128.andnot(f32x4.mul(f32x4.mul(e, pow2(k1)), pow2(i32x4.sub(k, k1))), under);
}

/**
 * eˣ − 1 for x ≤ 0 (elu's negative side): with eˣ = 2ⁿ·(1 + m), m = r + r²·p(r) as in vexp, it is
 * 2ⁿ·m + (2ⁿ − 1), which is m itself for n = 0, so small x loses nothing to the subtraction
 * (Math.expm1's accuracy, not eˣ's: at x = −10⁻⁴, eˣ − 1 in float32 would be 6·10⁻⁴ off). 2ⁿ − 1 is
 * exact down to n = −24 and rounds to −1 below, where 2ⁿ·m no longer shows. x is clamped at −30
 * (the result is −1 in float32 from −17.33); NaN passes through.
 */
// @ts-ignore: decorator
@inline function vexpm1Negative(x: v128): v128 {
  x = f32x4.max(x, splat(-30));
  const t = shifted(x);
  const m = expm1Reduced(x, t);
  const s = pow2(i32x4.sub(t, i32x4.splat(ROUNDER_BITS)));
  return f32x4.add(f32x4.mul(s, m), f32x4.sub(s, splat(1)));
}

/** elu(x) = x for x > 0, α(eˣ − 1) otherwise, with α = 1 (ELU_ALPHA, src/backend/activations.ts). */
// @ts-ignore: decorator
@inline function velu(x: v128): v128 {
  // x ≥ 0, not x > 0: elu(−0) is −0, which 2⁰·(+0) + 0 would not give
  return v128.bitselect(x, vexpm1Negative(f32x4.min(x, splat(0))), f32x4.ge(x, splat(0)));
}

/**
 * ln(1 + u) for u in [0, 1]: 2·atanh(s) with s = u/(2 + u) ≤ 1/3, atanh(s)/s = Σ s²ᵏ/(2k + 1) to
 * k = 6 (the next term is below 2·10⁻⁸ of the sum); no 1 + u is formed, so small u keeps its bits.
 * NaN passes through.
 */
// @ts-ignore: decorator
@inline function vlog1pUnit(u: v128): v128 {
  const s = f32x4.div(u, f32x4.add(splat(2), u));
  const z = f32x4.mul(s, s);
  let p = f32x4.add(f32x4.mul(splat(<f32>(1.0 / 13)), z), splat(<f32>(1.0 / 11)));
  p = f32x4.add(f32x4.mul(p, z), splat(<f32>(1.0 / 9)));
  p = f32x4.add(f32x4.mul(p, z), splat(<f32>(1.0 / 7)));
  p = f32x4.add(f32x4.mul(p, z), splat(<f32>(1.0 / 5)));
  p = f32x4.add(f32x4.mul(p, z), splat(<f32>(1.0 / 3)));
  // 2s + 2s·z·p: the leading term alone is exact, the rest is small beside it
  const s2 = f32x4.add(s, s);
  // below 2⁻²⁴, ln(1 + u) rounds to u itself, and u/2 would lose a bit among the subnormals
  return v128.bitselect(u, f32x4.add(s2, f32x4.mul(f32x4.mul(s2, z), p)), f32x4.lt(u, splat(<f32>5.9604644775390625e-8)));
}

/** softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), as the reference computes it. */
// @ts-ignore: decorator
@inline function vsoftplus(x: v128): v128 {
  return f32x4.add(f32x4.max(x, splat(0)), vlog1pUnit(vexp(f32x4.neg(f32x4.abs(x)))));
}

/** σ(x) = 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below, with one e = e^−|x| and one division. */
// @ts-ignore: decorator
@inline function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(splat(1), e, f32x4.ge(x, splat(0)));
  return f32x4.div(num, f32x4.add(splat(1), e));
}

// tanh a for a = |x| < TANH_SMALL: a + a³·q(a²)
// @ts-ignore: decorator
@inline function tanhSmall(a: v128): v128 {
  const u = f32x4.mul(a, a);
  return f32x4.add(a, f32x4.mul(f32x4.mul(a, u), horner5(u, Q0, Q1, Q2, Q3, Q4)));
}

// tanh a for a = |x| ≥ TANH_SMALL: (1 − e)/(1 + e), e = e^−2a
// @ts-ignore: decorator
@inline function tanhLarge(a: v128): v128 {
  // past |x| = 10, tanh rounds to ±1 (e < 2⁻²⁸): clamping keeps e out of the subnormals, which
  // cost ~100 cycles an operation on x86 and are all a saturated layer would produce
  const e = vexp(f32x4.mul(f32x4.min(a, splat(10)), splat(-2)));
  return f32x4.div(f32x4.sub(splat(1), e), f32x4.add(splat(1), e));
}

/**
 * tanh x: odd, so computed on |x| and given x's sign back. Each lane takes one of two formulas; a
 * vector whose lanes all take the same one computes only that one (same bits, less work).
 */
// @ts-ignore: decorator
@inline function vtanh(x: v128): v128 {
  const a = f32x4.abs(x);
  const small = f32x4.lt(a, splat(TANH_SMALL));
  let y: v128;
  if (!v128.any_true(small)) y = tanhLarge(a);
  else if (i32x4.all_true(small)) y = tanhSmall(a);
  else y = v128.bitselect(tanhSmall(a), tanhLarge(a), small);
  return v128.or(y, v128.and(x, i32x4.splat(0x80000000)));
}

// GELU's tanh approximation (src/backend/activations.ts): 2u = 2√(2/π)(x + 0.044715x³), as x·(2c + 2ck·x²)
const GELU_2C: f32 = 1.5957691216057308;
const GELU_2CK: f32 = 0.07135481627260025;

/** gelu(x) = x·σ(2u), u = √(2/π)(x + 0.044715x³): ½x(1 + tanh u) without 1 + tanh's cancellation below 0. */
// @ts-ignore: decorator
@inline function vgelu(x: v128): v128 {
  const t = f32x4.mul(x, f32x4.add(splat(GELU_2C), f32x4.mul(splat(GELU_2CK), f32x4.mul(x, x))));
  return f32x4.mul(x, vsigmoid(t));
}

// @ts-ignore: decorator
@inline function geluDerivative(x: v128): v128 {
  const x2 = f32x4.mul(x, x);
  const t = f32x4.mul(x, f32x4.add(splat(GELU_2C), f32x4.mul(splat(GELU_2CK), x2)));
  const e = vexp(f32x4.neg(f32x4.abs(t)));
  const d = f32x4.add(splat(1), e);
  const s = f32x4.div(v128.bitselect(splat(1), e, f32x4.ge(t, splat(0))), d);
  // (2u)' = 2c + 6ck·x²
  const slope = f32x4.add(splat(GELU_2C), f32x4.mul(splat(3 * GELU_2CK), x2));
  const rest = f32x4.mul(f32x4.mul(x, slope), f32x4.div(e, f32x4.mul(d, d)));
  return f32x4.add(s, v128.andnot(rest, f32x4.eq(e, splat(0))));
}

/**
 * out[i] = gelu'(x[i]) · dy[i]: σ(2u) + x·(2u)'·σ(2u)σ(−2u), with e = e^−|2u| giving both σ and
 * σ(2u)σ(−2u) = e/(1 + e)² without a subtraction; where e is 0 the second term is 0 (x·x² may be ∞).
 */
export function geluBackward(out: usize, x: usize, dy: usize, size: i32): void {
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    v128.store(out + at, f32x4.mul(geluDerivative(v128.load(x + at)), v128.load(dy + at)));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    store<f32>(out + at, f32x4.extract_lane(geluDerivative(f32x4.splat(load<f32>(x + at))), 0) * load<f32>(dy + at));
  }
}

// @ts-ignore: decorator
@inline function apply(op: i32, v: v128): v128 {
  if (op == 0) return vexp(v);
  if (op == 1) return vsigmoid(v);
  if (op == 2) return vtanh(v);
  if (op == 3) return velu(v);
  if (op == 4) return vsoftplus(v);
  return vgelu(v);
}

/** out[i] = σ(x[i]) · dy[i], softplus's backward; every lane, the tail's included, through the vector code. */
export function softplusBackward(out: usize, x: usize, dy: usize, size: i32): void {
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    v128.store(out + at, f32x4.mul(vsigmoid(v128.load(x + at)), v128.load(dy + at)));
  }
  for (; i < size; i++) {
    const at = <usize>(i << 2);
    store<f32>(out + at, f32x4.extract_lane(vsigmoid(f32x4.splat(load<f32>(x + at))), 0) * load<f32>(dy + at));
  }
}

/** out[i] = f(x[i]) for f = exp (op 0), sigmoid (1), tanh (2), elu (3), softplus (4) or gelu (5). */
export function unaryExp(op: i32, out: usize, x: usize, size: i32): void {
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    const at = <usize>(i << 2);
    v128.store(out + at, apply(op, v128.load(x + at)));
  }
  if (i == size) return;
  // tail: the last 1–3 values through the same vector code, zero-padded
  let v = f32x4.splat(0);
  const at = out + <usize>(i << 2);
  const from = x + <usize>(i << 2);
  const rest = size - i;
  v = f32x4.replace_lane(v, 0, load<f32>(from));
  if (rest > 1) v = f32x4.replace_lane(v, 1, load<f32>(from, 4));
  if (rest > 2) v = f32x4.replace_lane(v, 2, load<f32>(from, 8));
  const y = apply(op, v);
  store<f32>(at, f32x4.extract_lane(y, 0));
  if (rest > 1) store<f32>(at, f32x4.extract_lane(y, 1), 4);
  if (rest > 2) store<f32>(at, f32x4.extract_lane(y, 2), 8);
}
