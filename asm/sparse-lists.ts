// The lists of op(A)'s non-zero values a product over them walks (Note [lists from bit masks]).

// Note [lists from bit masks]: a list was made a value at a time, each compared with 0 (V8's
// scalar float compare and its NaN branch) and written whether kept or not: a visible share of a
// sparse layer's time. Where op(A)'s rows are contiguous, 16 values are compared at once and
// narrowed to a 16-bit mask, and only the set bits are visited (count trailing zeros, clear the
// lowest). Elsewhere (a transposed A, a last few values) the values are tested as integers, their
// bits without the sign, and a transposed A's neighbouring rows (the unpaired mode's pairs) give
// both values of a step in one 8-byte load. Each is faster (bench/notes.md, Note [lists from bit
// masks]). The same entries in the same order, so the same sums.

// 16 values at q: a lane of 0xff for each that is not ±0 (NaN included), in order
// @ts-ignore: decorator
@inline export function nonZero16(q: usize, zero: v128): v128 {
  const lo = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(q), zero), f32x4.ne(v128.load(q, 16), zero));
  const hi = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(q, 32), zero), f32x4.ne(v128.load(q, 48), zero));
  return i8x16.narrow_i16x8_s(lo, hi);
}

// The list of a KC slice [pc, pc + kc) of row i of op(A), or of rows i and i2 (`pair`, a
// constant where inlined): (value, byte offset of b's row), or (value, value in row i2, offset),
// every entry written and the end moved on past those with a non-zero value; returns the end
// @ts-ignore: decorator
@inline export function listOf(pair: bool, a: usize, aRow: usize, aStep: usize, i: i32, i2: i32, pc: i32, kc: i32, bRow: usize, list: usize): usize {
  let ap = a + <usize>i * aRow + <usize>pc * aStep;
  let ap2 = a + <usize>i2 * aRow + <usize>pc * aStep;
  let bp = <usize>pc * bRow;
  let end = list;
  let p = 0;
  if (aStep == 4) {
    // Note [lists from bit masks]: 16 values at a time, the places of the non-zero ones as a bit
    // mask (four comparisons narrowed to one), then an entry for each set bit, lowest first
    const zero = f32x4.splat(0);
    for (; p + 16 <= kc; p += 16) {
      let set = nonZero16(ap, zero);
      if (pair) set = v128.or(set, nonZero16(ap2, zero));
      let bits = i8x16.bitmask(set);
      while (bits != 0) {
        const t = <usize>ctz(bits);
        bits &= bits - 1;
        store<f32>(end, load<f32>(ap + (t << 2)));
        if (pair) {
          store<f32>(end, load<f32>(ap2 + (t << 2)), 4);
          store<u32>(end, <u32>(bp + t * bRow), 8);
          end += 12;
        } else {
          store<u32>(end, <u32>(bp + t * bRow), 4);
          end += 8;
        }
      }
      ap += 64;
      ap2 += 64;
      bp += bRow << 4;
    }
  }
  if (pair && aRow == 4 && i2 == i + 1) {
    // a transposed A's neighbouring rows: both values of a step are one 8-byte word, written as
    // it is; a value is ±0 when its bits without the sign are 0
    for (; p < kc; p++) {
      const x = load<u64>(ap);
      store<u64>(end, x);
      store<u32>(end, <u32>bp, 8);
      end += select<usize>(12, 0, (x & 0x7fffffff7fffffff) != 0);
      ap += aStep;
      bp += bRow;
    }
    return end;
  }
  for (; p < kc; p++) {
    // the bits, compared as integers: no float compare and NaN branch (a value is ±0 when its
    // bits without the sign are 0)
    const v = load<u32>(ap);
    store<u32>(end, v);
    if (pair) {
      const u = load<u32>(ap2);
      ap2 += aStep;
      store<u32>(end, u, 4);
      store<u32>(end, <u32>bp, 8);
      end += select<usize>(12, 0, ((v | u) << 1) != 0);
    } else {
      store<u32>(end, <u32>bp, 4);
      end += select<usize>(8, 0, (v << 1) != 0);
    }
    ap += aStep;
    bp += bRow;
  }
  return end;
}
