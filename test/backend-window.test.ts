// The WebAssembly convolution kernels (src/backend/wasm/window.ts: im2col onto the tiled product,
// col2im) of every build on 1 and 2 threads, operands in the heap and outside it, against the
// reference kernels computed in float64 on the same float32 values: each value within float32
// rounding of a sum of that many terms (|error| ≤ terms · 2⁻²³ · Σ|terms|, the textbook bound),
// on shapes that are not multiples of the vector width, with strides, both paddings, 1×1, 3×3 and
// 5×5 kernels, batches large enough to be split across the threads and grouped.
import { describe, expect, it } from 'vitest';
import type { Kernels } from '../src/backend/kernels.js';
import type { ConvWindow } from '../src/backend/window.js';
import { windowOver, type Padding } from '../src/ops/window.js';
import { fillArr, ref, sets, type Alloc } from './backend-sets.js';

interface Case { batch: number; h: number; w: number; c: number; f: number; k: number | [number, number]; s: number | [number, number]; pad: Padding }

const CASES: Case[] = [
  { batch: 1, h: 1, w: 1, c: 1, f: 1, k: 1, s: 1, pad: 'valid' },
  { batch: 3, h: 7, w: 5, c: 3, f: 5, k: 1, s: 1, pad: 'valid' },
  { batch: 2, h: 7, w: 9, c: 3, f: 5, k: 1, s: 2, pad: 'same' },
  { batch: 2, h: 9, w: 7, c: 1, f: 3, k: 3, s: 1, pad: 'valid' },
  { batch: 3, h: 8, w: 11, c: 5, f: 7, k: 3, s: 1, pad: 'same' },
  { batch: 2, h: 10, w: 9, c: 6, f: 9, k: 3, s: 2, pad: 'same' },
  { batch: 2, h: 13, w: 11, c: 2, f: 6, k: 5, s: [2, 1], pad: 'valid' },
  { batch: 2, h: 6, w: 7, c: 3, f: 2, k: 5, s: 3, pad: 'same' },
  { batch: 1, h: 3, w: 4, c: 2, f: 3, k: 5, s: 1, pad: 'same' },
  { batch: 2, h: 9, w: 10, c: 7, f: 5, k: [2, 3], s: [1, 2], pad: 'same' },
  // W7's layers at batch 64: split across the threads (im2col, col2im and the products)
  { batch: 64, h: 28, w: 28, c: 1, f: 32, k: 3, s: 1, pad: 'valid' },
  { batch: 64, h: 13, w: 13, c: 32, f: 64, k: 3, s: 1, pad: 'valid' },
  // 6.5 MB of window rows an image: done in groups of 4 images (MAX_COLS_BYTES)
  { batch: 6, h: 64, w: 64, c: 16, f: 5, k: 5, s: 1, pad: 'same' },
];

const name = (t: Case) => `${t.batch}×${t.h}×${t.w}×${t.c} → ${t.f}, kernel ${t.k}, stride ${t.s}, ${t.pad}`;

/** The float64 reference and the reference on |operands| (Σ|terms|) for one kernel. */
function reference(run: (k: Kernels, out: Float64Array, a: Float64Array, b: Float64Array) => unknown, size: number, a: Float32Array, b: Float32Array) {
  const value = new Float64Array(size), bound = new Float64Array(size);
  run(ref, value, Float64Array.from(a), Float64Array.from(b));
  run(ref, bound, Float64Array.from(a, Math.abs), Float64Array.from(b, Math.abs));
  return { value, bound };
}

/** The largest error as a share of what float32 rounding of `terms` terms allows (≤ 1 passes). */
function worst(got: Float32Array, want: { value: Float64Array; bound: Float64Array }, terms: number): number {
  let share = 0;
  for (let i = 0; i < got.length; i++) {
    const allowed = terms * 2 ** -23 * want.bound[i] + 1e-30;
    share = Math.max(share, Math.abs(got[i] - want.value[i]) / allowed);
    if (!Number.isFinite(got[i])) return Infinity;
  }
  return share;
}

function operands(alloc: Alloc, g: ConvWindow, seed: number) {
  const x = fillArr(alloc(g.batch * g.height * g.width * g.channels), seed);
  const w = fillArr(alloc(g.kernelHeight * g.kernelWidth * g.channels * g.filters), seed + 1);
  const dy = fillArr(alloc(g.batch * g.outHeight * g.outWidth * g.filters), seed + 2);
  return { x, w, dy };
}

