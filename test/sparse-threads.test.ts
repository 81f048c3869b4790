// Products over op(A)'s non-zero values on the threads (Notes [the look on the threads] in
// asm/sparse.ts, [bias in the product's blocks] in threads/pool.ts): the look in parts as the job's
// blocks make it, a layer's bias and activation applied to the rows a block summed, and a layer's
// forward in one call with the bits of its two calls on 1 and 2 threads.
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';
import { dense, firstDifference, instance, quarterRows, zeroRich } from './sparse-helpers.js';

// relaxed SIMD is behind a V8 flag on Node 20: on, as initBackend('wasm-relaxed') turns it on
(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
const levels = (['simd', 'relaxed'] as const).filter((l) => wasmSupported(l));

describe.each(levels)('wasm-%s module', (level) => {
  it('looks in parts as the threads do: zeros, b checked and copied in parts of its rows, the rows paired, as matmulSparse decides', async () => {
    const { ex, take, scratch, memory } = await instance(level);
    const [m, k, n] = [120, 300, 128];
    const [pa] = take(quarterRows(new Float32Array(m * k), m, k, false));
    const [pr] = take(dense(new Float32Array(m * k), 52));
    const [pb, bView] = take(dense(new Float32Array(k * n), 51));
    const bytes = ex.matmulPanelBytes(m, k, n);
    const [ref] = take(new Float32Array(bytes / 4));
    const [mine] = take(new Float32Array(bytes / 4 + 16));
    const panels = ex.matmulPanels(ref, pb, k, n), area = (mine + 63) & ~63;
    expect(ex.matmulSparseZeros(pa, m, k, 0)).toBe(1);
    expect(ex.matmulSparseZeros(pr, m, k, 0)).toBe(0);
    expect(ex.matmulSparseZeros(pa, ex.matmulTileRows() - 1, k, 0), 'fewer rows than a tile').toBe(0);
    // two parts of b's rows, the second first: together the copy matmulPanels makes
    for (const [p0, p1] of [[150, 300], [0, 150]] as const) expect(ex.matmulPanelsFinite(area, pb, k, n, p0, p1), `rows ${p0}..${p1}`).toBe(1);
    const words = (at: number) => new Uint32Array(memory.buffer, at, k * n);
    expect(words(area).every((v, i) => v === words(panels)[i])).toBe(true);
    // a value not finite fails the part that holds it only, copied or checked in place
    bView[200 * n + 5] = NaN;
    for (const at of [area, 0]) {
      expect(ex.matmulPanelsFinite(at, pb, k, n, 0, 150), `rows 0..150, area ${at}`).toBe(1);
      expect(ex.matmulPanelsFinite(at, pb, k, n, 150, 300), `rows 150..300, area ${at}`).toBe(0);
    }
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch)).toBe(0);
    bView[200 * n + 5] = 1;
    // the pairing: the same choice and order as matmulSparse's
    const [po1] = take(new Float32Array(m));
    const [po2] = take(new Float32Array(m));
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, 0, po1)).toBe(2);
    expect(ex.matmulSparsePairs(pa, m, k, n, scratch, po2)).toBe(2);
    expect([...new Int32Array(memory.buffer, po2, m)]).toEqual([...new Int32Array(memory.buffer, po1, m)]);
    expect(ex.matmulSparsePairs(pa, m, k, 16, scratch, 0), 'a narrow product').toBe(1);
  });

  it('applies a layer\'s bias and activation to the rows a block summed: the bits of one call over z', async () => {
    const { ex, take, scratch } = await instance(level);
    const [m, k, n] = [120, 200, 64];
    const [pa] = take(quarterRows(new Float32Array(m * k), m, k, false));
    const [pb] = take(dense(new Float32Array(k * n), 61));
    const [pbias] = take(dense(new Float32Array(n), 62));
    const [po] = take(new Float32Array(m));
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, 0, po)).toBe(2);
    // relu (2) and tanh (3): z summed whole, then one call over it
    for (const code of [2, 3]) {
      const [pz, z] = take(new Float32Array(m * n));
      ex.matmulSparseRows(pz, pa, pb, m, k, n, 0, 1, scratch, 0, m, 0, po);
      const [py, want] = take(new Float32Array(m * n));
      ex.biasActivation(code, py, pz, pbias, m, n);
      const wantZ = Float32Array.from(z);
      // blocks of places paired once (rows scattered), then of rows in order, y apart or in place
      for (const [paired, order, inPlace] of [[1, po, false], [0, 0, false], [1, po, true]] as const) {
        const [pz2, z2] = take(new Float32Array(m * n).fill(-1));
        const [py2, y2] = inPlace ? [pz2, z2] : take(new Float32Array(m * n).fill(-1));
        for (const [lo, hi] of [[0, 7], [7, 64], [64, m]] as const) {
          ex.matmulSparseRows(pz2, pa, pb, m, k, n, 0, paired, scratch, lo, hi, 0, order);
          ex.matmulSparseBias(code, py2, pz2, pbias, m, n, paired, order, lo, hi);
        }
        const what = `code ${code}, ${paired ? 'paired once' : 'rows in order'}${inPlace ? ', in place' : ''}`;
        expect(firstDifference(y2, want), what).toBe('none');
        if (!inPlace) expect(firstDifference(z2, wantZ), `z, ${what}`).toBe('none');
      }
    }
  });


  it('checks the rows a block summed: places of the pairing made once, or its rows', async () => {
    const { ex, take, scratch } = await instance(level);
    const [m, k, n] = [120, 200, 64];
    const [pa] = take(quarterRows(new Float32Array(m * k), m, k, false));
    const [pb] = take(dense(new Float32Array(k * n), 81));
    const [po] = take(new Float32Array(m));
    expect(ex.matmulSparse(pa, pb, m, k, n, 0, scratch, 0, po)).toBe(2);
    const [pz, z] = take(new Float32Array(m * n));
    ex.matmulSparseRows(pz, pa, pb, m, k, n, 0, 1, scratch, 0, m, 0, po);
    const order = new Int32Array(z.buffer, po, m);
    const blocks = [[0, 7], [7, 64], [64, m]] as const;
    for (const [lo, hi] of blocks) expect(ex.matmulSparseFinite(pz, m, n, 1, po, lo, hi), `places ${lo}..${hi}`).toBe(1);
    // a value not finite in a row at a place in 7..64 but not among rows 7..64: the block of places
    // 7..64 fails, and the block of those rows in order, not that of rows 7..64
    const place = Array.from(order.keys()).find((t) => t >= 7 && t < 64 && ((order[t] as number) < 7 || (order[t] as number) >= 64));
    expect(place).toBeDefined();
    const row = order[place as number] as number;
    z[row * n + 5] = Infinity;
    for (const [lo, hi] of blocks) expect(ex.matmulSparseFinite(pz, m, n, 1, po, lo, hi), `places ${lo}..${hi}`).toBe(lo === 7 ? 0 : 1);
    for (const [lo, hi] of blocks) expect(ex.matmulSparseFinite(pz, m, n, 0, 0, lo, hi), `rows ${lo}..${hi}`).toBe(row >= lo && row < hi ? 0 : 1);
  });
});

