// Helpers of the playground's browser tests: find Chromium, serve the built page, open it.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { playgroundServer } from '../../src/cli/playground.js';

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

/** Serves `root` on a free port of 127.0.0.1. */
export async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = playgroundServer(root);
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
