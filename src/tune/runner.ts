/**
 * Where trials run: the interface a search hands its jobs to, and the runner that trains them one
 * after the other on this thread (browsers, tests). Node's worker threads are in ./node/pool.ts.
 */
import { NeuriteError } from '../core/errors.js';
import { trainOnFold, type FoldData, type FoldOutcome, type NetworkSettings } from './trial.js';

/** One fold of one trial: train with the settings on fold `fold`, drawing from `seed`. */
export interface TrialJob {
  readonly fold: number;
  readonly settings: NetworkSettings;
  readonly seed: number;
}

/** Runs trial jobs; `run` may be called many times at once and queues what it cannot start yet. */
export interface TrialRunner {
  /** How many jobs run at the same time. */
  readonly slots: number;
  /** Hands over the folds every job trains on; called once before the first job. */
  start(folds: readonly FoldData[]): Promise<void>;
  run(job: TrialJob): Promise<FoldOutcome>;
  /** Stops: jobs not finished reject with {@link Cancelled}. */
  close(): Promise<void>;
}

/** The error of a job that a closed runner did not finish. */
export class Cancelled extends NeuriteError {
  constructor() {
    super('the trial was cancelled (the search ended before it finished)');
    this.name = 'Cancelled';
  }
}

/**
 * A runner that trains each job on this thread, one at a time, letting the event loop turn
 * between jobs (so a time budget or a page can interrupt between them).
 *
 * @example
 * ```ts
 * await tune(table, { trials: 9, runner: inlineRunner() });
 * ```
 */
export function inlineRunner(): TrialRunner {
  let folds: readonly FoldData[] = [];
  let queue = Promise.resolve();
  let closed = false;
  return {
    slots: 1,
    start: async (f) => {
      folds = f;
    },
    run(job) {
      const done = queue.then(async () => {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (closed) throw new Cancelled();
        const { score, epochs, bestEpoch } = trainOnFold(folds[job.fold], job.settings, job.seed);
        return { score, epochs, ...(bestEpoch !== undefined ? { bestEpoch } : {}) };
      });
      queue = done.then(() => undefined, () => undefined);
      return done;
    },
    close: async () => {
      closed = true;
    },
  };
}
