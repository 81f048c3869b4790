/**
 * Where a browser finds each WebAssembly build: beside this module. Each URL is written as
 * `new URL('./file.wasm', import.meta.url)` so that bundlers that follow that pattern (Vite,
 * webpack, Parcel) copy the file and rewrite its URL; where `import.meta.url` is empty (a classic
 * script bundle) the file is looked for beside the page or worker script instead.
 */

const here = (): string | undefined => {
  try {
    return import.meta.url || undefined;
  } catch {
    return undefined;
  }
};

function relative(file: string): URL {
  return new URL(file, here() ?? (globalThis as { location?: { href: string } }).location?.href);
}

const URLS: Readonly<Record<string, () => URL>> = {
  'kernels-simd-private.wasm': () => (here() ? new URL('./kernels-simd-private.wasm', import.meta.url) : relative('kernels-simd-private.wasm')),
  'kernels-simd-shared.wasm': () => (here() ? new URL('./kernels-simd-shared.wasm', import.meta.url) : relative('kernels-simd-shared.wasm')),
  'kernels-relaxed-private.wasm': () => (here() ? new URL('./kernels-relaxed-private.wasm', import.meta.url) : relative('kernels-relaxed-private.wasm')),
  'kernels-relaxed-shared.wasm': () => (here() ? new URL('./kernels-relaxed-shared.wasm', import.meta.url) : relative('kernels-relaxed-shared.wasm')),
};

/** The URL of the build `file` (one of the four kernels-*.wasm). */
export function wasmUrl(file: string): URL {
  const url = URLS[file];
  if (!url) throw new Error(`no WebAssembly build named ${file}`);
  return url();
}
