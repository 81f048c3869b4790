/**
 * Choosing the kernel set. `auto` picks plain WebAssembly SIMD wherever the runtime has it, so one
 * seed trains the same model bit for bit in Node and in every browser (Note [one model
 * everywhere]); relaxed SIMD, faster where it has a fused multiply-add but rounded differently
 * from one machine to another, is used only when asked for by name. Where WebAssembly cannot be
 * compiled (a Content-Security-Policy without 'wasm-unsafe-eval') or its file cannot be loaded,
 * `auto` falls back to the TypeScript reference kernels and says why ({@link describeBackend}).
 * Overridable by argument, by the environment variables NEURITE_BACKEND and NEURITE_THREADS, or
 * later by {@link setBackend}.
 */
import { host } from '#host';
import { checkOptionNames, closestName } from '../core/closest.js';
import { ArgumentError } from '../core/errors.js';
import { getBackend, listBackends, registerBackend, setBackend } from './registry.js';
import { createWasmBackend, type SimdLevel, wasmSupported, type WasmBackend } from './wasm/index.js';

// Note [one model everywhere]: the wasm-simd kernels give the same bits on every machine and
// every thread count (each output is summed in one order; threads only share out blocks), and the
// js kernels the same bits as each other, but the two sets sum in different orders. So the
// automatic choice is wasm-simd wherever WebAssembly SIMD runs (Node 20, and every current
// browser), never wasm-relaxed: its fused multiply-add rounds once where wasm-simd rounds twice,
// and whether the hardware fuses is up to the machine.

/** The kernel sets {@link initBackend} knows, `auto` first. */
export const BACKEND_NAMES = ['auto', 'js', 'wasm-simd', 'wasm-relaxed'] as const;

/** What {@link initBackend} is given: a kernel set's name (see {@link BACKEND_NAMES}), or the options. */
export type BackendPreference = string | BackendOptions;

/** The options of {@link initBackend}. */
export interface BackendOptions {
  /** `auto` (default), `js`, `wasm-simd` or `wasm-relaxed` (opt-in: faster, rounds differently per machine). */
  readonly backend?: string;
  /** Threads for large products and updates (default: the number of cores; 1 in a page that is not cross-origin isolated). */
  readonly threads?: number;
  /**
   * The folder (URL, or a path in Node) holding the `kernels-*.wasm` files, when they are not
   * beside the module: e.g. `'/assets/neurite/'` after copying `node_modules/neurite/dist/backend/wasm/*.wasm`
   * there (a bundler without `new URL(…, import.meta.url)` assets: esbuild, Rollup).
   */
  readonly wasm?: string | URL;
}

const loaded = new Map<string, WasmBackend>();
/** Why the last automatic choice fell back to the js kernels, or ''. */
let fellBack = '';

function parse(preference: BackendPreference | undefined): BackendOptions {
  if (preference === undefined) return {};
  if (typeof preference === 'string') return { backend: preference };
  if (typeof preference !== 'object' || preference === null) {
    throw new ArgumentError(`initBackend: expected a kernel set's name or { backend, threads, wasm }, got ${String(preference)}`, { where: 'initBackend', expected: 'a string or an object', received: String(preference) });
  }
  checkOptionNames('initBackend', preference, ['backend', 'threads', 'wasm']);
  return preference;
}

function checkName(name: string): void {
  const names = [...new Set([...BACKEND_NAMES, ...listBackends()])];
  if (!names.includes(name)) {
    const near = closestName(name, names);
    throw new ArgumentError(`initBackend: unknown kernel set ${JSON.stringify(name)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; expected one of ${names.join(', ')}`, { where: 'initBackend.backend', expected: names.join(', '), received: name });
  }
}

async function wasmBackend(level: SimdLevel, threads: number, wasm: string | URL | undefined): Promise<WasmBackend> {
  const key = `${level}:${threads}:${wasm === undefined ? '' : String(wasm)}`;
  let b = loaded.get(key);
  if (!b) {
    b = await createWasmBackend(level, threads, { wasm });
    loaded.set(key, b);
  }
  registerBackend(b);
  return b;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Loads and selects a kernel set, and returns its name. Call it once before building networks,
 * so that their buffers live in the WebAssembly heap; without it everything runs on the `js`
 * reference kernels. `auto` is `wasm-simd` wherever WebAssembly SIMD runs, the same bits in
 * Node and every browser, else `js`; {@link describeBackend} says what was chosen and why.
 *
 * @param preference `auto` (default), `js`, `wasm-simd` or `wasm-relaxed`, or `{ backend, threads, wasm }`;
 *   NEURITE_BACKEND and NEURITE_THREADS in the environment (Node) are used when no argument is given.
 *   threads defaults to the number of cores (worker threads in Node, Web Workers in cross-origin-isolated pages).
 * @throws ArgumentError for an unknown name or option, or a kernel set asked for by name that cannot run here
 * @example
 * ```ts
 * const name = await initBackend(); // 'wasm-simd' in Node 20 and current browsers
 * ```
 */
export async function initBackend(preference?: BackendPreference): Promise<string> {
  const p = parse(preference);
  const wanted = p.backend ?? host.env('NEURITE_BACKEND') ?? 'auto';
  checkName(wanted);
  const threadsEnv = host.env('NEURITE_THREADS');
  const threads = p.threads ?? (threadsEnv !== undefined ? Number(threadsEnv) : host.cores());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`initBackend: threads must be a positive integer, got ${threads}`, { where: 'initBackend.threads', expected: 'an integer ≥ 1', received: String(threads) });
  }
  fellBack = '';
  if (wanted === 'auto') {
    if (!wasmSupported('simd')) {
      fellBack = 'this runtime has no WebAssembly SIMD';
    } else {
      try {
        await wasmBackend('simd', threads, p.wasm);
        setBackend('wasm-simd');
        return 'wasm-simd';
      } catch (error) {
        fellBack = `WebAssembly could not be loaded: ${reason(error)}`;
      }
    }
    setBackend('js');
    return 'js';
  }
  if (wanted === 'wasm-simd' || wanted === 'wasm-relaxed') {
    const level = wanted.slice(5) as SimdLevel;
    if (level === 'relaxed' && !wasmSupported(level)) host.enableRelaxedSimd();
    if (!wasmSupported(level)) {
      throw new ArgumentError(`initBackend: ${wanted} is not supported by this runtime`, { where: 'initBackend', expected: 'a supported backend', received: wanted });
    }
    try {
      await wasmBackend(level, threads, p.wasm);
    } catch (error) {
      throw new ArgumentError(`initBackend: ${wanted} could not be loaded: ${reason(error)}`, { where: 'initBackend', expected: 'a loadable WebAssembly build', received: wanted });
    }
  }
  setBackend(wanted);
  return getBackend().name;
}

/**
 * The active kernel set in words: its name, threads, and why it is not what was asked for, e.g.
 * `wasm-simd, 2 threads`, `wasm-simd, 1 thread (workers could not start: …)` or
 * `js (WebAssembly could not be loaded: …)`.
 *
 * @example
 * ```ts
 * await initBackend();
 * console.log(describeBackend()); // wasm-simd, 8 threads
 * ```
 */
export function describeBackend(): string {
  const b = getBackend() as Partial<WasmBackend> & { name: string };
  if (b.threads === undefined) return fellBack && b.name === 'js' ? `js (${fellBack})` : b.name;
  const text = `${b.name}, ${b.threads} thread${b.threads === 1 ? '' : 's'}`;
  return b.threadsRefused ? `${text} (workers could not start: ${b.threadsRefused})` : text;
}
