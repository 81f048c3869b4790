// The playground's "pictures" view in a real headless Chromium: a small convolutional network
// learns the 8 × 8 digits on the page (no main-thread task over 50 ms, pausable) to ≥ 0.95 on the
// held-out images; a zero drawn with the mouse is read as a 0 from its exact 4 × 4 block counts;
// the feature maps shown are the network's own intermediate outputs, equal to a convolution
// written out here in float64 on the exported weights, and drawn as those values.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseModel, type Network } from '../src/index.js';
import { BITMAP, BLOCK, SIDE } from '../playground/src/pictures/bitmap.js';
import { mapCell, MAPS_PER_ROW, mapOrigin, shade } from '../playground/src/pictures/draw.js';
import { layerOutputs } from '../playground/src/pictures/run.js';
import { fashionFrom, loadDigits, SETS } from '../playground/src/pictures/sets.js';
import { num } from '../playground/src/ui/format.js';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { mainThreadTasks } from './playground/page.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'pictures-view browser tests SKIPPED: no Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}

const metric = (page: Page, key: string): Promise<string> => page.evaluate((k) => (document.querySelector('#pic-metrics') as HTMLElement).dataset[k] ?? '', key);
const json = <T>(page: Page, sel: string, key: string): Promise<T> => page.evaluate(([s, k]) => JSON.parse((document.querySelector(s) as HTMLElement).dataset[k] ?? 'null'), [sel, key] as const) as Promise<T>;

type Maps = { index: number; shape: number[]; values: number[] }[];

/** Each layer's output for one side × side picture, written out in float64 from the network's weights: conv (same, ReLU), max pool, flatten, dense softmax. */
function byHand(net: Network, picture: ArrayLike<number>, side: number): { maps: Float64Array[]; probabilities: Float64Array } {
  const p = Object.fromEntries(net.parameters().map((q) => [q.name, q.tensor.data]));
  const conv = (x: Float64Array, size: number, c: number, w: ArrayLike<number>, b: ArrayLike<number>, f: number) => {
    const y = new Float64Array(size * size * f);
    for (let r = 0; r < size; r++) for (let col = 0; col < size; col++) for (let k = 0; k < f; k++) {
      let s = b[k];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const [rr, cc] = [r + i - 1, col + j - 1];
        if (rr < 0 || cc < 0 || rr >= size || cc >= size) continue;
        for (let ch = 0; ch < c; ch++) s += x[(rr * size + cc) * c + ch] * w[((i * 3 + j) * c + ch) * f + k];
      }
      y[(r * size + col) * f + k] = Math.max(0, s);
    }
    return y;
  };
  const pool = (x: Float64Array, size: number, c: number) => {
    const half = Math.floor(size / 2);
    const y = new Float64Array(half * half * c).fill(-Infinity);
    for (let r = 0; r < 2 * half; r++) for (let col = 0; col < 2 * half; col++) for (let ch = 0; ch < c; ch++) {
      const o = (Math.floor(r / 2) * half + Math.floor(col / 2)) * c + ch;
      y[o] = Math.max(y[o], x[(r * size + col) * c + ch]);
    }
    return y;
  };
  const a = conv(Float64Array.from(picture), side, 1, p['layers.0.weights'], p['layers.0.bias'], 8);
  const b = conv(pool(a, side, 8), Math.floor(side / 2), 8, p['layers.2.weights'], p['layers.2.bias'], 16);
  const flat = pool(b, Math.floor(side / 2), 16);
  const z = Array.from({ length: 10 }, (_, k) => flat.reduce((s, v, i) => s + v * p['layers.5.weights'][i * 10 + k], p['layers.5.bias'][k]));
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  return { maps: [a, b], probabilities: Float64Array.from(e, (v) => v / e.reduce((s, q) => s + q, 0)) };
}

