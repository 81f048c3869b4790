/**
 * Choosing the kernel set: relaxed SIMD where the runtime has it, plain SIMD where it does not,
 * the TypeScript reference where WebAssembly SIMD is missing. Overridable by argument, by the
 * environment variable NEURITE_BACKEND (and NEURITE_THREADS), or later by {@link setBackend}.
 */
import { ArgumentError } from '../core/errors.js';
import { getBackend, registerBackend, setBackend } from './registry.js';
import { createWasmBackend, type SimdLevel, wasmSupported, type WasmBackend } from './wasm/index.js';

/** A backend name (`js`, `wasm-simd`, `wasm-relaxed`) or `auto`; optionally with a thread count. */
export type BackendPreference = string | { readonly backend?: string; readonly threads?: number };

const loaded = new Map<string, WasmBackend>();

function env(name: string): string | undefined {
  return typeof process === 'object' ? process.env?.[name] : undefined;
}

async function cores(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const os = await import('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  } catch {
    return 1;
  }
}

function pick(wanted: string): string {
  if (wanted !== 'auto') return wanted;
  if (wasmSupported('relaxed')) return 'wasm-relaxed';
  if (wasmSupported('simd')) return 'wasm-simd';
  return 'js';
}

/**
 * Loads and selects the fastest kernel set this runtime supports (or the one asked for), and
 * returns its name. Call it once before building networks, so that their buffers live in the
 * WebAssembly heap; without it everything runs on the `js` reference kernels.
 *
 * @param preference `auto` (default), `js`, `wasm-simd` or `wasm-relaxed`, or `{ backend, threads }`;
 *   NEURITE_BACKEND and NEURITE_THREADS in the environment are used when no argument is given.
 *   threads defaults to the number of cores (large matrix products and Adam updates; worker threads in Node, Web Workers in cross-origin-isolated pages).
 * @example
 * ```ts
 * const name = await initBackend(); // 'wasm-simd' on Node 20
 * ```
 */
export async function initBackend(preference?: BackendPreference): Promise<string> {
  const p = typeof preference === 'string' ? { backend: preference } : preference ?? {};
  const wanted = pick(p.backend ?? env('NEURITE_BACKEND') ?? 'auto');
  const threadsEnv = env('NEURITE_THREADS');
  const threads = p.threads ?? (threadsEnv !== undefined ? Number(threadsEnv) : await cores());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`initBackend: threads must be a positive integer, got ${threads}`, { where: 'initBackend.threads', expected: 'an integer ≥ 1', received: String(threads) });
  }
  if (wanted === 'wasm-simd' || wanted === 'wasm-relaxed') {
    const level = wanted.slice(5) as SimdLevel;
    if (level === 'relaxed' && !wasmSupported(level)) await enableRelaxedSimd();
    if (!wasmSupported(level)) {
      throw new ArgumentError(`initBackend: ${wanted} is not supported by this runtime`, { where: 'initBackend', expected: 'a supported backend', received: wanted });
    }
    const key = `${wanted}:${threads}`;
    let b = loaded.get(key);
    if (!b) {
      b = await createWasmBackend(level, threads);
      loaded.set(key, b);
    }
    registerBackend(b);
  }
  setBackend(wanted);
  return getBackend().name;
}

/**
 * Node 20's V8 implements relaxed SIMD behind --experimental-wasm-relaxed-simd (on by default from
 * Node 22, and in browsers). When wasm-relaxed is asked for by name, the flag is turned on for this
 * process before the module is compiled; `auto` never does this, so a process's V8 flags change
 * only on request (after which `auto` finds relaxed SIMD supported and picks it in this process).
 * Anywhere else (a browser without it) this does nothing and the caller reports the backend as
 * unsupported.
 */
async function enableRelaxedSimd(): Promise<void> {
  if (typeof process !== 'object' || !process.versions?.node) return;
  try {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // not Node after all: the backend stays unsupported
  }
}

/** The active backend in words, e.g. `wasm-simd, 2 threads`. */
export function describeBackend(): string {
  const b = getBackend() as Partial<WasmBackend> & { name: string };
  return b.threads !== undefined ? `${b.name}, ${b.threads} thread${b.threads === 1 ? '' : 's'}` : b.name;
}
