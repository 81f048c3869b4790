/**
 * What every family of the WebAssembly kernel set (product.ts, elementwise.ts, rows.ts, update.ts)
 * works with: the module instance, its heap, the optional thread pool and the caller's scratch;
 * and the sizes below which a kernel stays in JavaScript or on one thread.
 */
import type { Data } from '../kernels.js';
import type { ThreadPool } from '../threads/pool.js';
import type { WasmExports } from './exports.js';
import type { Heap } from './heap.js';

/** The module instance a kernel calls, its heap, the thread pool (null on one thread) and the calling thread's scratch. */
export interface WasmContext {
  readonly ex: WasmExports;
  readonly heap: Heap;
  readonly pool: ThreadPool | null;
  readonly scratch: number;
}

/** Below this many multiply-adds a product stays on one thread (waking workers costs more). */
export const THREAD_MIN_WORK = 1 << 20;
/**
 * Below this many values a bias and activation stays on one thread (a layer of this size takes a
 * few times what waking the workers costs: bench/notes.md, THREAD_MIN_ROWS); a softmax, which
 * costs about ten times as much a value, below a tenth of it.
 */
export const THREAD_MIN_ROWS = 1 << 16;
/**
 * Below this many values an element-wise kernel is not worth a call into the module. Only for
 * kernels whose reference gives the same bits (a single rounding) or that the fused dense step does
 * not use: every float32 matmul, unary and unary backward runs here whatever its size, so that the
 * fused step (asm/dense.ts) and the per-op path agree bit for bit (Note [fused dense step]).
 */
export const SMALL = 16;

/** Whether `x` is float32 data (what the module computes on; float64 stays with the reference kernels). */
export const f32 = (x: Data): x is Float32Array => x instanceof Float32Array;
