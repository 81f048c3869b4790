// Builds the WebAssembly kernel set in four variants (plain or relaxed SIMD × shared memory for
// worker threads or private memory) and writes the .wasm files beside the TypeScript glue; the
// package reads (Node) or fetches (browsers) the one it uses (src/backend/host/). Run with
// `npm run build:wasm`.
// `node asm/build.mjs --check` builds into a temporary folder instead and compares what it built
// with the committed files byte for byte (CI runs it: .ci/run): exit 1, naming the files that
// differ, when the committed binaries are not what asm/*.ts builds to.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = join(root, 'src/backend/wasm');
const asc = join(root, 'node_modules/.bin/asc');
// 32768 pages = 2 GiB: the most shared memory may grow to (reserved address space, not resident).
const MAX_PAGES = 32768;

const variants = {
  simd: ['--enable', 'simd'],
  relaxed: ['--enable', 'simd', '--enable', 'relaxed-simd'],
};
const memories = {
  shared: ['--sharedMemory', '--maximumMemory', String(MAX_PAGES), '--enable', 'threads'],
  private: [],
};

/** Builds the four variants into `outDir`; returns the names of the files written. */
function build(outDir) {
  const written = [];
  for (const [simd, simdFlags] of Object.entries(variants)) {
    for (const [mem, memFlags] of Object.entries(memories)) {
      const name = `kernels-${simd}-${mem}`;
      const file = join(outDir, `${name}.wasm`);
      execFileSync(asc, ['asm/index.ts', '-O3', '--runtime', 'stub', '--noAssert', '--importMemory', ...simdFlags, ...memFlags, '-o', file], { cwd: root, stdio: 'inherit' });
      written.push(`${name}.wasm`);
    }
  }
  return written;
}

if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-wasm-'));
  try {
    const differ = build(dir).filter((f) => !readFileSync(join(dir, f)).equals(readFileSync(join(wasmDir, f))));
    if (differ.length > 0) {
      console.error(`asm/build.mjs --check: the committed ${differ.map((f) => `src/backend/wasm/${f}`).join(', ')} differ from what asm/*.ts builds to; run npm run build:wasm and commit the result`);
      process.exit(1);
    }
    console.log('asm/build.mjs --check: the committed WebAssembly binaries are what asm/*.ts builds to, byte for byte');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  build(wasmDir);
  console.log(`wrote the kernels-*.wasm files in ${wasmDir}`);
}
