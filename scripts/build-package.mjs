// The package's build after tsc (npm run build): the WebAssembly builds copied beside the glue
// that loads them (dist/backend/wasm/*.wasm, each read or fetched alone), the CommonJS entry points
// (dist/*.cjs: `require('neurite')` returns the ES module itself, Node ≥ 20.19 loading it with
// require(esm), so CommonJS and ESM users share one copy of every class), and their types
// (dist/**/*.d.cts: the .d.ts files with their relative imports pointing at .d.cts, so that
// TypeScript's node16/nodenext resolution reads them as CommonJS declarations).
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The CommonJS entry points: `require(name)` gives the ES module `target`. */
export const CJS_ENTRIES = { 'index.cjs': './index.js', 'dense.cjs': './dense.js', 'node.cjs': './node.js', 'onnx.cjs': './onnx.js' };

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** A .d.ts's text as a .d.cts: relative `./x.js` specifiers become `./x.cjs`. */
export function toCommonJsDeclaration(text) {
  return text.replace(/((?:from|import\()\s*['"])(\.{1,2}\/[^'"]+?)\.js(['"])/g, '$1$2.cjs$3');
}

/** Builds the package's extra files into `dist` (default ./dist). */
export async function buildPackage(dist = join(root, 'dist')) {
  const wasmSrc = join(root, 'src/backend/wasm');
  await mkdir(join(dist, 'backend/wasm'), { recursive: true });
  for (const f of await readdir(wasmSrc)) if (f.endsWith('.wasm')) await copyFile(join(wasmSrc, f), join(dist, 'backend/wasm', f));
  for (const [file, target] of Object.entries(CJS_ENTRIES)) {
    await writeFile(join(dist, file), `'use strict';\n// CommonJS entry: the ES module itself (require(esm), Node >= 20.19).\nmodule.exports = require(${JSON.stringify(target)});\n`);
  }
  for await (const p of walk(dist)) {
    if (p.endsWith('.d.ts') && !p.includes(`${join(dist, 'playground')}`)) {
      await writeFile(p.replace(/\.d\.ts$/, '.d.cts'), toCommonJsDeclaration(await readFile(p, 'utf8')));
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildPackage();
}
