// The thread pool in a browser: on a cross-origin-isolated page (COOP/COEP headers) a 2-thread wasm
// backend starts a Web Worker, the worker does blocks of the products, and the results equal the
// single-thread backend's bit for bit. In headless Chromium; skipped without one, like the
// playground's browser tests (NEURITE_REQUIRE_BROWSER=1 makes that a failure).
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launch } from './playground/browser.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'browser thread-pool test SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}

// What the page runs: products on 1 and 2 threads until the worker has taken part in one.
const PAGE_SOURCE = `
import { createWasmBackend } from ${JSON.stringify(resolve(import.meta.dirname, '../src/backend/wasm/index.ts'))};
export async function run() {
  const one = await createWasmBackend('simd', 1);
  const two = await createWasmBackend('simd', 2);
  const [m, k, n] = [150, 300, 257];
  const fill = (b, size, s) => b.allocate(size).map((_, i) => Math.sin(i * 0.37 + s));
  let equal = true, products = 0;
  const t0 = performance.now();
  while ((two.workerBlocks()[0] ?? 0) === 0 && performance.now() - t0 < 10000) {
    const a1 = fill(one, m * k, products), b1 = fill(one, k * n, -products);
    const a2 = fill(two, m * k, products), b2 = fill(two, k * n, -products);
    const y1 = one.kernels.matmul(one.allocate(m * n), a1, b1, m, k, n, false, products % 2 === 1);
    const y2 = two.kernels.matmul(two.allocate(m * n), a2, b2, m, k, n, false, products % 2 === 1);
    for (let i = 0; i < y1.length; i++) if (!Object.is(y1[i], y2[i])) equal = false;
    products++;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { isolated: crossOriginIsolated, threads: two.threads, workerBlocks: two.workerBlocks(), equal, products };
}
`;

describe.skipIf(!chromiumPath)('thread pool in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-threads-'));
    writeFileSync(join(dir, 'entry.js'), PAGE_SOURCE);
    await build({ entryPoints: [join(dir, 'entry.js')], outfile: join(dir, 'page.js'), bundle: true, format: 'esm', platform: 'browser', conditions: ['neurite-source'], logLevel: 'warning' });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module">import { run } from "./page.js"; window.result = run();</script>');
    server = createServer((req, res) => {
      // the kernels are fetched beside the bundle (src/backend/wasm/urls.ts)
      const wasm = /^\/(kernels-[a-z]+-[a-z]+\.wasm)$/.exec(req.url ?? '')?.[1];
      if (wasm) {
        res.writeHead(200, { 'Content-Type': 'application/wasm', 'Cross-Origin-Resource-Policy': 'same-origin' });
        res.end(readFileSync(resolve(import.meta.dirname, '../src/backend/wasm', wasm)));
        return;
      }
      const file = req.url === '/page.js' ? 'page.js' : 'index.html';
      // cross-origin isolation: what a page needs for SharedArrayBuffer and shared WebAssembly memory
      res.writeHead(200, {
        'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html',
        'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      res.end(readFileSync(join(dir, file)));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launch(chromiumPath as string);
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('a Web Worker shares the products of a cross-origin-isolated page, with the single thread\'s bits', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const r = await page.evaluate(() => (window as unknown as { result: Promise<{ isolated: boolean; threads: number; workerBlocks: number[]; equal: boolean; products: number }> }).result);
    expect(errors).toEqual([]);
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(2);
    expect(r.workerBlocks[0]).toBeGreaterThan(0);
    expect(r.equal).toBe(true);
    await page.close();
  }, 60000);
});
