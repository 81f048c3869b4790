/**
 * Loading the WebAssembly kernel set: feature detection, instantiation on a heap, and the
 * optional worker-thread pool.
 */
import type { Backend } from '../kernels.js';
import { ThreadPool } from '../threads/pool.js';
import { isNode } from '../threads/spawn.js';
import { relaxedPrivate, relaxedShared, simdPrivate, simdShared } from './binaries.js';
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
  /** The fused step for small dense stacks (src/train/dense-step.ts uses it). */
  readonly dense: FusedDense;
  /** Blocks of matrix products each worker has done (empty without workers): shows that they work. */
  workerBlocks(): number[];
  /** Stops its worker threads (the process also exits without this). */
  stop(): Promise<void>;
}

const PAGE = 65536;
/** Shared memory may grow to 2 GiB (address space is reserved, pages are resident only once used). */
const SHARED_MAX_PAGES = 32768;
/** Private memory cannot grow without detaching every view, so it is made once at this size. */
const PRIVATE_PAGES = 4096;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The kernel module's bytes: plain or relaxed SIMD, for shared (threads) or private memory. */
export function wasmBinary(level: SimdLevel, shared: boolean): Uint8Array<ArrayBuffer> {
  if (level === 'relaxed') return bytesOf(shared ? relaxedShared : relaxedPrivate);
  return bytesOf(shared ? simdShared : simdPrivate);
}

/** Whether this runtime compiles the given build (relaxed SIMD is missing from Node 20 without a flag). */
export function wasmSupported(level: SimdLevel): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(wasmBinary(level, false));
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
export async function createWasmBackend(level: SimdLevel, threads = 1): Promise<WasmBackend> {
  const shared = sharedMemorySupported();
  const module = await WebAssembly.compile(wasmBinary(level, shared) as BufferSource);
  const memory = shared
    ? new WebAssembly.Memory({ initial: 256, maximum: SHARED_MAX_PAGES, shared: true })
    : new WebAssembly.Memory({ initial: PRIVATE_PAGES });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const ex = instance.exports as unknown as WasmExports;
  const heap = new Heap(memory, shared, (shared ? SHARED_MAX_PAGES : PRIVATE_PAGES) * PAGE, (ptr, size) => ex.fill(ptr, 0, size));
  const scratchBytes = ex.matmulScratchBytes();
  // Node's worker_threads, or Web Workers where the page is cross-origin isolated (shared memory needs it)
  const workers = isNode() || (typeof Worker === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  const canThread = shared && threads > 1 && workers;
  const pool = canThread ? await ThreadPool.start(module, heap, threads, scratchBytes, ex.matmulTileRows()) : null;
  const scratch = pool ? pool.ownScratch : heap.reserveFixed(scratchBytes);
  return {
    name: `wasm-${level}`,
    kernels: wasmKernels(ex, heap, pool, scratch),
    allocate: (size) => heap.allocate(size),
    allocateParts: (sizes) => heap.allocateParts(sizes),
    ...(pool ? { beside: (task: () => void) => pool.beside(task), settle: (task: () => void) => pool.settle(task) } : {}),
    threads: pool ? pool.threads : 1,
    sharedMemory: shared,
    // with threads, a product big enough to be split stays with the per-op path
    dense: new FusedDense(ex, heap, scratch, pool ? THREAD_MIN_WORK : Infinity),
    workerBlocks: () => pool?.workerBlocks() ?? [],
    stop: async () => { await pool?.stop(); },
  };
}
