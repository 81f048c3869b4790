// The ways a product is shared among the threads, chosen per shape on the machine at hand (Note
// [splits per machine] in src/backend/threads/splits.ts): each way covers the product exactly, the
// tuner keeps the fastest, and whichever way runs, every value is the same chain of multiply-adds
// over the same KC slices of k: the plain build's products equal a float32 reference that sums in
// that order bit for bit, on 1, 2 and 3 threads and every way; the relaxed build's equal its own
// single-thread products.
import { afterAll, describe, expect, it } from 'vitest';
import { cutBlocks, guidedBlocks, MAX_BLOCKS, planBlocks } from '../src/backend/threads/blocks.js';
import { CHUNK_ROWS, type Split, splitCandidates, SPLITS, SplitTuner } from '../src/backend/threads/splits.js';
import { createWasmBackend, type WasmBackend, wasmSupported } from '../src/backend/wasm/index.js';

(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Asserts that `bounds` cut [0, total) into at most MAX_BLOCKS blocks whose inner bounds are multiples of `unit`. */
function expectCover(bounds: readonly number[], total: number, unit: number, what: string): void {
  expect(bounds[0], what).toBe(0);
  expect(bounds[bounds.length - 1], what).toBe(total);
  expect(bounds.length - 1, what).toBeLessThanOrEqual(MAX_BLOCKS);
  for (let i = 1; i < bounds.length; i++) expect(bounds[i], what).toBeGreaterThan(bounds[i - 1]);
  for (let i = 1; i < bounds.length - 1; i++) expect(bounds[i] % unit, `${what}: bound ${bounds[i]}`).toBe(0);
}

describe('splitCandidates', () => {
  it('lists the usual plan first, then each other way once, the caller alone last; every plan covers the product', () => {
    const names = (s: Split[]) => s.map((w) => w.name);
    // W4's first layer, summed over non-zero values: guided rows, shrinking blocks of 64 rows, alone
    const sparse = splitCandidates(1000, 784, 256, 2, 5, true);
    expect(names(sparse)).toEqual(['guided', 'chunks']);
    // W4's third layer, small enough to try alone
    expect(names(splitCandidates(1000, 128, 10, 2, 5, false))).toEqual(['guided', 'even', 'alone']);
    expect(sparse[0].plan).toEqual(planBlocks(1000, 256, 2, 2, true));
    expect(sparse[1].plan?.bounds).toEqual([0, 256, 448, 640, 768, 832, 896, 960, 1000]);
    // too few rows for blocks of 64 to shrink: no chunks
    expect(names(splitCandidates(200, 256, 256, 2, 5, true))).toEqual(['guided', 'alone']);
    // a dense product wider than tall: columns, then rows, 2 equal blocks of columns a thread
    const wide = splitCandidates(128, 128, 256, 2, 5, false);
    expect(names(wide)).toEqual(['guided', 'turned', 'even', 'alone']);
    expect(wide[0].plan).toEqual(planBlocks(128, 256, 2, 5));
    expect(wide[1].plan?.byCols).toBe(false);
    expect(wide[2].plan).toEqual({ byCols: true, bounds: [0, 64, 128, 192, 256] });
    // the usual plan even as one block, and only it when nothing else differs: 12 x 200,000 x 10 is
    // too much work to try alone, its columns are one block, and 12 rows are one block of 20
    expect(splitCandidates(12, 200000, 10, 2, 5, false)).toEqual([{ name: 'guided', plan: { byCols: false, bounds: [0, 12] } }, { name: 'even', plan: { byCols: false, bounds: [0, 5, 10, 12] } }]);
    expect(names(splitCandidates(12, 200000, 10, 2, 20, false))).toEqual(['guided']);
    // 10 columns are one block of columns: no turned way; W5's 2048³, far past ALONE_MAX_WORK: not alone
    expect(names(splitCandidates(2048, 2048, 2048, 2, 5, false))).toEqual(['guided', 'turned', 'even']);
    for (const [m, n, threads, tileRows, sp] of [[1000, 256, 2, 5, true], [128, 256, 2, 5, false], [1000, 10, 3, 6, false],
      [37, 4000, 2, 6, false], [5000, 17, 4, 5, false], [100000, 300, 2, 2, true], [333, 333, 3, 5, false]] as const) {
      for (const w of splitCandidates(m, 100, n, threads, tileRows, sp)) {
        if (!w.plan) continue;
        const unit = w.name === 'chunks' ? CHUNK_ROWS : w.plan.byCols ? 8 : sp ? 2 : tileRows;
        expectCover(w.plan.bounds, w.plan.byCols ? n : m, unit, `${m}x${n} ${w.name}`);
      }
    }
  });

  it('cuts equal blocks, larger ones when there would be more than MAX_BLOCKS; guided blocks shrink', () => {
    expect(cutBlocks(1000, 128, 128)).toEqual([0, 128, 256, 384, 512, 640, 768, 896, 1000]);
    expectCover(cutBlocks(100000, 2, 128), 100000, 2, 'cutBlocks');
    expect(guidedBlocks(256, 8, 2)).toEqual([0, 64, 112, 152, 184, 208, 224, 240, 256]);
  });
});

describe('SplitTuner', () => {
  const ways = (): Split[] => splitCandidates(1000, 64, 256, 2, 5, true);
  /** Runs `count` products of one shape whose ways take `ms`; the names run, in order. */
  function drive(t: SplitTuner, count: number, ms: Record<string, number>, key = 's'): string[] {
    const ran: string[] = [];
    for (let i = 0; i < count; i++) {
      const trial = t.next(key, ways);
      ran.push(trial.split.name);
      if (trial.timed) t.record(key, ms[trial.split.name]);
    }
    return ran;
  }

  it('runs the usual plan first, then each way three times in turn, and keeps the fastest', () => {
    const t = new SplitTuner();
    const ran = drive(t, 14, { guided: 10, chunks: 8, alone: 20 });
    expect(ran).toEqual(['guided', ...Array<string[]>(3).fill(['guided', 'chunks', 'alone']).flat(), 'chunks', 'chunks', 'chunks', 'chunks']);
    expect(t.chosen()).toEqual({ s: 'chunks' });
  });

  it('keeps the usual plan unless another is faster by more than 3 %, and counts each way by its fastest run', () => {
    const t = new SplitTuner();
    drive(t, 10, { guided: 10, chunks: 9.8, alone: 20 });
    expect(t.chosen()).toEqual({ s: 'guided' });
    // one slow run of the usual plan (another process took its core) does not lose it the choice
    const u = new SplitTuner();
    const times = [30, 9.9, 12, 10, 9.8, 12, 10, 9.9, 12];
    for (let i = 0; i < 10; i++) {
      const trial = u.next('s', ways);
      if (trial.timed) u.record('s', times.shift() as number);
    }
    expect(u.chosen()).toEqual({ s: 'guided' });
  });

  it('tries the ways again after 512 products, then after 1024, and follows a change', () => {
    const t = new SplitTuner();
    drive(t, 10, { guided: 10, chunks: 8, alone: 20 });
    expect(drive(t, 511, { guided: 10, chunks: 8, alone: 20 }).every((n) => n === 'chunks')).toBe(true);
    // the machine got busier: the caller alone is now the fastest
    const again = drive(t, 9, { guided: 30, chunks: 25, alone: 20 });
    expect(again).toEqual(Array<string[]>(3).fill(['guided', 'chunks', 'alone']).flat());
    expect(t.chosen()).toEqual({ s: 'alone' });
    expect(drive(t, 1023, { guided: 10, chunks: 8, alone: 20 }).every((n) => n === 'alone')).toBe(true);
    expect(drive(t, 1, { guided: 10, chunks: 8, alone: 20 })).toEqual(['guided']);
  });

  it('runs a forced way, untimed, and the usual plan where the shape has no such way', () => {
    const t = new SplitTuner();
    t.force('alone');
    expect(t.next('s', ways)).toEqual({ split: { name: 'alone', plan: null }, timed: false });
    t.force('turned');
    expect(t.next('s', ways).split.name).toBe('guided');
    t.force(null);
    expect(t.next('s', ways)).toEqual({ split: ways()[0], timed: false });
    expect(t.next('s', ways).timed).toBe(true);
  });
});

const KC = 512;

/**
 * The reference order of every product (Note [zeros in A] in asm/sparse.ts): each value a chain of
 * multiply-adds in float32 from zero over each KC slice of k in order, the slices' sums added to it
 * in order, each step a product rounded to float32 then a sum rounded to float32 (plain SIMD's
 * multiply then add; relaxed SIMD fuses them, which JavaScript has no operation for).
 */
function chainReference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let o = 0;
      for (let pc = 0; pc < k; pc += KC) {
        let acc = 0;
        for (let p = pc; p < Math.min(k, pc + KC); p++) {
          const x = tA ? a[p * m + i] : a[i * k + p], y = tB ? b[j * k + p] : b[p * n + j];
          acc = Math.fround(Math.fround(x * y) + acc);
        }
        o = pc === 0 ? acc : Math.fround(o + acc);
      }
      out[i * n + j] = o;
    }
  }
  return out;
}

