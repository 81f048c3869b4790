// trainInWorker and the browser storage helpers as a developer installing the packed tarball
// uses them: in Node (a worker thread from neurite/node) and in a page built by esbuild (a Web
// Worker of the page's own, bundled as a second entry point) run in Chromium. Training in a
// worker gives the weights fit gives on the caller's thread, bit for bit; a model saved in
// localStorage and IndexedDB predicts the same bits after the page is loaded again; the
// downloaded file is the model. Skipped without Chromium or esbuild (see package-bundlers.test.ts).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackend, fit, initBackend, Network, parseModel, setBackend } from '../src/index.js';
import { ROOT } from './cli-helpers.js';
import { APP } from './package-app.js';
import { devTool, installProject, packTarball, run } from './package-helpers.js';
import { findChromium, launch, serve } from './playground/browser.js';

const chromiumPath = findChromium();
const esbuild = devTool('esbuild', 'bin/esbuild');
const vite = devTool('vite', 'bin/vite.js');
const labels = APP.y.map(([v]) => (v === 1 ? 'same' : 'other'));
const SETUP = `const spec = ${JSON.stringify(APP.spec)};
const x = ${JSON.stringify(APP.x)};
const labels = ${JSON.stringify(labels)};
const options = ${JSON.stringify(APP.options)};
const weightsOf = (net) => net.parameters().flatMap((p) => Array.from(p.tensor.data));`;

/** Trains in a worker twice: to the end (every epoch's loss streamed), and stopped after epoch 3. */
const TRAIN = `async function train(worker) {
  const net = new Network(spec);
  const losses = [];
  const r = await trainInWorker(net, x, labels, { ...options, worker: worker(), onEpochEnd: (log) => { losses.push(log.loss); } }).done;
  const stopped = new Network(spec);
  const s = await trainInWorker(stopped, x, labels, { ...options, epochs: 100000, worker: worker(), onEpochEnd: (log) => (log.epoch >= 3 ? 'stop' : undefined) }).done;
  return { net, weights: weightsOf(net), losses, classes: net.classes, epochs: r.epochs, stop: { stopped: s.stopped, epochs: s.epochs, changed: weightsOf(stopped).some((w, i) => w !== weightsOf(new Network(spec))[i]) } };
}`;

/** What the same training gives in this process, on the caller's thread. */
function trainHere(js = true): { weights: number[]; losses: number[]; net: Network } {
  if (js) setBackend('js');
  const net = new Network(APP.spec);
  const r = fit(net, APP.x, labels, APP.options);
  return { net, weights: net.parameters().flatMap((p) => Array.from(p.tensor.data)), losses: r.history.map((h) => h.loss) };
}