const made: WasmBackend[] = [];
for (const level of levels) for (const threads of [1, 2]) made.push(await createWasmBackend(level, threads));
afterAll(async () => { for (const b of made) await b.stop(); });

describe.each(made.map((b) => [`${b.name} ×${b.threads}`, b] as const))('%s kernels', (_name, b) => {
  const alloc = b.allocate as (n: number) => Float32Array;

  it('a layer\'s forward in one call: the bits of the product then the bias and activation, on 1 and 2 threads', () => {
    const one = made.find((x) => x.name === b.name && x.threads === 1) as WasmBackend;
    const k = b.kernels;
    // W1's first layer on a batch of mostly zero rows, a layer on rows worth pairing, one on dense rows
    for (const [m, kk, n, input] of [[128, 784, 256, 'zeros'], [128, 256, 128, 'quarters'], [96, 300, 64, 'dense']] as const) {
      const x = input === 'zeros' ? zeroRich(alloc(m * kk), 71) : input === 'quarters' ? quarterRows(alloc(m * kk), m, kk, false) : dense(alloc(m * kk), 72);
      const w = dense(alloc(kk * n), 73), bias = dense(alloc(n), 74);
      for (const f of ['relu', 'tanh', 'sigmoid'] as const) {
        const zs = one.kernels.matmul(new Float32Array(m * n), x, w, m, kk, n, false, false) as Float32Array;
        const ys = one.kernels.biasActivation(f, new Float32Array(m * n), zs, bias, m, n) as Float32Array;
        for (const inPlace of [false, true]) {
          const z = alloc(m * n).fill(5);
          const y = inPlace ? z : alloc(m * n).fill(6);
          expect(k.matmulBiasActivation?.(f, y, z, x, w, bias, m, kk, n)).toBe(y);
          const what = `${m}x${kk}x${n} ${input} ${f}${inPlace ? ' in place' : ''}`;
          expect(firstDifference(y, ys), what).toBe('none');
          if (!inPlace) expect(firstDifference(z, zs), `z, ${what}`).toBe('none');
        }
      }
    }
  });


  it('a product and its check in one call: the bits of the product, false when a value of out is not finite', () => {
    const one = made.find((x) => x.name === b.name && x.threads === 1) as WasmBackend;
    const k = b.kernels;
    // W1's first weight gradient (A transposed), a layer's forward
    for (const [m, kk, n, tA] of [[784, 128, 256, true], [128, 784, 256, false]] as const) {
      const x = zeroRich(alloc(m * kk), 91), w = dense(alloc(kk * n), 92);
      const want = one.kernels.matmul(new Float32Array(m * n), x, w, m, kk, n, tA, false) as Float32Array;
      const out = alloc(m * n).fill(4);
      expect(k.matmulFinite?.(out, x, w, m, kk, n, tA, false), `${m}x${kk}x${n}`).toBe(true);
      expect(firstDifference(out, want), `${m}x${kk}x${n}`).toBe('none');
      // one value of x large enough that its products overflow: out has an infinity, b stays finite
      let at = x.length - 1;
      while (x[at] === 0) at--;
      const keep = x[at] as number;
      x[at] = 3e38;
      expect(k.matmulFinite?.(out, x, w, m, kk, n, tA, false), `${m}x${kk}x${n}, an infinity`).toBe(false);
      x[at] = keep;
    }
  });
});
