// Products summed over op(A)'s non-zero values only (Note [zeros in A] in asm/sparse.ts): the same
// bits as the dense product in every build, taken only where skipping 0 · b cannot change a value,
// and through the kernel interface equal to the reference on 1 and 2 threads.
import { afterAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { expectClose } from './helpers.js';
import { dense, firstDifference, instance, quarterRows, zeroRich } from './sparse-helpers.js';

// relaxed SIMD is behind a V8 flag on Node 20: on, as initBackend('wasm-relaxed') turns it on, so
// that both builds are tested
(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
const levels = (['simd', 'relaxed'] as const).filter((l) => wasmSupported(l));

describe.each(levels)('wasm-%s module', (level) => {
  it('sums over the non-zero values with the dense product\'s bits: k slices, column groups of 24, 16, 8, 4 and partial ones, A transposed, rows paired or in order', async () => {
    const { ex, take, scratch, reset } = await instance(level);
    const ns = [1, 2, 3, 4, 5, 8, 12, 16, 20, 23, 24, 28, 31, 32, 40, 47, 48, 56, 64, 100, 256, 259];
    // paired in chunks of 128 rows (261: two and an odd 5), masks of one bit for two values (k 1100)
    const shapes = [[1, 3], [5, 1], [5, 511], [37, 512], [7, 513], [6, 600], [261, 37], [9, 1100]] as const;
    let products = 0;
    for (const [m, k] of shapes) {
      for (const n of ns) {
        for (const tA of [0, 1]) {
          reset();
          const a = zeroRich(new Float32Array(m * k), m * 31 + n);
          // a whole zero row of op(A), and a NaN and an infinity among the non-zero values
          if (m > 2) for (let p = 0; p < k; p++) a[tA ? p * m + 1 : k + p] = 0;
          if (m * k > 20) { a[m * k - 1] = Infinity; a[m * k - 3] = NaN; }
          const [pa] = take(a);
          const [pb] = take(dense(new Float32Array(k * n), n));
          const [pd, want] = take(new Float32Array(m * n).fill(7));
          ex.matmulBlock(pd, pa, pb, m, k, n, tA, 0, scratch, 0, m, 0, n);
          for (const paired of [0, 1]) {
            const [ps, got] = take(new Float32Array(m * n).fill(-3));
            ex.matmulSparseRows(ps, pa, pb, m, k, n, tA, paired, scratch, 0, m, 0);
            expect(firstDifference(got, want), `${m}x${k}x${n}${tA ? ', A transposed' : ''}${paired ? ', paired' : ''}`).toBe('none');
            products++;
          }
        }
      }
    }
    expect(products).toBe(shapes.length * ns.length * 2 * 2);
  });

  it('pairs rows whose non-zero values fall in the same places, and leaves rows with zeros at random, narrow products and a transposed A in order', async () => {
    const { ex, take, scratch, reset } = await instance(level);
    const [m, k, n] = [256, 200, 256];
    const quarters = (out: Float32Array, tA: boolean): Float32Array => quarterRows(out, m, k, tA);
    const [pb] = take(dense(new Float32Array(k * n), 6));
    for (const tA of [0, 1]) {
      reset();
      const [pq, quarterView] = take(quarters(new Float32Array(m * k), tA === 1));
      const [pr] = take(zeroRich(new Float32Array(m * k), 7));
      // a transposed A's rows are features, never paired
      expect(ex.matmulSparse(pq, pb, m, k, n, tA, scratch), `quarters${tA ? ', A transposed' : ''}`).toBe(tA ? 1 : 2);
      expect(ex.matmulSparse(pr, pb, m, k, n, tA, scratch), `zeros at random${tA ? ', A transposed' : ''}`).toBe(1);
      // a narrow product gains less from shorter lists than the pairing costs
      expect(ex.matmulSparse(pq, pb, m, k, 16, tA, scratch), `quarters, 16 columns${tA ? ', A transposed' : ''}`).toBe(1);
      // rows of one kind all through: nothing to gain
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) quarterView[tA ? p * m + i : i * k + p] = p < k / 4 ? 1 + p : 0;
      expect(ex.matmulSparse(pq, pb, m, k, n, tA, scratch), `one kind${tA ? ', A transposed' : ''}`).toBe(1);
      // the products, paired, have the dense product's bits
      const [pa] = take(quarters(new Float32Array(m * k), tA === 1));
      const [pd, want] = take(new Float32Array(m * n));
      const [ps, got] = take(new Float32Array(m * n).fill(1));
      ex.matmulBlock(pd, pa, pb, m, k, n, tA, 0, scratch, 0, m, 0, n);
      ex.matmulSparseRows(ps, pa, pb, m, k, n, tA, 1, scratch, 0, m, 0);
      expect(firstDifference(got, want)).toBe('none');
    }
  });

  it('computes only the rows of its block', async () => {
    const { ex, take, scratch } = await instance(level);
    const [m, k, n] = [9, 300, 30];
    const [pa] = take(zeroRich(new Float32Array(m * k), 1));
    const [pb] = take(dense(new Float32Array(k * n), 2));
    const [pd, want] = take(new Float32Array(m * n));
    const [ps, got] = take(new Float32Array(m * n).fill(5));
    ex.matmulBlock(pd, pa, pb, m, k, n, 0, 0, scratch, 0, m, 0, n);
    ex.matmulSparseRows(ps, pa, pb, m, k, n, 0, 1, scratch, 2, 7, 0);
    expect(Array.from(got.subarray(0, 2 * n)).every((v) => v === 5)).toBe(true);
    expect(Array.from(got.subarray(7 * n)).every((v) => v === 5)).toBe(true);
    expect(firstDifference(got.subarray(2 * n, 7 * n), want.subarray(2 * n, 7 * n))).toBe('none');
  });

  it('reads b from one copy in panels of 16 columns, made for all the blocks, with the dense product\'s bits', async () => {
    const { ex, take, scratch, memory } = await instance(level);
    const [m, k, n] = [300, 600, 256];
    // b is copied when its rows are a multiple of 64 floats, for a product of a chunk of rows or more
    expect(ex.matmulPanelBytes(m, k, 100)).toBe(0);
    expect(ex.matmulPanelBytes(127, k, n)).toBe(0);
    const bytes = ex.matmulPanelBytes(m, k, n);
    expect(bytes).toBeGreaterThanOrEqual(k * n * 4);
    const [pa] = take(zeroRich(new Float32Array(m * k), 21));
    const [pb, bView] = take(dense(new Float32Array(k * n), 22));
    const [pd, want] = take(new Float32Array(m * n));
    ex.matmulBlock(pd, pa, pb, m, k, n, 0, 0, scratch, 0, m, 0, n);
    const [area] = take(new Float32Array(bytes / 4));
    const panels = ex.matmulPanels(area + 4, pb, k, n);
    expect(panels % 64).toBe(0);
    // panel q holds columns 16q..16q + 16 of every row, 16 floats a row
    const copy = new Float32Array(memory.buffer, panels, k * n);
    for (const [p, j] of [[0, 0], [1, 0], [0, 17], [299, 255], [599, 17], [431, 130]] as const) {
      expect(copy[(j >> 4) * k * 16 + p * 16 + (j & 15)], `row ${p}, column ${j}`).toBe(bView[p * n + j]);
    }
    // b itself changed after the copy: the blocks read the copy only
    bView.fill(1e6);
    for (const paired of [0, 1]) {
      const [ps, got] = take(new Float32Array(m * n).fill(-1));
      // blocks of fewer rows than a chunk read the copy too, and an odd block's last row alone
      for (const [lo, hi] of [[0, 7], [7, 150], [150, 300]] as const) ex.matmulSparseRows(ps, pa, pb, m, k, n, 0, paired, scratch, lo, hi, panels);
      expect(firstDifference(got, want), paired ? 'paired' : 'in order').toBe('none');
    }
  });

  it('given an area, copies b in panels as it checks it: the same choice, the same copy, the dense product\'s bits', async () => {
    const { ex, take, scratch, memory } = await instance(level);
    const [m, k, n] = [200, 300, 128];
    const [pa] = take(zeroRich(new Float32Array(m * k), 31));
    const [pb, bView] = take(dense(new Float32Array(k * n), 32));
    const [pd, want] = take(new Float32Array(m * n));
    ex.matmulBlock(pd, pa, pb, m, k, n, 0, 0, scratch, 0, m, 0, n);
    const [ref] = take(new Float32Array(ex.matmulPanelBytes(m, k, n) / 4));
    const [mine] = take(new Float32Array(ex.matmulPanelBytes(m, k, n) / 4));
    const panels = ex.matmulPanels(ref, pb, k, n);
    const area = (mine + 63) & ~63;
    const mode = ex.matmulSparse(pa, pb, m, k, n, 0, scratch);
    expect(mode).toBeGreaterThan(0);
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, area)).toBe(mode);
    const copy = new Uint32Array(memory.buffer, area, k * n);
    expect(copy.every((v, i) => v === new Uint32Array(memory.buffer, panels, k * n)[i])).toBe(true);
    // a value that is not finite anywhere in b, the first and the last included, keeps the product dense
    for (const [at, bad] of [[0, Infinity], [k * n - 1, NaN], [150 * n + 77, -Infinity], [7 * n + 16, NaN]] as const) {
      const keep = bView[at] as number;
      bView[at] = bad;
      expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, area), `${bad} at ${at}`).toBe(0);
      bView[at] = keep;
    }
    // the blocks read the copy only
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, area)).toBe(mode);
    bView.fill(1e6);
    const [ps, got] = take(new Float32Array(m * n).fill(-1));
    for (const [lo, hi] of [[0, 64], [64, 200]] as const) ex.matmulSparseRows(ps, pa, pb, m, k, n, 0, mode === 2 ? 1 : 0, scratch, lo, hi, area);
    expect(firstDifference(got, want)).toBe('none');
  });

  it('pairs a product of one chunk once for all its blocks: a block sums the rows at its places of the pairing', async () => {
    const { ex, take, scratch, memory } = await instance(level);
    const [m, k, n] = [120, 200, 64];
    const [pa] = take(quarterRows(new Float32Array(m * k), m, k, false));
    const [pb] = take(dense(new Float32Array(k * n), 41));
    const [pd, want] = take(new Float32Array(m * n));
    ex.matmulBlock(pd, pa, pb, m, k, n, 0, 0, scratch, 0, m, 0, n);
    const [po] = take(new Float32Array(m));
    const order = new Int32Array(memory.buffer, po, m);
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, 0, po)).toBe(2);
    // every row once, each with a row of its own kind (rows 4 apart share their places)
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: m }, (_, i) => i));
    for (let t = 0; t < m; t += 2) expect(order[t]! % 4, `pair ${t / 2}`).toBe(order[t + 1]! % 4);
    const [ps, got] = take(new Float32Array(m * n).fill(-1));
    const rowOf = (i: number) => got.subarray(i * n, (i + 1) * n);
    // a block of places 0..7 sums the rows there, and only those: its last row alone
    ex.matmulSparseRows(ps, pa, pb, m, k, n, 0, 1, scratch, 0, 7, 0, po);
    const mine = new Set(order.subarray(0, 7));
    for (let i = 0; i < m; i++) {
      if (mine.has(i)) expect(firstDifference(rowOf(i), want.subarray(i * n, (i + 1) * n)), `row ${i}`).toBe('none');
      else expect(rowOf(i).every((v) => v === -1), `row ${i} untouched`).toBe(true);
    }
    for (const [lo, hi] of [[7, 60], [60, m]] as const) ex.matmulSparseRows(ps, pa, pb, m, k, n, 0, 1, scratch, lo, hi, 0, po);
    expect(firstDifference(got, want)).toBe('none');
    // more rows than a chunk: matmulSparse samples as before and leaves the area, the blocks pair their own
    const m2 = 200;
    const [pa2] = take(quarterRows(new Float32Array(m2 * k), m2, k, false));
    const [pd2, want2] = take(new Float32Array(m2 * n));
    ex.matmulBlock(pd2, pa2, pb, m2, k, n, 0, 0, scratch, 0, m2, 0, n);
    const [po2, untouched] = take(new Float32Array(m2).fill(-7));
    expect(ex.matmulSparse(pa2, pb, m2, k, n, 0, scratch, 0, po2)).toBe(2);
    expect(untouched.every((v) => v === -7)).toBe(true);
    const [ps2, got2] = take(new Float32Array(m2 * n));
    ex.matmulSparseRows(ps2, pa2, pb, m2, k, n, 0, 1, scratch, 0, m2, 0, po2);
    expect(firstDifference(got2, want2)).toBe('none');
  });

  it('is chosen for a mostly zero op(A) and a finite b only', async () => {
    const { ex, take, scratch } = await instance(level);
    const [m, k, n] = [200, 100, 64];
    const [sparseA] = take(zeroRich(new Float32Array(m * k), 3));
    const [denseA, denseView] = take(dense(new Float32Array(m * k), 4));
    const [b, bView] = take(dense(new Float32Array(k * n), 5));
    expect(ex.matmulSparse(sparseA, b, m, k, n, 0, scratch)).toBe(1);
    expect(ex.matmulSparse(sparseA, b, m, k, n, 1, scratch)).toBe(1);
    expect(ex.matmulSparse(denseA, b, m, k, n, 0, scratch)).toBe(0);
    // 30 % zeros is below the line (35 %), 70 % above it
    for (let i = 0; i < denseView.length; i++) if (i % 10 < 3) denseView[i] = 0;
    expect(ex.matmulSparse(denseA, b, m, k, n, 0, scratch)).toBe(0);
    for (let i = 0; i < denseView.length; i++) if (i % 10 < 7) denseView[i] = 0;
    expect(ex.matmulSparse(denseA, b, m, k, n, 0, scratch)).toBe(1);
    // 0 · Inf and 0 · NaN are NaN: a b that is not all finite keeps the dense product
    for (const bad of [Infinity, -Infinity, NaN]) {
      bView[k * n - 2] = bad;
      expect(ex.matmulSparse(sparseA, b, m, k, n, 0, scratch), String(bad)).toBe(0);
      bView[k * n - 2] = 1;
    }
    expect(ex.matmulSparse(sparseA, b, m, k, n, 0, scratch)).toBe(1);
    // fewer rows than a tile of the micro-kernel: the thin dense product (Note [thin products])
    const tile = ex.matmulTileRows();
    expect(ex.matmulSparse(sparseA, b, tile - 1, k, n, 0, scratch), `${tile - 1} rows`).toBe(0);
    expect(ex.matmulSparse(sparseA, b, tile, k, n, 0, scratch), `${tile} rows`).toBe(1);
  });
});

