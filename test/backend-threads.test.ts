// The thread pool's work sharing (src/backend/threads): the block plan covers a product exactly,
// and many products in quick succession, of changing shapes and on 2 and 3 threads, give the
// single-thread results bit for bit (a block lost, run twice or run with another product's
// arguments would show here).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Data } from '../src/backend/kernels.js';
import { backoffAfter, LONG_SPIN, MAX_BLOCKS, MAX_PART_BYTES, planBlocks, SHORT_SPIN, SpinPolicy, splitsDepth } from '../src/backend/threads/blocks.js';
import { createWasmBackend, type WasmBackend } from '../src/backend/wasm/index.js';

describe('planBlocks', () => {
  it('covers [0, total) with aligned blocks that shrink, several per thread when the product is wide enough', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 2, max: 16 }), fc.integer({ min: 4, max: 6 }), (m, n, threads, rows) => {
      const p = planBlocks(m, n, threads, rows);
      const total = p.byCols ? n : m;
      const unit = p.byCols ? 8 : rows;
      expect(p.byCols).toBe(n >= m);
      expect(p.bounds[0]).toBe(0);
      expect(p.bounds.at(-1)).toBe(total);
      expect(p.bounds.length - 1).toBeLessThanOrEqual(MAX_BLOCKS);
      const sizes = p.bounds.slice(1).map((b, i) => b - (p.bounds[i] as number));
      for (const [i, s] of sizes.entries()) {
        expect(s).toBeGreaterThan(0);
        // whole tiles, except the very last block, and none larger than the one before (the 64th takes the rest)
        if (i < sizes.length - 1) expect(s % unit).toBe(0);
        if (i > 0 && i < MAX_BLOCKS - 1) expect(s).toBeLessThanOrEqual(sizes[i - 1] as number);
      }
      if (total >= 16 * threads * 4) expect(sizes.length).toBeGreaterThanOrEqual(threads * 2);
    }), { numRuns: 300 });
    // a quarter of what is left each time (two threads), down to 16 columns
    expect(planBlocks(128, 256, 2)).toEqual({ byCols: true, bounds: [0, 64, 112, 152, 184, 208, 224, 240, 256] });
    expect(planBlocks(784, 256, 2, 6).bounds.slice(0, 4)).toEqual([0, 198, 348, 462]);
  });
});

describe('splitsDepth', () => {
  it('cuts a product along k when every thread gets two slices or more and the parts fit', () => {
    expect(splitsDepth(32, 64, 40, 2)).toBe(true);
    expect(splitsDepth(32, 64, 4, 2)).toBe(true);
    expect(splitsDepth(32, 64, 3, 2)).toBe(false);
    expect(splitsDepth(32, 64, 5, 3)).toBe(false);
    expect(splitsDepth(32, 64, 40, 1)).toBe(false);
    // parts of 40 × 256 × 256 floats: 10.5 MB
    expect(40 * 256 * 256 * 4).toBeGreaterThan(MAX_PART_BYTES);
    expect(splitsDepth(256, 256, 40, 2)).toBe(false);
    expect(splitsDepth(256, 256, 20, 2)).toBe(true);
  });
});

describe('backoffAfter', () => {
  it('doubles after each stall up to 256, halves after each product without one, ignores waits under 0.1 ms', () => {
    let b = 0;
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) seen.push((b = backoffAfter(b, 2, 3)));
    expect(seen).toEqual([4, 8, 16, 32, 64, 128, 256, 256]);
    expect(backoffAfter(256, 2, 0.5)).toBe(128);
    expect(backoffAfter(4, 2, 0.9)).toBe(2);
    expect(backoffAfter(0, 0.01, 0.09)).toBe(0);
    expect(backoffAfter(0, 0.01, 0.2)).toBe(4);
  });
});

