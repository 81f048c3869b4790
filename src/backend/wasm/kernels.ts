/**
 * The WebAssembly SIMD kernel set. Each kernel resolves its operands to heap pointers (copying
 * only operands that live outside the heap) and makes one call into the module. Float64 data and
 * the functions without a vector body here (log, sqrt, sin, cos, step, pow, softmax's backward,
 * the binary cross-entropy, max reductions) run the reference kernels, which
 * work on heap views like on any array; a layer's bias and activation without a body are this
 * set's own separate calls.
 */
import { jsKernels } from '../js/index.js';
import type { Data, Kernels, ReduceOp, UpdateParams, UpdateRule } from '../kernels.js';
import type { ThreadPool } from '../threads/pool.js';
import { composedBias } from '../js/bias.js';
import { BINARY, forwardCode, MODE, UNARY, UNARY_BACK, UNARY_EXP } from './codes.js';
import type { WasmExports } from './exports.js';
import type { Heap } from './heap.js';

/** Below this many multiply-adds a product stays on one thread (waking workers costs more). */
export const THREAD_MIN_WORK = 1 << 20;
/**
 * A product with at least this many multiply-adds and columns is looked at for zeros in op(A)
 * (Note [zeros in A] in asm/sparse.ts): the look reads 32 to 63 rows of a, all of b when enough of
 * them are 0, and the first 64 rows' places of non-zero values to decide on pairing them (Note
 * [pairing rows]): 0.023 ms for W4's 1000 × 784 × 256 layer, whose product takes 2.4.
 */
const SPARSE_MIN_WORK = 1 << 16;
const SPARSE_MIN_COLS = 32;
/**
 * Below this many values a bias and activation stays on one thread (W4's 1000 × 256 ReLU layer:
 * 100 µs on one thread); a softmax, below a tenth of it.
 */
export const THREAD_MIN_ROWS = 1 << 16;
/** Below this many parameters an Adam update stays on one thread. */
const THREAD_MIN_UPDATE = 1 << 16;
/**
 * Below this many values an element-wise kernel is not worth a call into the module. Only for
 * kernels whose reference gives the same bits (a single rounding) or that the fused dense step does
 * not use: every float32 matmul, unary and unary backward runs here whatever its size, so that the
 * fused step (asm/dense.ts) and the per-op path agree bit for bit (Note [fused dense step]).
 */
const SMALL = 16;
/** Below this many parameters an update is cheaper in JavaScript than four operands resolved and a call. */
const SMALL_UPDATE = 64;

const f32 = (x: Data): x is Float32Array => x instanceof Float32Array;

