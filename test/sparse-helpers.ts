// Shared by the tests of products over op(A)'s non-zero values (backend-sparse, sparse-threads):
// operands with zeros of known kinds, bit comparisons, and a module instance with an allocator.
import { expect } from 'vitest';
import type { WasmExports } from '../src/backend/wasm/exports.js';
import { wasmBinary } from '../src/backend/wasm/index.js';

/** The first value whose float32 bits differ ('none' when all agree: NaN equals NaN, −0 differs from +0). */
export function firstDifference(got: Float32Array, want: Float32Array): string {
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const i = g.findIndex((x, j) => x !== w[j]);
  return i < 0 ? 'none' : `[${i}] = ${got[i]}, expected ${want[i]}`;
}

/** Values in [−2, 2] of which about 60 % are exactly 0 (some of them −0); deterministic. */
export function zeroRich(out: Float32Array, seed: number): Float32Array {
  for (let i = 0; i < out.length; i++) {
    const u = Math.sin(seed * 97.1 + i * 12.9898) * 43758.5453;
    const r = u - Math.floor(u);
    out[i] = r < 0.55 ? 0 : r < 0.6 ? -0 : Math.sin(seed + i * 7.31) * 2;
  }
  return out;
}

/**
 * op(A)[m, k] of rows of four kinds in turn: values in the first, second, third or last quarter of
 * the row (one in 7 of them 0 too), so that rows 4 apart share all their places and consecutive rows
 * none: rows worth pairing (Note [pairing rows]).
 */
export function quarterRows(out: Float32Array, m: number, k: number, tA: boolean): Float32Array {
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = Math.floor((4 * p) / k) === i % 4 && (i * 3 + p) % 7 !== 0 ? Math.sin(i * 1.7 + p) + 2 : 0;
      out[tA ? p * m + i : i * k + p] = v;
    }
  }
  return out;
}

export function dense(out: Float32Array, seed: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(seed * 131.7 + i * 7.31) * 2;
  return out;
}

/** One module instance on private memory, with a bump allocator over it. */
export async function instance(level: 'simd' | 'relaxed') {
  const memory = new WebAssembly.Memory({ initial: 1024 });
  const { instance: inst } = await WebAssembly.instantiate(await wasmBinary(level, false), { env: { memory } });
  const ex = inst.exports as unknown as WasmExports;
  let top = 1 << 16;
  const take = (values: Float32Array): [number, Float32Array] => {
    const ptr = top;
    top += (values.length * 4 + 63) & ~63;
    const view = new Float32Array(memory.buffer, ptr, values.length);
    view.set(values);
    return [ptr, view];
  };
  const scratch = take(new Float32Array(ex.matmulScratchBytes() / 4))[0];
  const mark = top;
  return { ex, take, scratch, memory, reset: () => { top = mark; } };
}

