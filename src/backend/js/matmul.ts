import type { Data } from '../kernels.js';

/**
 * Reference matrix product, out[m, n] = op(a)[m, k] · op(b)[k, n]. Loops are ordered so the
 * innermost one walks memory contiguously in each of the four layouts.
 */
export function matmul(out: Data, a: Data, b: Data, m: number, k: number, n: number, transA: boolean, transB: boolean): Data {
  if (!transB) {
    out.fill(0, 0, m * n);
    // out[i, :] += a(i, p) · b[p, :], contiguous in b and out
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let p = 0; p < k; p++) {
        // every term, zeros too: 0 · Inf is NaN here as in the other layouts and kernel sets
        const aip = transA ? a[p * m + i] : a[i * k + p];
        const bp = p * n;
        for (let j = 0; j < n; j++) out[o + j] += aip * b[bp + j];
      }
    }
    return out;
  }
  // b stored [n, k]: out[i, j] = Σ_p a(i, p) · b[j, p], a dot product along contiguous rows
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const bj = j * k;
      if (transA) for (let p = 0; p < k; p++) s += a[p * m + i] * b[bj + p];
      else {
        const ai = i * k;
        for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      }
      out[i * n + j] = s;
    }
  }
  return out;
}
