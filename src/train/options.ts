import type { MatrixLike } from '../core/matrix.js';
import type { RandomState } from '../core/random.js';
import type { Loss } from '../nn/losses.js';
import type { Optimizer, OptimizerName, OptimizerOptions, OptimizerState } from '../optim/optimizer.js';
import type { ScheduleSpec, ScheduleState } from '../optim/schedules.js';
import type { TargetsLike } from './targets.js';

/** One epoch's record: training loss and metric, and the same on validation data when there is any. */
export interface EpochLog {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches, each computed before its update (as Keras reports it). */
  readonly loss: number;
  /** Classification: training accuracy over the epoch. */
  readonly accuracy?: number;
  /** Regression: training mean absolute error over the epoch. */
  readonly mae?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly valMae?: number;
  /** Learning rate used during the epoch. */
  readonly lr: number;
}

/** What a batch callback sees. */
export interface BatchInfo {
  readonly epoch: number;
  /** 1-based batch number within the epoch. */
  readonly batch: number;
  readonly batches: number;
  /** This batch's loss (before its update). */
  readonly loss: number;
  /** Rows in this batch. */
  readonly rows: number;
  /**
   * The network's outputs for this batch, computed by the step before its update: the first
   * `rows × outputs` values, row by row (the buffer is reused: read it during the callback).
   */
  readonly outputs: Float32Array;
  /** The batch's targets `[rows, outputs]`, in the same order (reused like `outputs`). */
  readonly targets: Float32Array;
}

/** Everything needed to continue training exactly where it stopped (a checkpoint's contents, apart from the weights). */
export interface TrainState {
  /** Epochs completed. */
  readonly epoch: number;
  readonly history: readonly EpochLog[];
  readonly rng: RandomState;
  readonly optimizer: OptimizerState;
  readonly schedule?: ScheduleState;
  /** Early stopping's state; `weights`: the best epoch's parameters, then its buffers (running statistics). */
  readonly early?: { readonly best: number; readonly wait: number; readonly bestEpoch: number; readonly weights?: readonly (readonly number[])[] };
}

/** What an epoch callback sees. */
export interface EpochInfo {
  readonly epoch: number;
  readonly epochs: number;
  readonly log: EpochLog;
  readonly history: readonly EpochLog[];
  /**
   * The validation rows' outputs `[rows, outputs]` (in their order) that this epoch's `valLoss`
   * was computed from, when there are validation rows: the network's outputs now.
   */
  readonly validationOutputs?: Float32Array;
  /** The training state now, to write a checkpoint. */
  state(): TrainState;
}

/** Return `false` or `'stop'` from a callback to stop training after this batch or epoch. */
export type CallbackResult = void | boolean | 'stop';

/**
 * The name of every option of `fit` and `fitAsync` (one table: a new option in {@link FitOptions}
 * that is missing here is a compile error), so that a misspelt one is an error in plain
 * JavaScript too instead of being ignored.
 */
export const FIT_OPTION_NAMES: Readonly<Record<keyof FitOptions | 'yieldEveryMs', true>> = {
  epochs: true, batchSize: true, shuffle: true, validationSplit: true, validationData: true, loss: true, optimizer: true,
  optimizerOptions: true, lr: true, seed: true, clipNorm: true, schedule: true, earlyStopping: true, onBatchEnd: true,
  onEpochEnd: true, resume: true, yieldEveryMs: true,
};

/** Other libraries' names for fit's options, suggested when one is used here. */
export const FIT_OPTION_SYNONYMS: Readonly<Record<string, keyof FitOptions>> = {
  learningRate: 'lr', learning_rate: 'lr', rate: 'lr', iterations: 'epochs', batch_size: 'batchSize', validation_split: 'validationSplit',
  callbacks: 'onEpochEnd', callback: 'onEpochEnd', log: 'onEpochEnd',
};

/** Options of `fit` and `fitAsync`. */
export interface FitOptions {
  /** Passes over the training data (default 100). */
  readonly epochs?: number;
  /** Rows per gradient step: 1 is stochastic, `'full'` is batch gradient descent (default 32; a last, smaller batch is kept). */
  readonly batchSize?: number | 'full';
  /** Reshuffle the rows each epoch (default true); off, rows go in the order given. */
  readonly shuffle?: boolean;
  /** Fraction of rows held out at random for validation, stratified by class for classification (default 0). */
  readonly validationSplit?: number;
  /** Explicit validation rows instead of a split. */
  readonly validationData?: { readonly x: MatrixLike; readonly y: TargetsLike };
  /** The loss (default: the network's, else cross-entropy for softmax, binary cross-entropy for one sigmoid unit, mse otherwise). */
  readonly loss?: Loss;
  /** An optimizer name (default `adam`) or an Optimizer built on the network's parameters. */
  readonly optimizer?: OptimizerName | Optimizer;
  /** Hyperparameters for a named optimizer. */
  readonly optimizerOptions?: OptimizerOptions;
  /** Learning rate, shorthand for optimizerOptions.lr (also the perceptron rule's rate, default 1). */
  readonly lr?: number;
  /** Seed of the shuffling, the split and dropout (default 0). */
  readonly seed?: number;
  /** Clip gradients to this global L2 norm. */
  readonly clipNorm?: number;
  /** A learning-rate schedule, applied after each epoch. */
  readonly schedule?: ScheduleSpec;
  /** Stop when validation loss has not improved by `minDelta` for `patience` epochs, restoring the best weights (unless restoreBest is false). */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number; readonly restoreBest?: boolean };
  readonly onBatchEnd?: (info: BatchInfo) => CallbackResult;
  readonly onEpochEnd?: (info: EpochInfo) => CallbackResult;
  /** Continue from a saved state (the network must hold the weights saved with it). */
  readonly resume?: TrainState;
}

/** What training returns. */
export interface FitResult {
  readonly history: readonly EpochLog[];
  /** Epochs completed. */
  readonly epochs: number;
  /** True when early stopping or a callback ended training before `epochs`. */
  readonly stopped: boolean;
  /** With early stopping: the epoch whose weights the network now holds. */
  readonly bestEpoch?: number;
}
