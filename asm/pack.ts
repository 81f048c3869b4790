// Packing op(A) and op(B) into the micro-kernel's panels (asm/micro.ts), where the transposes
// happen, and the area where the blocks of a product by columns share op(A) (Note [shared A]).
import { KC, MC, MR, NR } from './tiles';

// dst + q·dstStride ← column q of the 4 × 4 block whose rows start at src + r·srcStride (bytes).
// @ts-ignore: decorator
@inline function transpose4(dst: usize, dstStride: usize, src: usize, srcStride: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride), r3 = v128.load(src + 3 * srcStride);
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// op(A)(i, p): a is [m, k], or [k, m] when transposed.
function packA(dst: usize, a: usize, transA: bool, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const panel = dst + <usize>(ir * kc * 4);
    const i = i0 + ir;
    const rows = min(MR, m - i);
    if (transA && rows == MR) {
      // vector body: the MR rows of a panel are contiguous in a stored [k, m]
      for (let p = 0; p < kc; p++) {
        const src = a + <usize>(((p0 + p) * m + i) * 4);
        v128.store(panel + <usize>(p * MR * 4), v128.load(src));
        if (MR == 6) store<u64>(panel + <usize>(p * 24 + 16), load<u64>(src, 16));
        else store<f32>(panel + <usize>(p * 20 + 16), load<f32>(src, 16));
      }
      continue;
    }
    let pv = 0;
    if (rows == MR) {
      // vector body: rows 0..3 × 4 steps of k at a time, transposed in registers; rows 4, 5 by lane
      const src = a + <usize>((i * k + p0) * 4);
      const row = <usize>(k * 4);
      for (; pv + 4 <= kc; pv += 4) {
        const d = panel + <usize>(pv * MR * 4);
        const s = src + <usize>(pv * 4);
        transpose4(d, MR * 4, s, row);
        if (MR == 6) {
          // rows 4 and 5 interleaved: (r4[q], r5[q]) is step q's last pair
          const r4 = v128.load(s + 4 * row), r5 = v128.load(s + 5 * row);
          const lo = i32x4.shuffle(r4, r5, 0, 4, 1, 5), hi = i32x4.shuffle(r4, r5, 2, 6, 3, 7);
          v128.store_lane<u64>(d + 16, lo, 0);
          v128.store_lane<u64>(d + 40, lo, 1);
          v128.store_lane<u64>(d + 64, hi, 0);
          v128.store_lane<u64>(d + 88, hi, 1);
        } else {
          const r4 = v128.load(s + 4 * row);
          v128.store_lane<u32>(d + 16, r4, 0);
          v128.store_lane<u32>(d + 36, r4, 1);
          v128.store_lane<u32>(d + 56, r4, 2);
          v128.store_lane<u32>(d + 76, r4, 3);
        }
      }
    }
    for (let p = pv; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        let v: f32 = 0;
        if (r < rows) v = transA ? load<f32>(a + <usize>(((p0 + p) * m + i + r) * 4)) : load<f32>(a + <usize>(((i + r) * k + p0 + p) * 4));
        store<f32>(panel + <usize>((p * MR + r) * 4), v);
      }
    }
  }
}

// op(B)(p, j): b is [k, n], or [n, k] when transposed.
export function packB(dst: usize, b: usize, transB: bool, k: i32, n: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const panel = dst + <usize>(jr * kc * 4);
    const j = j0 + jr;
    const cols = min(NR, n - j);
    if (!transB && cols == NR) {
      for (let p = 0; p < kc; p++) {
        const src = b + <usize>(((p0 + p) * n + j) * 4);
        v128.store(panel + <usize>(p * 32), v128.load(src));
        v128.store(panel + <usize>(p * 32 + 16), v128.load(src, 16));
      }
      continue;
    }
    if (transB && cols == NR) {
      // 8 rows of a stored [n, k] become 8 columns: two 4 × 4 transposes per 4 steps of k, then a scalar tail
      const src = b + <usize>((j * k + p0) * 4);
      const row4 = <usize>(4 * k * 4);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4(panel + <usize>(p * 32), 32, src + <usize>(p * 4), <usize>(k * 4));
        transpose4(panel + <usize>(p * 32 + 16), 32, src + row4 + <usize>(p * 4), <usize>(k * 4));
      }
      for (; p < kc; p++) {
        for (let c = 0; c < NR; c++) store<f32>(panel + <usize>((p * NR + c) * 4), load<f32>(src + <usize>((c * k + p) * 4)));
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let c = 0; c < NR; c++) {
        let v: f32 = 0;
        if (c < cols) v = transB ? load<f32>(b + <usize>(((j + c) * k + p0 + p) * 4)) : load<f32>(b + <usize>(((p0 + p) * n + j + c) * 4));
        store<f32>(panel + <usize>((p * NR + c) * 4), v);
      }
    }
  }
}

// Note [shared A]: a product shared by columns gives each thread blocks of all m rows, and every
// block packed all of op(A) again: a product in 15 blocks packed A 15 times, and its narrowest
// blocks were the slowest (bench/notes.md, Note [shared A]). With a shared area,
// each KC × MC slice of op(A) is packed once per product, into the area, by the first thread to
// claim it (a flag per slice: 0 free, 1 being packed, 2 ready); a thread that finds a slice ready
// reads it there, and one that finds it being packed packs its own copy into its scratch rather
// than wait, so no thread ever waits for another. The area is op(A) padded to whole tiles, slice
// (pc, ic) at pc·mPad + ic·kc floats, after one i32 flag per slice. Same packing, so the same bits.

/** Flags before a shared area's packed A: one per KC × MC slice, in bytes rounded to 16. */
function shareFlagBytes(m: i32, k: i32): i32 {
  return ((((k + KC - 1) / KC) * ((m + MC - 1) / MC) * 4) + 15) & ~15;
}

/** Bytes of the shared area of an m-row, k-deep op(A) (Note [shared A]). */
export function matmulShareBytes(m: i32, k: i32): i32 {
  return shareFlagBytes(m, k) + ((m + MR - 1) / MR) * MR * k * 4;
}

/** Marks every slice of a shared area free: called once before each product that uses it. */
export function matmulShareBegin(shared: usize, m: i32, k: i32): void {
  memory.fill(shared, 0, <usize>shareFlagBytes(m, k));
}

// The packed slice (pc, ic) of op(A): the shared area's when it is ready or this thread claims it
// (then packed there), else `own` with a copy packed into it, as always without an area (0; Note
// [shared A]).
export function packedSlice(shared: usize, own: usize, a: usize, transA: bool, m: i32, k: i32, ic: i32, mc: i32, pc: i32, kc: i32): usize {
  if (ASC_FEATURE_THREADS && shared) {
    const flag = shared + <usize>(((pc / KC) * ((m + MC - 1) / MC) + ic / MC) * 4);
    const mPad = ((m + MR - 1) / MR) * MR;
    const slice = shared + <usize>shareFlagBytes(m, k) + <usize>((pc * mPad + ic * kc) * 4);
    const state = atomic.load<i32>(flag);
    if (state == 2) return slice;
    if (state == 0 && atomic.cmpxchg<i32>(flag, 0, 1) == 0) {
      packA(slice, a, transA, m, k, ic, mc, pc, kc);
      atomic.store<i32>(flag, 2);
      return slice;
    }
  }
  packA(own, a, transA, m, k, ic, mc, pc, kc);
  return own;
}
