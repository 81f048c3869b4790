/**
 * Node's worker for `trainInWorker`: a worker thread running the package's own script
 * (worker-main.ts), so a Node program needs no worker file of its own.
 */
import { Worker } from 'node:worker_threads';

/**
 * A worker thread that serves `trainInWorker` (it is terminated when training ends, unless
 * `keepWorker`).
 *
 * @example
 * ```ts
 * import { trainingWorker } from 'neurite/node';
 * const run = trainInWorker(net, x, y, { worker: trainingWorker(), epochs: 100 });
 * await run.done;
 * ```
 */
export function trainingWorker(): Worker {
  return new Worker(new URL('./worker-main.js', import.meta.url));
}
