/**
 * Starting the pool's workers through the host (Node's worker_threads or Web Workers: see
 * ../host/types.ts), and the process CPU and machine idle clocks the pool's spin policy and
 * starvation guard read where there are such.
 */
import { host } from '#host';
import type { WorkerData, WorkerLike } from '../host/types.js';
import { workerCall } from './worker.js';

export type { WorkerData, WorkerLike } from '../host/types.js';

/** CPU time of this process, all threads, in ms (Node); null where no clock tells it (browsers). */
export function processCpuClock(): (() => number) | null {
  return host.cpuClock;
}

/** The machine's idle time, all cores, in ms (Node); null where no clock tells it (browsers). */
export function machineIdleClock(): (() => number) | null {
  return host.idleClock;
}

/** Starts `count` workers, worker i given `data(i)`; rejects when one cannot start. */
export async function startWorkers(count: number, data: (i: number) => WorkerData): Promise<WorkerLike[]> {
  return host.startWorkers(count, workerCall(), data);
}
