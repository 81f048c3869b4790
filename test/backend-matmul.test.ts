// The matrix product of every backend against the reference kernels, on random shapes across the
// tile's edges, separate and shared by threads; and the forms that skip packing (small, thin,
// narrow, tall) bit for bit against the packed product (asm/small.ts, asm/outer.ts, asm/tall.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WasmExports } from '../src/backend/wasm/exports.js';
import { wasmBinary, wasmSupported } from '../src/backend/wasm/index.js';
import { fillArr, ref, sets } from './backend-sets.js';
import { expectClose } from './helpers.js';

// out = a · b (neither transposed) summed as the plain build's micro-kernel sums: each KC slice of k
// (512) a chain from +0 of fround(fround(a·b) + sum) in the order of k, the slices added in order
function chains(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let o = 0;
      for (let p0 = 0; p0 < k; p0 += 512) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + 512); p++) s = Math.fround(Math.fround(a[i * k + p] * b[p * n + j]) + s);
        o = p0 === 0 ? s : Math.fround(s + o);
      }
      out[i * n + j] = o;
    }
  }
  return out;
}

describe.each(sets)('%s', (name, k, alloc) => {
  const make = (n: number, seed: number) => fillArr(alloc(n), seed);

  // the relaxed build's fused multiply-add has no exact float32 form in JavaScript
  it.skipIf(!name.startsWith('wasm-simd'))('the plain build\'s product is each KC slice\'s chain of multiply-then-add in the order of k, bit for bit (Note [two steps a loop])', () => {
    // k 1 to 5 (no loop, one step, one pair, a pair and a step, ...), 64 and 65, around KC (511 to
    // 514) and past it (1026, 1027); rows not a multiple of 5, columns not of 8; b read in place, and
    // packed (1027 × 70); 100 × k × 48 is past the small products' 4096 multiply-adds
    for (const [m, kk, n] of [[100, 1, 48], [100, 2, 48], [100, 3, 48], [100, 4, 48], [100, 5, 48], [13, 64, 19], [10, 65, 16],
      [13, 511, 19], [10, 512, 16], [12, 513, 8], [13, 514, 16], [7, 1026, 19], [100, 1027, 70]] as const) {
      const a = make(m * kk, 13), b = make(kk * n, 14);
      const got = k.matmul(alloc(m * n).fill(NaN), a, b, m, kk, n, false, false);
      expect(Array.from(got), `${m} × ${kk} × ${n}`).toEqual(Array.from(chains(a, b, m, kk, n)));
    }
  });

  it('matmul, all four layouts, shapes across tile edges', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean(), (m, kk, n, tA, tB) => {
      const a = make(m * kk, m), b = make(kk * n, n);
      const out = alloc(m * n).fill(123);
      k.matmul(out, a, b, m, kk, n, tA, tB);
      expectClose(out, ref.matmul(new Float32Array(m * n), a, b, m, kk, n, tA, tB), 1e-4, 'matmul');
    }), { numRuns: 40 });
  });

  it('matmul large enough to be split across threads', () => {
    // b of more than 256K values, packed, and read in place all the same by a block of few rows
    // (Note [B in place]); a transposed A 2,100 deep, cut along k on two threads (Note [depth split])
    for (const [m, kk, n, tA, tB] of [[130, 300, 70, false, false], [45, 260, 301, false, true], [301, 129, 67, true, false], [130, 520, 515, false, false], [9, 520, 515, false, false], [32, 2100, 40, true, false]] as const) {
      const a = make(m * kk, 1), b = make(kk * n, 2);
      const out = alloc(m * n);
      k.matmul(out, a, b, m, kk, n, tA, tB);
      expectClose(out, ref.matmul(new Float32Array(m * n), a, b, m, kk, n, tA, tB), 1e-4, `matmul ${m}x${kk}x${n}`);
    }
  });

  it('a small product (summed straight) and a packed one give the same bits (Note [small products])', () => {
    // 8 × 64 × 60 is packed; each of its rows alone (1 × 64 × 60) is small enough to skip packing
    const [m, kk, n] = [8, 64, 60];
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = make(m * kk, 3), b = make(kk * n, 4);
      const full = k.matmul(alloc(m * n), a, b, m, kk, n, tA, tB);
      for (let i = 0; i < m; i++) {
        const row = alloc(kk).map((_, p) => (tA ? a[p * m + i] : a[i * kk + p]));
        const one = k.matmul(alloc(n), row, b, 1, kk, n, tA, tB);
        expect(Array.from(one), `row ${i}, transA ${tA}, transB ${tB}`).toEqual(Array.from(full.subarray(i * n, (i + 1) * n)));
      }
    }
    // 8 × 64 × 30 is packed; two rows at a time (2 × 64 × 30) are small, and with 30 columns (not
    // whole groups of 4) or b transposed they take the small path's copy of op(b)
    const [m2, k2, n2] = [8, 64, 30];
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = make(m2 * k2, 5), b = make(k2 * n2, 6);
      const full = k.matmul(alloc(m2 * n2), a, b, m2, k2, n2, tA, tB);
      for (let i = 0; i < m2; i += 2) {
        const rows = alloc(2 * k2);
        for (let r = 0; r < 2; r++) for (let p = 0; p < k2; p++) rows[tA ? p * 2 + r : r * k2 + p] = tA ? a[p * m2 + i + r] : a[(i + r) * k2 + p];
        const two = k.matmul(alloc(2 * n2), rows, b, 2, k2, n2, tA, tB);
        expect(Array.from(two), `rows ${i}–${i + 1}, transA ${tA}, transB ${tB}`).toEqual(Array.from(full.subarray(i * n2, (i + 2) * n2)));
      }
    }
  });

  it('thin products (fewer rows than the tile) and few rows reading a large b in place give the packed product\'s bits (Notes [thin products], [B in place])', () => {
    // 100 rows (more than 16 tiles) are packed; the last 9 alone read b in place (Note [B in place]),
    // and 1 to 5 of them are thin. k 1100 crosses two KC slices; n 1000 and 70 leave groups of 24, 16,
    // 12 and 8 columns, then single ones and a partial one; 1 × 1100 × 1000 is split across threads by
    // columns. Transposed b stays packed: compared all the same.
    const m = 100;
    for (const [kk, n] of [[1100, 1000], [600, 70], [37, 29]]) {
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = make(m * kk, 7), b = make(kk * n, 8);
        const full = k.matmul(alloc(m * n), a, b, m, kk, n, tA, tB);
        for (const rows of [1, 2, 3, 4, 5, 9]) {
          const i = m - rows;
          const sub = alloc(rows * kk);
          for (let r = 0; r < rows; r++) for (let p = 0; p < kk; p++) sub[tA ? p * rows + r : r * kk + p] = tA ? a[p * m + i + r] : a[(i + r) * kk + p];
          const part = k.matmul(alloc(rows * n), sub, b, rows, kk, n, tA, tB);
          expect(Array.from(part), `${rows} rows × ${kk} × ${n}, transA ${tA}, transB ${tB}`).toEqual(Array.from(full.subarray(i * n, m * n)));
        }
      }
    }
  });

  it('a narrow Xᵀ·dY (1 to 4 columns, rows along the lanes) gives the packed product\'s bits (Note [narrow products])', () => {
    // op(A) = Xᵀ with 67 rows (groups of 24, 16, 12, 8 and 4, then a partial one); k 1100 crosses two
    // KC slices, k 20,000 is split across threads by rows. Each column of out is its own chains, so
    // the first n columns of an 8-column product (packed, the micro-kernel's) must be the same bits.
    const m = 67;
    for (const kk of [1100, 20000]) {
      const x = make(kk * m, 9), b8 = make(kk * 8, 10);
      const full = k.matmul(alloc(m * 8), x, b8, m, kk, 8, true, false);
      for (let n = 1; n <= 4; n++) {
        const b = alloc(kk * n);
        for (let p = 0; p < kk; p++) for (let j = 0; j < n; j++) b[p * n + j] = b8[p * 8 + j];
        const got = k.matmul(alloc(m * n), x, b, m, kk, n, true, false);
        const want = Array.from({ length: m * n }, (_, q) => full[Math.floor(q / n) * 8 + (q % n)]);
        expect(Array.from(got), `${m} × ${kk} × ${n}`).toEqual(want);
      }
    }
  });

  it('a tall x·W of 1 or 2 columns (4 rows along the lanes, a transposed in registers; 3 and 4 go to the micro-kernel) gives the packed product\'s bits (Note [tall products])', () => {
    // m rows: groups of 16, 8 and 4 rows, then 1 to 3 left for the thin product; k 1103 crosses two
    // KC slices and ends in 3 steps that are not a group of 4; k 7 is one group and 3 steps; 20,000 rows
    // are split across threads. The first n columns of an 8-column product (the micro-kernel's) must
    // be the same bits.
    for (const [m, kk] of [[67, 1103], [600, 7], [22, 64], [20000, 64]] as const) {
      const x = make(m * kk, 11), b8 = make(kk * 8, 12);
      const full = k.matmul(alloc(m * 8), x, b8, m, kk, 8, false, false);
      for (let n = 1; n <= 4; n++) {
        const b = alloc(kk * n);
        for (let p = 0; p < kk; p++) for (let j = 0; j < n; j++) b[p * n + j] = b8[p * 8 + j];
        const got = k.matmul(alloc(m * n).fill(NaN), x, b, m, kk, n, false, false);
        const want = Array.from({ length: m * n }, (_, q) => full[Math.floor(q / n) * 8 + (q % n)]);
        expect(Array.from(got), `${m} × ${kk} × ${n}`).toEqual(want);
      }
    }
  });
});

describe.each((['simd', 'relaxed'] as const).filter((l) => wasmSupported(l)))('wasm-%s module: which products skip packing', (level) => {
  it('only those of at most 4096 multiply-adds and one k slice, counted without overflow past 2^31', async () => {
    const { instance } = await WebAssembly.instantiate(await wasmBinary(level, false), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
    const ex = instance.exports as unknown as WasmExports;
    const cases: [number, number, number, number][] = [
      [16, 16, 16, 1], [1, 8, 512, 1], [4096, 1, 1, 1], [8, 16, 33, 0], [1, 1, 513, 0], [1, 1, 0, 0],
      // rows × cols × k at or past 2^31 in i32: 2048 × 2048 × 512 is 2^31; 60,000 × 784 × 256 (dY·Wᵀ
      // of a full-batch Fashion-MNIST layer) wraps to a negative i32; 4096 × 4096 × 256 to 0
      [2048, 2048, 512, 0], [60000, 784, 256, 0], [4096, 4096, 256, 0], [65536, 65536, 1, 0],
    ];
    for (const [rows, cols, k, small] of cases) expect(ex.matmulIsSmall(rows, cols, k), `${rows} × ${cols} × ${k}`).toBe(small);
  });
});
