// The package's build after tsc (npm run build): the WebAssembly builds copied beside the glue
// that loads them (dist/backend/wasm/*.wasm, each read or fetched alone).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the package's extra files into `dist` (default ./dist). */
export async function buildPackage(dist = join(root, 'dist')) {
  const wasmSrc = join(root, 'src/backend/wasm');
  await mkdir(join(dist, 'backend/wasm'), { recursive: true });
  for (const f of await readdir(wasmSrc)) if (f.endsWith('.wasm')) await copyFile(join(wasmSrc, f), join(dist, 'backend/wasm', f));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildPackage();
}