function firstDifference(got: Float32Array, want: Float32Array): string {
  const g = new Uint32Array(Float32Array.from(got).buffer), w = new Uint32Array(Float32Array.from(want).buffer);
  const i = g.findIndex((x, j) => x !== w[j]);
  return i < 0 ? 'none' : `[${i}] = ${got[i]}, expected ${want[i]}`;
}

/** Values in [−2, 2], about 55 % of them 0 when `zeros` (rows of images, ReLU outputs: summed over non-zero values). */
function fill(out: Float32Array, seed: number, zeros: boolean): Float32Array {
  for (let i = 0; i < out.length; i++) {
    const u = Math.sin(seed * 97.1 + i * 12.9898) * 43758.5453;
    out[i] = zeros && u - Math.floor(u) < 0.55 ? 0 : Math.sin(seed + i * 7.31) * 2;
  }
  return out;
}

// products large enough for the pool (1M multiply-adds and more), of odd sizes: by rows and by
// columns, A or b transposed, k past one and two KC slices; the last two summed over op(A)'s
// non-zero values (rows paired or not), with 300 rows for whole pairing chunks and a rest
const shapes = [[301, 129, 67, false, false, false], [37, 1100, 70, false, false, false], [130, 300, 70, true, false, false],
  [333, 600, 45, false, true, false], [61, 1025, 97, true, true, false], [300, 530, 40, false, false, true], [261, 300, 48, true, false, true]] as const;
