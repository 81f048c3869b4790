/** The WebAssembly kernel set's matrix product: dense, over op(A)'s non-zero values, or shared by the threads. */
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import type { ProductAfter } from '../threads/pool.js';
import { f32, THREAD_MIN_WORK, type WasmContext } from './context.js';

/**
 * A product with at least this many multiply-adds and columns is looked at for zeros in op(A)
 * (Note [zeros in A] in asm/sparse.ts): the look reads 32 to 63 rows of a, all of b when enough of
 * them are 0, and the first 64 rows' places of non-zero values to decide on pairing them (Note
 * [pairing rows]): about 1 % of a large product's time (bench/notes.md, SPARSE_MIN_WORK).
 */
const SPARSE_MIN_WORK = 1 << 16;
const SPARSE_MIN_COLS = 32;

/** The matmul kernel over the module (asm/matmul.ts, asm/sparse.ts) and the pool. */
export function productKernels(ctx: WasmContext): Pick<Kernels, 'matmul' | 'matmulFinite'> {
  const { heap, ex } = ctx;
  return {
    matmul(out, a, b, m, k, n, transA, transB) {
      if (!f32(out) || !f32(a) || !f32(b)) return jsKernels.matmul(out, a, b, m, k, n, transA, transB);
      heap.begin();
      const pa = heap.input(a);
      const pb = heap.input(b);
      const po = heap.output(out);
      productAt(ctx, po, pa, pb, m, k, n, transA, transB);
      heap.finish(out, po);
      return out;
    },
    matmulFinite(out, a, b, m, k, n, transA, transB) {
      if (!f32(out) || !f32(a) || !f32(b)) return jsKernels.allFinite(jsKernels.matmul(out, a, b, m, k, n, transA, transB));
      heap.begin();
      const pa = heap.input(a);
      const pb = heap.input(b);
      const po = heap.output(out);
      // checked by the product's blocks where it is shared over op(A)'s non-zero values (Note
      // [checks in the product's blocks] in threads/pool.ts), else here
      const check = { finite: true };
      const finite = productAt(ctx, po, pa, pb, m, k, n, transA, transB, check) ? check.finite : ex.allFinite(po, m * n) === 1;
      heap.finish(out, po);
      return finite;
    },
  };
}

// Note [small products beside a task]: a product too small to share (THREAD_MIN_WORK) runs on the
// caller alone, the worker idle meanwhile. When the caller has a task to run beside the workers
// (a training step's gradient for the layer below, Note [gradients side by side] in
// train/dense-step.ts), such a product is one block a worker takes while the caller runs the task:
// the two run at once instead of one after the other (bench/notes.md, Note [small products beside
// a task]). One block: the same bits as on the caller.

/** A product of at least this many multiply-adds goes to a worker when the caller has a task beside it. */
const BESIDE_MIN_WORK = 1 << 16;

/**
 * out = op(a)·op(b) on heap pointers (out[m, n], a[m, k] or [k, m] with transA, b[k, n] or [n, k]
 * with transB): densely or over op(A)'s non-zero values, on the threads when it is large enough.
 * The convolution kernels (window.ts) call it on their window rows. Given `after`, a product shared
 * by the threads over op(A)'s non-zero values also applies a layer's bias and activation, or checks
 * that out is finite, in its blocks (Notes [bias in the product's blocks], [checks in the product's
 * blocks] in threads/pool.ts); returns whether it did.
 */
export function productAt({ ex, pool, scratch }: WasmContext, po: number, pa: number, pb: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, after?: ProductAfter): boolean {
  const look = !transB && n >= SPARSE_MIN_COLS && m * k * n >= SPARSE_MIN_WORK;
  const shared = pool !== null && m * k * n >= THREAD_MIN_WORK && Math.max(m, n) >= 16 && pool.wanted();
  if (shared) {
    // on the threads only the zeros are sampled here: b's check and copy and the pairing are the
    // job's first blocks (Note [the look on the threads] in asm/sparse.ts)
    return pool.matmul(ex, po, pa, pb, m, k, n, transA, transB, look && ex.matmulSparseZeros(pa, m, k, transA ? 1 : 0) !== 0, after);
  }
  const sparse = look ? ex.matmulSparse(pa, pb, m, k, n, transA ? 1 : 0, scratch) : 0;
  if (pool && sparse === 0 && m * k * n >= BESIDE_MIN_WORK && m * k * n < THREAD_MIN_WORK && pool.hasTask() && pool.wanted(true)) {
    pool.matmulBeside(ex, po, pa, pb, m, k, n, transA, transB);
  } else if (sparse > 0) {
    ex.matmulSparseRows(po, pa, pb, m, k, n, transA ? 1 : 0, sparse === 2 ? 1 : 0, scratch, 0, m, 0);
  } else {
    ex.matmulBlock(po, pa, pb, m, k, n, transA ? 1 : 0, transB ? 1 : 0, scratch, 0, m, 0, n);
  }
  return false;
}
