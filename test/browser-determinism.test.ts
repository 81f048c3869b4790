// One seed gives the same model bit for bit in Node and in a real browser (Debian's chromium).
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as neurite from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  const msg = `browser tests skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install chromium)`;
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.log(msg);
}

type Lib = typeof neurite;
/** Trains a small network with dropout, shuffling and a split, all from one seed; returns its weights. */
function train(n: Lib): number[] {
  const rng = new n.Random(7);
  const x = Array.from({ length: 120 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  const y = x.map(([a, b]) => (a * b > 0 ? 1 : 0));
  const net = new n.Network({ inputs: 2, layers: [{ units: 12, activation: 'tanh' }, { type: 'dropout', rate: 0.2 }, { units: 2, activation: 'softmax' }], seed: 11 });
  n.fit(net, x, y, { epochs: 20, batchSize: 8, validationSplit: 0.25, seed: 11 });
  return net.parameters().flatMap((p) => Array.from(p.tensor.data));
}

describe.skipIf(!available)('determinism across Node and the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());

  it('the same seed trains the same weights in Chromium as in Node', async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      bundle: true, format: 'iife', globalName: 'neurite', write: false, platform: 'browser',
      conditions: ['neurite-source'], // the library's sources, and its browser host (package.json "imports": #host)
    });
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const inBrowser = await page.evaluate(`(${train.toString()})(neurite)`);
    expect(inBrowser).toEqual(train(neurite));
  });
});
