/**
 * The one source of randomness in Neurite: a seeded xoshiro128** generator built from 32-bit
 * integer arithmetic only (Math.imul, shifts), so the same seed gives the same numbers bit for bit
 * in Node and in every browser. Library code never calls Math.random.
 */

/** The serialisable state of a {@link Random}: four 32-bit words, plus a spare normal deviate. */
export interface RandomState {
  readonly s: readonly [number, number, number, number];
  readonly spare: number | null;
}

/** splitmix32: spreads one seed over the four state words (xoshiro must not start all-zero). */
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded pseudo-random generator.
 *
 * @example
 * ```ts
 * const rng = new Random(42);
 * rng.float(); // 0 <= x < 1, the same on every run with seed 42
 * ```
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** @param seed any integer; it is reduced to 32 bits. */
  constructor(seed: number) {
    const next = splitmix32(Math.trunc(seed));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Restores a generator from {@link Random.state}. */
  static fromState(state: RandomState): Random {
    const r = new Random(0);
    r.setState(state);
    return r;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1), with 32 random bits. */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /**
   * A uniform integer in [0, n), without modulo bias: draws below the largest multiple of n under
   * 2^32 are kept. That bound (a float modulo, about a third of a shuffle's time) is only worked out
   * when a draw could reach it, at 2^32 − n or above: the same draws are kept, so the same results.
   */
  int(n: number): number {
    let r = this.uint32();
    if (r >= 4294967296 - n) {
      const limit = 4294967296 - (4294967296 % n);
      while (r >= limit) r = this.uint32();
    }
    return r % n;
  }

  /** A standard normal deviate (Box–Muller, using both values it makes). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T>(array: T[] | Uint32Array | Int32Array): typeof array {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** A new seed drawn from this generator, for a child generator. */
  fork(): Random {
    return new Random(this.uint32());
  }

  /** The generator's state, to save in a checkpoint. */
  state(): RandomState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  /** Restores a state saved by {@link Random.state}. */
  setState(state: RandomState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((w) => w >>> 0) as [number, number, number, number];
    this.spare = state.spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
