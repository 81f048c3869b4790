/**
 * The browsers' host (types.ts): Web Workers started from a blob: URL, the .wasm files fetched.
 * The default of the package's `#host` import (every runtime but Node), so that nothing here
 * names a Node module.
 */
import { wasmUrl } from '../wasm/urls.js';
import type { Host, WorkerData, WorkerLike } from './types.js';

/** How long a Web Worker may take to say it started before the pool gives up on threads. */
const START_TIMEOUT_MS = 10_000;

function startOne(url: string, data: WorkerData): Promise<Worker> {
  return new Promise((resolve, reject) => {
    let w: Worker;
    try {
      w = new Worker(url);
    } catch (error) {
      reject(error);
      return;
    }
    const timer = setTimeout(() => fail(new Error(`a Web Worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      w.terminate();
      reject(error);
    };
    // a Content-Security-Policy that blocks blob: workers fails here (an error event, no message)
    w.onerror = (e) => {
      e.preventDefault?.();
      fail(new Error(`a Web Worker could not start (${(e as ErrorEvent).message || 'blocked, e.g. by a Content-Security-Policy without worker-src blob:'})`));
    };
    w.onmessage = () => {
      clearTimeout(timer);
      w.onerror = null;
      w.onmessage = null;
      resolve(w);
    };
    w.postMessage(data);
  });
}

/** The browsers' host. */
export const host: Host = {
  kind: 'web',
  cores: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency || 1,
  env: () => undefined,
  async wasmBytes(file, base) {
    const url = base !== undefined ? new URL(file, new URL(String(base), (globalThis as { location?: { href: string } }).location?.href)) : wasmUrl(file);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.arrayBuffer();
  },
  async startWorkers(count: number, body: string, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
    if (count === 0) return [];
    // the worker says it started before it enters its loop, so a blocked one is told apart
    const code = `onmessage = (e) => {\nonmessage = null;\npostMessage('started');\nconst { module, memory, ctl, index } = e.data;\n${body}\n};`;
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startOne(url, data(i))));
    URL.revokeObjectURL(url);
    const failed = started.find((s) => s.status === 'rejected');
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (failed) {
      for (const w of workers) w.terminate();
      throw (failed as PromiseRejectedResult).reason;
    }
    return workers;
  },
  enableRelaxedSimd: () => false,
  cpuClock: null,
  idleClock: null,
};
