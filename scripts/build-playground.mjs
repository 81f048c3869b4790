// Builds the playground into dist/playground/: the page, its style, and two bundles made by
// esbuild from playground/src (the page and the training worker), each with the library inside.
// The worker fetches the WebAssembly kernels beside itself (a classic script has no
// import.meta), where `neurite playground` serves the package's own (src/cli/playground.ts).
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into `outdir` (default dist/playground) and returns it. */
export async function buildPlayground(outdir = join(root, 'dist', 'playground')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'playground/src/main.ts'), worker: join(root, 'playground/src/worker.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: false,
    // the library's own sources, and its browser host (package.json "imports": #host)
    conditions: ['neurite-source'],
    // a classic script has no import.meta: the kernels are looked for beside the worker instead
    define: { 'import.meta.url': 'undefined' },
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
