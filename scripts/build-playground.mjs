// Builds the playground into dist/playground/: the page, its style, and the ES modules esbuild
// makes from playground/src: the page (main.js), the training worker (worker.js, a module
// worker) and the library code they share (chunk-*.js). The built-in data sets are not bundled:
// the modules import them at run time from ./builtin-csv.js, which `neurite playground` serves
// from the package's own dist/data/builtin-csv.js, as it serves the package's WebAssembly kernels
// beside the modules (src/cli/playground.ts), so the tarball carries that text once.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The URL, relative to the playground's modules, at which they import the built-in data sets. */
export const BUILTIN_DATA_URL = './builtin-csv.js';

/**
 * An esbuild plugin: the library's built-in data module (`builtin-csv.js` in `dataDir`) left out of
 * a bundle, imported from `path` instead (the playground: BUILTIN_DATA_URL; the command's bundle:
 * dist/data's module, scripts/build-cli.mjs), so the tarball carries that text once.
 */
export function builtinDataOutside(dataDir, path) {
  return {
    name: 'builtin-data-outside',
    setup(b) {
      b.onResolve({ filter: /^\.\/builtin-csv\.js$/ }, (args) => (args.resolveDir === dataDir ? { path, external: true } : undefined));
    },
  };
}

/** Builds into `outdir` (default dist/playground) and returns it. */
export async function buildPlayground(outdir = join(root, 'dist', 'playground')) {
  await mkdir(outdir, { recursive: true });
  // a chunk's name is its hash: an earlier build's chunks would otherwise stay (and be shipped)
  for (const f of await readdir(outdir)) if (/^chunk-[\w-]+\.js$/.test(f)) await rm(join(outdir, f));
  await build({
    entryPoints: { main: join(root, 'playground/src/main.ts'), worker: join(root, 'playground/src/worker.ts') },
    outdir,
    bundle: true,
    // ES modules, so that the page and its worker share one copy of the library (module workers:
    // Chromium 80, Safari 15, Firefox 114)
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: ['chrome100', 'firefox114', 'safari15'],
    minify: true,
    sourcemap: false,
    // the library's own sources, and its browser host (package.json "imports": #host)
    conditions: ['neurite-source'],
    plugins: [builtinDataOutside(join(root, 'src', 'data'), BUILTIN_DATA_URL)],
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'style.css']) await copyFile(join(root, 'playground', file), join(outdir, file));
  // the pictures view's Fashion-MNIST sample, fetched only when chosen (scripts/fashion-sample.mjs)
  for (const file of ['fashion-sample-images.idx', 'fashion-sample-labels.idx']) await copyFile(join(root, 'playground', 'data', file), join(outdir, file));
  await copyFile(join(root, 'playground', 'data', 'README.md'), join(outdir, 'fashion-sample-README.md'));
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await buildPlayground(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`playground built in ${out}`);
}
