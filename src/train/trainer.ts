import type { MatrixLike } from '../core/matrix.js';
import type { Split } from '../data/split.js';
import type { Network } from '../nn/network.js';
import { PAUSE } from './evaluate.js';
import type { History } from './history.js';
import { newHistory, type StepInfo, trainLoop } from './loop.js';
import type { EpochLog, FitOptions, FitResult } from './options.js';
import { type Plan, plan } from './setup.js';
import type { TargetsLike } from './targets.js';

/** What one {@link Trainer.step} did. */
export interface TrainStep {
  /** The epoch the batch belonged to (1-based). */
  readonly epoch: number;
  /** Batches done in that epoch, this one included. */
  readonly batch: number;
  readonly batches: number;
  /** The batch's loss, before its update. */
  readonly loss: number;
  /** The epoch's record, when this batch ended an epoch. */
  readonly log?: EpochLog;
}

/**
 * Training one batch at a time, for a page that pauses, steps a batch or an epoch, and redraws in
 * between. It drives the very loop `fit` runs (the same seed gives the same weights, bit for bit)
 * and takes the same options; without `epochs` it goes on until stopped.
 *
 * @example
 * ```ts
 * const t = new Trainer(net, x, y, { batchSize: 10, validationSplit: 0.2, seed: 1 });
 * t.step();        // one batch
 * t.stepEpoch();   // to the end of the epoch: its EpochLog
 * ```
 */
export class Trainer {
  private readonly plan: Plan;
  private readonly loop: Generator<StepInfo | typeof PAUSE, FitResult>;
  private readonly logs: History;
  private result: FitResult | null = null;
  private current: { epoch: number; batch: number };

  constructor(readonly net: Network, x: MatrixLike, y: TargetsLike, options: FitOptions = {}) {
    const o = { ...options, epochs: options.epochs ?? Number.MAX_SAFE_INTEGER };
    this.plan = plan(net, x, y, o, 'Trainer');
    this.logs = newHistory(this.plan, o);
    this.loop = trainLoop(net, this.plan, o, this.logs);
    this.current = { epoch: o.resume?.epoch ?? 0, batch: 0 };
  }

  /** Runs one batch; null once training has finished (its epochs done, or stopped). */
  step(): TrainStep | null {
    if (this.result) return null;
    let r = this.loop.next();
    // a pause inside an epoch's end is no batch (trainLoop)
    while (r.value === PAUSE) r = this.loop.next();
    if (r.done) {
      this.result = r.value;
      return null;
    }
    const { epoch, batch, batches, loss, log } = r.value;
    this.current = { epoch, batch: log ? 0 : batch };
    return log ? { epoch, batch, batches, loss, log } : { epoch, batch, batches, loss };
  }

  /** Runs batches to the end of the current epoch (a whole one when at its start); its record, or null when finished. */
  stepEpoch(): EpochLog | null {
    for (;;) {
      const s = this.step();
      if (s === null) return null;
      if (s.log) return s.log;
    }
  }

  /** The epoch in progress, or the last one completed (0 before the first step). */
  get epoch(): number {
    return this.current.epoch;
  }

  /** Batches done in the current epoch (0 when an epoch has just ended). */
  get batch(): number {
    return this.current.batch;
  }

  /** Batches per epoch. */
  get batches(): number {
    return Math.ceil(this.plan.train.x.rows / this.plan.batchSize);
  }

  /** Rows trained on. */
  get trainRows(): number {
    return this.plan.train.x.rows;
  }

  /** The row indices of each part when `validationSplit` drew the validation part, else null. */
  get split(): Split | null {
    return this.plan.split;
  }

  /** One record per completed epoch. */
  get history(): readonly EpochLog[] {
    return this.logs.records();
  }

  /** The loss being minimised. */
  get loss(): Plan['loss'] {
    return this.plan.loss;
  }

  /** What `fit` would have returned, once training has finished; null before. */
  get finished(): FitResult | null {
    return this.result;
  }
}
