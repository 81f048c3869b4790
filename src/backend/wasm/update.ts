/** The WebAssembly kernel set's optimizer update (asm/update.ts), Adam's shared by the threads. */
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import { f32, type WasmContext } from './context.js';

/** Below this many parameters an Adam update stays on one thread. */
const THREAD_MIN_UPDATE = 1 << 16;
/** Below this many parameters an update is cheaper in JavaScript than four operands resolved and a call. */
const SMALL_UPDATE = 64;

/** The update kernel over the module and the pool. */
export function updateKernels({ ex, heap, pool }: WasmContext): Pick<Kernels, 'update'> {
  return {
    update(w, g, s1, s2, p) {
      if (!f32(w) || !f32(g) || !f32(s1) || !f32(s2) || w.length < SMALL_UPDATE) {
        jsKernels.update(w, g, s1, s2, p);
        return;
      }
      heap.begin();
      const pw = heap.input(w);
      const pg = heap.input(g);
      const p1 = heap.input(s1);
      const p2 = heap.input(s2);
      const { lr, weightDecay: wd, step } = p;
      if (p.rule === 'sgd') {
        ex.sgd(pw, pg, p1, w.length, lr, wd, p.momentum, p.dampening, step === 1 ? 1 : 0, p.nesterov ? 1 : 0);
      } else if (p.rule === 'adagrad') {
        ex.adagrad(pw, pg, p1, w.length, lr / (1 + (step - 1) * p.lrDecay), wd, p.eps);
      } else if (p.rule === 'rmsprop') {
        ex.rmsprop(pw, pg, p1, p2, w.length, lr, wd, p.alpha, p.eps, p.momentum);
      } else {
        const { beta1, beta2, eps } = p;
        const stepSize = lr / (1 - Math.pow(beta1, step));
        const bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (pool && w.length >= THREAD_MIN_UPDATE && pool.wanted()) {
          pool.adam(ex, pw, pg, p1, p2, w.length, { lr, wd, beta1, beta2, eps, stepSize, bc2Sqrt }, p.decoupled);
        } else {
          ex.adam(pw, pg, p1, p2, w.length, lr, wd, beta1, beta2, eps, stepSize, bc2Sqrt, p.decoupled ? 1 : 0);
        }
      }
      heap.finish(w, pw);
      heap.finish(s1, p1);
      if (p.rule === 'adam' || p.rule === 'rmsprop') heap.finish(s2, p2);
    },
  };
}
