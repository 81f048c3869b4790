/**
 * A {@link TrialRunner} on Node's worker threads: one worker per core, each training one job at a
 * time single-threaded, all reading the same folds from shared memory (copied once, not per worker).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ArgumentError, NeuriteError } from '../../core/errors.js';
import { getBackend } from '../../backend/registry.js';
import { Cancelled, type TrialJob, type TrialRunner } from '../runner.js';
import type { EncodedRows, FoldData, FoldOutcome } from '../trial.js';

/** Options of {@link workerRunner}. */
export interface WorkerRunnerOptions {
  /** Worker threads (default: one per core). */
  readonly workers?: number;
  /** Kernels of the workers (default: the kernel set this thread uses, so every trial computes alike). */
  readonly backend?: string;
}

function shared(rows: EncodedRows): EncodedRows {
  const copy = <T extends Float32Array>(a: T) => {
    const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  return { x: { data: copy(rows.x.data), rows: rows.x.rows, cols: rows.x.cols }, y: copy(rows.y) };
}

interface Pending {
  readonly job: TrialJob & { id: number };
  readonly resolve: (o: FoldOutcome) => void;
  readonly reject: (e: Error) => void;
}

/**
 * Runs trials on worker threads (Node only).
 *
 * @throws ArgumentError for a worker count that is not a positive integer
 * @example
 * ```ts
 * const result = await tune(table, { trials: 27, runner: workerRunner() });
 * ```
 */
export function workerRunner(options: WorkerRunnerOptions = {}): TrialRunner {
  const count = options.workers ?? availableParallelism();
  if (!Number.isInteger(count) || count < 1) {
    throw new ArgumentError(`workerRunner: workers must be a positive integer, got ${count}`, { where: 'workerRunner.workers', expected: 'an integer ≥ 1', received: String(count) });
  }
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  const queue: Pending[] = [];
  let workers: Worker[] = [];
  let closed = false;
  let nextId = 0;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop() as Worker;
      const p = queue.shift() as Pending;
      busy.set(w, p);
      w.postMessage(p.job);
    }
  };
  const fail = (e: Error) => {
    for (const p of [...busy.values(), ...queue]) p.reject(e);
    busy.clear();
    queue.length = 0;
  };
  return {
    slots: count,
    async start(folds: readonly FoldData[]) {
      const data = folds.map((f) => ({ ...f, train: shared(f.train), validation: shared(f.validation), test: shared(f.test) }));
      const backend = options.backend ?? getBackend().name;
      const url = new URL('./worker.js', import.meta.url);
      workers = Array.from({ length: count }, () => new Worker(url, { workerData: { backend, folds: data } }));
      await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(new NeuriteError(`a trial worker failed to start: ${e.message}`));
        w.once('error', onError);
        w.once('message', () => {
          w.off('error', onError);
          resolve();
        });
      })));
      for (const w of workers) {
        w.on('message', (m: { id: number; outcome?: FoldOutcome; error?: string }) => {
          const p = busy.get(w);
          if (!p) return;
          busy.delete(w);
          idle.push(w);
          if (m.error !== undefined) p.reject(new NeuriteError(`a trial failed: ${m.error}`));
          else p.resolve(m.outcome as FoldOutcome);
          dispatch();
        });
        w.on('error', (e) => fail(new NeuriteError(`a trial worker failed: ${e.message}`)));
        idle.push(w);
      }
    },
    run(job) {
      if (closed) return Promise.reject(new Cancelled());
      return new Promise<FoldOutcome>((resolve, reject) => {
        queue.push({ job: { ...job, id: nextId++ }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      fail(new Cancelled());
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
