/**
 * Progress while training, on stderr: a cli-progress bar with loss and metrics when stderr is a
 * terminal, one plain line per epoch otherwise (logs, pipes, CI), so stdout stays for results.
 */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import type { BatchInfo, EpochLog } from '../../index.js';
import { metric } from '../format.js';
import type { Io } from '../io.js';

/** Receives training events. */
export interface Progress {
  batch(info: BatchInfo, epochs: number): void;
  epoch(log: EpochLog, epochs: number): void;
  stop(): void;
}

/**
 * The metrics of an epoch as `name value` pairs: loss, accuracy or mae, and their validation twins.
 *
 * @example
 * ```ts
 * epochFields(log); // "loss 0.4123  accuracy 0.8500  val_loss 0.4321  val_accuracy 0.8333"
 * ```
 */
export function epochFields(log: EpochLog): string {
  // Note [lean epoch lines]: a small network's epoch takes tens of microseconds, so its line is
  // built by plain concatenation (no arrays of pairs) from metric's integer formatting
  let text = `loss ${metric(log.loss)}`;
  if (log.accuracy !== undefined) text += `  accuracy ${metric(log.accuracy)}`;
  if (log.mae !== undefined) text += `  mae ${metric(log.mae)}`;
  if (log.valLoss !== undefined) text += `  val_loss ${metric(log.valLoss)}`;
  if (log.valAccuracy !== undefined) text += `  val_accuracy ${metric(log.valAccuracy)}`;
  if (log.valMae !== undefined) text += `  val_mae ${metric(log.valMae)}`;
  return text;
}

/** Lines written at most this often (ms): a tiny network's epoch is well under a write's cost. */
const FLUSH_MS = 100;

/**
 * One line per epoch: the first at once, then those that come within FLUSH_MS of a write together
 * when that time is up (or at stop). The lines are formatted when written, not per epoch, so a
 * run of fast epochs formats them in one go, away from the training steps (Note [lean epoch lines]).
 */
function lines(io: Io): Progress {
  let pending: EpochLog[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    let text = '';
    for (const log of pending) text += `epoch ${log.epoch}/${total}  ${epochFields(log)}\n`;
    pending = [];
    io.err(text);
  };
  return {
    batch: () => undefined,
    epoch: (log, epochs) => {
      pending.push(log);
      total = epochs;
      if (timer !== null) return; // within FLUSH_MS of the last write: written when that time is up
      flush();
      timer = setTimeout(() => {
        timer = null;
        flush();
      }, FLUSH_MS);
    },
    stop: flush,
  };
}

/**
 * A bar over all batches of all epochs, its text the last epoch's metrics. cli-progress is loaded
 * here, only when stderr is a terminal: importing it cost every run 15 ms of CPU (bench/notes.md,
 * "start-up").
 */
function bar(): Progress {
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const b = new cliProgress.SingleBar({
    format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | {metrics} | eta {eta_formatted}',
    stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let metrics = 'loss -';
  return {
    batch: (info, epochs) => {
      const total = info.batches * epochs;
      const value = (info.epoch - 1) * info.batches + info.batch;
      if (!started) {
        b.start(total, value - 1, { epoch: info.epoch, epochs, metrics });
        started = true;
      }
      b.update(value, { epoch: info.epoch, epochs, metrics });
    },
    epoch: (log, epochs) => {
      metrics = epochFields(log);
      b.update({ epoch: log.epoch, epochs, metrics });
    },
    stop: () => {
      if (started) b.stop();
    },
  };
}

/**
 * The progress reporter for this run's stderr.
 *
 * @example
 * ```ts
 * const progress = makeProgress(io);
 * ```
 */
export function makeProgress(io: Io): Progress {
  return io.errIsTTY ? bar() : lines(io);
}
