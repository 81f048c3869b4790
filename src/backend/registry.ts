import { ArgumentError } from '../core/errors.js';
import { jsBackend } from './js/index.js';
import type { Backend, Kernels } from './kernels.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
let active: Backend = jsBackend;

/**
 * Makes a kernel set available under its name (a faster backend registers itself here). Every
 * kernel of the reference set must be there: a set that makes only some of its own can spread
 * the reference's for the rest.
 *
 * @example
 * ```ts
 * registerBackend({ name: 'mine', kernels: { ...jsBackend.kernels, matmul: myMatmul } });
 * ```
 */
export function registerBackend(backend: Backend): void {
  const missing = Object.keys(jsBackend.kernels).filter((k) => typeof (backend.kernels as unknown as Record<string, unknown>)[k] !== 'function');
  if (missing.length > 0) {
    throw new ArgumentError(
      `registerBackend: backend ${JSON.stringify(backend.name)} lacks the kernel${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (spread jsBackend.kernels for the ones it does not make)`,
      { where: 'registerBackend', expected: 'every kernel of jsBackend.kernels', received: missing.join(', ') },
    );
  }
  backends.set(backend.name, backend);
}

/**
 * Selects the backend every op uses from now on.
 *
 * @example
 * ```ts
 * setBackend('js');
 * ```
 */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) {
    const names = [...backends.keys()].join(', ');
    throw new ArgumentError(`setBackend: unknown backend ${JSON.stringify(name)} (expected one of ${names})`, {
      where: 'setBackend', expected: names, received: name,
    });
  }
  active = b;
}

/** The backend in use. */
export function getBackend(): Backend {
  return active;
}

/** The kernels of the backend in use. */
export function kernels(): Kernels {
  return active.kernels;
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...backends.keys()];
}
