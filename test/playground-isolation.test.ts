// The playground server's headers in a real browser: the built playground is cross-origin
// isolated and loads with no Content-Security-Policy violation, and under the same headers a
// 2-thread wasm backend starts its Web Worker (from a blob: URL) and the worker computes. Headless
// Chromium; skipped without one (NEURITE_REQUIRE_BROWSER=1 makes that a failure).
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../scripts/build-playground.mjs';
import { playgroundServer } from '../src/cli/playground.js';
import { builtinData, findChromium, launch } from './playground/browser.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'playground isolation test SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}

// A page of the site's own (no inline script: the CSP forbids it) that runs products on 2 threads
// until the worker has done a block of one; the same operands each time, so that a pool backing
// off for seconds on a loaded machine does not fill the heap with new ones meanwhile.
const THREADS_SOURCE = `
import { createWasmBackend } from ${JSON.stringify(resolve(import.meta.dirname, '../src/backend/wasm/index.ts'))};
window.result = (async () => {
  const two = await createWasmBackend('simd', 2);
  const [m, k, n] = [150, 300, 257];
  const [out, a, b] = [two.allocate(m * n), two.allocate(m * k).fill(1), two.allocate(k * n).fill(2)];
  const t0 = performance.now();
  while ((two.workerBlocks()[0] ?? 0) === 0 && performance.now() - t0 < 20000) {
    two.kernels.matmul(out, a, b, m, k, n, false, false);
    await new Promise((r) => setTimeout(r, 5));
  }
  return { isolated: crossOriginIsolated, threads: two.threads, workerBlocks: two.workerBlocks() };
})();
`;

describe.skipIf(!chromiumPath)('the playground server in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'neurite-isolation-'));
    const site = await buildPlayground(join(work, 'site'));
    writeFileSync(join(site, 'threads-entry.js'), THREADS_SOURCE);
    await build({ entryPoints: [join(site, 'threads-entry.js')], outfile: join(site, 'threads.js'), bundle: true, format: 'esm', platform: 'browser', conditions: ['neurite-source'], logLevel: 'warning' });
    writeFileSync(join(site, 'threads.html'), '<!doctype html><title>threads</title><link rel="icon" href="data:,"><script type="module" src="threads.js"></script>');
    server = playgroundServer(site, { builtinData: await builtinData(work) });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launch(chromiumPath as string);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** Opens a page and records console errors, page errors and CSP violations. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
    await page.goto(url + path);
    return { page, errors };
  }

  it('the playground is cross-origin isolated, its kernels run on every core, and it trains with no CSP violation', async () => {
    const { page, errors } = await open('');
    await page.waitForFunction(() => (document.querySelector('#metrics') as HTMLElement | null)?.dataset.steps !== undefined);
    expect(await page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
    // the page's worker reports its kernels: threaded, one thread per core
    await page.waitForFunction(() => !/loading/.test(document.querySelector('#backend')?.textContent ?? 'loading'), undefined, { timeout: 30_000 });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const backend = await page.textContent('#backend');
    console.log(`playground kernels: ${backend} (navigator.hardwareConcurrency ${cores})`);
    expect(backend).toMatch(new RegExp(`^wasm-(simd|relaxed), ${cores} threads?$`));
    await page.click('#step-epoch');
    await page.waitForFunction(() => (document.querySelector('#metrics') as HTMLElement).dataset.epoch === '1', undefined, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('under the same headers a 2-thread backend starts its worker from a blob: URL and the worker computes', async () => {
    const { page, errors } = await open('threads.html');
    const r = await page.evaluate(() => (window as unknown as { result: Promise<{ isolated: boolean; threads: number; workerBlocks: number[] }> }).result);
    expect(errors).toEqual([]);
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(2);
    expect(r.workerBlocks[0]).toBeGreaterThan(0);
    await page.close();
  });

  it('a frame of another origin cannot show the page', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => void blocked.push(m.text()));
    // about:blank of no origin, with a frame of the playground: frame-ancestors 'none' refuses it
    await page.setContent(`<iframe id="f" src="${url}"></iframe>`);
    await page.waitForTimeout(1000);
    const shown = await page.evaluate(() => {
      try {
        return (document.querySelector('#f') as HTMLIFrameElement).contentDocument?.title ?? null;
      } catch {
        return 'cross-origin';
      }
    });
    expect(shown).not.toBe('Neurite playground');
    expect(blocked.join('\n')).toMatch(/frame-ancestors|X-Frame-Options|refused to (display|frame)/i);
    await page.close();
  });
});
