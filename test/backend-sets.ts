// The kernel sets the backend tests run every kernel on: each WebAssembly build on 1 and 2 threads,
// with operands in its heap and outside it (plain Float32Arrays, which take the copying path), and
// the reference kernels (src/backend/js) they are compared with.
import fc from 'fast-check';
import { afterAll } from 'vitest';
import type { Kernels } from '../src/backend/kernels.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';

// relaxed SIMD is behind a V8 flag on Node 20: on, as initBackend('wasm-relaxed') turns it on, so
// that both builds are tested
(await import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
export const made: WasmBackend[] = [];
for (const level of ['simd', 'relaxed'] as const) {
  if (!wasmSupported(level)) continue;
  made.push(await createWasmBackend(level, 1));
  made.push(await createWasmBackend(level, 2));
}
afterAll(async () => { for (const b of made) await b.stop(); });

export type Alloc = (size: number) => Float32Array;
export const plain: Alloc = (size) => new Float32Array(size);
export const sets: [string, Kernels, Alloc][] = made.flatMap((b) => [
  [`${b.name} ×${b.threads} heap`, b.kernels, b.allocate as Alloc] as [string, Kernels, Alloc],
  [`${b.name} ×${b.threads} plain`, b.kernels, plain] as [string, Kernels, Alloc],
]);
export const ref = jsBackend.kernels;

/** Deterministic values in [−2, 2] (no Math.random, so a failure repeats). */
export function fillArr(out: Float32Array, seed: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(seed * 131.7 + i * 7.31) * 2;
  return out;
}
export const size = fc.integer({ min: 1, max: 70 });
export const TOL = 1e-5;
