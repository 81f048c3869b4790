// Products too small to pack, each 4-column group of out summed straight from a and b (Note [small
// products]).
import { madd } from './simd';
import { KC, SMALL_WORK } from './tiles';

// Note [small products]: below SMALL_WORK multiply-adds (one KC slice), packing for the
// micro-kernel costs more than the arithmetic, so each 4-column group of out is summed straight
// from a and b. Each value is the same chain of madd over p = 0..k−1 from zero, in the same lanes'
// instruction, as the micro-kernel's, so the two give the same bits (which the fused dense step
// relies on, Note [fused dense step]). When op(b)'s rows cannot be loaded as vectors (b transposed,
// or a last group narrower than 4) and more than one row of out reads them, op(b) is first copied
// into `packed`, zero-padded to whole groups: one copy instead of lane-by-lane gathers per row.

/**
 * Whether a rows × cols block of a k-deep product is summed straight from a and b (Note [small
 * products]). The work is counted in i64: in i32, 2048 × 2048 × 512 is 2^31, which wraps to a
 * negative count and sent such products down this unblocked path.
 */
export function matmulIsSmall(rows: i32, cols: i32, k: i32): bool {
  return k > 0 && k <= KC && <i64>rows * <i64>cols * <i64>k <= SMALL_WORK;
}

// the address of op(b)(p, j)
// @ts-ignore: decorator
@inline function bAt(b: usize, transB: bool, k: i32, n: i32, p: i32, j: i32): usize {
  return b + <usize>((transB ? j * k + p : p * n + j) * 4);
}

// op(b)(p, j..j+3) as a vector, zero from column `end`
// @ts-ignore: decorator
@inline function bRow(b: usize, transB: bool, k: i32, n: i32, end: i32, p: i32, j: i32): v128 {
  if (!transB && j + 4 <= end) return v128.load(bAt(b, false, k, n, p, j));
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(bAt(b, transB, k, n, p, j)));
  if (j + 1 < end) v = f32x4.replace_lane(v, 1, load<f32>(bAt(b, transB, k, n, p, j + 1)));
  if (j + 2 < end) v = f32x4.replace_lane(v, 2, load<f32>(bAt(b, transB, k, n, p, j + 2)));
  if (j + 3 < end) v = f32x4.replace_lane(v, 3, load<f32>(bAt(b, transB, k, n, p, j + 3)));
  return v;
}

// out[i, j..j+3] (the first `end − j` of them) from the accumulator, plus bias[j..j+3] unless
// bias is 0: one float32 addition after the sum, as a separate bias add would round it
// @ts-ignore: decorator
@inline function storeGroup(out: usize, n: i32, i: i32, j: i32, end: i32, acc: v128, bias: usize): void {
  const o = out + <usize>((i * n + j) * 4);
  if (j + 4 <= end) {
    v128.store(o, bias ? f32x4.add(acc, v128.load(bias + <usize>(j * 4))) : acc);
    return;
  }
  if (bias) {
    // a partial group: only the biases that exist are read
    const b = bias + <usize>(j * 4);
    acc = f32x4.replace_lane(acc, 0, f32x4.extract_lane(acc, 0) + load<f32>(b));
    if (j + 1 < end) acc = f32x4.replace_lane(acc, 1, f32x4.extract_lane(acc, 1) + load<f32>(b, 4));
    if (j + 2 < end) acc = f32x4.replace_lane(acc, 2, f32x4.extract_lane(acc, 2) + load<f32>(b, 8));
  }
  store<f32>(o, f32x4.extract_lane(acc, 0));
  if (j + 1 < end) store<f32>(o, f32x4.extract_lane(acc, 1), 4);
  if (j + 2 < end) store<f32>(o, f32x4.extract_lane(acc, 2), 8);
}

export function matmulSmall(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, packed: usize, bias: usize): void {
  // op(a)(i, p) is at a + i·aRow + p·aStep
  const aRow = <usize>(transA ? 4 : k * 4);
  const aStep = <usize>(transA ? m * 4 : 4);
  if (i1 - i0 > 1 && (transB || ((j1 - j0) & 3) != 0)) {
    // op(b)[p, j0..j1) as k rows of `groups` vectors
    const groups = (j1 - j0 + 3) >> 2;
    const row = <usize>(groups << 4);
    for (let p = 0; p < k; p++) {
      for (let g = 0; g < groups; g++) v128.store(packed + <usize>p * row + <usize>(g << 4), bRow(b, transB, k, n, j1, p, j0 + (g << 2)));
    }
    for (let i = i0; i < i1; i++) {
      for (let g = 0; g < groups; g++) {
        let acc = f32x4.splat(0);
        let ap = a + <usize>i * aRow;
        let bp = packed + <usize>(g << 4);
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), v128.load(bp), acc);
          ap += aStep;
          bp += row;
        }
        storeGroup(out, n, i, j0 + (g << 2), j1, acc, bias);
      }
    }
    return;
  }
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j += 4) {
      let acc = f32x4.splat(0);
      let ap = a + <usize>i * aRow;
      if (!transB && j + 4 <= j1) {
        let bp = b + <usize>(j * 4);
        const bStep = <usize>(n * 4);
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), v128.load(bp), acc);
          ap += aStep;
          bp += bStep;
        }
      } else {
        for (let p = 0; p < k; p++) {
          acc = madd(v128.load32_splat(ap), bRow(b, transB, k, n, j1, p, j), acc);
          ap += aStep;
        }
      }
      storeGroup(out, n, i, j, j1, acc, bias);
    }
  }
}
