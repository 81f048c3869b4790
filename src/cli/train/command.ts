/**
 * `neurite train`: reads the data, trains with progress on stderr, writes checkpoints, the model
 * file and plots (all atomically), and prints a summary (or one JSON object with --json).
 */
import { describeBackend, fitAsync, modelText, type FitResult, type ModelMeta } from '../../index.js';
import type { Io } from '../io.js';
import { startBackend } from '../backend.js';
import { settleEarly } from '../early.js';
import { writeOutput } from '../io.js';
import { fitOptions, type FitRun } from './fit-options.js';
import type { TrainRequest } from './options.js';
import { trainPart, validationPart } from './prepare.js';
import { makeProgress } from './progress.js';
import { finalReport, printStart, printSummary, type RunResult } from './report.js';
import { inTargetUnits, patienceOf, resumeCheckpoint, setupRun, type Setup } from './setup.js';
import { StepMeter } from './meter.js';

/** The model file's metadata: what predict needs, plus the seed and history for inspect. */
export function modelMeta(run: Setup, history: readonly unknown[]): ModelMeta {
  const p = run.prepared.preprocessor;
  const c = run.config;
  return {
    loss: run.head.loss, task: p.task, features: p.features, target: p.target, classes: p.classes,
    preprocessing: p.toJSON() as unknown as Record<string, unknown>,
    seed: c.seed, history,
    training: {
      data: c.data ?? `dataset:${c.dataset}`, ...(c.layers ? { layers: c.layers.map((l) => l.text).join(',') } : { hidden: c.hidden }), ...(c.image ? { image: c.image.join('x') } : {}),
      activation: c.activation, optimizer: c.optimizer, lr: c.lr, epochs: c.epochs, batchSize: c.batchSize,
      validationSplit: c.validationSplit, scale: c.scale, ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}), ...(c.testSplit ? { testSplit: c.testSplit } : {}),
      ...(patienceOf(run) !== undefined ? { earlyStopping: patienceOf(run) } : {}), missing: c.missing ?? 'impute', ...(c.feedback ? { feedback: c.feedback } : {}),
    },
  };
}

/** A supervised run as fit sees it. */
function supervised(run: Setup): FitRun {
  const validation = run.prepared.split.validation.length > 0 ? validationPart(run.prepared) : undefined;
  return {
    config: run.config, fitSeed: run.fitSeed, loss: run.head.loss, get data() { return run.data; }, resume: run.resume,
    ...(validation ? { validation } : {}), patience: patienceOf(run), units: (log) => inTargetUnits(run, log),
    model: (history) => modelText(run.network, modelMeta(run, history.map((l) => inTargetUnits(run, l)))),
  };
}

/**
 * Runs `neurite train`.
 *
 * @returns the exit status
 */
export async function trainCommand(io: Io, req: TrainRequest): Promise<number> {
  const started = performance.now();
  // what only some runs need is imported when they need it: the plots, learning from feedback and
  // the autoencoder are ~10 ms of every other run's start-up (bench/notes.md, "start-up")
  if (req.config.feedback !== undefined) (await import('./feedback.js')).checkFeedbackOptions(req);
  // the kernels are chosen before the network is built, so its buffers live where they run; a
  // resumed run uses the checkpoint's choice, so it continues bit for bit
  const ck = resumeCheckpoint(req);
  if ((ck ? ck.checkpoint.config : req.config).task === 'autoencoder') return (await import('../unsupervised/autoencoder-train.js')).trainAutoencoder(io, req, ck);
  await startBackend(ck ? ck.checkpoint.config.backend : req.config.backend);
  await settleEarly();
  const run = setupRun(req, ck);
  printStart(io, run);
  const train = trainPart(run.prepared);
  const progress = makeProgress(io);
  const meter = new StepMeter(run.prepared.preprocessor, run.network.outputs, run.config.epochs);
  // a resumed run learns from feedback when its checkpoint's settings say so
  const feedback = run.config.feedback === 'reward' ? await import('./feedback.js') : null;
  let result: FitResult;
  try {
    result = feedback
      ? feedback.feedbackFit(run, progress)
      : await fitAsync(run.network, train.x, train.y, { ...fitOptions(supervised(run), progress, (info) => meter.batch(info), (info) => meter.epochEnd(info)), yieldEveryMs: 100 });
  } finally {
    progress.stop();
  }
  result = { ...result, history: result.history.map((l) => inTargetUnits(run, l)) };
  writeOutput(run.config.out, modelText(run.network, modelMeta(run, result.history)), '--out');
  const plots = run.config.plot !== undefined ? (await import('./plots.js')).drawPlots(run, result, run.config.plot) : [];
  const report: RunResult = finalReport(run, result, plots, (performance.now() - started) / 1000, meter);
  if (run.config.json) io.out(`${JSON.stringify(report)}\n`);
  else printSummary(io, run, report);
  return 0;
}
