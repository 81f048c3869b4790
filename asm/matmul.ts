// Blocked, register-tiled matrix product (Goto's scheme): a KC-deep slice of op(B) is packed into
// NR-wide column panels, an MC-tall slice of op(A) into MR-tall row panels, and an MR × 8
// micro-kernel keeps its accumulators in registers while it walks k. Packing is where the transposes
// happen, so all three forms of a dense layer (x·W, dY·Wᵀ, Xᵀ·dY) share one micro-kernel. Edge
// panels are zero-padded; the micro-kernel's tail stores only the rows and columns that exist.
// The forms of a product that skip packing are in asm/small.ts, asm/outer.ts (thin and narrow) and
// asm/tall.ts; the tile constants in asm/tiles.ts; a product cut along k in asm/depth.ts.
import { binary } from './elementwise';
import { micro } from './micro';
import { narrow, thin } from './outer';
import { packB, packedSlice } from './pack';
import { matmulIsSmall, matmulSmall } from './small';
import { tall } from './tall';
import { DIRECT_B, DIRECT_ROWS, KC, MC, MR, NC, NR } from './tiles';

/**
 * out[i0..i1, j0..j1] of out[m, n] = op(a)[m, k] · op(b)[k, n]. A thread computes one block of
 * rows or columns; `scratch` holds {@link matmulScratchBytes} bytes of its own.
 */
export function matmulBlock(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, i0: i32, i1: i32, j0: i32, j1: i32): void {
  product(out, a, b, m, k, n, transA, transB, scratch, i0, i1, j0, j1, 0);
}

/**
 * Columns j0..j1 of out[m, n] = op(a)[m, k] · op(b)[k, n], all rows, with op(A) packed once for
 * every block of the product in `shared` ({@link matmulShareBytes} bytes, marked free by
 * {@link matmulShareBegin} before the product; Note [shared A]).
 */
export function matmulColumns(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, j0: i32, j1: i32, shared: usize): void {
  product(out, a, b, m, k, n, transA, transB, scratch, 0, m, j0, j1, shared);
}

export function product(out: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  scratch: usize, i0: i32, i1: i32, j0: i32, j1: i32, shared: usize): void {
  const packedA = scratch;
  const packedB = scratch + <usize>(MC * KC * 4);
  const spill = packedB + <usize>(KC * NC * 4);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(out + <usize>((i * n + j0) * 4), 0, <usize>((j1 - j0) * 4));
    return;
  }
  if (matmulIsSmall(i1 - i0, j1 - j0, k)) {
    matmulSmall(out, a, b, m, k, n, transA, transB, i0, i1, j0, j1, packedB, 0);
    return;
  }
  if (!transB && i1 - i0 < MR) {
    thin(out, a, b, m, k, n, transA, i0, i1, j0, j1);
    return;
  }
  if (transA && !transB && n <= 4) {
    narrow(out, a, b, m, k, n, i0, i1);
    return;
  }
  if (!transA && !transB && n <= 2) {
    tall(out, a, b, m, k, n, i0, i1);
    return;
  }
  // Note [B in place]: a b of up to DIRECT_B values, not transposed, is read where it lies: step p
  // of a column panel is 8 floats of row p, one row of b further each step. It stays in L2 across
  // the product, so packing it only copied it (each block of rows packed all of dY again). A b
  // that does not fit L2 beside the packed A block (DIRECT_B was 1 MiB, a Zen 5's L2; a Zen 3's is
  // 512 KiB) came from L3 a line a step for every tile of rows: packed, it is read once a slice;
  // a last panel narrower than 8 is still packed, zero-padded, as the others are never read past
  // the matrix. The same values meet in the same order, so the result has the same bits.
  // A larger b is read in place too when the block has at most DIRECT_ROWS rows: packing costs a
  // load and a store of every value of b, which so few row tiles do not win back; more rows than
  // that, b is packed (read in place they are no faster, and all of a large product slower;
  // bench/notes.md, Note [B in place]).
  const direct = !transB && (k * n <= DIRECT_B || i1 - i0 <= DIRECT_ROWS);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    const whole = nc & ~(NR - 1);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      if (!direct) packB(packedB, b, transB, k, n, pc, kc, jc, nc);
      else if (whole < nc) packB(packedB + <usize>(whole * kc * 4), b, false, k, n, pc, kc, jc + whole, nc - whole);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        const ap = packedSlice(shared, packedA, a, transA, m, k, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const inPlace = direct && jr < whole;
          const bp = inPlace ? b + <usize>((pc * n + jc + jr) * 4) : packedB + <usize>(jr * kc * 4);
          const bStride = inPlace ? <usize>(n * 4) : 32;
          for (let ir = 0; ir < mc; ir += MR) {
            const o = out + <usize>(((ic + ir) * n + jc + jr) * 4);
            micro(o, n, ap + <usize>(ir * kc * 4), bp, bStride, kc, pc > 0, min(MR, mc - ir), cols, spill);
          }
        }
      }
    }
  }
}

/**
 * out[m, n] = a[m, k] · b[k, n] + bias[n] (each row), for the fused dense step: a small product
 * adds the bias as it stores each value, a larger one is followed by the bias add; either way the
 * same bits as the product then binary's row add (asm/elementwise.ts).
 */
export function matmulBias(out: usize, a: usize, b: usize, bias: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  if (matmulIsSmall(m, n, k)) {
    matmulSmall(out, a, b, m, k, n, false, false, 0, m, 0, n, scratch + <usize>(MC * KC * 4), bias);
    return;
  }
  matmulBlock(out, a, b, m, k, n, false, false, scratch, 0, m, 0, n);
  binary(0, out, out, 0, bias, 1, m, n);
}
