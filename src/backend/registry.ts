import { ArgumentError } from '../core/errors.js';
import { jsBackend } from './js/index.js';
import type { Backend, Kernels } from './kernels.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
let active: Backend = jsBackend;

/** Makes a kernel set available under its name (a faster backend registers itself here). */
export function registerBackend(backend: Backend): void {
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
