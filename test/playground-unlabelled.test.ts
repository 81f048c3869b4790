// The playground's "learning without labels" view in a real headless Chromium: a self-organizing
// map unfolds over 2-D points step by step (the same map, to the last bit, as the library trains
// from the same settings), without long tasks; Pavlov's dog learns the bell from "both" trials and
// unlearns it from "bell" trials.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../playground/src/settings.js';
import { MAP_EPOCHS, startMap } from '../playground/src/unlabelled/map-run.js';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { difference, mainThreadTasks, pixels } from './playground/page.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'unlabelled-view browser tests SKIPPED: no Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}

const som = (page: Page): Promise<{ steps: number; qe: number; te: number }> => page.evaluate(() => {
  const d = (document.querySelector('#som-metrics') as HTMLElement).dataset;
  return { steps: Number(d.steps), qe: Number(d.qe), te: Number(d.te) };
});

/** The library's own run from the page's default settings: the first and the trained map's errors. */
function reference(): { total: number; first: { qe: number; te: number }; last: { qe: number; te: number } } {
  const r = startMap({ ...DEFAULTS });
  const x = { data: r.points, rows: r.points.length / 2, cols: 2 };
  const first = { qe: r.map.quantizationError(x), te: r.map.topographicError(x) ?? NaN };
  r.trainer.run();
  return { total: r.trainer.totalSteps, first, last: { qe: r.map.quantizationError(x), te: r.map.topographicError(x) ?? NaN } };
}

describe.skipIf(!chromiumPath)('the unlabelled view in Chromium', () => {
  const pg = usePlayground(chromiumPath, 'neurite-unlabelled-');

  it('a map unfolds over the square step by step, no task > 50 ms, and ends as the library\'s map', async () => {
    const ref = reference();
    expect(ref.total).toBe(MAP_EPOCHS * 400);
    const { page, errors } = await open(pg.browser, `${pg.url}#view=unlabelled`);
    expect(await page.isVisible('#unlabelled-view')).toBe(true);
    expect(await page.isVisible('#train-view')).toBe(false);
    expect(await som(page)).toEqual({ steps: 0, ...ref.first });
    const tangled = await pixels(page, 'som-map');
    let midway = '';
    const tasks = await mainThreadTasks(pg.browser, page, async () => {
      await page.click('#som-play');
      await page.waitForFunction(() => Number((document.querySelector('#som-metrics') as HTMLElement).dataset.steps) >= 4000);
      midway = await pixels(page, 'som-map');
      await page.waitForFunction((n) => Number((document.querySelector('#som-metrics') as HTMLElement).dataset.steps) === n, ref.total, { timeout: 60_000 });
    });
    expect(tasks.over50).toEqual([]);
    const done = await som(page);
    // the same map as the library's; it started tangled (units on random points: nearly every
    // point's two nearest units apart on the grid) and ends unfolded (neighbourhoods kept)
    expect(done).toEqual({ steps: ref.total, ...ref.last });
    expect(ref.first.te).toBeGreaterThan(0.9);
    expect(done.te).toBeLessThan(0.1);
    expect(await difference(page, tangled, midway)).toBeGreaterThan(0.01);
    expect(await difference(page, midway, await pixels(page, 'som-map'))).toBeGreaterThan(0.01);
    expect(await page.textContent('#som-play')).toBe('▶ Learn');
    expect(await page.textContent('#som-status')).toContain('Trained');
    await page.screenshot({ path: join(shots, 'unlabelled-map.png') });
    // step by step: one epoch is one pass over the points; another grid starts over and goes into the URL
    await page.click('#som-restart');
    await page.click('#som-epoch-step');
    expect((await som(page)).steps).toBe(400);
    await page.selectOption('#som-grid', '1x12');
    await page.waitForFunction(() => location.hash.includes('grid=1x12'));
    expect((await som(page)).steps).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Pavlov's dog: the bell alone fires after 4 trials of both and fades after bell-only trials; food alone teaches nothing", async () => {
    const { page, errors } = await open(pg.browser, `${pg.url}#view=unlabelled`);
    const weight = async () => Number(await page.getAttribute('#pv-weight', 'data-weight'));
    const fires = async () => (await page.getAttribute('#pv-bell-alone', 'data-fires')) === 'true';
    const scene = await pixels(page, 'pv-scene');
    await page.click('#pv-bell');
    expect(await page.textContent('#pv-last')).toBe('Trial 1: bell, no saliva.');
    await page.click('#pv-food');
    expect(await page.textContent('#pv-last')).toBe('Trial 2: food, salivates.');
    expect(await weight()).toBe(0);
    for (let i = 0; i < 3; i++) await page.click('#pv-both');
    expect(await weight()).toBeCloseTo(1 - 0.8 ** 3, 12);
    expect(await fires()).toBe(false);
    await page.click('#pv-both');
    expect(await weight()).toBeCloseTo(1 - 0.8 ** 4, 12);
    expect(await fires()).toBe(true);
    expect(await difference(page, scene, await pixels(page, 'pv-scene'))).toBeGreaterThan(0.005);
    await page.screenshot({ path: join(shots, 'unlabelled-pavlov.png') });
    await page.click('#pv-food');
    expect(await weight()).toBeCloseTo(1 - 0.8 ** 4, 12);
    // extinction: the bell still works once (0.590), and that trial without food brings it below 0.5
    await page.click('#pv-bell');
    expect(await page.textContent('#pv-last')).toBe('Trial 8: bell, salivates.');
    expect(await weight()).toBeCloseTo(0.8 * (1 - 0.8 ** 4), 12);
    expect(await fires()).toBe(false);
    expect(await page.$$eval('#pv-trials li', (li) => li.length)).toBe(8);
    await page.click('#pv-reset');
    expect(await weight()).toBe(0);
    expect(await page.$$eval('#pv-trials li', (li) => li.length)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
