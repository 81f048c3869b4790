/**
 * One trial on one fold: a network built from settings, trained on the fold's training rows (early
 * stopping on its validation rows), and scored on its held-out rows. Everything a trial does is
 * drawn from its seed, so the same settings, fold and seed give the same score on any thread.
 */
import { DivergenceError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { Random } from '../core/random.js';
import type { Task } from '../data/index.js';
import type { Activation } from '../nn/activations.js';
import type { Loss } from '../nn/losses.js';
import { Network, type LayerSpec } from '../nn/network.js';
import type { OptimizerName } from '../optim/optimizer.js';
import type { ScheduleSpec } from '../optim/schedules.js';
import { evaluate } from '../train/evaluate.js';
import { fit } from '../train/fit.js';
import type { FitOptions, FitResult } from '../train/options.js';

/** How a network is built and trained: what a trial of `tune` varies, and what `crossValidate` scores. */
export interface NetworkSettings {
  /** Hidden layer widths, e.g. `[64, 32]`; `[]` for none. */
  readonly hidden: readonly number[];
  /** Activation of the hidden layers. */
  readonly activation: Activation;
  /** Dropout rate after each hidden layer (0 or absent: none). */
  readonly dropout?: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly momentum?: number;
  /** L2 weight decay on the weights. */
  readonly weightDecay?: number;
  readonly batchSize: number | 'full';
  /** The most epochs; early stopping may end sooner. */
  readonly epochs: number;
  /** Early-stopping patience; false for none; absent: max(10, epochs / 10) when there are validation rows. */
  readonly earlyStopping?: number | false;
  readonly clipNorm?: number;
  readonly schedule?: ScheduleSpec;
  readonly shuffle?: boolean;
  /** The output layer's activation and the loss; absent: softmax and cross-entropy for classes, linear and mse for a number. */
  readonly head?: { readonly activation: Activation; readonly loss: Loss };
}

/** The settings `neurite train` uses when given none (docs/cli.md). */
export const DEFAULT_SETTINGS: NetworkSettings = { hidden: [32], activation: 'relu', optimizer: 'adam', lr: 0.01, batchSize: 32, epochs: 100 };

/** Encoded rows: inputs `x: [rows, inputs]` and targets `y: [rows]` (class indices, or scaled values). */
export interface EncodedRows {
  readonly x: Matrix;
  readonly y: Float32Array;
}

/** A fold encoded for training: its preprocessing was fitted on `train` only. */
export interface FoldData {
  readonly task: Task;
  /** The number of classes (0 for regression). */
  readonly classes: number;
  readonly train: EncodedRows;
  /** Rows early stopping watches (none when empty). */
  readonly validation: EncodedRows;
  /** The held-out rows it is scored on. */
  readonly test: EncodedRows;
}

/** What one fold of a trial gave. */
export interface FoldOutcome {
  /** Accuracy (classification) or r² (regression) on the held-out rows; null when training diverged. */
  readonly score: number | null;
  /** Epochs trained. */
  readonly epochs: number;
  /** With early stopping: the epoch whose weights were scored. */
  readonly bestEpoch?: number;
}

/**
 * The network the settings describe, for inputs and a task: hidden layers (each followed by
 * dropout when asked), then the output layer of the head.
 *
 * @param classes the number of classes (0 for regression)
 * @example
 * ```ts
 * buildNetwork(DEFAULT_SETTINGS, 4, 3, 1).parameterCount(); // 4·32+32 + 32·3+3 = 259
 * ```
 */
export function buildNetwork(settings: NetworkSettings, inputs: number, classes: number, seed: number): Network {
  const head = settings.head ?? (classes > 0 ? { activation: 'softmax' as const, loss: 'cross-entropy' as const } : { activation: 'linear' as const, loss: 'mse' as const });
  const layers: LayerSpec[] = [];
  for (const units of settings.hidden) {
    layers.push({ units, activation: settings.activation });
    if (settings.dropout) layers.push({ type: 'dropout', rate: settings.dropout });
  }
  // one sigmoid unit for two classes (P of the second), as `neurite train` builds it
  const units = classes === 0 ? 1 : head.activation === 'sigmoid' && classes === 2 ? 1 : classes;
  layers.push({ units, activation: head.activation });
  return new Network({ inputs, layers, seed, loss: head.loss });
}

/**
 * The options `fit` gets from the settings, with the validation rows when there are any.
 *
 * @example
 * ```ts
 * fit(net, fold.train.x, fold.train.y, fitOptionsOf(settings, fold.validation, 7));
 * ```
 */
export function fitOptionsOf(s: NetworkSettings, validation: EncodedRows | null, seed: number): FitOptions {
  const watch = validation !== null && validation.x.rows > 0;
  const patience = s.earlyStopping === false || !watch ? undefined : s.earlyStopping ?? Math.max(10, Math.round(s.epochs / 10));
  const schedule = s.schedule?.type === 'cosine' && s.schedule.tMax === 0 ? { ...s.schedule, tMax: s.epochs } : s.schedule;
  return {
    epochs: s.epochs, batchSize: s.batchSize, shuffle: s.shuffle ?? true, seed, optimizer: s.optimizer, lr: s.lr,
    optimizerOptions: { ...(s.momentum !== undefined ? { momentum: s.momentum } : {}), ...(s.weightDecay ? { weightDecay: s.weightDecay } : {}) },
    ...(watch ? { validationData: validation } : {}),
    ...(patience !== undefined ? { earlyStopping: { patience } } : {}),
    ...(s.clipNorm !== undefined ? { clipNorm: s.clipNorm } : {}),
    ...(schedule ? { schedule } : {}),
  };
}

/**
 * The score of a network on encoded rows: accuracy for a classifier, r² for a regressor (r² is
 * the same in scaled and in the target's units, as scaling is affine).
 *
 * @example
 * ```ts
 * scoreOn(net, 'classification', fold.test); // 0.96
 * ```
 */
export function scoreOn(net: Network, task: Task, rows: EncodedRows): number {
  const e = evaluate(net, rows.x, rows.y);
  return (task === 'classification' ? e.accuracy : e.r2) as number;
}

/**
 * Trains a network with the settings on a fold's training rows and scores it on the held-out
 * rows. A run whose loss becomes NaN or infinite scores null instead of throwing, so one bad
 * setting does not end a search.
 *
 * @param seed draws the initial weights, then the shuffling and dropout
 * @example
 * ```ts
 * trainOnFold(fold, DEFAULT_SETTINGS, 1).score; // 0.95
 * ```
 */
export function trainOnFold(fold: FoldData, settings: NetworkSettings, seed: number): FoldOutcome & { network: Network; result?: FitResult } {
  const rng = new Random(seed);
  const network = buildNetwork(settings, fold.train.x.cols, fold.classes, rng.uint32());
  try {
    const result = fit(network, fold.train.x, fold.train.y, fitOptionsOf(settings, fold.validation, rng.uint32()));
    return { network, result, score: scoreOn(network, fold.task, fold.test), epochs: result.epochs, ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}) };
  } catch (e) {
    if (!(e instanceof DivergenceError)) throw e;
    return { network, score: null, epochs: e.epoch };
  }
}