/** Builds the kernel list over one module instance, its heap and an optional thread pool. */
export function wasmKernels(ex: WasmExports, heap: Heap, pool: ThreadPool | null, scratch: number): Kernels {
  const matmul = (out: Data, a: Data, b: Data, m: number, k: number, n: number, transA: boolean, transB: boolean): Data => {
    if (!f32(out) || !f32(a) || !f32(b)) return jsKernels.matmul(out, a, b, m, k, n, transA, transB);
    heap.begin();
    const pa = heap.input(a);
    const pb = heap.input(b);
    const po = heap.output(out);
    const sparse = !transB && n >= SPARSE_MIN_COLS && m * k * n >= SPARSE_MIN_WORK ? ex.matmulSparse(pa, pb, m, k, n, transA ? 1 : 0, scratch) : 0;
    if (pool && m * k * n >= THREAD_MIN_WORK && Math.max(m, n) >= 16 && pool.wanted()) {
      pool.matmul(ex, po, pa, pb, m, k, n, transA, transB, sparse);
    } else if (sparse > 0) {
      ex.matmulSparseRows(po, pa, pb, m, k, n, transA ? 1 : 0, sparse === 2 ? 1 : 0, scratch, 0, m);
    } else {
      ex.matmulBlock(po, pa, pb, m, k, n, transA ? 1 : 0, transB ? 1 : 0, scratch, 0, m, 0, n);
    }
    heap.finish(out, po);
    return out;
  };

  const set: Kernels = {
    ...jsKernels,
    matmul,
    // Note [bulk moves]: a TypedArray's fill and set on shared memory take V8's slow path (every
    // word an atomic store): fill(0) of 1 MB takes 64 µs there and 6.5 µs on private memory. Heap
    // buffers are filled and copied by the module instead; others by the reference kernels.
    fill(out, value) {
      if (!f32(out) || out.length < SMALL || !heap.holds(out)) return jsKernels.fill(out, value);
      ex.fill(out.byteOffset, value, out.length);
      return out;
    },
    copy(out, x) {
      if (!f32(out) || !f32(x) || x.length < SMALL || x.length > out.length || !heap.holds(out) || !heap.holds(x)) return jsKernels.copy(out, x);
      ex.copy(out.byteOffset, x.byteOffset, x.length);
      return out;
    },
    gatherRows(out, x, order, start, rows, cols) {
      // rows gathered in the module when all three live in the heap (a batch's own copy of its
      // data, Note [batches from the heap] in train/batches.ts); else by the reference kernel
      if (rows * cols < SMALL || !heap.holds(out) || !heap.holds(x) || !heap.holds(order)) return jsKernels.gatherRows(out, x, order, start, rows, cols);
      // shared when large (a copy beside the workers runs inside a job: pool.wanted() is false then)
      if (pool && rows > 1 && rows * cols >= THREAD_MIN_ROWS && pool.wanted()) {
        pool.gatherRows(ex, out.byteOffset, x.byteOffset, order.byteOffset + 4 * start, rows, cols);
      } else {
        ex.gatherRows(out.byteOffset, x.byteOffset, order.byteOffset + 4 * start, rows, cols);
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
    softmax(out, x, m, n) {
      if (!f32(out) || !f32(x)) return jsKernels.softmax(out, x, m, n);
      heap.begin();
      const px = heap.input(x);
      const po = out === x ? px : heap.output(out);
      // softmax costs about ten times a bias and activation per value
      if (pool && m > 1 && m * n * 10 >= THREAD_MIN_ROWS && pool.wanted()) {
        pool.softmax(ex, po, px, m, n);
      } else {
        ex.softmax(po, px, m, n);
      }
      heap.finish(out, po);
      return out;
    },
    softmaxCrossEntropy(probs, z, t, m, n) {
      if (!f32(probs) || !f32(z) || !f32(t)) return jsKernels.softmaxCrossEntropy(probs, z, t, m, n);
      heap.begin();
      const pz = heap.input(z);
      const pt = heap.input(t);
      const pp = probs === z ? pz : heap.output(probs);
      const loss = ex.softmaxCrossEntropy(pp, pz, pt, m, n);
      heap.finish(probs, pp);
      return loss;
    },
    allFinite(x) {
      if (!f32(x) || x.length < SMALL) return jsKernels.allFinite(x);
      heap.begin();
      return ex.allFinite(heap.input(x), x.length) === 1;
    },
    update(rule: UpdateRule, w, g, s1, s2, p: UpdateParams) {
      if (!f32(w) || !f32(g) || !f32(s1) || !f32(s2) || w.length < SMALL_UPDATE) {
        jsKernels.update(rule, w, g, s1, s2, p);
        return;
      }
      heap.begin();
      const pw = heap.input(w);
      const pg = heap.input(g);
      const p1 = heap.input(s1);
      const p2 = heap.input(s2);
      if (rule === 'sgd') {
        ex.sgd(pw, pg, p1, w.length, p.lr, p.weightDecay, p.beta1, p.extra, p.step === 1 ? 1 : 0, p.flag ? 1 : 0);
      } else if (rule === 'adagrad') {
        ex.adagrad(pw, pg, p1, w.length, p.lr / (1 + (p.step - 1) * p.extra), p.weightDecay, p.eps);
      } else if (rule === 'rmsprop') {
        ex.rmsprop(pw, pg, p1, p2, w.length, p.lr, p.weightDecay, p.beta2, p.eps, p.beta1);
      } else {
        const stepSize = p.lr / (1 - Math.pow(p.beta1, p.step));
        const bc2Sqrt = Math.sqrt(1 - Math.pow(p.beta2, p.step));
        if (pool && w.length >= THREAD_MIN_UPDATE && pool.wanted()) {
          pool.adam(ex, pw, pg, p1, p2, w.length, { lr: p.lr, wd: p.weightDecay, beta1: p.beta1, beta2: p.beta2, eps: p.eps, stepSize, bc2Sqrt }, p.flag);
        } else {
          ex.adam(pw, pg, p1, p2, w.length, p.lr, p.weightDecay, p.beta1, p.beta2, p.eps, stepSize, bc2Sqrt, p.flag ? 1 : 0);
        }
      }
      heap.finish(w, pw);
      heap.finish(s1, p1);
      if (rule === 'adam' || rule === 'rmsprop') heap.finish(s2, p2);
    },
    biasActivation(f, y, z, bias, m, n) {
      const code = forwardCode(f);
      if (code < 0 || !f32(y) || !f32(z) || !f32(bias)) return composed.biasActivation(f, y, z, bias, m, n);
      heap.begin();
      const pz = heap.input(z);
      const pb = heap.input(bias);
      const py = y === z ? pz : heap.output(y);
      if (pool && m > 1 && m * n >= THREAD_MIN_ROWS && pool.wanted()) {
        pool.biasActivation(ex, code, py, pz, pb, m, n);
      } else {
        ex.biasActivation(code, py, pz, pb, m, n);
      }
      heap.finish(z, pz);
      if (y !== z) heap.finish(y, py);
      return y;
    },
    biasActivationBackward(f, dz, db, z, y, dy, m, n) {
      const code = UNARY_BACK[f];
      if (code === undefined || !f32(dz) || !f32(db) || !f32(z) || !f32(y) || !f32(dy)) return composed.biasActivationBackward(f, dz, db, z, y, dy, m, n);
      heap.begin();
      const pz = heap.input(z);
      const py = y === z ? pz : heap.input(y);
      const pdy = heap.input(dy);
      const pdz = dz === dy ? pdy : heap.output(dz);
      const pdb = heap.output(db);
      if (pool && n >= 4 && m > 1 && m * n >= THREAD_MIN_ROWS && pool.wanted()) {
        pool.biasBackward(ex, code, pdz, pdb, pz, py, pdy, m, n);
      } else {
        ex.biasActivationBackward(code, pdz, pdb, pz, py, pdy, m, n);
      }
      heap.finish(dz, pdz);
      heap.finish(db, pdb);
      return dz;
    },
  };
  // activations without a body here: the separate calls of this same set, so the results agree
  const composed = composedBias(set);
  return set;
}