const levels = (['simd', 'relaxed'] as const).filter((l) => wasmSupported(l));
const backends: WasmBackend[] = [];
afterAll(async () => { for (const b of backends) await b.stop(); });

describe.each(levels)('wasm-%s', (level) => {
  it('every way of sharing a product, on 2 and 3 threads, gives the bits of the reference order (plain build) or of one thread (relaxed)', async () => {
    const one = await createWasmBackend(level, 1);
    const pools = [await createWasmBackend(level, 2), await createWasmBackend(level, 3)];
    backends.push(one, ...pools);
    const alloc = one.allocate as (n: number) => Float32Array;
    const used = new Set<string>();
    for (const [r, [m, k, n, tA, tB, zeros]] of shapes.entries()) {
      const a = fill(alloc(m * k), r, zeros), b = fill(alloc(k * n), r + 50, false);
      const want = level === 'simd' ? chainReference(a, b, m, k, n, tA, tB) : one.kernels.matmul(alloc(m * n), a, b, m, k, n, tA, tB) as Float32Array;
      if (level === 'simd') expect(firstDifference(one.kernels.matmul(alloc(m * n).fill(NaN), a, b, m, k, n, tA, tB) as Float32Array, want), `${m}x${k}x${n}, 1 thread`).toBe('none');
      for (const pool of pools) {
        const pa = (pool.allocate as (n: number) => Float32Array)(m * k), pb = (pool.allocate as (n: number) => Float32Array)(k * n);
        pa.set(a);
        pb.set(b);
        for (const way of SPLITS) {
          pool.forceSplit(way);
          const before = pool.workerBlocks().reduce((x, y) => x + y, 0);
          // after a stall the pool runs up to 256 products alone (Note [backing off]), and with too
          // little CPU up to 16 s and a duel (Note [starved workers]): again until the workers take part
          const t0 = performance.now();
          for (let tries = 0; tries < 300 || performance.now() - t0 < 20_000; tries++) {
            const got = pool.kernels.matmul((pool.allocate as (n: number) => Float32Array)(m * n).fill(NaN), pa, pb, m, k, n, tA, tB) as Float32Array;
            expect(firstDifference(got, want), `${m}x${k}x${n}${tA ? ' Aᵀ' : ''}${tB ? ' bᵀ' : ''}, ${pool.threads} threads, ${way}`).toBe('none');
            if (way === 'alone' || pool.workerBlocks().reduce((x, y) => x + y, 0) > before) break;
          }
          if (pool.workerBlocks().reduce((x, y) => x + y, 0) > before) used.add(way);
        }
        pool.forceSplit(null);
      }
    }
    // every way but the caller alone had the workers take part in some product
    expect([...used].sort()).toEqual(['chunks', 'even', 'guided', 'turned']);
  });
});

describe('the reference order', () => {
  it('adds each KC slice\'s sum to the value, which one chain over all of k would not', () => {
    // 1, then 2^−24 each: one chain rounds every 1 + 2^−24 back to 1 (ties to even); the second
    // slice's two sum to 2^−23 alone first, which 1 keeps
    const k = 514, a = new Float32Array(k).fill(1), b = new Float32Array(k).fill(2 ** -24);
    b[0] = 1;
    let chain = 0;
    for (let p = 0; p < k; p++) chain = Math.fround(chain + b[p]);
    expect(chain).toBe(1);
    expect(chainReference(a, b, 1, k, 1, false, false)[0]).toBe(1 + 2 ** -23);
  });
});
