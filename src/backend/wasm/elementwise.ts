/** The WebAssembly kernel set's element-wise kernels, reductions and copies. */
import { jsKernels } from '../js/index.js';
import type { Kernels, ReduceOp } from '../kernels.js';
import { BINARY, MODE, UNARY, UNARY_BACK, UNARY_EXP } from './codes.js';
import { f32, SMALL, THREAD_MIN_ROWS, type WasmContext } from './context.js';

/** The element-wise kernels over the module (asm/elementwise.ts, asm/transcendental.ts). */
export function elementwiseKernels({ ex, heap, pool }: WasmContext): Pick<Kernels, 'fill' | 'copy' | 'gatherRows' | 'affine' | 'axpy' | 'unary'
  | 'unaryBackward' | 'binary' | 'reduce' | 'sumSquares' | 'allFinite'> {
  return {
    // Note [bulk moves]: a TypedArray's fill and set on shared memory take V8's slow path (every
    // word an atomic store), about ten times slower than on private memory (bench/notes.md, Note
    // [bulk moves]). Heap buffers are filled and copied by the module instead; others by the
    // reference kernels.
    fill(out, value) {
      const po = f32(out) && out.length >= SMALL ? heap.pointerOf(out) : -1;
      if (po < 0) return jsKernels.fill(out, value);
      ex.fill(po, value, out.length);
      return out;
    },
    copy(out, x) {
      const ok = f32(out) && f32(x) && x.length >= SMALL && x.length <= out.length;
      const po = ok ? heap.pointerOf(out) : -1;
      const px = po >= 0 ? heap.pointerOf(x) : -1;
      if (px < 0) return jsKernels.copy(out, x);
      ex.copy(po, px, x.length);
      return out;
    },
    gatherRows(out, x, order, start, rows, cols) {
      // rows gathered in the module when all three live in the heap (a batch's own copy of its
      // data, Note [batches from the heap] in train/batches.ts); else by the reference kernel
      const po = rows * cols >= SMALL ? heap.pointerOf(out) : -1;
      const px = po >= 0 ? heap.pointerOf(x) : -1;
      const pr = px >= 0 ? heap.pointerOf(order) : -1;
      if (pr < 0) return jsKernels.gatherRows(out, x, order, start, rows, cols);
      // shared when large (a copy beside the workers runs inside a job: pool.wanted() is false then)
      if (pool && rows > 1 && rows * cols >= THREAD_MIN_ROWS && pool.wanted()) {
        pool.gatherRows(ex, po, px, pr + 4 * start, rows, cols);
      } else {
        ex.gatherRows(po, px, pr + 4 * start, rows, cols);
      }
      return out;
    },
    affine(out, x, a, b) {
      if (!f32(out) || !f32(x) || x.length < SMALL) return jsKernels.affine(out, x, a, b);
      heap.begin();
      const px = heap.input(x);
      const po = out === x ? px : heap.output(out);
      ex.affine(po, px, x.length, a, b);
      heap.finish(out, po);
      return out;
    },
    axpy(out, a, x) {
      if (!f32(out) || !f32(x) || x.length < SMALL) return jsKernels.axpy(out, a, x);
      heap.begin();
      const px = heap.input(x);
      const po = out === x ? px : heap.input(out);
      ex.axpy(po, a, px, x.length);
      heap.finish(out, po);
      return out;
    },
    unary(op, out, x) {
      const code = UNARY[op];
      const expCode = UNARY_EXP[op];
      if ((code === undefined && expCode === undefined) || !f32(out) || !f32(x)) return jsKernels.unary(op, out, x);
      heap.begin();
      const px = heap.input(x);
      const po = out === x ? px : heap.output(out);
      if (code !== undefined) ex.unary(code, po, px, x.length);
      else ex.unaryExp(expCode as number, po, px, x.length);
      heap.finish(out, po);
      return out;
    },
    unaryBackward(op, out, x, y, dy) {
      const code = UNARY_BACK[op];
      if (code === undefined || !f32(out) || !f32(x) || !f32(y) || !f32(dy)) return jsKernels.unaryBackward(op, out, x, y, dy);
      heap.begin();
      const px = heap.input(x);
      const py = y === x ? px : heap.input(y);
      const pdy = heap.input(dy);
      const po = out === dy ? pdy : out === x ? px : out === y ? py : heap.output(out);
      ex.unaryBackward(code, po, px, py, pdy, dy.length);
      heap.finish(out, po);
      return out;
    },
    binary(op, out, a, aMode, b, bMode, m, n) {
      const code = BINARY[op];
      if (code === undefined || !f32(out) || !f32(a) || !f32(b) || m * n < SMALL) return jsKernels.binary(op, out, a, aMode, b, bMode, m, n);
      heap.begin();
      const pa = heap.input(a);
      const pb = b === a ? pa : heap.input(b);
      const po = out === a ? pa : out === b ? pb : heap.output(out);
      ex.binary(code, po, pa, MODE[aMode], pb, MODE[bMode], m, n);
      heap.finish(out, po);
      return out;
    },
    reduce(op: ReduceOp, out, x, outer, dim, inner) {
      // narrow sums (a loss, a one-unit bias) in float64 by the reference kernel, as asm/dense.ts mirrors
      if (op !== 'sum' || !f32(out) || !f32(x) || inner < 4) return jsKernels.reduce(op, out, x, outer, dim, inner);
      heap.begin();
      const px = heap.input(x);
      const po = heap.output(out);
      ex.reduceSum(po, px, outer, dim, inner);
      heap.finish(out, po);
      return out;
    },
    sumSquares(x) {
      if (!f32(x) || x.length < SMALL) return jsKernels.sumSquares(x);
      heap.begin();
      return ex.sumSquares(heap.input(x), x.length);
    },
    allFinite(x) {
      if (!f32(x) || x.length < SMALL) return jsKernels.allFinite(x);
      heap.begin();
      return ex.allFinite(heap.input(x), x.length) === 1;
    },
  };
}
