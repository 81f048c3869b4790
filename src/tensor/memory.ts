import type { Data } from '../backend/kernels.js';
import { getBackend, kernels } from '../backend/registry.js';

/** Element type of a tensor: float32 for networks, float64 for exact checks and `minimize`. */
export type DType = 'float32' | 'float64';

/**
 * Buffer recycling, so a training step allocates nothing once it has run once.
 *
 * Inside {@link scope}, every buffer an op asks for is taken from a free list keyed by type and
 * length; when the scope ends, all of them go back to the lists. The training loop runs each step
 * in a scope, so step N + 1 reuses exactly the buffers of step N. Outside a scope, buffers are
 * ordinary garbage-collected arrays: users never free anything.
 */
const pool = new Map<string, Data[]>();
const arenas: Data[][] = [];
let fresh = 0;

function key(dtype: DType, size: number): string {
  return `${dtype}:${size}`;
}

/** Allocates a zero-filled buffer; recycled when called inside a {@link scope}. */
export function allocate(size: number, dtype: DType = 'float32'): Data {
  return take(size, dtype, true);
}

/**
 * Allocates a buffer whose values are left as they are, for the output of a kernel that writes all
 * of it (a prediction's layers, whose zeroing was a measurable share of a prediction:
 * bench/notes.md, allocateOutput); recycled inside a {@link scope}.
 */
export function allocateOutput(size: number, dtype: DType = 'float32'): Data {
  return take(size, dtype, false);
}

function take(size: number, dtype: DType, zero: boolean): Data {
  const arena = arenas[arenas.length - 1];
  if (arena === undefined) return create(size, dtype);
  const free = pool.get(key(dtype, size));
  const buf = free?.pop();
  if (buf !== undefined) {
    // the backend's fill: a heap buffer's own fill is slow on shared memory (Note [bulk moves])
    if (zero) kernels().fill(buf, 0);
    arena.push(buf);
    return buf;
  }
  const made = create(size, dtype);
  arena.push(made);
  return made;
}

/** Allocates a buffer that no scope will ever recycle (parameters and their gradients). */
export function allocatePersistent(size: number, dtype: DType = 'float32'): Data {
  return create(size, dtype);
}

/**
 * Persistent zero-filled buffers of the given sizes laid end to end in one block, so that a kernel
 * can also see them as one array (Note [flat parameters] in optim/flat.ts).
 */
export function allocatePersistentParts(sizes: readonly number[], dtype: DType = 'float32'): Data[] {
  fresh++;
  const backend = getBackend();
  if (dtype === 'float32' && backend.allocateParts) return backend.allocateParts(sizes);
  const total = sizes.reduce((s, n) => s + n, 0);
  const block = dtype === 'float64' ? new Float64Array(total) : new Float32Array(total);
  let at = 0;
  return sizes.map((n) => block.subarray(at, (at += n)));
}

function create(size: number, dtype: DType): Data {
  fresh++;
  if (dtype === 'float64') return new Float64Array(size);
  const backend = getBackend();
  return backend.allocate ? backend.allocate(size) : new Float32Array(size);
}

/**
 * Runs `fn`, then returns every buffer allocated inside it to the pool. Nothing allocated inside
 * may be used after it returns: return plain numbers, or copy out.
 */
export function scope<T>(fn: () => T): T {
  arenas.push([]);
  try {
    return fn();
  } finally {
    const arena = arenas.pop() as Data[];
    for (const buf of arena) {
      const k = key(buf instanceof Float64Array ? 'float64' : 'float32', buf.length);
      let free = pool.get(k);
      if (!free) pool.set(k, (free = []));
      free.push(buf);
    }
  }
}

/** How many buffers have been created with `new` since the process started (to test reuse). */
export function freshAllocations(): number {
  return fresh;
}

/** Drops every pooled buffer (memory goes back to the garbage collector). */
export function releasePool(): void {
  pool.clear();
}