const made: WasmBackend[] = [];
for (const level of levels) for (const threads of [1, 2]) made.push(await createWasmBackend(level, threads));
afterAll(async () => { for (const b of made) await b.stop(); });
const ref = jsBackend.kernels;

describe.each(made.map((b) => [`${b.name} ×${b.threads}`, b] as const))('%s kernels', (_name, b) => {
  const alloc = b.allocate as (n: number) => Float32Array;

  // op(a)·w through the kernels equals the reference, and has the bits of the same set on 1 thread
  const expectProduct = (a: Float32Array, m: number, k: number, n: number, tA: boolean): void => {
    const one = made.find((x) => x.name === b.name && x.threads === 1) as WasmBackend;
    const w = dense(alloc(k * n), n);
    const out = b.kernels.matmul(alloc(m * n).fill(9), a, w, m, k, n, tA, false) as Float32Array;
    expectClose(out, ref.matmul(new Float32Array(m * n), a, w, m, k, n, tA, false), 1e-4, `${m}x${k}x${n}`);
    const single = one.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, tA, false) as Float32Array;
    expect(firstDifference(out, single), `${m}x${k}x${n} vs 1 thread`).toBe('none');
  };

  it('mostly zero inputs: products equal the reference, the same bits on 1 and 2 threads', () => {
    // a layer's forward, its weight gradient (A transposed), a prediction batch, a narrow one
    for (const [m, k, n, tA] of [[128, 784, 256, false], [784, 128, 256, true], [1000, 100, 40, false], [300, 500, 33, true]] as const) {
      expectProduct(zeroRich(alloc(m * k), m + k), m, k, n, tA);
    }
  });

  it('rows worth pairing: products equal the reference, the same bits on 1 and 2 threads', () => {
    // a prediction batch in blocks and chunks of 128 rows, and one of an odd number of rows
    for (const [m, k, n] of [[1000, 200, 256], [301, 120, 128]] as const) expectProduct(quarterRows(alloc(m * k), m, k, false), m, k, n, false);
  });

  it('an infinity in b where op(A) has zeros gives NaN as the reference does', () => {
    const [m, k, n] = [256, 300, 64];
    const a = zeroRich(alloc(m * k), 11);
    const w = dense(alloc(k * n), 12);
    // row 5 of b meets a zero in most rows of op(A): 0 · Inf is NaN there, Inf or NaN elsewhere
    w[5 * n + 3] = Infinity;
    const out = b.kernels.matmul(alloc(m * n), a, w, m, k, n, false, false) as Float32Array;
    const want = ref.matmul(new Float32Array(m * n), a, w, m, k, n, false, false) as Float32Array;
    let nans = 0;
    for (let i = 0; i < m; i++) {
      const got = out[i * n + 3] as number, expected = want[i * n + 3] as number;
      if (Number.isNaN(expected)) nans++;
      expect(Number.isNaN(got) ? 'NaN' : got, `row ${i}`).toBe(Number.isNaN(expected) ? 'NaN' : expected);
    }
    expect(nans).toBeGreaterThan(100);
  });
});
