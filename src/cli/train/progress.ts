/**
 * Progress while training, on stderr: a cli-progress bar with loss and metrics when stderr is a
 * terminal, one plain line per epoch otherwise (logs, pipes, CI), so stdout stays for results.
 */
import cliProgress from 'cli-progress';
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
  const pairs: [string, number | undefined][] = [
    ['loss', log.loss], ['accuracy', log.accuracy], ['mae', log.mae],
    ['val_loss', log.valLoss], ['val_accuracy', log.valAccuracy], ['val_mae', log.valMae],
  ];
  return pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${metric(v)}`).join('  ');
}

/** Lines written at most this often (ms): a tiny network's epoch is well under a write's cost. */
const FLUSH_MS = 100;

/** One line per epoch, written together when epochs come faster than every FLUSH_MS (and at stop). */
function lines(io: Io): Progress {
  let pending = '';
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending !== '') io.err(pending);
    pending = '';
    last = performance.now();
  };
  return {
    batch: () => undefined,
    epoch: (log, epochs) => {
      pending += `epoch ${log.epoch}/${epochs}  ${epochFields(log)}\n`;
      if (performance.now() - last >= FLUSH_MS) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
    stop: flush,
  };
}

/** A bar over all batches of all epochs, its text the last epoch's metrics. */
function bar(): Progress {
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