describe('SpinPolicy', () => {
  // a process that uses `cores` cores of CPU time while it runs `perMs` jobs a millisecond
  function drive(p: SpinPolicy, clock: { now: number; cpu: number }, ms: number, cores: number, perMs: number): number[] {
    const seen: number[] = [];
    for (let t = 0; t < ms; t++) {
      clock.now += 1;
      clock.cpu += cores;
      for (let j = 0; j < perMs; j++) seen.push(p.afterJob(clock.now));
    }
    return seen;
  }

  it('keeps the long spin while the process has its cores, drops to the short one on a shared machine, tries again 2 s later', () => {
    const clock = { now: 0, cpu: 0 };
    const p = new SpinPolicy(2, () => clock.cpu);
    expect(p.spin).toBe(LONG_SPIN);
    expect(new Set(drive(p, clock, 1000, 1.9, 2))).toEqual(new Set([LONG_SPIN]));
    // beside one other busy process: two threads get 4/3 of a core
    drive(p, clock, 250, 4 / 3, 2);
    expect(p.spin).toBe(SHORT_SPIN);
    const shared = drive(p, clock, 1500, 1, 2);
    expect(new Set(shared)).toEqual(new Set([SHORT_SPIN]));
    // the machine is quiet again: the next probe keeps the long spin
    drive(p, clock, 1000, 1.9, 2);
    expect(p.spin).toBe(LONG_SPIN);
    drive(p, clock, 1000, 1.9, 2);
    expect(p.spin).toBe(LONG_SPIN);
  });

  it('ignores windows with few jobs (idle time between fits), and stays short without a CPU clock', () => {
    const clock = { now: 0, cpu: 0 };
    const p = new SpinPolicy(2, () => clock.cpu);
    // a job every 10 ms at a fifth of a core: 10 jobs a window, too few to judge by
    for (let t = 0; t < 200; t++) {
      clock.now += 10;
      clock.cpu += 2;
      p.afterJob(clock.now);
    }
    expect(p.spin).toBe(LONG_SPIN);
    const none = new SpinPolicy(2, null);
    expect(none.afterJob(0)).toBe(SHORT_SPIN);
    expect(none.afterJob(10_000)).toBe(SHORT_SPIN);
  });
});

// 'none' when the two are the same bits, else the first value that differs (a diff of two
// 100,000-value arrays takes the reporter minutes to print)
function firstDifference(got: Data, want: Data): string {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  // compared as float32 bits: NaN equals NaN, −0 differs from +0
  const g = new Uint32Array(Float32Array.from(got).buffer);
  const w = new Uint32Array(Float32Array.from(want).buffer);
  const i = g.findIndex((x, j) => x !== w[j]);
  return i < 0 ? 'none' : `[${i}] = ${got[i]}, expected ${want[i]}`;
}

/**
 * Runs `round` (which makes `jobs` kernel calls that the pool may share, and checks their results)
 * until the pool's workers have done a block of one, at most past the pool's longest back-off and
 * its longest time alone: after a stall (a loaded machine) it runs up to 256 jobs on the caller
 * alone (Note [backing off] in src/backend/threads/runner.ts), and with too little CPU up to 16 s
 * and a duel (Note [starved workers] in src/backend/threads/starved.ts), where the results must be
 * the same all the same. Whether the workers took part.
 */
function untilWorkersTakePart(b: WasmBackend, jobs: number, round: () => void): boolean {
  const done = () => b.workerBlocks().reduce((x, y) => x + y, 0);
  const before = done();
  const t0 = performance.now();
  for (let r = 0; r <= Math.ceil(256 / jobs) || performance.now() - t0 < 20_000; r++) {
    round();
    if (done() > before) return true;
  }
  return false;
}

const one = await createWasmBackend('simd', 1);
const pools = [await createWasmBackend('simd', 2), await createWasmBackend('simd', 3)];
afterAll(async () => { for (const b of [one, ...pools]) await b.stop(); });

