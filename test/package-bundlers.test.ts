// Neurite as a web developer gets it: the packed tarball installed in a fresh project, a small
// page that trains built by esbuild, Rollup, Vite and webpack with their defaults, and each page
// run in Chromium: no bundler warning, one .wasm downloaded, wasm-simd chosen, and the weights
// Node trains from the same seed, bit for bit (the automatic choice is the same everywhere).
// Skipped without Chromium (NEURITE_REQUIRE_BROWSER=1 makes that a failure) or without the
// bundlers in node_modules (run npm install).
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackend, fit, initBackend, Network, setBackend } from '../src/index.js';
import { ROOT } from './cli-helpers.js';
import { APP, openApp } from './package-app.js';
import { devTool, installProject, packTarball, run } from './package-helpers.js';
import { findChromium, launch } from './playground/browser.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'bundler tests SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}
const tools = {
  esbuild: devTool('esbuild', 'bin/esbuild'),
  rollup: devTool('rollup', 'dist/bin/rollup'),
  vite: devTool('vite', 'bin/vite.js'),
  webpack: devTool('webpack-cli', 'bin/cli.js'),
};
const PAGE = '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="./main.js"></script>';

/** How each bundler builds app/main.js into `out` with no configuration of its own for Neurite. */
const BUILDS: Record<keyof typeof tools, (dir: string, out: string) => [string, string[]]> = {
  // esbuild and Rollup do not copy assets named by new URL(…, import.meta.url): the page's
  // folder gets the .wasm files copied beside the bundle (docs/browser.md)
  esbuild: (_dir, out) => ['esbuild', ['app/main.js', '--bundle', '--minify', '--format=esm', `--outdir=${out}`]],
  rollup: (_dir, out) => ['rollup', ['app/main.js', '--plugin', 'node-resolve', '--plugin', 'commonjs', '--format', 'es', '--dir', out]],
  vite: (_dir, out) => ['vite', ['build', 'app', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']],
  webpack: (_dir, out) => ['webpack', ['--mode', 'production', '--entry', './app/main.js', '--output-path', out, '--output-filename', 'main.js', '--no-stats']],
};
const COPIES_WASM = new Set(['esbuild', 'rollup']);

/** What the same app trains in Node with the automatic kernels (wasm-simd here), or with `js`. */
async function trainInNode(backend: 'auto' | 'js'): Promise<number[]> {
  await initBackend(backend);
  const net = new Network(APP.spec);
  fit(net, APP.x, APP.y, APP.options);
  const weights = net.parameters().flatMap((p) => Array.from(p.tensor.data));
  expect(describeBackend()).toMatch(backend === 'js' ? /^js$/ : /^wasm-simd/);
  setBackend('js');
  return weights;
}

describe.skipIf(!chromiumPath)('bundlers build a page that trains, from the packed tarball', () => {
  let browser: Browser;
  let dir = '';
  let nodeWeights: number[] = [];
  let nodeJsWeights: number[] = [];
  beforeAll(async () => {
    dir = installProject(packTarball(), { type: 'module' });
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'main.js'), APP.source);
    writeFileSync(join(dir, 'app', 'index.html'), PAGE);
    symlinkSync(join(ROOT, 'node_modules', '@rollup'), join(dir, 'node_modules', '@rollup'));
    nodeWeights = await trainInNode('auto');
    nodeJsWeights = await trainInNode('js');
    browser = await launch(chromiumPath ?? '');
  }, 120_000);
  afterAll(async () => browser?.close());

  for (const name of Object.keys(BUILDS) as (keyof typeof tools)[]) {
    it.skipIf(!tools[name])(`${name}: no warning, one .wasm fetched, wasm-simd, the weights Node trains`, async () => {
      const out = join(dir, `out-${name}`);
      const [bin, args] = BUILDS[name](dir, out);
      const r = run(join(ROOT, 'node_modules', '.bin', bin), args, dir);
      expect(r.status, r.stderr).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/warn|externalized|\(!\)/i);
      if (name !== 'vite') writeFileSync(join(out, 'index.html'), PAGE);
      if (COPIES_WASM.has(name)) {
        const wasm = join(dir, 'node_modules/neurite/dist/backend/wasm');
        for (const f of readdirSync(wasm)) copyFileSync(join(wasm, f), join(out, f));
      }
      const { result, requests } = await openApp(browser, out, {});
      expect(result.error).toBeUndefined();
      expect(result.kernels).toBe('wasm-simd');
      expect(requests.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
      expect(result.weights).toEqual(nodeWeights);
    }, 180_000);
  }

  /** The esbuild page, its .wasm files beside it, built once for the CSP tests. */
  function cspSite(): string {
    const out = join(dir, 'out-csp');
    const r = run(join(ROOT, 'node_modules', '.bin', 'esbuild'), ['app/main.js', '--bundle', '--format=esm', `--outdir=${out}`], dir);
    expect(r.status, r.stderr).toBe(0);
    writeFileSync(join(out, 'index.html'), PAGE);
    const wasm = join(dir, 'node_modules/neurite/dist/backend/wasm');
    for (const f of readdirSync(wasm)) copyFileSync(join(wasm, f), join(out, f));
    return out;
  }

  it.skipIf(!tools.esbuild)('under a CSP without wasm-unsafe-eval, auto trains on the js kernels and says why', async () => {
    const { result } = await openApp(browser, cspSite(), { 'Content-Security-Policy': "default-src 'self'; script-src 'self'" });
    expect(result.error).toBeUndefined();
    expect(result.kernels).toBe('js');
    expect(result.described).toMatch(/^js \(WebAssembly could not be loaded: .*(Content Security Policy|wasm-unsafe-eval|unsafe-eval)/i);
    expect(result.weights).toEqual(nodeJsWeights);
  }, 120_000);

  it.skipIf(!tools.esbuild)('in an isolated page whose CSP blocks workers, wasm-simd runs on 1 thread and says why', async () => {
    const { result } = await openApp(browser, cspSite(), {
      'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'none'",
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(result.error).toBeUndefined();
    expect(result.kernels).toBe('wasm-simd');
    expect(result.described).toMatch(/^wasm-simd, 1 thread \(workers could not start: /);
    expect(result.weights).toEqual(nodeWeights);
  }, 120_000);
});

