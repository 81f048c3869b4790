/**
 * The WebAssembly kernel set's row-wise kernels of a layer: its bias and activation each way, softmax
 * and the losses (softmax cross-entropy, mse); shared by the threads over many rows. A layer's bias
 * and activation without a body in the module are this set's own separate calls.
 */
import { composedBias } from '../js/bias.js';
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import { forwardCode, UNARY_BACK } from './codes.js';
import { f32, THREAD_MIN_ROWS, type WasmContext } from './context.js';
import { productAt } from './product.js';

/**
 * The row-wise kernels over the module (asm/bias.ts, asm/softmax.ts); `set` is the whole kernel set,
 * whose separate calls serve the activations without a body here, so that the results agree.
 */
export function rowKernels(ctx: WasmContext, set: Kernels): Pick<Kernels, 'softmax' | 'softmaxCrossEntropy' | 'mse' | 'biasActivation'
  | 'matmulBiasActivation' | 'biasActivationBackward'> {
  const { ex, heap, pool } = ctx;
  const composed = composedBias(set);
  // z += bias, y = f(z) on heap pointers (activation code `code`), shared by the threads over many rows
  const biasOn = (code: number, py: number, pz: number, pb: number, m: number, n: number): void => {
    if (pool && m > 1 && m * n >= THREAD_MIN_ROWS && pool.wanted()) pool.biasActivation(ex, code, py, pz, pb, m, n);
    else ex.biasActivation(code, py, pz, pb, m, n);
  };
  return {
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
    mse(dy, y, t) {
      // the fused step's own loss (asm/dense.ts), so both paths give the same bits
      if (!f32(dy) || !f32(y) || !f32(t)) return jsKernels.mse(dy, y, t);
      heap.begin();
      const py = heap.input(y);
      const pt = heap.input(t);
      const pdy = heap.output(dy);
      const loss = ex.mse(pdy, py, pt, y.length);
      heap.finish(dy, pdy);
      return loss;
    },
    biasActivation(f, y, z, bias, m, n) {
      const code = forwardCode(f);
      if (code < 0 || !f32(y) || !f32(z) || !f32(bias)) return composed.biasActivation(f, y, z, bias, m, n);
      heap.begin();
      const pz = heap.input(z);
      const pb = heap.input(bias);
      const py = y === z ? pz : heap.output(y);
      biasOn(code, py, pz, pb, m, n);
      heap.finish(z, pz);
      if (y !== z) heap.finish(y, py);
      return y;
    },
    matmulBiasActivation(f, y, z, x, w, bias, m, k, n) {
      const code = forwardCode(f);
      // without threads, or an activation without a body here: the two calls
      if (!pool || code < 0 || !f32(y) || !f32(z) || !f32(x) || !f32(w) || !f32(bias)) {
        set.matmul(z, x, w, m, k, n, false, false);
        return set.biasActivation(f, y, z, bias, m, n);
      }
      heap.begin();
      const px = heap.input(x);
      const pw = heap.input(w);
      const pb = heap.input(bias);
      const pz = heap.output(z);
      const py = y === z ? pz : heap.output(y);
      // the product's blocks apply them when it is shared over x's non-zero values (Note [bias in the product's blocks] in threads/pool.ts)
      if (!productAt(ctx, pz, px, pw, m, k, n, false, false, { code, y: py, bias: pb })) biasOn(code, py, pz, pb, m, n);
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
}