describe.each(pools.map((b) => [b.threads, b] as const))('%i threads', (_threads, b) => {
  it('200 products in a row, changing shape and layout, equal the single-thread products', () => {
    const shapes = [[130, 300, 70], [64, 784, 256], [784, 128, 256], [128, 256, 784], [301, 129, 67], [40, 1000, 40]] as const;
    const alloc = b.allocate as (n: number) => Float32Array;
    for (let r = 0; r < 200; r++) {
      const [m, k, n] = shapes[r % shapes.length];
      const tA = r % 3 === 1, tB = r % 4 === 2;
      const a = alloc(m * k).map((_, i) => Math.sin(i * 0.7 + r));
      const w = alloc(k * n).map((_, i) => Math.cos(i * 0.3 - r));
      const got = b.kernels.matmul(alloc(m * n).fill(NaN), a, w, m, k, n, tA, tB);
      const want = one.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, tA, tB);
      expect(firstDifference(got, want), `product ${r}: ${m}x${k}x${n}`).toBe('none');
    }
  });

  it('products by columns that share op(A) (many KC × MC slices, partial tiles, a transposed A) equal the single-thread products', () => {
    // m > MC and k > KC with a short last slice of each; the area grows, shrinks in use, grows again
    const shapes = [[250, 600, 400], [37, 300, 301], [250, 600, 400], [361, 1100, 512], [12, 2000, 64]] as const;
    const alloc = b.allocate as (n: number) => Float32Array;
    for (let r = 0; r < 30; r++) {
      const [m, k, n] = shapes[r % shapes.length];
      const tA = r % 2 === 1;
      const a = alloc(m * k).map((_, i) => Math.sin(i * 0.37 + r));
      const w = alloc(k * n).map((_, i) => Math.cos(i * 0.11 - r));
      const got = b.kernels.matmul(alloc(m * n).fill(NaN), a, w, m, k, n, tA, false);
      const want = one.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, tA, false);
      expect(firstDifference(got, want), `product ${r}: ${m}x${k}x${n}${tA ? ', A transposed' : ''}`).toBe('none');
    }
  });

  it('weight gradients of a deep k, cut along it (Note [depth split]), equal the single-thread products', () => {
    // a[k, m]ᵀ · b[k, n] with k in slices of 512, the last one short: a full batch's 32-64 layer,
    // a 1- and a 4-column output (Note [narrow products] in each slice), 3 and 2 rows (Note [thin
    // products]), tiles cut at both edges
    const shapes = [[32, 20000, 64], [17, 60001, 1], [16, 20000, 4], [3, 20000, 20], [2, 33000, 16], [37, 4097, 70]] as const;
    const alloc = b.allocate as (n: number) => Float32Array;
    const operands = shapes.map(([m, k, n], r) => {
      expect(splitsDepth(m, n, Math.ceil(k / 512), b.threads), `${m}x${k}x${n}`).toBe(true);
      return [alloc(k * m).map((_, i) => Math.sin(i * 0.37 + r)), alloc(k * n).map((_, i) => Math.cos(i * 0.11 - r))] as const;
    });
    const tookPart = untilWorkersTakePart(b, shapes.length, () => {
      for (const [r, [m, k, n]] of shapes.entries()) {
        const [a, w] = operands[r];
        const got = b.kernels.matmul(alloc(m * n).fill(NaN), a, w, m, k, n, true, false);
        const want = one.kernels.matmul(new Float32Array(m * n), a, w, m, k, n, true, false);
        expect(firstDifference(got, want), `${m}x${k}x${n}, A transposed`).toBe('none');
      }
    });
    expect(tookPart).toBe(true);
  });

  it('a shared Adam update (and AdamW) equals the single-thread update, step after step', () => {
    const size = 200003;
    const alloc = b.allocate as (n: number) => Float32Array;
    const g = [1, 2, 3].map((step) => alloc(size).map((_, i) => Math.cos(i * 0.003 + step)));
    const [w1, m1, v1] = [0, 1, 2].map(() => new Float32Array(size));
    const [w2, m2, v2] = [0, 1, 2].map(() => alloc(size));
    const tookPart = untilWorkersTakePart(b, 6, () => {
      for (const decoupled of [false, true]) {
        for (const x of [w1, m1, v1, w2, m2, v2]) x.forEach((_, i, y) => { y[i] = Math.sin(i * 0.01); });
        for (let step = 1; step <= 3; step++) {
          const p = { rule: 'adam', lr: 1e-3, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, step, decoupled } as const;
          one.kernels.update(w1, g[step - 1], m1, v1, p);
          b.kernels.update(w2, g[step - 1], m2, v2, p);
          expect(firstDifference(w2, w1), `adam${decoupled ? 'w' : ''} step ${step}`).toBe('none');
          expect(firstDifference(v2, v1), `adam${decoupled ? 'w' : ''} step ${step}, v`).toBe('none');
        }
      }
    });
    // the workers took part (a few of the 6 × 13 blocks at least)
    expect(tookPart).toBe(true);
  });
});
