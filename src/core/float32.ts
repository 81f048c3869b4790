/**
 * The range of float32, in which every tensor, weight and scaled input is stored: a number that is
 * finite in float64 may round to infinity (3.5e38) or to zero (1e-46) there.
 */

/** The largest finite float32, 3.4028234663852886e38. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The smallest normal float32, 2^-126 ≈ 1.1754944e-38; below it precision fades until 0. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Whether a number stays finite when stored as float32.
 *
 * @example
 * ```ts
 * finiteInFloat32(3e38); // true
 * finiteInFloat32(3.5e38); // false: rounds to Infinity
 * ```
 */
export function finiteInFloat32(x: number): boolean {
  return Number.isFinite(Math.fround(x));
}

/**
 * Whether a scale (a divisor) is a positive normal float32: dividing by it neither fails nor
 * blows every value up to infinity.
 *
 * @example
 * ```ts
 * isFloat32Scale(2.5); // true
 * isFloat32Scale(1e-308); // false: 0 in float32
 * ```
 */
export function isFloat32Scale(x: number): boolean {
  return x >= FLOAT32_MIN_NORMAL && x <= FLOAT32_MAX;
}

/**
 * A typed array's values as a plain array, copied by a loop: `Array.from` goes through the
 * iterator, about six times slower (bench/notes.md, "checkpoints"), which made copying Adam's
 * moments for a checkpoint cost as much as writing them.
 *
 * @example
 * ```ts
 * plainArray(new Float32Array([0.5, 2])); // [0.5, 2]
 * ```
 */
export function plainArray(values: Float32Array | Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
