/** The WebAssembly kernel set's optimizer update (asm/update.ts), Adam's shared by the threads. */
import { jsKernels } from '../js/index.js';
import type { Kernels, UpdateParams, UpdateRule } from '../kernels.js';
import { f32, type WasmContext } from './context.js';

/** Below this many parameters an Adam update stays on one thread. */
const THREAD_MIN_UPDATE = 1 << 16;
/** Below this many parameters an update is cheaper in JavaScript than four operands resolved and a call. */
const SMALL_UPDATE = 64;

/** The update kernel over the module and the pool. */
export function updateKernels({ ex, heap, pool }: WasmContext): Pick<Kernels, 'update'> {
  return {
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
  };
}