describe.skipIf(!chromiumPath)('the pictures view in Chromium', () => {
  const pg = usePlayground(chromiumPath, 'neurite-pictures-');

  it('trains a convolutional network on the page, reads a drawn zero, and shows its real feature maps', async () => {
    const { page, errors } = await open(pg.browser, `${pg.url}#view=pictures`);
    await page.waitForFunction(() => !(document.querySelector('#pic-train') as HTMLButtonElement).disabled);
    expect(await page.isVisible('#pictures-view')).toBe(true);
    expect(await page.isVisible('#train-view')).toBe(false);
    expect(await page.getAttribute('#tab-pictures', 'aria-pressed')).toBe('true');

    // training: progress shown, pausable, and the page's own tasks stay short
    const tasks = await mainThreadTasks(pg.browser, page, async () => {
      await page.click('#pic-train');
      await page.waitForFunction(() => Number((document.querySelector('#pic-metrics') as HTMLElement).dataset.epoch) >= 2, undefined, { timeout: 60_000 });
      await page.click('#pic-train');
      expect(await page.textContent('#pic-status')).toBe('Paused.');
      const steps = await metric(page, 'steps');
      await page.waitForTimeout(300);
      expect(await metric(page, 'steps')).toBe(steps);
      await page.click('#pic-train');
      await page.waitForFunction((n) => Number((document.querySelector('#pic-metrics') as HTMLElement).dataset.epoch) === n, SETS.digits.epochs, { timeout: 180_000 });
    });
    expect(tasks.over50).toEqual([]);
    expect(await page.textContent('#pic-train')).toBe('▶ Train');
    const accuracy = Number(await metric(page, 'accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(await page.textContent('#pic-status')).toContain('held-out pictures are recognised');

    // the exported network, read in Node, gives the page's accuracy on the same held-out images
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#pic-export')]);
    const net = parseModel(readFileSync(await file.path(), 'utf8'), 'digits-cnn.json').network;
    const { test } = loadDigits(1);
    const out = net.predictFlat(test.x, test.rows);
    let right = 0;
    for (let i = 0; i < test.rows; i++) {
      const row = Array.from(out.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test.y[i]) right++;
    }
    expect(Math.abs(right / test.rows - accuracy)).toBeLessThanOrEqual(1 / test.rows);

    // draw a zero: an oval filling the box, as the training zeros do
    const box = (await page.locator('#pic-pad').boundingBox()) as { x: number; y: number; width: number };
    const to = (bx: number, by: number) => [box.x + (bx / BITMAP) * box.width, box.y + (by / BITMAP) * box.width] as const;
    await page.mouse.move(...to(16 + 9, 16));
    await page.mouse.down();
    for (let i = 1; i <= 48; i++) await page.mouse.move(...to(16 + 9 * Math.cos((2 * Math.PI * i) / 48), 16 + 13 * Math.sin((2 * Math.PI * i) / 48)));
    await page.mouse.up();
    await page.waitForFunction(() => JSON.parse((document.querySelector('#pic-input') as HTMLElement).dataset.values ?? '[0]').some((v: number) => v > 0));
    await page.waitForTimeout(100);
    // the network's input: each 4 × 4 block's count of ink pixels on the pad, / 16
    const ink: number[] = await page.evaluate((n) => {
      const c = document.querySelector('#pic-pad') as HTMLCanvasElement;
      const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
      const cell = c.width / n;
      return Array.from({ length: n * n }, (_, i) => (d[((Math.floor(i / n) * cell + cell / 2) * c.width + (i % n) * cell + cell / 2) * 4] < 128 ? 1 : 0));
    }, BITMAP);
    const counts = new Array(SIDE * SIDE).fill(0);
    ink.forEach((v, i) => void (counts[Math.floor(Math.floor(i / BITMAP) / BLOCK) * SIDE + Math.floor((i % BITMAP) / BLOCK)] += v));
    const input = await json<number[]>(page, '#pic-input', 'values');
    expect(input).toEqual(counts.map((c) => c / 16));
    expect(ink.reduce((s, v) => s + v, 0)).toBeGreaterThan(150);
    expect(await json<number>(page, '#pic-probs', 'predicted')).toBe(0);
    const probs = await json<number[]>(page, '#pic-probs', 'probs');
    expect(probs.length).toBe(10);
    expect(Math.abs(probs.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
    expect(await page.textContent('#pic-probs li.best .class')).toBe('0');
    await page.screenshot({ path: join(shots, 'pictures-zero.png'), fullPage: true });

    // the maps are the network's intermediate outputs: equal to the convolutions written out here
    const maps = await json<Maps>(page, '#pic-maps', 'maps');
    expect(maps.map((m) => [m.index, m.shape])).toEqual([[0, [8, 8, 8]], [2, [4, 4, 16]]]);
    const ref = byHand(net, input, 8);
    maps.forEach((m, l) => m.values.forEach((v, i) => expect(Math.abs(v - ref.maps[l][i]), `layer ${m.index} value ${i}`).toBeLessThan(1e-5)));
    probs.forEach((p, k) => expect(Math.abs(p - ref.probabilities[k])).toBeLessThan(1e-5));
    expect(Array.from(net.predictFlat(Float32Array.from(input), 1)).map((p, k) => Math.abs(p - probs[k]))).toSatisfy((d: number[]) => d.every((x) => x < 1e-6));
    expect(ref.maps.every((a) => a.some((v) => v > 0))).toBe(true);
    // ... and drawn from those values: each cell's grey is its value on the layer's scale
    for (const m of maps) {
      const max = Math.max(...m.values);
      const [h, w, n] = m.shape;
      const cells = Array.from({ length: h * w * n }, (_, i) => {
        const [k, r, c] = [i % n, Math.floor(i / n / w), Math.floor(i / n) % w];
        const [o, cell] = [mapOrigin(k, m.shape, mapCell(m.shape), MAPS_PER_ROW), mapCell(m.shape)];
        return { x: o.x + c * cell + cell / 2, y: o.y + r * cell + cell / 2, grey: shade(m.values[i], max) };
      });
      const drawn: number[] = await page.evaluate(([id, at]) => {
        const c = document.querySelector(id) as HTMLCanvasElement;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        return at.map((p) => g.getImageData(Math.floor(p.x), Math.floor(p.y), 1, 1).data[0]);
      }, [`#pic-maps-${m.index}`, cells] as const);
      drawn.forEach((g, i) => expect(Math.abs(g - cells[i].grey), `layer ${m.index} cell ${i}`).toBeLessThanOrEqual(1));
    }

    // the value under the pointer, and the first layer's filters drawn
    const canvas = (await page.locator('#pic-maps-0').boundingBox()) as { x: number; y: number; width: number };
    const scale = canvas.width / (await page.evaluate(() => (document.querySelector('#pic-maps-0') as HTMLCanvasElement).width));
    const o = mapOrigin(1, maps[0].shape, mapCell(maps[0].shape), MAPS_PER_ROW);
    await page.mouse.move(canvas.x + (o.x + 3.5 * mapCell(maps[0].shape)) * scale, canvas.y + (o.y + 2.5 * mapCell(maps[0].shape)) * scale);
    expect(await page.getAttribute('#pic-maps-0', 'title')).toBe(`map 2, row 3, column 4: ${num(maps[0].values[(2 * 8 + 3) * 8 + 1], 4)}`);
    const filters = await page.evaluate(() => {
      const c = document.querySelector('#pic-filters') as HTMLCanvasElement;
      const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 2]) > 60) coloured++;
      return coloured / (d.length / 4);
    });
    expect(filters).toBeGreaterThan(0.1);

    // a held-out example: the picture is that image, and the answer names its true class
    const example = page.locator('#pic-examples .example').nth(3);
    const row = Number(await example.getAttribute('data-row'));
    await example.click();
    expect(await json<number[]>(page, '#pic-input', 'values')).toEqual(Array.from(test.x.subarray(row * 64, row * 64 + 64)));
    expect(test.y[row]).toBe(3);
    expect(await page.textContent('#pic-answer')).toContain('this example is a 3');
    expect(await page.textContent('#pic-probs')).toContain('(true class)');
    await page.click('#pic-clear');
    expect((await json<number[]>(page, '#pic-input', 'values')).every((v) => v === 0)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('Fashion-MNIST: fetched when chosen, trained on the page to ≥ 0.75 held out; a held-out trouser, its maps as in Node; nothing drawn', async () => {
    const { page, errors } = await open(pg.browser, `${pg.url}#view=pictures`);
    await page.waitForFunction(() => !(document.querySelector('#pic-train') as HTMLButtonElement).disabled);
    await page.selectOption('#pic-data', 'fashion');
    await page.waitForFunction(() => location.hash.includes('pics=fashion') && !(document.querySelector('#pic-train') as HTMLButtonElement).disabled);
    expect(await page.textContent('#pic-pad-title')).toBe('The picture');
    expect(await page.isDisabled('#pic-clear')).toBe(true);
    const tasks = await mainThreadTasks(pg.browser, page, async () => {
      await page.click('#pic-train');
      await page.waitForFunction((n) => Number((document.querySelector('#pic-metrics') as HTMLElement).dataset.epoch) === n, SETS.fashion.epochs, { timeout: 240_000 });
    });
    expect(tasks.over50).toEqual([]);
    const accuracy = Number(await metric(page, 'accuracy'));
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
    const data = fashionFrom(readFileSync('playground/data/fashion-sample-images.idx'), readFileSync('playground/data/fashion-sample-labels.idx'));
    const example = page.locator('#pic-examples .example').nth(1);
    const row = Number(await example.getAttribute('data-row'));
    expect(data.test.y[row]).toBe(1);
    await example.click();
    const input = await json<number[]>(page, '#pic-input', 'values');
    expect(input).toEqual(Array.from(data.test.x.subarray(row * 196, (row + 1) * 196)));
    expect(await page.textContent('#pic-answer')).toContain('this example is a Trouser');
    const probs = await json<number[]>(page, '#pic-probs', 'probs');
    expect(Math.abs(probs.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
    await page.screenshot({ path: join(shots, 'pictures-fashion.png'), fullPage: true });
    // the exported network gives the page's accuracy, and the page's maps, in Node
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#pic-export')]);
    expect(file.suggestedFilename()).toBe('fashion-cnn.json');
    const net = parseModel(readFileSync(await file.path(), 'utf8'), 'fashion-cnn.json').network;
    const out = net.predictFlat(data.test.x, data.test.rows);
    let right = 0;
    for (let i = 0; i < data.test.rows; i++) {
      const r = Array.from(out.subarray(i * 10, i * 10 + 10));
      if (r.indexOf(Math.max(...r)) === data.test.y[i]) right++;
    }
    expect(right / data.test.rows).toBe(accuracy);
    const maps = await json<Maps>(page, '#pic-maps', 'maps');
    expect(maps.map((m) => [m.index, m.shape])).toEqual([[0, [14, 14, 8]], [2, [7, 7, 16]]]);
    const ref = byHand(net, input, 14);
    maps.forEach((m, l) => m.values.forEach((v, i) => expect(Math.abs(v - ref.maps[l][i]), `layer ${m.index} value ${i}`).toBeLessThan(1e-5)));
    probs.forEach((p, k) => expect(Math.abs(p - ref.probabilities[k])).toBeLessThan(1e-5));
    expect(layerOutputs(net, Float32Array.from(input))[5].values.every((p, k) => Math.abs(p - probs[k]) < 1e-6)).toBe(true);
    // the pad is not for drawing here
    const box = (await page.locator('#pic-pad').boundingBox()) as { x: number; y: number };
    await page.mouse.move(box.x + 40, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 200);
    await page.mouse.up();
    await page.waitForTimeout(100);
    expect(await json<number[]>(page, '#pic-input', 'values')).toEqual(input);
    // back to the digits: their run was kept
    await page.selectOption('#pic-data', 'digits');
    await page.waitForFunction(() => (document.querySelector('#pic-pad-title') as HTMLElement).textContent === 'Draw a digit');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('fits 390, 1,024 and 1,400 px wide with no horizontal scroll', async () => {
    for (const width of [390, 1024, 1400]) {
      const page = await pg.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${pg.url}#view=pictures`);
      await page.waitForFunction(() => (document.querySelector('#pic-maps') as HTMLElement).dataset.maps !== undefined);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `pictures view at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `pictures-${width}.png`), fullPage: true });
      await page.close();
    }
  });
});
