/**
 * Loading the WebAssembly kernel set: feature detection, instantiation on a heap, and the
 * optional worker-thread pool.
 */
import { host } from '#host';
import type { Backend } from '../kernels.js';
import { ThreadPool } from '../threads/pool.js';
import type { SplitName } from '../threads/splits.js';
import type { WasmExports } from './exports.js';
import { Heap } from './heap.js';
import { FusedDense } from './dense.js';
import { THREAD_MIN_WORK, wasmKernels } from './kernels.js';

/** Which SIMD instructions a kernel build uses: `relaxed` has a fused multiply-add. */
export type SimdLevel = 'simd' | 'relaxed';

/** A wasm backend, with the thread count it runs large products on. */
export interface WasmBackend extends Backend {
  readonly threads: number;
  readonly sharedMemory: boolean;
  /** Why `threads` is 1 though more were asked for and shared memory works (workers could not start). */
  readonly threadsRefused?: string;
  /** The fused step for small dense stacks (src/train/dense-step.ts uses it). */
  readonly dense: FusedDense;
  /** Blocks of matrix products each worker has done (empty without workers): shows that they work. */
  workerBlocks(): number[];
  /** The way each product shape is shared among the threads, once chosen (Note [splits per machine] in threads/splits.ts); empty without workers. */
  splits(): Record<string, SplitName>;
  /** Shares every product as `name` where its shape allows it, or per shape as found fastest again (null); for tests and measurements. */
  forceSplit(name: SplitName | null): void;
  /** Stops its worker threads (the process also exits without this). */
  stop(): Promise<void>;
}

const PAGE = 65536;
/** Shared memory may grow to 2 GiB (address space is reserved, pages are resident only once used). */
const SHARED_MAX_PAGES = 32768;
/** Private memory cannot grow without detaching every view, so it is made once at this size. */
const PRIVATE_PAGES = 4096;

/** The file name of a build: plain or relaxed SIMD, for shared (threads) or private memory. */
export function wasmFile(level: SimdLevel, shared: boolean): string {
  return `kernels-${level}-${shared ? 'shared' : 'private'}.wasm`;
}

/** Where the .wasm files are, when not in the package's own folder (see initBackend's `wasm`). */
export interface WasmSource {
  /** The folder (URL or path) that holds the kernels-*.wasm files. */
  readonly wasm?: string | URL;
}

/** The kernel module's bytes (read in Node, fetched in a browser). */
export async function wasmBinary(level: SimdLevel, shared: boolean, source: WasmSource = {}): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await host.wasmBytes(wasmFile(level, shared), source.wasm);
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

// Note [SIMD probes]: two modules of one function each, `v128.const 0` (plain SIMD) and
// `i8x16.relaxed_swizzle` of two of them (relaxed SIMD), validated instead of the kernels: a few
// bytes known at once, where the kernels are a file to fetch. Validating compiles nothing, so it
// answers under a Content-Security-Policy that forbids compiling (initBackend finds that out).
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const PROBE_HEAD = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0];
const PROBES: Record<SimdLevel, Uint8Array<ArrayBuffer>> = {
  simd: Uint8Array.from([...PROBE_HEAD, 10, 22, 1, 20, 0, ...V128_ZERO, 0x0b]),
  relaxed: Uint8Array.from([...PROBE_HEAD, 10, 43, 1, 41, 0, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x80, 0x02, 0x0b]),
};

/** Whether this runtime has the instructions of the given build (relaxed SIMD is behind a flag in Node 20). */
export function wasmSupported(level: SimdLevel): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(PROBES[level]);
  } catch {
    return false;
  }
}

/** Whether shared WebAssembly memory can be made (Node; browsers only when cross-origin isolated). */
export function sharedMemorySupported(): boolean {
  try {
    if (typeof SharedArrayBuffer === 'undefined') return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a wasm backend named `wasm-simd` or `wasm-relaxed`. With `threads > 1` (shared memory
 * required: Node, or a cross-origin-isolated page) large matrix products are split across worker
 * threads (Node's worker_threads or Web Workers).
 */
export async function createWasmBackend(level: SimdLevel, threads = 1, source: WasmSource = {}): Promise<WasmBackend> {
  const shared = sharedMemorySupported();
  const module = await WebAssembly.compile(await wasmBinary(level, shared, source));
  const memory = shared
    ? new WebAssembly.Memory({ initial: 256, maximum: SHARED_MAX_PAGES, shared: true })
    : new WebAssembly.Memory({ initial: PRIVATE_PAGES });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const ex = instance.exports as unknown as WasmExports;
  const heap = new Heap(memory, shared, (shared ? SHARED_MAX_PAGES : PRIVATE_PAGES) * PAGE, (ptr, size) => ex.fill(ptr, 0, size));
  const scratchBytes = ex.matmulScratchBytes();
  // Node's worker_threads, or Web Workers where the page is cross-origin isolated (shared memory needs it)
  const workers = host.kind === 'node' || (typeof Worker === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  const canThread = shared && threads > 1 && workers;
  const { pool, refused } = canThread ? await startPool(module, heap, threads, scratchBytes, ex.matmulTileRows()) : { pool: null, refused: undefined };
  const scratch = pool ? pool.ownScratch : heap.reserveFixed(scratchBytes);
  return {
    name: `wasm-${level}`,
    kernels: wasmKernels(ex, heap, pool, scratch),
    allocate: (size) => heap.allocate(size),
    allocateParts: (sizes) => heap.allocateParts(sizes),
    ...(pool ? { beside: (task: () => void) => pool.beside(task), settle: (task: () => void) => pool.settle(task) } : {}),
    threads: pool ? pool.threads : 1,
    ...(refused !== undefined ? { threadsRefused: refused } : {}),
    sharedMemory: shared,
    // with threads, a product big enough to be split stays with the per-op path
    dense: new FusedDense(ex, heap, scratch, pool ? THREAD_MIN_WORK : Infinity),
    workerBlocks: () => pool?.workerBlocks() ?? [],
    splits: () => pool?.splits() ?? {},
    forceSplit: (name) => pool?.forceSplit(name),
    stop: async () => { await pool?.stop(); },
  };
}

/** The thread pool, or why there is none (its workers could not start: a Content-Security-Policy). */
async function startPool(module: WebAssembly.Module, heap: Heap, threads: number, scratchBytes: number,
  tileRows: number): Promise<{ pool: ThreadPool | null; refused: string | undefined }> {
  try {
    return { pool: await ThreadPool.start(module, heap, threads, scratchBytes, tileRows), refused: undefined };
  } catch (error) {
    return { pool: null, refused: error instanceof Error ? error.message : String(error) };
  }
}
