/**
 * Starting the kernels for a command, with NEURITE_BACKEND and NEURITE_THREADS checked first, so
 * a bad value is reported as the environment variable it is, not as a library function's error.
 */
import { initBackend } from '../index.js';
import { UsageError } from './errors.js';
import { BACKENDS } from './train/options.js';

/**
 * Checks the environment variables that choose the kernels.
 *
 * @throws UsageError naming the variable, its value and what it takes
 * @example
 * ```ts
 * checkBackendEnvironment({ NEURITE_THREADS: '0' }); // throws
 * ```
 */
export function checkBackendEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): void {
  const threads = env.NEURITE_THREADS;
  if (threads !== undefined && !/^\s*[1-9]\d{0,3}\s*$/.test(threads)) {
    throw new UsageError(`NEURITE_THREADS=${JSON.stringify(threads)}: expected a number of threads from 1 to 9999; set it to e.g. 2, or unset it to use every core`);
  }
  const backend = env.NEURITE_BACKEND;
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`NEURITE_BACKEND=${JSON.stringify(backend)}: expected one of ${BACKENDS.join(', ')}; set one of them, or unset it for auto`);
  }
}

/**
 * Starts the kernels (see initBackend) after checking the environment.
 *
 * @returns the name of the kernel set in use
 * @example
 * ```ts
 * await startBackend(config.backend);
 * ```
 */
export async function startBackend(name?: string): Promise<string> {
  checkBackendEnvironment();
  return initBackend(name);
}

/**
 * Starts kernels whose numbers do not depend on the machine, for `evaluate` and `predict`:
 * WebAssembly SIMD without fused multiply-adds (`wasm-simd`, what `auto` picks; the same bits
 * on every machine and with any number of threads) where the runtime has it, else the reference
 * `js` kernels; NEURITE_BACKEND=js keeps the reference ones.
 *
 * @returns the name of the kernel set in use
 * @example
 * ```ts
 * await startPortableBackend(); // 'wasm-simd'
 * ```
 */
export async function startPortableBackend(): Promise<string> {
  checkBackendEnvironment();
  return initBackend(process.env.NEURITE_BACKEND === 'js' ? 'js' : 'auto');
}
