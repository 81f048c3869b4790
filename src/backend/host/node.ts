/**
 * The Node host (types.ts): worker_threads, the .wasm files read from the package's folder, V8's
 * relaxed-SIMD flag. Chosen by the `node` condition of the package's `#host` import.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Host, WorkerData, WorkerLike } from './types.js';

/** The folder of the .wasm files: `base` (a URL, or a path) when given, else the package's own. */
function folderUrl(base: string | URL | undefined): URL {
  if (base === undefined) return new URL('../wasm/', import.meta.url);
  const text = String(base);
  const url = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text) ? new URL(text) : pathToFileURL(text);
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

/** The Node host. */
export const host: Host = {
  kind: 'node',
  cores: () => availableParallelism(),
  env: (name) => process.env[name],
  async wasmBytes(file, base) {
    const bytes = await readFile(new URL(file, folderUrl(base)));
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>;
  },
  async startWorkers(count: number, body: string, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
    const code = `const { module, memory, ctl, index } = require('node:worker_threads').workerData;\n${body}`;
    return Array.from({ length: count }, (_, i) => {
      const w = new Worker(code, { eval: true, workerData: data(i) });
      w.unref();
      return w;
    });
  },
  // on by default from Node 22; Node 20 has it behind this flag, set before the module is compiled
  enableRelaxedSimd() {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    return true;
  },
  cpuClock: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  idleClock: () => cpus().reduce((sum, c) => sum + c.times.idle, 0),
};