describe('WebAssembly convolution kernels equal the reference within float32 rounding', () => {
  it('there are kernel sets to test', () => expect(sets.length).toBeGreaterThanOrEqual(4));

  for (const t of CASES) {
    const g: ConvWindow = { ...windowOver('conv2d', [t.batch, t.h, t.w, t.c], t.k, t.s, t.pad), filters: t.f };
    const { x, w, dy } = operands((n) => new Float32Array(n), g, t.h * 7 + t.c);
    const depth = g.kernelHeight * g.kernelWidth * g.channels;
    const ySize = g.batch * g.outHeight * g.outWidth * g.filters;
    const forward = reference((k, o, a, b) => k.conv2d(o, a, b, g), ySize, x, w);
    const input = reference((k, o, a, b) => k.conv2dBackwardInput(o, a, b, g), x.length, dy, w);
    const filter = reference((k, o, a, b) => k.conv2dBackwardFilter(o, a, b, g), w.length, x, dy);

    it(name(t), () => {
      for (const [set, kernels, alloc] of sets) {
        const a = operands(alloc, g, t.h * 7 + t.c);
        // outputs start as garbage: every kernel writes all of out
        const y = alloc(ySize).fill(Number.NaN), dx = alloc(x.length).fill(Number.NaN), dw = alloc(w.length).fill(Number.NaN);
        // twice: the second call reuses the window rows' area (nothing left from the first may leak in)
        for (let round = 0; round < 2; round++) {
          kernels.conv2d(y, a.x, a.w, g);
          kernels.conv2dBackwardInput(dx, a.dy, a.w, g);
          kernels.conv2dBackwardFilter(dw, a.x, a.dy, g);
          expect(worst(y, forward, depth), `${set} conv2d`).toBeLessThanOrEqual(1);
          expect(worst(dx, input, g.kernelHeight * g.kernelWidth * g.filters), `${set} conv2dBackwardInput`).toBeLessThanOrEqual(1);
          expect(worst(dw, filter, g.batch * g.outHeight * g.outWidth), `${set} conv2dBackwardFilter`).toBeLessThanOrEqual(1);
        }
      }
    }, 120_000);
  }
});

// Max pooling is exact: the same bits as the reference, ties (values rounded to halves, so windows
// often hold their maximum twice) and NaN cells included, overlapping windows summed in order.
const POOLS: { batch: number; h: number; w: number; c: number; k: number | [number, number]; s: number | [number, number]; pad: Padding }[] = [
  { batch: 2, h: 26, w: 26, c: 32, k: 2, s: 2, pad: 'valid' },
  { batch: 3, h: 7, w: 9, c: 5, k: 3, s: 2, pad: 'same' },
  { batch: 2, h: 8, w: 5, c: 7, k: [3, 2], s: 1, pad: 'valid' },
  { batch: 1, h: 5, w: 6, c: 3, k: 5, s: [2, 3], pad: 'same' },
];

describe('WebAssembly max pooling gives the reference bits', () => {
  for (const t of POOLS) {
    it(`${t.batch}×${t.h}×${t.w}×${t.c}, window ${t.k}, stride ${t.s}, ${t.pad}`, () => {
      const g = windowOver('maxPool2d', [t.batch, t.h, t.w, t.c], t.k, t.s, t.pad);
      const n = t.batch * t.h * t.w * t.c, m = t.batch * g.outHeight * g.outWidth * t.c;
      const x0 = fillArr(new Float32Array(n), 3).map((v, i) => (i % 97 === 5 ? Number.NaN : Math.round(v * 2) / 2));
      const dy0 = fillArr(new Float32Array(m), 4);
      const y = ref.maxPool2d(new Float32Array(m), x0, g) as Float32Array;
      const dx = ref.maxPool2dBackward(new Float32Array(n), x0, y, dy0, g) as Float32Array;
      for (const [set, kernels, alloc] of sets) {
        const x = alloc(n), dy = alloc(m);
        x.set(x0);
        dy.set(dy0);
        const gotY = kernels.maxPool2d(alloc(m).fill(7), x, g) as Float32Array;
        expect([...gotY], `${set} maxPool2d`).toEqual([...y]);
        const gotDx = kernels.maxPool2dBackward(alloc(n).fill(7), x, gotY, dy, g) as Float32Array;
        expect([...gotDx], `${set} maxPool2dBackward`).toEqual([...dx]);
      }
    });
  }
});

// Average pooling is exact too: sums in the reference's order, and its gradient adds the float64
// quotient dy / cells as the reference does (asm/window.ts), on windows that overlap and padding.
describe('WebAssembly average pooling gives the reference bits', () => {
  for (const t of POOLS) {
    it(`${t.batch}×${t.h}×${t.w}×${t.c}, window ${t.k}, stride ${t.s}, ${t.pad}`, () => {
      const g = windowOver('avgPool2d', [t.batch, t.h, t.w, t.c], t.k, t.s, t.pad);
      const n = t.batch * t.h * t.w * t.c, m = t.batch * g.outHeight * g.outWidth * t.c;
      const x0 = fillArr(new Float32Array(n), 5).map((v, i) => (i % 89 === 7 ? Number.NaN : v * 1e3 ** Math.sin(i)));
      const dy0 = fillArr(new Float32Array(m), 6).map((v, i) => v * 1e3 ** Math.cos(i));
      const y = ref.avgPool2d(new Float32Array(m), x0, g) as Float32Array;
      const dx = ref.avgPool2dBackward(new Float32Array(n), dy0, g) as Float32Array;
      for (const [set, kernels, alloc] of sets) {
        const x = alloc(n), dy = alloc(m);
        x.set(x0);
        dy.set(dy0);
        expect([...(kernels.avgPool2d(alloc(m).fill(7), x, g) as Float32Array)], `${set} avgPool2d`).toEqual([...y]);
        expect([...(kernels.avgPool2dBackward(alloc(n).fill(7), dy, g) as Float32Array)], `${set} avgPool2dBackward`).toEqual([...dx]);
      }
    });
  }
});
