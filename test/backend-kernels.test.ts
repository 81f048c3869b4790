// Every element-wise and layer kernel of every backend against the reference kernels
// (src/backend/js), on random shapes including sizes not divisible by the vector width (4), with a
// separate `out` and with `out` aliasing an input, and with operands in the WebAssembly heap and
// outside it (test/backend-sets.ts). Products: test/backend-matmul.test.ts; updates:
// test/backend-update.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Data, UnaryOp } from '../src/backend/kernels.js';
import { UNARY_OPS, BINARY_OPS } from '../src/backend/kernels.js';
import { wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { fillArr, made, ref, sets, size, TOL } from './backend-sets.js';
import { expectClose } from './helpers.js';

it('at least the plain SIMD build runs here', () => {
  expect(wasmSupported('simd')).toBe(true);
  expect(sets.length).toBeGreaterThanOrEqual(4);
});

describe.each(sets)('%s', (_name, k, alloc) => {
  const make = (n: number, seed: number) => fillArr(alloc(n), seed);

  it('fill, copy, affine and axpy, separate and aliased', () => {
    fc.assert(fc.property(size, fc.double({ min: -3, max: 3, noNaN: true }), (n, a) => {
      const x = make(n, 1), o = make(n, 2);
      expectClose(k.fill(alloc(n), a), ref.fill(new Float32Array(n), a), 0, 'fill');
      expectClose(k.copy(alloc(n), x), x, 0, 'copy');
      expectClose(k.affine(alloc(n), x, a, 0.5), ref.affine(new Float32Array(n), x, a, 0.5), TOL, 'affine');
      expectClose(k.affine(Float32Array.from(x), x, a, 0.5).subarray(0), ref.affine(new Float32Array(n), x, a, 0.5), TOL, 'affine copy');
      const alias = make(n, 1);
      expectClose(k.affine(alias, alias, a, 0.5), ref.affine(new Float32Array(n), x, a, 0.5), TOL, 'affine aliased');
      expectClose(k.axpy(Float32Array.from(o), a, x), ref.axpy(Float32Array.from(o), a, x), TOL, 'axpy');
      const self = make(n, 3);
      expectClose(k.axpy(self, a, self), ref.axpy(make(n, 3), a, make(n, 3)), TOL, 'axpy aliased');
    }), { numRuns: 30 });
  });

  it('gatherRows: the rows asked for, in order, every width (the module\'s when all is in the heap)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 5 }), (rows, cols, start) => {
      const src = 50;
      const x = make(src * cols, cols);
      // the order in the same memory as the rows (a heap block seen as u32), from `start` on
      const block = alloc(start + rows);
      const order = new Uint32Array(block.buffer, block.byteOffset, start + rows);
      for (let i = 0; i < order.length; i++) order[i] = (i * 13 + cols) % src;
      const out = alloc(rows * cols).fill(NaN);
      expect(k.gatherRows(out, x, order, start, rows, cols)).toBe(out);
      const want = Array.from(order.subarray(start)).flatMap((r) => Array.from(x.subarray(r * cols, (r + 1) * cols)));
      expect(Array.from(out), `${rows} rows of ${cols} from ${start}`).toEqual(want);
    }), { numRuns: 40 });
    // 3001 rows of 33 (99,033 values): shared by the threads in blocks of rows on a pool
    const [rows, cols, src] = [3001, 33, 5000];
    const x = make(src * cols, 4);
    const block = alloc(rows + 7);
    const order = new Uint32Array(block.buffer, block.byteOffset, rows + 7);
    for (let i = 0; i < order.length; i++) order[i] = (i * 7919) % src;
    const out = k.gatherRows(alloc(rows * cols).fill(NaN), x, order, 7, rows, cols);
    const at = Array.from(out).findIndex((v, i) => v !== x[(order[7 + Math.floor(i / cols)] as number) * cols + (i % cols)]);
    expect(at, 'first value out of place in 3001 × 33').toBe(-1);
  });

  it('fill of every size up to 300 and copy between overlapping parts of one buffer, as a view does them', () => {
    for (let n = 0; n <= 300; n += n < 40 ? 1 : 37) {
      for (const v of [0, -0, 1.5, -2.25e-39, Infinity, NaN]) {
        const around = make(n + 2, n), before = Float32Array.from(around);
        expect(k.fill(around.subarray(1, n + 1), v), `fill ${n} with ${v}`).toEqual(new Float32Array(n).fill(v));
        // the values on either side are untouched
        expect([around[0], around[n + 1]]).toEqual([before[0], before[n + 1]]);
      }
      for (const shift of [-5, -1, 1, 4, 33]) {
        const buf = make(n + 50, n + 7), want = Float32Array.from(buf);
        const at = 10, to = at + shift;
        want.set(want.subarray(at, at + n), to);
        k.copy(buf.subarray(to, to + n), buf.subarray(at, at + n));
        expect(buf, `copy ${n} by ${shift}`).toEqual(want);
      }
    }
  });

  it.each(UNARY_OPS.filter((op) => op !== 'log' && op !== 'sqrt'))('unary %s and its backward, separate and aliased', (op: UnaryOp) => {
    fc.assert(fc.property(size, (n) => {
      const x = make(n, n);
      const want = ref.unary(op, new Float32Array(n), x);
      expectClose(k.unary(op, alloc(n), x), want, TOL, op);
      const alias = make(n, n);
      expectClose(k.unary(op, alias, alias), want, TOL, `${op} aliased`);
      const dy = make(n, 7);
      const wantBack = ref.unaryBackward(op, new Float32Array(n), x, want, dy);
      expectClose(k.unaryBackward(op, alloc(n), x, Float32Array.from(want), dy), wantBack, TOL, `d${op}`);
      const dyAlias = make(n, 7);
      expectClose(k.unaryBackward(op, dyAlias, x, Float32Array.from(want), dyAlias), wantBack, TOL, `d${op} aliased`);
    }), { numRuns: 15 });
  });

  const LAYER_OPS = ['linear', 'relu', 'leaky-relu', 'sigmoid', 'tanh', 'elu', 'softplus'] as const;
  it.each(LAYER_OPS)('biasActivation %s and its backward: the bits of this set\'s separate calls, near the reference', (op) => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), (m, n, inPlace) => {
      const z0 = make(m * n, m + n), bias = make(n, 3);
      // the separate calls of this kernel set
      const zs = Float32Array.from(z0), ys = alloc(m * n);
      k.binary('add', zs, zs, 'full', bias, 'row', m, n);
      k.unary(op, ys, zs);
      const z = alloc(m * n);
      z.set(z0);
      const y = inPlace ? z : alloc(m * n);
      expect(k.biasActivation(op, y, z, bias, m, n)).toBe(y);
      if (!inPlace) expect(Array.from(z), `${op} z`).toEqual(Array.from(zs));
      expect(Array.from(y), `${op} y ${m}×${n}`).toEqual(Array.from(ys));
      const zr = Float32Array.from(z0);
      ref.binary('add', zr, zr, 'full', bias, 'row', m, n);
      expectClose(y, ref.unary(op, new Float32Array(m * n), zr), TOL, `${op} y vs reference`);
      // backward, dz separate or dz = dy
      const dy = make(m * n, 7);
      const dzs = alloc(m * n), dbs = alloc(n);
      k.unaryBackward(op, dzs, zs, ys, dy);
      k.reduce('sum', dbs, dzs, 1, m, n);
      const dyIn = Float32Array.from(dy);
      const dz = inPlace ? dyIn : alloc(m * n), db = alloc(n).fill(5);
      expect(k.biasActivationBackward(op, dz, db, zs, ys, dyIn, m, n)).toBe(dz);
      expect(Array.from(dz), `d${op} dz`).toEqual(Array.from(dzs));
      expect(Array.from(db), `d${op} db ${m}×${n}`).toEqual(Array.from(dbs));
    }), { numRuns: 25 });
  });

  it('reduce sum of 4 or more columns and biasActivationBackward over many rows: each column summed in float32 in row order, bit for bit', () => {
    // a float32 chain in row order from +0, as Math.fround does it, for column q of x [dim, inner] at `at`
    const chain = (x: Float32Array, at: number, dim: number, inner: number, q: number): number => {
      let s = 0;
      for (let d = 0; d < dim; d++) s = Math.fround(s + (x[at + d * inner + q] as number));
      return s;
    };
    const bits = (x: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(x).buffer));
    // 32-column groups, 4-column groups and single columns; rows across several chunks of 16
    fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 4, max: 75 }), (outer, dim, inner) => {
      const x = make(outer * dim * inner, dim + inner);
      const want = Array.from({ length: outer * inner }, (_, i) => chain(x, Math.floor(i / inner) * dim * inner, dim, inner, i % inner));
      expect(bits(k.reduce('sum', alloc(outer * inner).fill(7), x, outer, dim, inner)), `sum ${outer}×${dim}×${inner}`).toEqual(bits(want));
    }), { numRuns: 40 });
    fc.assert(fc.property(fc.constantFrom(...LAYER_OPS), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 4, max: 70 }), (op, m, n) => {
      const z = make(m * n, m), y = k.unary(op, alloc(m * n), z), dy = make(m * n, n + 1);
      const want = k.unaryBackward(op, alloc(m * n), z, y, dy);
      const dz = alloc(m * n).fill(3), db = alloc(n).fill(5);
      k.biasActivationBackward(op, dz, db, z, y, dy, m, n);
      expect(bits(dz), `d${op} dz ${m}×${n}`).toEqual(bits(want));
      expect(bits(db), `d${op} db ${m}×${n}`).toEqual(bits(Array.from({ length: n }, (_, q) => chain(want as Float32Array, 0, m, n, q))));
    }), { numRuns: 40 });
  });

  it('biasActivationBackward large enough to be split across threads (rows, then blocks of columns): the bits of one thread', () => {
    // 701 × 130: over THREAD_MIN_ROWS; 130 columns are 4 blocks of 32 and one of 2
    const [m, n] = [701, 130];
    const single = made.find((b) => _name.startsWith(`${b.name} `) && b.threads === 1) as WasmBackend;
    for (const op of ['relu', 'sigmoid', 'tanh', 'softplus'] as const) {
      const z = make(m * n, 8), y = k.unary(op, alloc(m * n), z), dy = make(m * n, 9);
      const dzs = new Float32Array(m * n), dbs = new Float32Array(n);
      single.kernels.biasActivationBackward(op, dzs, dbs, z, y, dy, m, n);
      for (const inPlace of [false, true]) {
        const dyIn = alloc(m * n);
        dyIn.set(dy);
        const dz = inPlace ? dyIn : alloc(m * n).fill(3), db = alloc(n).fill(5);
        k.biasActivationBackward(op, dz, db, z, y, dyIn, m, n);
        expect(Array.from(dz).findIndex((v, i) => !Object.is(v, dzs[i])), `d${op} dz${inPlace ? ' in place' : ''}`).toBe(-1);
        expect(Array.from(db).findIndex((v, i) => !Object.is(v, dbs[i])), `d${op} db${inPlace ? ' in place' : ''}`).toBe(-1);
      }
    }
  });

  it('biasActivation and softmax large enough to be split across threads: the bits of the separate calls, in place or not', () => {
    // 701 × 130 values: over THREAD_MIN_ROWS, in blocks of rows that do not divide it
    const [m, n] = [701, 130];
    for (const op of ['relu', 'sigmoid', 'tanh'] as const) {
      const z0 = make(m * n, 5), bias = make(n, 6);
      const zs = Float32Array.from(z0), ys = new Float32Array(m * n);
      k.binary('add', zs, zs, 'full', bias, 'row', m, n);
      k.unary(op, ys, zs);
      for (const inPlace of [false, true]) {
        const z = alloc(m * n);
        z.set(z0);
        const y = inPlace ? z : alloc(m * n).fill(3);
        k.biasActivation(op, y, z, bias, m, n);
        expect(Array.from(y).findIndex((v, i) => !Object.is(v, ys[i])), `${op}${inPlace ? ' in place' : ''}`).toBe(-1);
      }
    }
    // softmax: 900 rows of 80
    const [sm, sn] = [900, 80];
    const x = make(sm * sn, 7);
    const want = ref.softmax(new Float32Array(sm * sn), x, sm, sn);
    for (const inPlace of [false, true]) {
      const xs = alloc(sm * sn);
      xs.set(x);
      const got = k.softmax(inPlace ? xs : alloc(sm * sn).fill(2), xs, sm, sn);
      expectClose(got, want, TOL, `softmax${inPlace ? ' in place' : ''}`);
    }
    const single = made.find((b) => _name.startsWith(`${b.name} `) && b.threads === 1) as WasmBackend;
    expect(Array.from(k.softmax(alloc(sm * sn), x, sm, sn))).toEqual(Array.from(single.kernels.softmax(new Float32Array(sm * sn), x, sm, sn)));
  });

  it('unary log and sqrt on positive inputs', () => {
    for (const op of ['log', 'sqrt'] as const) {
      const x = alloc(23).map((_, i) => 0.1 + i);
      expectClose(k.unary(op, alloc(23), x), ref.unary(op, new Float32Array(23), x), TOL, op);
    }
  });

  it('binary ops with every broadcast mode, separate and aliased', () => {
    const modes = ['full', 'row', 'col', 'scalar'] as const;
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 23 }), fc.constantFrom(...BINARY_OPS), fc.constantFrom(...modes), fc.constantFrom(...modes), (m, n, op, am, bm) => {
      const len = (mode: string) => (mode === 'full' ? m * n : mode === 'row' ? n : mode === 'col' ? m : 1);
      const a = make(len(am), 1).map((v) => (op === 'pow' ? Math.abs(v) + 0.1 : v));
      const b = make(len(bm), 2).map((v) => (op === 'div' ? Math.sign(v || 1) * (Math.abs(v) + 0.5) : v));
      const want = ref.binary(op, new Float32Array(m * n), a, am, b, bm, m, n);
      expectClose(k.binary(op, alloc(m * n), a, am, b, bm, m, n), want, 1e-5, `${op} ${am} ${bm}`);
      if (am === 'full') {
        const alias = alloc(a.length);
        alias.set(a);
        expectClose(k.binary(op, alias, alias, am, b, bm, m, n), want, 1e-5, `${op} aliased`);
      }
    }), { numRuns: 80 });
  });

  it('reduce and reduceBackward (sum, max) over each axis', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 13 }), fc.constantFrom('sum' as const, 'max' as const), (outer, dim, inner, op) => {
      const x = make(outer * dim * inner, dim);
      const want = ref.reduce(op, new Float32Array(outer * inner), x, outer, dim, inner);
      const got = k.reduce(op, alloc(outer * inner).fill(9), x, outer, dim, inner);
      expectClose(got, want, TOL, op);
      const dy = make(outer * inner, 4);
      expectClose(k.reduceBackward(op, alloc(x.length), x, got, dy, outer, dim, inner), ref.reduceBackward(op, new Float32Array(x.length), x, want, dy, outer, dim, inner), TOL, `d${op}`);
    }), { numRuns: 40 });
  });

  it('softmax, its backward, and both cross-entropies', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 13 }), (m, n) => {
      const z = make(m * n, n).map((v) => v * 20);
      const want = ref.softmax(new Float32Array(m * n), z, m, n);
      expectClose(k.softmax(alloc(m * n), z, m, n), want, TOL, 'softmax');
      const dy = make(m * n, 3);
      expectClose(k.softmaxBackward(alloc(m * n), Float32Array.from(want), dy, m, n), ref.softmaxBackward(new Float32Array(m * n), want, dy, m, n), TOL, 'dsoftmax');
      const t = alloc(m * n);
      for (let i = 0; i < m; i++) t[i * n + (i % n)] = 1;
      const p1 = alloc(m * n), p2 = new Float32Array(m * n);
      expect(k.softmaxCrossEntropy(p1, z, t, m, n)).toBeCloseTo(ref.softmaxCrossEntropy(p2, z, t, m, n), 4);
      expectClose(p1, p2, TOL, 'probs');
      expect(k.sigmoidCrossEntropy(p1, z, t)).toBeCloseTo(ref.sigmoidCrossEntropy(p2, z, t), 4);
      expectClose(p1, p2, TOL, 'sigmoid probs');
    }), { numRuns: 30 });
  });

  it('sumSquares keeps float64 precision on long vectors', () => {
    for (const n of [1, 3, 5, 17, 100003]) {
      const x = make(n, n);
      expect(k.sumSquares(x)).toBeCloseTo(ref.sumSquares(x), n > 1000 ? 2 : 5);
    }
  });

  it('allFinite finds a NaN or an infinity wherever it is, and passes huge finite values', () => {
    for (const n of [1, 3, 4, 15, 16, 17, 63, 1000]) {
      const x = make(n, n);
      expect(k.allFinite(x), `n ${n}`).toBe(true);
      for (const at of new Set([0, n >> 1, n - 1])) {
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          const y = Float32Array.from(x);
          const heapY = alloc(n);
          heapY.set(y);
          heapY[at] = bad;
          expect(k.allFinite(heapY), `n ${n}, ${bad} at ${at}`).toBe(false);
          expect(ref.allFinite(heapY)).toBe(false);
        }
      }
      // squares of these overflow float32, but the values are finite
      const huge = alloc(n).fill(3e38);
      expect(k.allFinite(huge), `n ${n} huge`).toBe(true);
    }
  });

  it('float64 data goes to the reference kernels unchanged', () => {
    const a = Float64Array.from({ length: 12 }, (_, i) => i / 3);
    const out: Data = new Float64Array(9);
    k.matmul(out, a, a, 3, 4, 3, false, true);
    expectClose(out, ref.matmul(new Float64Array(9), a, a, 3, 4, 3, false, true), 1e-12, 'float64 matmul');
  });
});
