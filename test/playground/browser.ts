// Helpers of the playground's browser tests: find Chromium, serve the built page, open it.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildPlayground } from '../../scripts/build-playground.mjs';
import { playgroundServer } from '../../src/cli/playground.js';

/** Where the browser tests leave their screenshots, to look at. */
export const SHOTS = join(resolve(import.meta.dirname, '..', '..'), 'test-output', 'screenshots');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable (CHROMIUM_PATH when set, else a usual place), or undefined when there is none. */
export function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Launches headless Chromium with the flags this sandbox needs (no network beyond localhost). */
export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The library's built-in data module as dist/data/builtin-csv.js holds it, made from the sources
 * into `dir`: the server of the sources has no built one to serve as /builtin-csv.js.
 */
export async function builtinData(dir: string): Promise<string> {
  const file = join(dir, 'builtin-csv.js');
  await build({ entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'data', 'builtin-csv.ts')], outfile: file, format: 'esm', logLevel: 'warning' });
  return file;
}

/** Serves `root` on a free port of 127.0.0.1 (with `data` as the built-in data module, for the playground). */
export async function serve(root: string, data?: string): Promise<{ server: Server; url: string }> {
  const server = playgroundServer(root, { builtinData: data });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Opens the page and collects its console errors and uncaught exceptions. */
export async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#metrics')?.getAttribute('data-steps') !== null && (document.querySelector('#network') as HTMLCanvasElement).dataset !== undefined);
  return { page, errors };
}

/** One test file's playground: built into a temporary folder, served, and a browser on it. */
export interface Playground {
  readonly browser: Browser;
  readonly url: string;
  /** A temporary folder for the file's own files. */
  readonly work: string;
}

/** Builds, serves and launches before the file's tests (inside a `describe`), and closes after them. */
export function usePlayground(chromiumPath: string | undefined, prefix: string): Playground {
  const ctx = { work: mkdtempSync(join(tmpdir(), prefix)) } as { browser: Browser; url: string; work: string; server?: Server };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const root = await buildPlayground(join(ctx.work, 'site'));
    const s = await serve(root, await builtinData(ctx.work));
    [ctx.url, ctx.server] = [s.url, s.server];
    ctx.browser = await launch(chromiumPath as string);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    ctx.server?.close();
  });
  return ctx;
}
