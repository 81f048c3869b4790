// Kernels against plain reference computations, on random shapes (sizes not divisible by any
// vector width included), with a separate `out` and with `out` aliasing an input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsBackend, listBackends, type Kernels } from '../src/index.js';
import { expectClose } from './helpers.js';

const kernelSets: [string, Kernels][] = [['js', jsBackend.kernels]];

function naiveMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
    out[i * n + j] = s;
  }
  return out;
}

const arr = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 131 + i * 7.3) * 2);

describe.each(kernelSets)('%s kernels', (_name, k) => {
  it('matmul in all four layouts matches the naive triple loop', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 19 }), fc.boolean(), fc.boolean(), (m, kk, n, tA, tB) => {
      const a = arr(m * kk, m);
      const b = arr(kk * n, n);
      const out = new Float32Array(m * n).fill(123); // stale values must be overwritten
      k.matmul(out, a, b, m, kk, n, tA, tB);
      expectClose(out, naiveMatmul(a, b, m, kk, n, tA, tB), 1e-5, 'matmul');
    }), { numRuns: 60 });
  });

  it('binary ops broadcast rows, columns and scalars, also in place', () => {
    const m = 3, n = 5;
    const a = arr(m * n, 1);
    const row = arr(n, 2);
    const col = arr(m, 3);
    const out = new Float32Array(m * n);
    k.binary('sub', out, a, 'full', row, 'row', m, n);
    expectClose(out, Array.from(a, (v, i) => v - row[i % n]), 1e-6, 'row');
    k.binary('mul', out, a, 'full', col, 'col', m, n);
    expectClose(out, Array.from(a, (v, i) => v * col[Math.floor(i / n)]), 1e-6, 'col');
    k.binary('div', out, new Float32Array([2]), 'scalar', a, 'full', m, n);
    expectClose(out, Array.from(a, (v) => 2 / v), 1e-6, 'scalar');
    const alias = Float32Array.from(a);
    k.binary('add', alias, alias, 'full', row, 'row', m, n);
    expectClose(alias, Array.from(a, (v, i) => v + row[i % n]), 1e-6, 'aliased');
  });

  it('unary and its backward work in place', () => {
    const x = arr(17, 4);
    const y = Float32Array.from(x);
    k.unary('tanh', y, y);
    expectClose(y, Array.from(x, Math.tanh), 1e-6, 'tanh');
    const dy = new Float32Array(17).fill(2);
    k.unaryBackward('tanh', dy, x, y, dy);
    expectClose(dy, Array.from(x, (v) => 2 * (1 - Math.tanh(v) ** 2)), 1e-5, 'dtanh');
  });

  it('reductions over each axis of [2, 3, 4]', () => {
    const x = arr(24, 5);
    const out = new Float32Array(8);
    k.reduce('sum', out, x, 2, 3, 4);
    const expected = Array.from({ length: 8 }, (_, i) => {
      const o = Math.floor(i / 4), q = i % 4;
      return x[o * 12 + q] + x[o * 12 + 4 + q] + x[o * 12 + 8 + q];
    });
    expectClose(out, expected, 1e-6, 'sum');
    k.reduce('max', out, x, 2, 3, 4);
    expectClose(out, Array.from({ length: 8 }, (_, i) => {
      const o = Math.floor(i / 4), q = i % 4;
      return Math.max(x[o * 12 + q], x[o * 12 + 4 + q], x[o * 12 + 8 + q]);
    }), 0, 'max');
  });

  it('softmax is stable for huge logits and rows sum to 1', () => {
    const x = new Float32Array([1000, 1001, 1002, -1000, 0, 1000]);
    const out = new Float32Array(6);
    k.softmax(out, x, 2, 3);
    expect(out.every(Number.isFinite)).toBe(true);
    expectClose([out[0] + out[1] + out[2], out[3] + out[4] + out[5]], [1, 1], 1e-6, 'row sums');
    expectClose(out.subarray(0, 3), [0.09003057, 0.24472847, 0.66524096], 1e-6, 'softmax');
    const probs = new Float32Array(6);
    const loss = k.softmaxCrossEntropy(probs, x, new Float32Array([0, 0, 1, 1, 0, 0]), 2, 3);
    expect(loss).toBeCloseTo((0.40760596 + 2000) / 2, 3);
  });

  it('sigmoid cross-entropy does not overflow', () => {
    const probs = new Float32Array(2);
    const loss = k.sigmoidCrossEntropy(probs, new Float32Array([100, -100]), new Float32Array([0, 1]));
    expect(loss).toBeCloseTo(100, 4);
  });
});

describe('backends', () => {
  it('the reference backend is registered', () => {
    expect(listBackends()).toContain('js');
  });
});
