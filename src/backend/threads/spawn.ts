/**
 * Starting the pool's workers, the one part of the thread pool that differs between Node
 * (worker_threads, loaded on demand) and browsers (Web Workers from a blob URL), and the process
 * CPU clock the pool's spin policy reads where there is one (Node).
 */
import { workerCall } from './worker.js';

/** What a worker is started with. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** The control block's byte offset in the memory (protocol.ts). */
  readonly ctl: number;
  /** The worker's thread number, 1 and up (the caller is 0). */
  readonly index: number;
}

/** A started worker, Node's or a browser's. */
export interface WorkerLike {
  terminate(): unknown;
}

/** Whether this is Node (worker_threads) rather than a browser (Web Workers). */
export function isNode(): boolean {
  return typeof process === 'object' && process.versions?.node !== undefined;
}

/** CPU time of this process, all threads, in ms (Node); null where no clock tells it (browsers). */
export function processCpuClock(): (() => number) | null {
  if (!isNode()) return null;
  return () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
}

async function nodeWorkers(count: number, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
  const { Worker } = await import('node:worker_threads');
  const code = `const { module, memory, ctl, index } = require('node:worker_threads').workerData;\n${workerCall()}`;
  return Array.from({ length: count }, (_, i) => {
    const w = new Worker(code, { eval: true, workerData: data(i) });
    w.unref();
    return w;
  });
}

function webWorkers(count: number, data: (i: number) => WorkerData): WorkerLike[] {
  const code = `onmessage = (e) => {\nconst { module, memory, ctl, index } = e.data;\n${workerCall()}\n};`;
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  return Array.from({ length: count }, (_, i) => {
    const w = new Worker(url);
    w.postMessage(data(i));
    return w;
  });
}

/** Starts `count` workers, worker i given `data(i)`: Node's worker_threads, or Web Workers in a browser. */
export async function startWorkers(count: number, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
  return isNode() ? nodeWorkers(count, data) : webWorkers(count, data);
}
