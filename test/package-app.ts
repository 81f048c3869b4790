// The small app the package tests bundle (a network trained on a two-spiral-like XOR from one
// seed), and a static server to run a bundled copy in Chromium under given response headers.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';

const x = Array.from({ length: 64 }, (_, i) => [Math.cos(i * 0.7) * (i % 5) / 4, Math.sin(i * 1.3) * (i % 3) / 2]);
const y = x.map(([a, b]) => [a * b > 0 ? 1 : 0]);

/** The app: what it trains, and its source as a page's module. */
export const APP = {
  spec: { inputs: 2, layers: [{ units: 16, activation: 'tanh' as const }, { units: 1, activation: 'sigmoid' as const }], seed: 3 },
  x,
  y,
  options: { epochs: 40, batchSize: 8, lr: 0.1, seed: 3 },
  get source(): string {
    return `import { describeBackend, fit, initBackend, Network } from 'neurite';
async function main() {
  const kernels = await initBackend();
  const net = new Network(${JSON.stringify(this.spec)});
  fit(net, ${JSON.stringify(this.x)}, ${JSON.stringify(this.y)}, ${JSON.stringify(this.options)});
  return { kernels, described: describeBackend(), weights: net.parameters().flatMap((p) => Array.from(p.tensor.data)) };
}
window.result = main().catch((e) => ({ error: String(e && e.stack || e) }));
`;
  },
};

/** What the page's `window.result` resolves to. */
export interface AppResult {
  readonly kernels?: string;
  readonly described?: string;
  readonly weights?: number[];
  readonly error?: string;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * Serves `root` on 127.0.0.1 with `headers` on every answer, opens its index.html in a new page,
 * and returns the app's result, the URLs the page asked for, and its console errors.
 */
export async function openApp(browser: Browser, root: string, headers: Record<string, string>): Promise<{ result: AppResult; requests: string[]; errors: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    requests.push(path);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404, headers);
      res.end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, null, { timeout: 60_000 });
    const result = (await page.evaluate(() => (window as { result?: unknown }).result)) as AppResult;
    return { result, requests, errors };
  } finally {
    await page.close();
    server.close();
  }
}
