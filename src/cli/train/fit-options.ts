/**
 * The options of fit for a training run, whatever it learns (supervised or an autoencoder): the
 * settings' optimizer, schedule, clipping and early stopping, progress on stderr, and a checkpoint
 * after every epoch when asked for.
 */
import type { BatchInfo, EpochInfo, EpochLog, FitOptions, Loss, Matrix, TargetsLike, TrainState } from '../../index.js';
import { writeCheckpoint } from './checkpoint.js';
import type { TrainConfig } from './options.js';
import type { Progress } from './progress.js';

/** What fit needs from a run, whatever it learns: settings, seed, loss, validation rows and its model file for checkpoints. */
export interface FitRun {
  readonly config: TrainConfig;
  readonly fitSeed: number;
  readonly loss: Loss;
  /** The data's fingerprint, stored in checkpoints. */
  readonly data: string;
  readonly validation?: { readonly x: Matrix; readonly y: TargetsLike };
  readonly resume?: TrainState;
  /** Early stopping's patience when the run decides it (a default from the epochs); else `--early-stopping` as given. */
  readonly patience?: number;
  /** An epoch's record as shown (regression errors in the target's units); default as fit gives it. */
  readonly units?: (log: EpochLog) => EpochLog;
  /** The model file's text after an epoch (modelText). */
  model(history: readonly EpochLog[]): string;
}

/**
 * The options of fit for a run: the config's optimizer, schedule, clipping and early stopping,
 * progress on stderr, and a checkpoint after every epoch when asked for.
 *
 * @param onBatch also called after every batch (the final metrics gathered from the steps)
 * @param onEpoch also called after every epoch (the validation rows' outputs kept for the report)
 * @example
 * ```ts
 * fitAsync(net, x, y, fitOptions(run, makeProgress(io)));
 * ```
 */
export function fitOptions(run: FitRun, progress: Progress, onBatch?: (info: BatchInfo) => void, onEpoch?: (info: EpochInfo) => void): FitOptions {
  const c = run.config;
  const validation = run.validation;
  const patience = 'patience' in run ? run.patience : typeof c.earlyStopping === 'number' ? c.earlyStopping : undefined;
  const schedule = c.lrSchedule?.type === 'cosine' && c.lrSchedule.tMax === 0 ? { ...c.lrSchedule, tMax: c.epochs } : c.lrSchedule;
  const onEpochEnd = (info: EpochInfo): void => {
    if (c.checkpoint !== undefined) {
      writeCheckpoint(c.checkpoint, { config: { ...c, resume: undefined }, data: run.data, model: run.model(info.history), state: info.state() });
    }
    onEpoch?.(info);
    // the line comes after the checkpoint, so whoever sees "epoch N" can rely on checkpoint N
    progress.epoch(run.units ? run.units(info.log) : info.log, c.epochs);
  };
  return {
    epochs: c.epochs, batchSize: c.batchSize, shuffle: c.shuffle, loss: run.loss, seed: run.fitSeed,
    optimizer: c.optimizer, lr: c.lr,
    optimizerOptions: { ...(c.momentum !== undefined ? { momentum: c.momentum } : {}), ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}) },
    ...(validation ? { validationData: validation } : {}),
    ...(schedule ? { schedule } : {}),
    ...(c.clipNorm !== undefined ? { clipNorm: c.clipNorm } : {}),
    ...(patience !== undefined ? { earlyStopping: { patience } } : {}),
    ...(run.resume ? { resume: run.resume } : {}),
    onBatchEnd: (info) => {
      onBatch?.(info);
      progress.batch(info, c.epochs);
    },
    onEpochEnd,
  };
}

