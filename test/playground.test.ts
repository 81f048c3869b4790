// The playground in a real headless Chromium (Debian's chromium, driven by playwright-core).
// Without Chromium these tests are skipped with a message, unless NEURITE_REQUIRE_BROWSER=1.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../src/index.js';
import { parseCsv, Preprocessor } from '../src/data/index.js';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { difference, mainThreadTasks, metrics, pixels, readResponsivenessProbe, startResponsivenessProbe, waitForMetrics } from './playground/page.js';

const repo = resolve(import.meta.dirname, '..');
const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'playground browser tests SKIPPED: no Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH, then run npx vitest run test/playground.test.ts';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(`${msg} (NEURITE_REQUIRE_BROWSER=1 makes this a failure)`);
  console.warn(msg);
}

/** Equal to float32 rounding: the same weights through different kernels. */
function expectFloat32Close(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j]), `[${i}][${j}]: ${v} vs ${b[i][j]}`).toBeLessThanOrEqual(1e-5 * Math.abs(v) + 1e-7)));
}

describe.skipIf(!chromiumPath)('playground in Chromium', () => {
  const pg = usePlayground(chromiumPath, 'neurite-playground-');

  async function fresh(hash = ''): Promise<{ page: Page; errors: string[] }> {
    const r = await open(pg.browser, `${pg.url}${hash}`);
    await r.page.waitForFunction(() => (document.querySelector('#m-epoch')?.textContent ?? '') !== '' && document.querySelector('#classes-legend')?.textContent !== '');
    return r;
  }

  it('loads with no console errors and draws the spiral at rest', async () => {
    const { page, errors } = await fresh();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, 'at-rest.png') });
    expect(await page.inputValue('#source')).toBe('spiral');
    expect(await page.textContent('#classes-legend')).toContain('label = 0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains the spiral to validation accuracy above 90 % in the worker, the regions change, the page never blocks > 50 ms', async () => {
    const { page, errors } = await fresh();
    await page.waitForTimeout(200);
    const before = await pixels(page, 'regions');
    // The check must be able to fail: a task of fixed work (about 200 ms of CPU here) on the
    // page's thread is seen, by thread time and by the wall-clock long-task probe.
    await startResponsivenessProbe(page);
    const control = await mainThreadTasks(pg.browser, page, async () => {
      await page.evaluate(() => void setTimeout(() => { let s = 0; for (let i = 0; i < 6e7; i++) s += Math.sqrt(i); (window as unknown as { sink: number }).sink = s; }, 0));
      // on a loaded machine the task may take seconds by the clock: wait for its end, not a time
      await page.waitForFunction(() => 'sink' in window, undefined, { timeout: 30_000 });
    });
    expect(control.over50.length).toBeGreaterThan(0);
    await page.waitForFunction(() => (window as unknown as { probe: { longTasks: number[] } }).probe.longTasks.some((d) => d > 50), undefined, { timeout: 10_000 });
    await page.click('#play');
    await waitForMetrics(page, (m) => Number(m.epoch) >= 15, 30_000);
    await page.screenshot({ path: join(shots, 'mid-training.png') });
    const middle = await pixels(page, 'regions');
    // Three seconds of training, with no screenshot (one blocks the page itself): no task of the
    // page's thread takes more than 50 ms of that thread's time. Thread time, not wall-clock time:
    // on a loaded machine a 20 ms redraw waits for a core and lasts 70 ms by the clock (the
    // wall-clock long tasks are printed beside it).
    await startResponsivenessProbe(page);
    const training = await mainThreadTasks(pg.browser, page, () => page.waitForTimeout(3000));
    const responsiveness = await readResponsivenessProbe(page);
    expect((await metrics(page)).playing).toBe('true');
    const done = await waitForMetrics(page, (m) => Number(m.valAccuracy) > 0.9, 90_000);
    await page.click('#play');
    console.log(`spiral: val accuracy ${done.valAccuracy} at epoch ${done.epoch} (${done.steps} steps); control task ${control.longest.toFixed(1)} ms of thread time; ` +
      `3 s of training: ${training.count} main-thread tasks, longest ${training.longest.toFixed(1)} ms of thread time; ${responsiveness.frames} frames, longest frame gap ` +
      `${responsiveness.maxGap.toFixed(1)} ms, longest redraw ${responsiveness.render} ms, wall-clock long tasks ${JSON.stringify(responsiveness.longTasks.map(Math.round))}`);
    expect(Number(done.valAccuracy)).toBeGreaterThan(0.9);
    expect(await difference(page, before, middle)).toBeGreaterThan(0.05);
    expect(await difference(page, middle, await pixels(page, 'regions'))).toBeGreaterThan(0.01);
    expect(training.over50).toEqual([]);
    expect(responsiveness.frames).toBeGreaterThan(20);
    await page.screenshot({ path: join(shots, 'trained.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a URL restores the same state: controls, network and the same training', async () => {
    const a = await fresh();
    await a.page.selectOption('#source', 'moons');
    await a.page.click('button[aria-label="add a hidden layer"]');
    await a.page.click('button[aria-label="add a neuron to layer 1"]');
    await a.page.selectOption('#lr', '0.1');
    await a.page.selectOption('#optimizer', 'momentum');
    await a.page.fill('#seed', '7');
    await a.page.dispatchEvent('#seed', 'change');
    await a.page.click('#step-epoch');
    await waitForMetrics(a.page, (m) => m.epoch === '1', 10_000);
    const link = a.page.url();
    expect(link).toContain('data=moons');
    expect(link).toContain('hidden=17%2C16%2C16');
    const b = await fresh(link.slice(link.indexOf('#')));
    for (const id of ['source', 'lr', 'optimizer', 'seed', 'noise', 'samples']) expect(await b.page.inputValue(`#${id}`)).toBe(await a.page.inputValue(`#${id}`));
    expect(await b.page.textContent('#layers')).toBe(await a.page.textContent('#layers'));
    await b.page.click('#step-epoch');
    await waitForMetrics(b.page, (m) => m.epoch === '1', 10_000);
    const { renderMs: _a, ...ma } = await metrics(a.page);
    const { renderMs: _b, ...mb } = await metrics(b.page);
    expect(mb).toEqual(ma);
    expect(Number(ma.loss)).toBeGreaterThan(0);
    expect(await difference(b.page, await pixels(a.page, 'regions'), await pixels(b.page, 'regions'))).toBe(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('a CSV file trains (chosen columns with regions; all features without), and one dropped in loads', async () => {
    const { page, errors } = await fresh();
    const rows = ['width,height,weight,colour'];
    for (let i = 0; i < 160; i++) {
      const c = i % 2;
      const w = (c ? 3 : 1) + ((i * 37) % 17) / 10;
      const h = (c ? 1 : 3) + ((i * 53) % 13) / 10;
      rows.push(`${w.toFixed(2)},${h.toFixed(2)},${((i * 7) % 11).toFixed(1)},${c ? 'green' : 'red'}`);
    }
    const file = join(pg.work, 'shapes.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    await page.setInputFiles('#csv-file', file);
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('colour = green'));
    expect([await page.inputValue('#feature-x'), await page.inputValue('#feature-y'), await page.inputValue('#target')]).toEqual(['width', 'height', 'colour']);
    const before = await pixels(page, 'regions');
    await page.click('#play');
    const m = await waitForMetrics(page, (x) => Number(x.epoch) >= 30 && Number(x.valAccuracy) >= 0.95, 30_000);
    await page.click('#play');
    expect(Number(m.valAccuracy)).toBeGreaterThanOrEqual(0.95);
    expect(await difference(page, before, await pixels(page, 'regions'))).toBeGreaterThan(0.05);
    await page.screenshot({ path: join(shots, 'csv.png') });

    await page.selectOption('#feature-x', '');
    await page.waitForFunction(() => document.querySelector('#metrics')?.getAttribute('data-epoch') === '0');
    await page.click('#step-epoch');
    await waitForMetrics(page, (x) => x.epoch === '1', 10_000);
    expect(await page.evaluate(() => (document.querySelector('#network') as HTMLCanvasElement).getAttribute('aria-label'))).toBeTruthy();

    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      document.querySelector('#data-panel')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, 'p,q,label\n1,2,a\n2,1,b\n1.5,2.5,a\n2.5,1.2,b\n1.1,2.2,a\n2.2,0.9,b\n0.9,1.8,a\n2.8,1.1,b\n1.2,2.1,a\n2.1,1.3,b\n');
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('label = b'));
    expect(await page.inputValue('#feature-x')).toBe('p');
    await page.click('#step-epoch');
    await waitForMetrics(page, (x) => x.epoch === '1', 10_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the exported model file gives the same predictions in the command line, in the library and imported again', async () => {
    const { page, errors } = await fresh('#data=moons&n=200&noise=0.1');
    await page.click('#play');
    await waitForMetrics(page, (m) => Number(m.epoch) >= 20, 30_000);
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('#metrics')?.getAttribute('data-playing') === 'false');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const modelPath = join(pg.work, 'exported.json');
    await download.saveAs(modelPath);
    const csv = 'x,y\n0,0\n1,0.5\n-1,0.25\n2,-0.5\n0.5,1\n';
    const dataPath = join(pg.work, 'rows.csv');
    writeFileSync(dataPath, csv);
    const onPage = await page.evaluate((text) => (window as unknown as { neuritePlayground: { predict(t: string): Promise<number[][]> } }).neuritePlayground.predict(text), csv);

    const { readFileSync } = await import('node:fs');
    const { network, meta } = parseModel(readFileSync(modelPath, 'utf8'), modelPath);
    const pre = Preprocessor.fromJSON(meta.preprocessing);
    // the page runs its own kernels (WebAssembly SIMD), the library here the TypeScript ones: the
    // same weights give the same outputs to float32 rounding; the same kernels give them exactly
    const inNode = network.predict(pre.transform(parseCsv(csv, 'rows.csv')));
    expectFloat32Close(inNode, onPage);
    expect(meta.classes).toEqual(['0', '1']);

    const cli = join(repo, 'dist', 'cli', 'main.js');
    if (existsSync(cli)) {
      const out = execFileSync(process.execPath, [join(repo, 'bin', 'neurite.js'), 'predict', '--model', modelPath, '--data', dataPath, '--json'], { encoding: 'utf8' });
      const fromCli = JSON.parse(out) as { predictions: string[]; outputs: number[][] };
      // the command runs WebAssembly SIMD as the page does (436831b): the page's bits exactly,
      // the TypeScript kernels' to float32 rounding
      expect(fromCli.outputs).toEqual(onPage);
      expectFloat32Close(fromCli.outputs, inNode);
      expect(fromCli.predictions).toEqual(onPage.map((o) => String(o[1] > o[0] ? 1 : 0)));
    } else {
      console.warn('dist/cli/main.js is missing (run npm run build): checked the exported model with parseModel only, not with neurite predict');
    }

    const other = await fresh('#data=moons&n=200&noise=0.1');
    await other.page.setInputFiles('#import-file', modelPath);
    await other.page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('imported'));
    const imported = await other.page.evaluate((text) => (window as unknown as { neuritePlayground: { predict(t: string): Promise<number[][]> } }).neuritePlayground.predict(text), csv);
    expect(imported).toEqual(onPage);
    expect([...errors, ...other.errors]).toEqual([]);
    await page.close();
    await other.page.close();
  });

  it('shows a neuron formula with current values on hover and from the keyboard', async () => {
    const { page, errors } = await fresh('#data=xor&hidden=3');
    await page.click('#step-epoch');
    await waitForMetrics(page, (m) => m.epoch === '1', 10_000);
    await page.focus('#network');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const tip = await page.textContent('#tooltip');
    expect(tip).toMatch(/^h1\.2: tanh, bias b = −?\d/);
    // negative factors in brackets, a real minus sign, a few significant digits
    expect(tip).toMatch(/z = (\(−\d[\d.e−]*\)|\d[\d.e−]*)·(\(−\d[\d.e−]*\)|\d[\d.e−]*) \+ (\(−\d[\d.e−]*\)|\d[\d.e−]*)·(\(−\d[\d.e−]*\)|\d[\d.e−]*) [+−] \d/);
    expect(tip).not.toMatch(/\d{6}/);
    expect(tip).toMatch(/a = tanh\(z\) = −?\d/);
    expect(await page.isVisible('#tooltip')).toBe(true);
    // Enter edits the selected neuron's bias
    await page.keyboard.press('Enter');
    expect(await page.textContent('#param-label')).toBe('bias of h1.2');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#param-editor')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('network');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#tooltip')).toBe(false);
    const box = (await page.locator('#network').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    expect(await page.textContent('#tooltip')).toMatch(/^(weight|h1\.2)/);
    await page.screenshot({ path: join(shots, 'tooltip.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the gradient-descent view follows the worked examples and judges the learning rate', async () => {
    const { page, errors } = await fresh();
    await page.click('#tab-descent');
    expect(page.url()).toContain('view=descent');
    const cells = await page.$$eval('#descent-table tbody tr', (trs) => trs.slice(0, 3).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(cells).toEqual([['0', '9', '73', '17'], ['1', '7.3', '46.99', '13.6'], ['2', '5.94', '30.3436', '10.88']]);
    expect(await page.textContent('#descent-verdict')).toContain('Converging');
    await page.screenshot({ path: join(shots, 'gradient-descent.png') });
    // the slider's positions are round rates: 23 is 1.2, 8 is 0.1
    await page.$eval('#descent-lr', (el: HTMLInputElement) => { el.value = '23'; el.dispatchEvent(new Event('input')); });
    expect(await page.textContent('#descent-lr-out')).toBe('1.2');
    expect(await page.textContent('#descent-verdict')).toContain('Diverging');
    await page.selectOption('#preset', 'bowl');
    await page.$eval('#descent-lr', (el: HTMLInputElement) => { el.value = '8'; el.dispatchEvent(new Event('input')); });
    const bowl = await page.$$eval('#descent-table tbody tr', (trs) => trs.slice(0, 2).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(bowl).toEqual([['0', '5', '10', '125', '10', '20'], ['1', '4', '8', '80', '8', '16']]);
    await page.screenshot({ path: join(shots, 'gradient-descent-bowl.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains a regression set (salary) and shows its predicted value over the plane', async () => {
    const { page, errors } = await fresh();
    await page.focus('#source');
    await page.selectOption('#source', 'salary');
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('colour: salary'));
    expect(await page.textContent('#m-val-metric-name')).toBe('Val MAE');
    const before = await pixels(page, 'regions');
    for (let i = 0; i < 5; i++) await page.click('#step-epoch');
    const m = await waitForMetrics(page, (x) => x.epoch === '5', 20_000);
    expect(Number(m.valLoss)).toBeLessThan(0.5); // in standardised units: the network explains most of the variance
    expect(await difference(page, before, await pixels(page, 'regions'))).toBeGreaterThan(0.05);
    expect(page.url()).toContain('data=salary');
    await page.screenshot({ path: join(shots, 'regression.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard: Tab reaches the run buttons, Enter plays and pauses', async () => {
    const { page, errors } = await fresh();
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect(seen).toEqual(['tab-train', 'tab-descent', 'tab-rewards', 'tab-unlabelled', 'tab-pictures', 'lesson', 'play']);
    await page.keyboard.press('Enter');
    await waitForMetrics(page, (m) => Number(m.steps) > 0, 10_000);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#metrics')?.getAttribute('data-playing') === 'false');
    const unlabelled = await page.$$eval('input:not([type=file]), select', (els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('steps one batch, then one epoch, and restart brings back the same first picture (4 Gaussian clusters, softmax)', async () => {
    const { page, errors } = await fresh('#data=blobs&k=4&n=200&batch=32');
    expect(await page.textContent('#classes-legend')).toContain('label = 3');
    const first = await pixels(page, 'regions');
    await page.click('#step-batch');
    await waitForMetrics(page, (m) => m.steps === '1', 10_000);
    expect(await page.textContent('#m-epoch')).toBe('1 (1/5)'); // 160 training rows in batches of 32
    expect((await metrics(page)).epoch).toBe('0');
    await page.click('#step-epoch');
    const m = await waitForMetrics(page, (x) => x.epoch === '1', 10_000);
    expect(m.steps).toBe('5');
    expect(await page.textContent('#m-epoch')).toBe('1');
    expect(await difference(page, first, await pixels(page, 'regions'))).toBeGreaterThan(0);
    await page.click('#restart');
    await waitForMetrics(page, (x) => x.steps === '0', 10_000);
    expect(await difference(page, first, await pixels(page, 'regions'))).toBe(0);
    // new weights: a different first picture, and the URL keeps their seed
    await page.click('#new-weights');
    await page.waitForFunction(() => location.hash.includes('wseed=2'));
    await page.waitForTimeout(300);
    expect(await difference(page, first, await pixels(page, 'regions'))).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
    await page.close();
  });
});
