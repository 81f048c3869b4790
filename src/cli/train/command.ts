/**
 * `neurite train`: reads the data, trains with progress on stderr, writes checkpoints, the model
 * file and plots (all atomically), and prints a summary (or one JSON object with --json).
 */
import { describeBackend, fitAsync, stringifyModel, toModelFile, type EpochInfo, type FitOptions, type FitResult, type ModelMeta } from '../../index.js';
import type { Io } from '../io.js';
import { startBackend } from '../backend.js';
import { writeOutput } from '../io.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, writeCheckpoint } from './checkpoint.js';
import type { TrainRequest } from './options.js';
import { trainPart, validationPart } from './prepare.js';
import { makeProgress, type Progress } from './progress.js';
import { finalReport, printStart, printSummary, type RunResult } from './report.js';
import { resumeCheckpoint, setupRun, type Setup } from './setup.js';
import { drawPlots } from './plots.js';
import { checkFeedbackOptions, feedbackFit } from './feedback.js';

/** The model file's metadata: what predict needs, plus the seed and history for inspect. */
export function modelMeta(run: Setup, history: readonly unknown[]): ModelMeta {
  const p = run.prepared.preprocessor;
  const c = run.config;
  return {
    loss: run.head.loss, task: p.task, features: p.features, target: p.target, classes: p.classes,
    preprocessing: p.toJSON() as unknown as Record<string, unknown>,
    seed: c.seed, history,
    training: { data: c.data ?? `dataset:${c.dataset}`, hidden: c.hidden, activation: c.activation, optimizer: c.optimizer, lr: c.lr, epochs: c.epochs, batchSize: c.batchSize, validationSplit: c.validationSplit, scale: c.scale, ...(c.feedback ? { feedback: c.feedback } : {}) },
  };
}

function fitOptions(run: Setup, progress: Progress): FitOptions {
  const c = run.config;
  const validation = run.prepared.split.validation.length > 0 ? validationPart(run.prepared) : undefined;
  const schedule = c.lrSchedule?.type === 'cosine' && c.lrSchedule.tMax === 0 ? { ...c.lrSchedule, tMax: c.epochs } : c.lrSchedule;
  const onEpochEnd = (info: EpochInfo): void => {
    if (c.checkpoint !== undefined) {
      const model = toModelFile(run.network, modelMeta(run, info.history));
      writeCheckpoint(c.checkpoint, { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config: { ...c, resume: undefined }, data: run.data, model, state: info.state() });
    }
    // the line comes after the checkpoint, so whoever sees "epoch N" can rely on checkpoint N
    progress.epoch(info.log, c.epochs);
  };
  return {
    epochs: c.epochs, batchSize: c.batchSize, shuffle: c.shuffle, loss: run.head.loss, seed: run.fitSeed,
    optimizer: c.optimizer, lr: c.lr,
    optimizerOptions: { ...(c.momentum !== undefined ? { momentum: c.momentum } : {}), ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}) },
    ...(validation ? { validationData: validation } : {}),
    ...(schedule ? { schedule } : {}),
    ...(c.clipNorm !== undefined ? { clipNorm: c.clipNorm } : {}),
    ...(c.earlyStopping !== undefined ? { earlyStopping: { patience: c.earlyStopping } } : {}),
    ...(run.resume ? { resume: run.resume } : {}),
    onBatchEnd: (info) => progress.batch(info, c.epochs),
    onEpochEnd,
  };
}

/**
 * Runs `neurite train`.
 *
 * @returns the exit status
 */
export async function trainCommand(io: Io, req: TrainRequest): Promise<number> {
  const started = performance.now();
  if (req.config.feedback !== undefined) checkFeedbackOptions(req);
  // the kernels are chosen before the network is built, so its buffers live where they run; a
  // resumed run uses the checkpoint's choice, so it continues bit for bit
  const ck = resumeCheckpoint(req);
  await startBackend(ck ? ck.checkpoint.config.backend : req.config.backend);
  const run = setupRun(req, ck);
  printStart(io, run);
  const train = trainPart(run.prepared);
  const progress = makeProgress(io);
  let result: FitResult;
  try {
    result = run.config.feedback === 'reward'
      ? feedbackFit(run, progress)
      : await fitAsync(run.network, train.x, train.y, { ...fitOptions(run, progress), yieldEveryMs: 100 });
  } finally {
    progress.stop();
  }
  writeOutput(run.config.out, stringifyModel(toModelFile(run.network, modelMeta(run, result.history))), '--out');
  const plots = run.config.plot !== undefined ? drawPlots(run, result, run.config.plot) : [];
  const report: RunResult = finalReport(run, result, plots, (performance.now() - started) / 1000);
  if (run.config.json) io.out(`${JSON.stringify(report)}\n`);
  else printSummary(io, run, report);
  return 0;
}
