import { describe, expect, it } from 'vitest';
import { minimize } from '../src/index.js';

describe('minimize: gradient descent on any function', () => {
  it('f(x) = x² − x + 1 from 9 at rate 0.1: the worked example, exactly', () => {
    const { path } = minimize(({ x }) => x.mul(x).sub(x).add(1), { x: 9 }, { lr: 0.1, steps: 2 });
    expect(path.map((s) => s.point.x)).toEqual([9, 7.3, 5.94]);
    expect(path.map((s) => s.value)).toEqual([73, 46.99, 30.3436]);
    expect(path.map((s) => s.gradient.x).slice(0, 2)).toEqual([17, 13.6]);
  });

  it('f(x, y) = x² + y² from (5, 10): to (4, 8), cost 125 → 80', () => {
    const { path } = minimize(({ x, y }) => x.pow(2).add(y.pow(2)), { x: 5, y: 10 }, { lr: 0.1, steps: 1 });
    expect(path[1].point).toEqual({ x: 4, y: 8 });
    expect([path[0].value, path[1].value]).toEqual([125, 80]);
    expect(path[0].gradient).toEqual({ x: 10, y: 20 });
  });

  it('reports divergence when the rate is too large', () => {
    const r = minimize(({ x }) => x.mul(x), { x: 1 }, { lr: 1.5, steps: 2000 });
    expect(r.diverged).toBe(true);
    expect(r.path.length).toBeLessThan(2001);
  });

  it('converges to the minimum with a good rate, returning steps + 1 points', () => {
    const r = minimize(({ x }) => x.sub(3).pow(2), { x: 0 }, { lr: 0.1, steps: 100 });
    expect(r.path.length).toBe(101);
    expect(r.path[100].point.x).toBeCloseTo(3, 8);
  });

  it('checks its options', () => {
    expect(() => minimize(({ x }) => x, { x: 0 }, { lr: -1, steps: 1 })).toThrow('minimize: invalid lr: -1');
    expect(() => minimize(({ x }) => x, { x: 0 }, { lr: 0.1, steps: 1.5 })).toThrow(/invalid steps: 1.5/);
  });
});
