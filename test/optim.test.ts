import { describe, expect, it } from 'vitest';
import { clipGradNorm, gradNorm, Scheduler, tensor, type Parameter } from '../src/index.js';

describe('learning-rate schedules (PyTorch formulas)', () => {
  it('step, exponential and cosine', () => {
    const step = new Scheduler({ type: 'step', stepSize: 3, gamma: 0.5 }, 0.1);
    expect([1, 2, 3, 6].map((e) => step.next(e, 0))).toEqual([0.1, 0.1, 0.05, 0.025]);
    const exp = new Scheduler({ type: 'exponential', gamma: 0.9 }, 1);
    expect(exp.next(2, 0)).toBeCloseTo(0.81, 12);
    const cos = new Scheduler({ type: 'cosine', tMax: 10, etaMin: 0.001 }, 0.1);
    expect(cos.next(5, 0)).toBeCloseTo(0.0505, 12);
    expect(cos.next(10, 0)).toBeCloseTo(0.001, 12);
  });

  it('reduce-on-plateau cuts the rate after `patience` epochs without improvement', () => {
    const s = new Scheduler({ type: 'plateau', factor: 0.5, patience: 2 }, 1);
    const lrs = [1, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95].map((loss, i) => s.next(i + 1, loss));
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
  });

  it('rejects bad settings when made', () => {
    expect(() => new Scheduler({ type: 'step', stepSize: 0 }, 0.1)).toThrow(/invalid stepSize: 0/);
  });
});

describe('gradient clipping by global norm', () => {
  it('scales all gradients together when the norm is too large', () => {
    const a = tensor([0, 0]).variable();
    const b = tensor([0]).variable();
    a.grad = new Float32Array([3, 0]);
    b.grad = new Float32Array([4]);
    const params: Parameter[] = [{ name: 'a', tensor: a, decay: true }, { name: 'b', tensor: b, decay: false }];
    expect(clipGradNorm(params, 1)).toBeCloseTo(5, 6);
    expect(gradNorm(params)).toBeCloseTo(1, 5);
    expect(Array.from(a.grad)).toEqual([Math.fround(0.6 * (5 / (5 + 1e-6))), 0]);
    expect(clipGradNorm(params, 10)).toBeCloseTo(1, 5);
    expect(gradNorm(params)).toBeCloseTo(1, 5);
  });
});