describe('trainInWorker and browser storage, from the packed tarball', () => {
  let dir = '';
  beforeAll(() => {
    dir = installProject(packTarball(), { type: 'module' });
    mkdirSync(join(dir, 'app'));
  }, 120_000);

  it('Node: a worker thread trains the weights fit gives here, streams every epoch, stops when told', () => {
    writeFileSync(join(dir, 'app', 'node.js'), `import { Network, trainInWorker } from 'neurite';
import { trainingWorker } from 'neurite/node';
${SETUP}
${TRAIN}
const { net, ...r } = await train(trainingWorker);
console.log(JSON.stringify(r));
`);
    const r = run(process.execPath, ['app/node.js'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const here = trainHere();
    expect(out.weights).toEqual(here.weights);
    expect(out.losses).toEqual(here.losses);
    expect(out.classes).toEqual(['other', 'same']);
    expect(out.epochs).toBe(APP.options.epochs);
    expect(out.stop.stopped).toBe(true);
    expect(out.stop.epochs).toBeGreaterThanOrEqual(3);
    expect(out.stop.epochs).toBeLessThan(100);
    expect(out.stop.changed).toBe(true);
  }, 120_000);

  describe.skipIf(!chromiumPath || !esbuild)('Chromium, a page built by esbuild', () => {
    let browser: Browser;
    /** The page built by each bundler: esbuild given the worker as a second entry, Vite finding it by itself. */
    const sites: Record<string, string> = {};
    beforeAll(async () => {
      writeFileSync(join(dir, 'app', 'train.worker.js'), `import { serveTraining } from 'neurite';\nserveTraining();\n`);
      writeFileSync(join(dir, 'app', 'page.js'), `import { downloadModel, loadFromIndexedDB, loadFromLocalStorage, Network, saveToIndexedDB, saveToLocalStorage, trainInWorker } from 'neurite';
${SETUP}
${TRAIN}
async function main() {
  if (location.search === '?load') {
    const a = loadFromLocalStorage('app');
    const b = await loadFromIndexedDB('app');
    let missing = '';
    try { loadFromLocalStorage('nope'); } catch (e) { missing = e.message; }
    return { local: a.network.predict(x), indexed: b.network.predict(x), classes: [a.network.classes, b.network.classes], labels: b.network.classify(x), missing };
  }
  const { net, ...r } = await train(() => new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' }));
  saveToLocalStorage(net, 'app');
  await saveToIndexedDB(net, 'app');
  downloadModel(net, 'app.json');
  return { ...r, predicted: net.predict(x), labels: net.classify(x) };
}
window.result = main().catch((e) => ({ error: String(e && e.stack || e) }));
`);
      const page = '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="./page.js"></script>';
      sites.esbuild = join(dir, 'site');
      const b = run(join(ROOT, 'node_modules', '.bin', 'esbuild'), ['app/page.js', 'app/train.worker.js', '--bundle', '--minify', '--format=esm', `--outdir=${sites.esbuild}`], dir);
      expect(b.status, b.stderr).toBe(0);
      writeFileSync(join(sites.esbuild, 'index.html'), page);
      if (vite) {
        writeFileSync(join(dir, 'app', 'index.html'), page);
        sites.vite = join(dir, 'site-vite');
        const v = run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', 'app', '--outDir', sites.vite, '--emptyOutDir', '--logLevel', 'warn'], dir);
        expect(v.status, v.stderr).toBe(0);
        expect(`${v.stdout}${v.stderr}`).not.toMatch(/warn|externalized|\(!\)/i);
      }
      browser = await launch(chromiumPath ?? '');
    }, 120_000);
    afterAll(async () => browser?.close());

    it.each(['esbuild', 'vite'].filter((b) => b === 'esbuild' || vite))('%s: a Web Worker trains the weights fit gives in Node; saved, loaded again after a new page load, it predicts the same bits', async (bundler) => {
      const { server, url } = await serve(sites[bundler]);
      const page = await browser.newPage({ acceptDownloads: true });
      const result = async () => {
        await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, null, { timeout: 90_000 });
        return page.evaluate(() => (window as { result?: unknown }).result) as Promise<Record<string, unknown>>;
      };
      try {
        const download = page.waitForEvent('download');
        await page.goto(url);
        const first = await result();
        expect(first.error).toBeUndefined();
        const here = trainHere();
        expect(first.weights).toEqual(here.weights);
        // the reported loss is a float64 mean through Math.log, whose last bit Chromium's V8 and Node's may differ in
        (first.losses as number[]).forEach((l, i) => expect(l).toBeCloseTo(here.losses[i], 12));
        expect(first.losses).toHaveLength(here.losses.length);
        expect(first.classes).toEqual(['other', 'same']);
        expect(first.stop).toEqual({ stopped: true, epochs: expect.any(Number), changed: true });
        expect((first.stop as { epochs: number }).epochs).toBeLessThan(100);
        const predicted = here.net.predict(APP.x);
        expect(first.predicted).toEqual(predicted);

        const file = readFileSync(await (await download).path(), 'utf8');
        expect((await download).suggestedFilename()).toBe('app.json');
        expect(parseModel(file).network.predict(APP.x)).toEqual(predicted);

        await page.goto(`${url}?load`);
        const second = await result();
        expect(second.error).toBeUndefined();
        expect(second.local).toEqual(predicted);
        expect(second.indexed).toEqual(predicted);
        expect(second.classes).toEqual([['other', 'same'], ['other', 'same']]);
        expect(second.labels).toEqual(first.labels);
        expect(second.missing).toBe('loadFromLocalStorage: no model named "nope"; the models saved are "app"');
      } finally {
        await page.close();
        server.close();
      }
    }, 180_000);

    it('with initBackend() in the page, the worker trains on wasm-simd: the weights Node trains on wasm-simd', async () => {
      writeFileSync(join(dir, 'app', 'simd.js'), `import { describeBackend, initBackend, Network, trainInWorker } from 'neurite';
${SETUP}
${TRAIN}
async function main() {
  const kernels = await initBackend();
  const { net, ...r } = await train(() => new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' }));
  return { kernels, described: describeBackend(), weights: r.weights };
}
window.result = main().catch((e) => ({ error: String(e && e.stack || e) }));
`);
      const out = join(dir, 'site-simd');
      const b = run(join(ROOT, 'node_modules', '.bin', 'esbuild'), ['app/simd.js', 'app/train.worker.js', '--bundle', '--format=esm', `--outdir=${out}`], dir);
      expect(b.status, b.stderr).toBe(0);
      const wasm = join(dir, 'node_modules/neurite/dist/backend/wasm');
      for (const f of readdirSync(wasm)) copyFileSync(join(wasm, f), join(out, f));
      writeFileSync(join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="./simd.js"></script>');
      await initBackend();
      expect(describeBackend()).toMatch(/^wasm-simd/);
      const here = trainHere(false);
      setBackend('js');
      const { server, url } = await serve(out);
      const page = await browser.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, null, { timeout: 90_000 });
        const r = (await page.evaluate(() => (window as { result?: unknown }).result)) as Record<string, unknown>;
        expect(r.error).toBeUndefined();
        expect(r.kernels).toBe('wasm-simd');
        expect(r.weights).toEqual(here.weights);
      } finally {
        await page.close();
        server.close();
      }
    }, 180_000);
  });
});
