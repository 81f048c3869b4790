/**
 * The WebAssembly SIMD kernel set, by family: products (product.ts), element-wise kernels
 * (elementwise.ts), a layer's row-wise kernels (rows.ts), the optimizer update (update.ts) and the
 * convolutions (window.ts). Each kernel resolves its operands to heap pointers (copying only
 * operands that live outside the heap) and makes one call into the module. Float64 data and the
 * functions without a vector body here (log, sqrt, sin, cos, step, pow, softmax's backward, the
 * binary cross-entropy, max reductions, pooling) run the reference kernels, which work on heap
 * views like on any array.
 */
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import type { ThreadPool } from '../threads/pool.js';
import type { WasmContext } from './context.js';
import { elementwiseKernels } from './elementwise.js';
import type { WasmExports } from './exports.js';
import type { Heap } from './heap.js';
import { productKernels } from './product.js';
import { rowKernels } from './rows.js';
import { updateKernels } from './update.js';
import { windowKernels } from './window.js';

export { THREAD_MIN_WORK } from './context.js';

/** Builds the kernel list over one module instance, its heap and an optional thread pool. */
export function wasmKernels(ex: WasmExports, heap: Heap, pool: ThreadPool | null, scratch: number): Kernels {
  const ctx: WasmContext = { ex, heap, pool, scratch };
  const set: Kernels = { ...jsKernels, ...productKernels(ctx), ...elementwiseKernels(ctx), ...updateKernels(ctx), ...windowKernels(ctx) };
  return Object.assign(set, rowKernels(ctx, set));
}
