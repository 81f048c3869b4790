/**
 * `neurite train --feedback reward`: the network learns its classes from right-or-wrong feedback
 * alone (the target column is used only to judge each guess), then is measured as usual.
 */
import { type EpochLog, evaluate, FeedbackEnvironment, type FitResult, learnFromFeedback, takeRows } from '../../index.js';
import { CliError, UsageError } from '../errors.js';
import { takeValues } from './prepare.js';
import type { Progress } from './progress.js';
import type { TrainRequest } from './options.js';
import type { Setup } from './setup.js';

/** Options that have no meaning when learning from feedback (they shape fit's loop or its loss). */
const NOT_WITH_FEEDBACK = ['loss', 'outputActivation', 'dropout', 'earlyStopping', 'lrSchedule', 'clipNorm', 'checkpoint', 'resume', 'task'];

/**
 * Refuses the options `--feedback` cannot go with, before any data is read.
 *
 * @throws UsageError naming them
 */
export function checkFeedbackOptions(req: TrainRequest): void {
  const bad = NOT_WITH_FEEDBACK.filter((k) => req.given.includes(k));
  if (bad.length > 0) {
    const flags = bad.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    throw new UsageError(`${flags.join(', ')} cannot be used with --feedback reward: feedback learns a softmax classifier with its own loop; leave them out`);
  }
}

/**
 * Trains the run's network from right-or-wrong feedback on its training rows; each pass's
 * record has `accuracy` = the share of right guesses while learning, `loss` = the share of
 * wrong ones, and the validation accuracy when there are validation rows.
 *
 * @throws CliError when the task is not a classification
 */
export function feedbackFit(run: Setup, progress: Progress): FitResult {
  const { x, y, split, preprocessor } = run.prepared;
  const classes = preprocessor.classes?.length ?? 0;
  if (preprocessor.task !== 'classification' || classes < 2) {
    throw new CliError(`--feedback reward learns classes (right or wrong), but the target ${preprocessor.target} is a regression target; leave --feedback out`);
  }
  const c = run.config;
  const train = new FeedbackEnvironment(takeRows(x, split.train), takeValues(y, split.train), classes, run.fitSeed);
  const validation = split.validation.length > 0 ? { x: takeRows(x, split.validation), y: takeValues(y, split.validation) } : null;
  const history: EpochLog[] = [];
  learnFromFeedback(run.network, train, {
    epochs: c.epochs, batchSize: c.batchSize === 'full' ? split.train.length : c.batchSize, lr: c.lr, optimizer: c.optimizer, seed: run.fitSeed,
    onEpoch: (epoch, rate) => {
      const val = validation ? evaluate(run.network, validation.x, validation.y, { loss: 'cross-entropy' }) : null;
      const log: EpochLog = { epoch, loss: 1 - rate, accuracy: rate, ...(val ? { valAccuracy: val.accuracy } : {}), lr: c.lr };
      history.push(log);
      progress.epoch(log, c.epochs);
    },
  });
  return { history, epochs: history.length, stopped: false };
}
