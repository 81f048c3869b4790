// The playground's gradient-descent plot, large and broken CSV files, and the layout from a phone
// to a wide screen (issue 24), in a real headless Chromium. Skipped without Chromium.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { waitForMetrics } from './playground/page.js';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('the playground\'s descent view, files and layout', () => {
  const pg = usePlayground(chromiumPath, 'neurite-pages-');

  async function fresh(hash = ''): Promise<{ page: Page; errors: string[] }> {
    const r = await open(pg.browser, `${pg.url}${hash}`);
    await r.page.waitForFunction(() => (document.querySelector('#classes-legend')?.textContent ?? '') !== '' || !document.querySelector('#descent-view')?.hasAttribute('hidden'));
    return r;
  }

  const drawn = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { neuritePlayground: { drawn(): number } }).neuritePlayground.drawn());

  it('the descent plot has one scale on both axes and puts (5, 10) on the f = 125 contour; steps show their arithmetic', async () => {
    const { page, errors } = await fresh('#view=descent&preset=bowl');
    const v = JSON.parse((await page.getAttribute('#descent', 'data-view'))!) as { x0: number; x1: number; y0: number; y1: number; left: number; top: number; width: number; height: number };
    const sx = v.width / (v.x1 - v.x0);
    const sy = v.height / (v.y1 - v.y0);
    expect(Math.abs(sx / sy - 1)).toBeLessThan(0.002);
    const at = (x: number, y: number) => [Math.round(v.left + (x - v.x0) * sx), Math.round(v.top + (v.y1 - y) * sy)];
    const dark = await page.$eval('#descent', (c, pts) => {
      const g = (c as HTMLCanvasElement).getContext('2d')!;
      // the darkest blue near each point (the start's contour is drawn #0a3d73; other contours pale)
      return (pts as number[][]).map(([x, y]) => {
        const d = g.getImageData(x - 2, y - 2, 5, 5).data;
        let hit = false;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] < 110 && d[i + 2] > 90 && d[i + 3] > 200) hit = true;
        return hit;
      });
    }, [...[15, 35, 100, 125].map((deg) => at(Math.sqrt(125) * Math.cos((deg * Math.PI) / 180), Math.sqrt(125) * Math.sin((deg * Math.PI) / 180))),
      // radius √82: where the old plot's ring labelled 82 passed through (5, 10)
      ...[15, 35, 100, 125].map((deg) => at(Math.sqrt(82) * Math.cos((deg * Math.PI) / 180), Math.sqrt(82) * Math.sin((deg * Math.PI) / 180)))]);
    expect(dark).toEqual([true, true, true, true, false, false, false, false]);
    const [x5, y10] = at(5, 10);
    const startPixel = await page.$eval('#descent', (c, [x, y]) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(x, y, 1, 1).data), [x5, y10]);
    expect(startPixel.slice(0, 3)).toEqual([27, 31, 36]); // the start's black dot sits on (5, 10)
    await page.screenshot({ path: join(shots, 'descent-bowl.png') });
    // one step at a time, with the arithmetic
    await page.selectOption('#preset', 'parabola');
    await page.click('#descent-first');
    await page.click('#descent-next');
    expect(await page.textContent('#descent-arithmetic')).toBe('Step 1: x ← x − η·∂f/∂x: 7.3 = 9 − 0.1 × 17, and f = 46.99');
    expect(await page.textContent('#descent-verdict')).toMatch(/^On its way/);
    // the rate slider with the keyboard, both ways, through 1
    await page.focus('#descent-lr');
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#descent-lr-out')).toBe('0.15');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.textContent('#descent-lr-out')).toBe('0.08');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#descent-lr-out')).toBe('1');
    expect(await page.textContent('#descent-verdict')).toMatch(/^Oscillating forever/);
    // the valley, and a function typed in, read by neurite descend's parser
    await page.selectOption('#preset', 'valley');
    await page.screenshot({ path: join(shots, 'descent-valley.png') });
    await page.selectOption('#preset', 'custom');
    await page.fill('#descent-fn', 'x^2 - )');
    await page.press('#descent-fn', 'Enter');
    expect(await page.textContent('#descent-error')).toMatch(/column 7/);
    await page.fill('#descent-fn', '(x - 1)^2 + 3*y^2');
    await page.fill('#descent-from', 'x=4, y=-2');
    await page.press('#descent-fn', 'Enter');
    await page.waitForFunction(() => document.querySelector('#descent-error')?.textContent === '');
    const row = await page.$$eval('#descent-table tbody tr', (trs) => Array.from(trs[1].querySelectorAll('td')).map((td) => td.textContent));
    // at the rate 1 chosen above: x = 4 − 1 × 2·(4 − 1) = −2, y = −2 − 1 × 6·(−2) = 10
    expect(row.slice(0, 3)).toEqual(['1', '−2', '10']);
    await page.screenshot({ path: join(shots, 'descent-custom.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a CSV file of 100,000 rows loads and trains; a broken one clears the page; messages name the page\'s controls', async () => {
    const { page, errors } = await fresh();
    const rows = ['u,v,label'];
    for (let i = 0; i < 100_000; i++) {
      const [u, v] = [((i * 7919) % 1000) / 100 - 5, ((i * 104729) % 997) / 99.7 - 5];
      rows.push(`${u.toFixed(3)},${v.toFixed(3)},${u * v > 0 ? 'same' : 'other'}`);
    }
    const file = join(pg.work, 'big.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    await page.setInputFiles('#csv-file', file);
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('label = same'), undefined, { timeout: 60_000 });
    expect(await page.textContent('#status')).toContain('100,000 rows');
    expect(await drawn(page)).toBe(3000);
    await page.selectOption('#batch', '64');
    await page.click('#step-epoch');
    const m = await waitForMetrics(page, (x) => x.epoch === '1', 60_000);
    expect(Number(m.accuracy)).toBeGreaterThan(0.6);
    await page.screenshot({ path: join(shots, 'csv-100k.png') });
    // a broken file: the message says where, the old picture goes, Play is not stuck on Pause
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['a,b,label\n1,2,x\n3,4\n'], 'broken.csv', { type: 'text/csv' }));
      document.querySelector('#data-panel')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('broken.csv:3'));
    expect(await page.evaluate(() => {
      const c = document.querySelector('#regions') as HTMLCanvasElement;
      return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0);
    })).toBe(false);
    await page.click('#play');
    expect(await page.textContent('#play')).toContain('Play');
    // one class only: the message names the Label and Task controls, not --task
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['a,b,label\n1,2,7\n3,4,7\n5,6,7\n'], 'one.csv', { type: 'text/csv' }));
      document.querySelector('#data-panel')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('one class'));
    const message = (await page.textContent('#status'))!;
    expect(message).toContain('"regression" under Task');
    expect(message).not.toContain('--');
    await page.selectOption('#task', 'regression');
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('colour: label'));
    // a file over the limit is refused before it is read
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(65 * 1024 * 1024)], 'huge.csv', { type: 'text/csv' }));
      document.querySelector('#data-panel')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('up to 64 MB'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works at 390, 1,024 and 1,400 px wide with no horizontal scroll', async () => {
    for (const width of [390, 1024, 1400]) {
      const page = await pg.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${pg.url}#data=moons`);
      await page.waitForFunction(() => (document.querySelector('#classes-legend')?.textContent ?? '') !== '');
      await page.click('#explain-first');
      await page.waitForFunction(() => !document.querySelector('#step')?.hasAttribute('hidden'));
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow(), `train view at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `layout-${width}.png`), fullPage: true });
      await page.click('#tab-descent');
      await page.selectOption('#preset', 'bowl');
      expect(await overflow(), `descent view at ${width} px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(shots, `layout-${width}-descent.png`), fullPage: true });
      await page.close();
    }
  });
});
