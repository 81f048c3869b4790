// The optimizer updates of every backend against the reference kernels (PyTorch's rules), and the
// decaying state below the smallest normal float stored as +0 (Note [subnormal moments] in asm/simd.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UpdateParams, UpdateRule } from '../src/backend/kernels.js';
import { fillArr, ref, sets, size } from './backend-sets.js';
import { expectClose } from './helpers.js';

/**
 * The update of `rule` from the sweep's hyperparameters: `beta1` is the momentum of sgd and
 * rmsprop, `beta2` RMSprop's α, `flag` Nesterov (sgd) or decoupled decay (adam), `extra` SGD's
 * dampening or Adagrad's lr decay.
 */
function updateParams(rule: UpdateRule, h: { lr: number; weightDecay: number; beta1: number; beta2: number; eps: number; step: number; flag: boolean; extra: number }): UpdateParams {
  const { lr, weightDecay, step, eps } = h;
  switch (rule) {
    case 'sgd': return { rule, lr, weightDecay, step, momentum: h.beta1, dampening: h.extra, nesterov: h.flag };
    case 'adagrad': return { rule, lr, weightDecay, step, eps, lrDecay: h.extra };
    case 'rmsprop': return { rule, lr, weightDecay, step, eps, momentum: h.beta1, alpha: h.beta2 };
    case 'adam': return { rule, lr, weightDecay, step, eps, beta1: h.beta1, beta2: h.beta2, decoupled: h.flag };
  }
}

describe.each(sets)('%s', (_name, k, alloc) => {
  const make = (n: number, seed: number) => fillArr(alloc(n), seed);

  it.each(['sgd', 'adam', 'rmsprop', 'adagrad'] as UpdateRule[])('update %s over three steps, with momentum, nesterov, decay and AdamW', (rule) => {
    for (const [beta1, flag, wd] of [[0, false, 0], [0.9, false, 0.01], [0.9, true, 0.1]] as const) {
      // random sizes, and sizes from 64 on, where the wasm set leaves JavaScript for its vector body
      fc.assert(fc.property(fc.oneof(size, fc.constantFrom(64, 67, 131, 1001)), (n) => {
        const w = make(n, 1), g = make(n, 2), s1 = alloc(n), s2 = alloc(n);
        const rw = Float32Array.from(w), r1 = new Float32Array(n), r2 = new Float32Array(n);
        for (let step = 1; step <= 3; step++) {
          const p = updateParams(rule, { lr: 0.01, weightDecay: wd, beta1: rule === 'adam' ? 0.9 : beta1, beta2: rule === 'adam' ? 0.999 : 0.99, eps: 1e-8, step, flag, extra: 0.1 * (step > 1 ? 1 : 0) });
          k.update(w, g, s1, s2, p);
          ref.update(rw, g, r1, r2, p);
        }
        expectClose(w, rw, 1e-5, `${rule} w`);
        expectClose(s1, r1, 1e-5, `${rule} s1`);
        expectClose(s2, r2, 1e-5, `${rule} s2`);
      }), { numRuns: 16 });
    }
  });

  it.each(['sgd', 'adam', 'rmsprop'] as UpdateRule[])('update %s stores a decaying state that falls below the smallest normal float as +0, keeps NaN (Note [subnormal moments])', (rule) => {
    // 67 parameters (the vector body and a tail); gradients 0, so each state only decays by its β
    const n = 67;
    const w = make(n, 4), g = alloc(n), s1 = alloc(n), s2 = alloc(n);
    const init = (i: number) => (i % 5 === 0 ? 1.3e-38 : i % 5 === 1 ? -1.25e-38 : i % 5 === 2 ? 1e-3 : i === 3 ? Number.NaN : 2e-5);
    for (let i = 0; i < n; i++) { s1[i] = init(i); s2[i] = Math.abs(init(i)) || 1e-6; }
    const rw = Float32Array.from(w), r1 = Float32Array.from(s1), r2 = Float32Array.from(s2);
    const p = updateParams(rule, { lr: 0.01, weightDecay: 0, beta1: 0.9, beta2: rule === 'adam' ? 0.999 : 0.9, eps: 1e-8, step: 2, flag: false, extra: 0 });
    k.update(w, g, s1, s2, p);
    ref.update(rw, g, r1, r2, p);
    // the states that decay: Adam's m, momentum's buffer, RMSprop's average and its buffer
    const decaying = rule === 'rmsprop' ? [[s1, r1], [s2, r2]] : [[s1, r1]];
    let flushed = 0;
    for (const [got, want] of decaying) {
      for (let i = 0; i < n; i++) {
        const subnormal = want[i] !== 0 && Math.abs(want[i]) < 2 ** -126;
        if (subnormal) flushed++;
        if (Number.isNaN(want[i])) expect(got[i], `${rule} NaN at ${i}`).toBeNaN();
        else if (subnormal) expect(Object.is(got[i], 0), `${rule} ${want[i]} at ${i} stored as ${got[i]}`).toBe(true);
        else expect(got[i], `${rule} at ${i}`).toBeCloseTo(want[i], 12);
      }
    }
    expect(flushed).toBeGreaterThan(10);
    const finite = (a: Float32Array) => a.map((v) => (Number.isNaN(v) ? 0 : v));
    expectClose(finite(w), finite(rw), 1e-6, `${rule} w`);
  });
});
