// A weight gradient of a deep k cut along k into its KC slices, summed apart by the threads and
// then added in order (Note [depth split]).
import { product } from './matmul';
import { KC } from './tiles';

// Note [depth split]: Xᵀ·dY, a weight gradient, has k = the rows of the batch: with a full batch of
// 20,000 rows and a 32-64 layer, out is 32 × 64 and k 20,000. Blocks of out's rows or columns are
// few and each reads all of the other operand again (bench/notes.md, Note [depth split]). Such a
// product is cut along k instead: each KC slice of k is summed alone, into its
// own part (a slice of a stored [k, m] A and [k, n] b is a plain offset into them), and the parts
// are then added in order of their slices. One thread sums slice 0 into out and adds each further
// slice to it (s0 + s1, then + s2, ...): the same additions of the same slice sums, so the same bits.

/** The KC slices of a k-deep product (Note [depth split]). */
export function matmulSlices(k: i32): i32 {
  return (k + KC - 1) / KC;
}

/**
 * Slices s0..s1 of out[m, n] = a[k, m]ᵀ · b[k, n], slice s (KC values of k from s·KC) summed alone into
 * parts + s·m·n floats (Note [depth split]); `scratch` holds {@link matmulScratchBytes} bytes.
 */
export function matmulSliceParts(parts: usize, a: usize, b: usize, m: i32, k: i32, n: i32, scratch: usize, s0: i32, s1: i32): void {
  const size = <usize>m * <usize>n;
  for (let s = s0; s < s1; s++) {
    const pc = s * KC;
    product(parts + ((<usize>s * size) << 2), a + ((<usize>pc * <usize>m) << 2), b + ((<usize>pc * <usize>n) << 2),
      m, min(KC, k - pc), n, true, false, scratch, 0, m, 0, n, 0);
  }
}

/**
 * out[i] = parts[0][i] + parts[1][i] + ... + parts[slices − 1][i], added in that order, for the
 * `size` values of each part (Note [depth split]).
 */
export function matmulSliceSum(out: usize, parts: usize, slices: i32, size: i32): void {
  const stride = <usize>size << 2;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    let p = parts + (<usize>i << 2);
    let s = v128.load(p);
    for (let t = 1; t < slices; t++) {
      p += stride;
      s = f32x4.add(s, v128.load(p));
    }
    v128.store(out + (<usize>i << 2), s);
  }
  for (; i < size; i++) {
    let p = parts + (<usize>i << 2);
    let s = load<f32>(p);
    for (let t = 1; t < slices; t++) {
      p += stride;
      s += load<f32>(p);
    }
    store<f32>(out + (<usize>i << 2), s);
  }
}
