// shortestFloat32's digit loop (Note [shortest float32]) against its definition, the search over
// 1..9 significant digits that it replaced: the same number, bit for bit, and float32Text (the bytes
// writeFloat32Text writes) the same text as JSON.stringify of it, on every float32 tried.
// scripts/check-float32.mjs runs the same comparison on tens of millions of floats.
import { describe, expect, it, vi } from 'vitest';
import { float32Text, shortestFloat32, writeFloat32Row } from '../src/io/float32.js';

/** The definition (the implementation before the arithmetic one). */
function bySearch(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);
const fromBits = (b: number): number => {
  bits[0] = b >>> 0;
  return float[0];
};

/** The float32 bit patterns that differ (at most 10 listed). */
function mismatches(patterns: Iterable<number>): string[] {
  const bad: string[] = [];
  for (const b of patterns) {
    const f = fromBits(b);
    const got = shortestFloat32(f);
    const want = bySearch(f);
    if (!Object.is(got, want) && bad.length < 10) bad.push(`0x${(b >>> 0).toString(16)} (${f}): ${got} != ${want}`);
    const text = float32Text(f);
    const json = JSON.stringify(want);
    if (text !== json && !(Object.is(want, -0) && text === '0') && bad.length < 10) bad.push(`0x${(b >>> 0).toString(16)} (${f}): text ${text} != ${json}`);
  }
  return bad;
}

function* random(count: number, seed: number): Generator<number> {
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; // xorshift32
    yield s;
  }
}

function* edges(): Generator<number> {
  for (let e = 0; e < 256; e++) {
    for (const sign of [0, 0x80000000]) {
      const b = sign | (e << 23);
      for (let d = -3; d <= 3; d++) yield (b + d) >>> 0; // powers of two and their neighbours
    }
  }
  for (let b = 0; b < 4096; b++) yield b; // the smallest subnormals
  for (let b = 0x7f7ff000; b <= 0x7f800001; b++) yield b; // the largest finite values, Infinity, NaN
  for (let j = -45; j <= 38; j++) {
    float[0] = Number(`1e${j}`);
    for (let d = -3; d <= 3; d++) yield (bits[0] + d) >>> 0; // powers of ten and their neighbours
  }
}

function* decimals(): Generator<number> {
  // short decimals (the answers of 1 to 4 digits, and their neighbours), where ties sit
  for (let e = -40; e <= 38; e += 3) {
    for (let m = 1; m < 10000; m += 7) {
      float[0] = m * 10 ** (e - 3);
      for (let d = -1; d <= 1; d++) yield (bits[0] + d) >>> 0;
    }
  }
}

describe('shortestFloat32', () => {
  it('gives the value of the search over 1..9 digits on edge floats: powers of 2 and 10, subnormals, the largest, NaN, ±0', () => {
    expect(mismatches(edges())).toEqual([]);
    expect(Object.is(shortestFloat32(-0), -0)).toBe(true);
    expect(shortestFloat32(NaN)).toBeNaN();
    expect(shortestFloat32(Infinity)).toBe(Infinity);
    expect(shortestFloat32(1e39)).toBe(Infinity); // beyond float32
  });

  it('gives the value of the search on 300,000 random float32 bit patterns and 100,000 weights-like values', () => {
    expect(mismatches(random(300_000, 12345))).toEqual([]);
    const weights = Array.from(random(100_000, 99), (b) => {
      float[0] = ((b / 2 ** 32) - 0.5) * 0.2;
      return bits[0];
    });
    expect(mismatches(weights)).toEqual([]);
  });

  it('gives the value of the search near short decimals, where rounding ties lie', () => {
    expect(mismatches(decimals())).toEqual([]);
  });

  it('decides nearly every number without the search (no toPrecision per number)', () => {
    const toPrecision = vi.spyOn(Number.prototype, 'toPrecision');
    try {
      let searched = 0;
      for (const b of random(100_000, 7)) {
        const before = toPrecision.mock.calls.length;
        float32Text(fromBits(b & 0xbfffffff)); // finite, |x| < 2: weights-like exponents
        if (toPrecision.mock.calls.length > before) searched++;
      }
      expect(searched).toBeLessThan(100); // the margins leave about 1 in 10^4 to the search
    } finally {
      toPrecision.mockRestore();
    }
  });

  it('writes what people expect', () => {
    expect([0.1, 1e-7, 1.5e-7, 123456792, 1e21, 2.5e25, -0.000001, 3.4028235e38, NaN, -Infinity].map(float32Text))
      .toEqual(['0.1', '1e-7', '1.5e-7', '123456790', '1e+21', '2.5e+25', '-0.000001', '3.4028235e+38', 'null', 'null']);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(-1 / 3))).toBe(-0.33333334);
    expect(shortestFloat32(16777217)).toBe(16777216);
    expect(shortestFloat32(3.4028234663852886e38)).toBe(3.4028235e38);
    expect(shortestFloat32(1.401298464324817e-45)).toBe(1e-45);
  });
});

describe('writeFloat32Row', () => {
  // every layout (0.000ddd, d.ddde-7, de+25, ddd000, dd.ddd), subnormals, powers of two, ±0, and weights
  const values = Float32Array.from([
    0, -0, 0.1, -0.5, 1e-7, -1.5e-7, 1.2345678e-12, 3e-45, -1.1754942e-38, 1e21, 2.5e25, -3.4028235e38, -1.2345679e20,
    123456792, 120, 1.5, -12.375, 16777216, 0.000001, 0.0000012345678, 0.001, 1024, 2 ** -20, 9.999999e-7,
    ...Array.from(random(20_000, 5), (b) => fromBits(b & 0xbfffffff)), ...Array.from(random(20_000, 6), (b) => ((b / 2 ** 32) - 0.5) * 0.2),
  ]);
  const json = (v: number): string => (v === 0 ? '0' : JSON.stringify(bySearch(v)));

  it("writes each value's shortest decimal as JSON.stringify does, within 24 bytes a value (Note [bytes past the end])", () => {
    const out = new Uint8Array(16 + 24 * values.length).fill(0xff);
    const end = writeFloat32Row(out, 8, new Uint32Array(values.buffer), 0, values.length, true);
    expect(new TextDecoder().decode(out.subarray(8, end))).toBe(Array.from(values, json).join(', '));
    expect(out.subarray(0, 8).every((b) => b === 0xff)).toBe(true);
    expect(out.subarray(8 + 24 * values.length).every((b) => b === 0xff)).toBe(true);
    const compact = writeFloat32Row(out, 0, new Uint32Array(values.buffer), 3, 9, false);
    expect(new TextDecoder().decode(out.subarray(0, compact))).toBe(Array.from(values.subarray(3, 9), json).join(','));
  });

  it('stops at a NaN or an infinity (JSON has none): -1', () => {
    const out = new Uint8Array(96);
    expect(writeFloat32Row(out, 0, new Uint32Array(new Float32Array([1, NaN, 2]).buffer), 0, 3, true)).toBe(-1);
    expect(writeFloat32Row(out, 0, new Uint32Array(new Float32Array([1, -Infinity]).buffer), 0, 2, true)).toBe(-1);
  });
});
