// The pictures view's parts that need no browser: the pad's brush and its 4 × 4 block counts,
// the digits split, and the layer outputs the maps are drawn from.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { evaluate } from '../src/index.js';
import { BITMAP, downsample, emptyBitmap, inkSegment, SIDE } from '../playground/src/pictures/bitmap.js';
import { layerOutputs, startRun, workPiece } from '../playground/src/pictures/run.js';
import { FASHION_TRAIN, fashionFrom, HELD_OUT, loadDigits, newNetwork } from '../playground/src/pictures/sets.js';
// @ts-expect-error: a plain script without types
import { fashionSample } from '../scripts/fashion-sample.mjs';

describe('the drawing pad', () => {
  it('a dot inks the 16 pixels whose centres lie within 2.5 of it; a stroke inks a band 6 pixels high', () => {
    const b = emptyBitmap();
    expect(inkSegment(b, 16, 16, 16, 16)).toBe(true);
    const inked = [...b.keys()].filter((i) => b[i]).map((i) => [Math.floor(i / BITMAP), i % BITMAP]);
    expect(inked.length).toBe(16);
    expect(inked.every(([r, c]) => (r + 0.5 - 16) ** 2 + (c + 0.5 - 16) ** 2 <= 6.25)).toBe(true);
    expect(inkSegment(b, 16, 16, 16, 16)).toBe(false);
    const s = emptyBitmap();
    inkSegment(s, 8, 10, 24, 10);
    const rows = new Set([...s.keys()].filter((i) => s[i]).map((i) => Math.floor(i / BITMAP)));
    expect([...rows].sort((a, c) => a - c)).toEqual([7, 8, 9, 10, 11, 12]);
    // the pad's edges clip the brush
    const e = emptyBitmap();
    inkSegment(e, -5, -5, 0, 0);
    expect(e[0]).toBe(1);
  });

  it('each image pixel is its 4 × 4 block\'s count of ink / 16', () => {
    const b = emptyBitmap();
    b[5 * BITMAP + 9] = 1; // block (1, 2)
    b[31 * BITMAP + 31] = 1; // block (7, 7)
    b[31 * BITMAP + 30] = 1;
    const x = downsample(b);
    expect(x.length).toBe(SIDE * SIDE);
    expect(x[1 * SIDE + 2]).toBe(1 / 16);
    expect(x[7 * SIDE + 7]).toBe(2 / 16);
    expect(x.reduce((s, v) => s + v, 0)).toBe(3 / 16);
    expect(Array.from(downsample(new Uint8Array(BITMAP * BITMAP).fill(1)))).toEqual(new Array(64).fill(1));
  });
});

describe('the digits and the network', () => {
  const digits = loadDigits(1);

  it('splits the 1,797 digits by class, a fifth held out, pixels in 0…1', () => {
    expect(digits.train.rows + digits.test.rows).toBe(1797);
    expect(Math.abs(digits.test.rows - HELD_OUT * 1797)).toBeLessThan(6);
    for (let k = 0; k < 10; k++) {
      const held = digits.test.y.filter((v) => v === k).length;
      const all = held + digits.train.y.filter((v) => v === k).length;
      expect(Math.abs(held - HELD_OUT * all)).toBeLessThanOrEqual(0.5);
    }
    expect(Math.max(...digits.train.x)).toBe(1);
    expect(Math.min(...digits.train.x)).toBe(0);
  });

  it('the layer outputs go through every layer, the last is what the network predicts', () => {
    const net = newNetwork('digits', 1);
    for (let i = 0; i < 20; i++) {
      const x = digits.test.x.subarray(i * 64, i * 64 + 64);
      const out = layerOutputs(net, x);
      expect(out.map((o) => [o.type, o.shape])).toEqual([
        ['conv2d', [8, 8, 8]], ['maxPool2d', [4, 4, 8]], ['conv2d', [4, 4, 16]], ['maxPool2d', [2, 2, 16]], ['flatten', [64]], ['dense', [10]],
      ]);
      expect(out[0].values.every((v) => v >= 0)).toBe(true);
      expect(Array.from(out[5].values)).toEqual(Array.from(net.predictFlat(Float32Array.from(x), 1)));
      expect(Array.from(out[4].values)).toEqual(Array.from(out[3].values));
    }
  });
});

describe('the Fashion-MNIST sample', () => {
  const official = '/usr/share/datasets/fashion-mnist';
  const files = ['images', 'labels'].map((k) => readFileSync(`playground/data/fashion-sample-${k}.idx`));

  it.skipIf(!existsSync(official))('is what scripts/fashion-sample.mjs makes from the official files', () => {
    const made = fashionSample(official) as { images: Uint8Array; labels: Uint8Array };
    expect(Buffer.from(made.images).equals(files[0])).toBe(true);
    expect(Buffer.from(made.labels).equals(files[1])).toBe(true);
  });

  it('holds 200 training and 50 held-out pictures of each class, 14 × 14, pixels / 255', () => {
    const d = fashionFrom(files[0], files[1]);
    expect([d.train.rows, d.test.rows]).toEqual([FASHION_TRAIN, 500]);
    for (let k = 0; k < 10; k++) {
      expect(d.train.y.filter((v) => v === k).length).toBe(200);
      expect(d.test.y.filter((v) => v === k).length).toBe(50);
    }
    expect(d.train.x.length).toBe(FASHION_TRAIN * 196);
    expect(d.train.x[100]).toBe(Math.fround(files[0][16 + 100] / 255));
    expect(() => fashionFrom(files[0].subarray(0, 1000), files[1])).toThrow(/truncated|bytes/);
  });
});

describe('a run', () => {
  it('counts the held-out pictures after each epoch as the library\'s evaluate does', () => {
    const r = startRun(loadDigits(1), 2);
    while (r.accuracies.length < 1) expect(workPiece(r)).toBe(true);
    expect(r.steps).toBe(Math.ceil(r.data.train.rows / 32));
    const t = r.data.test;
    expect(r.accuracies[0]).toBe(evaluate(r.net, { data: t.x, rows: t.rows, cols: 64 }, Array.from(t.y)).accuracy);
    expect(r.accuracies[0]).toBeGreaterThan(0.3);
  });
});
