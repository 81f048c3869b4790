/**
 * A trial worker thread: starts the kernels single-threaded (the search runs one trial per core,
 * so a trial must not start a thread pool of its own), then trains the jobs it is sent on the
 * folds it was started with, answering each with its outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../../ops/chain.js';
import { initBackend } from '../../backend/init.js';
import { trainOnFold, type FoldData } from '../trial.js';
import type { TrialJob } from '../runner.js';

const { backend, folds } = workerData as { backend: string; folds: FoldData[] };
const port = parentPort as NonNullable<typeof parentPort>;

await initBackend({ backend, threads: 1 });
port.on('message', (job: TrialJob & { id: number }) => {
  try {
    const { score, epochs, bestEpoch } = trainOnFold(folds[job.fold], job.settings, job.seed);
    port.postMessage({ id: job.id, outcome: { score, epochs, ...(bestEpoch !== undefined ? { bestEpoch } : {}) } });
  } catch (e) {
    port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
