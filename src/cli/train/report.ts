/**
 * What `neurite train` tells the user: the data, task and seed before training (stderr), and
 * after it the final metrics on the training and validation rows, the seed and where the model
 * went (stdout, or one JSON object with --json).
 */
import { describeBackend, type EpochLog, type FitResult, type Matrix } from '../../index.js';
import { measure, type EvaluationReport } from '../evaluate.js';
import { count, metric, percent } from '../format.js';
import type { Io } from '../io.js';
import type { CliModel } from '../model.js';
import { dataNotices } from './notices.js';
import { testPart, trainPart, validationPart } from './prepare.js';
import { patienceOf, type Setup } from './setup.js';
import { selectionLines, type Selection } from './small-table.js';
import type { StepMeter } from './meter.js';
import { baselineLine, baselineOf, noBetter, overfitting, stopReason, type Baseline } from './verdict.js';

/** The JSON object `--json` prints. */
export interface RunResult {
  seed: number;
  /** The kernel set that trained, e.g. `wasm-simd, 2 threads`. */
  backend: string;
  out: string;
  task: 'classification' | 'regression';
  target: string;
  classes?: string[];
  rows: { train: number; validation: number; test: number; withoutTarget: number; dropped: number };
  epochs: number;
  stopped: boolean;
  bestEpoch?: number;
  /** Why training stopped and which weights were kept, in words. */
  stopReason: string;
  history: readonly EpochLog[];
  train: EvaluationReport;
  validation: EvaluationReport | null;
  /** Scores on the `--test-split` rows, never used in training. */
  test: EvaluationReport | null;
  /** What predicting without the features scores (regression in the target's units). */
  baseline: Baseline;
  /** A small table's cross-validation of the linear and the hidden network (Note [small tables]). */
  selection?: Selection;
  /** Notices about the data and the result (columns left out, values filled in, overfitting, no better than the baseline). */
  notices: string[];
  checkpoint?: string;
  plots: string[];
  seconds: number;
}

// a dense layer as its width and activation (`32 relu`), any other kind but dropout as its type and
// output shape (`conv2d 26×26×32 relu`)
function describeNetwork(run: Setup): string {
  const net = run.network;
  const steps = net.layers.filter((l) => l.type !== 'dropout').map((l) => {
    if (l.type === 'dense') return `${l.outputShape[0]} ${l.activation}`;
    return `${l.type} ${l.outputShape.join('×')}${l.activation === 'linear' ? '' : ` ${l.activation}`}`;
  });
  return `${net.inputShape.join('×')} → ${steps.join(' → ')}, ${net.parameterCount()} parameters, loss ${run.head.loss}`;
}

/**
 * Prints what is about to be trained, on stderr: data, task (and why), classes, network, seed.
 *
 * @example
 * ```ts
 * printStart(io, run);
 * ```
 */
export function printStart(io: Io, run: Setup): void {
  const p = run.prepared;
  const pre = p.preprocessor;
  const classes = pre.classes ? `; ${pre.classes.length} classes: ${pre.classes.join(', ')}` : '';
  const test = p.split.test.length > 0 ? `, ${p.split.test.length} test` : '';
  for (const line of dataNotices(run.source, p)) io.err(`${line}\n`);
  io.err(`data ${run.source.name}: ${p.x.rows} rows (${p.split.train.length} training, ${p.split.validation.length} validation${test}), ${pre.features.length} features → ${pre.target}\n`);
  io.err(`task ${p.task} (${p.taskReason}${p.taskReason.startsWith('from') || p.taskReason.startsWith('as given') ? '' : '; --task to change'})${classes}\n`);
  for (const line of run.selection ? selectionLines(run.selection) : []) io.err(`${line}\n`);
  const patience = patienceOf(run);
  const stopping = patience === undefined ? '' : `, early stopping after ${count(patience, 'epoch')} without a better validation loss`;
  io.err(`network ${describeNetwork(run)}; ${run.config.optimizer} lr ${run.config.lr}${run.config.weightDecay ? ` weight decay ${run.config.weightDecay}` : ''}, batch ${run.config.batchSize}, ${count(run.config.epochs, 'epoch')}${stopping}\n`);
  io.err(`kernels ${describeBackend()}\n`);
  io.err(`seed ${run.config.seed}${run.resume ? `; resuming after epoch ${run.resume.epoch} from ${run.config.resume}` : ''}\n`);
}

/** The targets of each part, as class indices or in the target's units, for the baseline. */
function targetsOf(run: Setup): Record<string, ArrayLike<number>> {
  const p = run.prepared;
  const parts: Record<string, Float32Array> = { train: trainPart(p).y, validation: validationPart(p).y, test: testPart(p).y };
  if (p.task === 'classification') return parts;
  return Object.fromEntries(Object.entries(parts).map(([k, y]) => [k, p.preprocessor.decodeTarget(y)]));
}

/**
 * The final metrics on the training and validation rows and the run's facts: those the last epoch
 * computed (its steps' outputs on the training rows, its evaluation's on the validation rows: the
 * meter's, Note [metrics from the steps] in meter.ts) unless early stopping kept other weights or
 * no meter is given, then measured with the final weights.
 *
 * @example
 * ```ts
 * finalReport(run, result, [], 1.2, meter).validation?.loss;
 * ```
 */
export function finalReport(run: Setup, result: FitResult, plots: string[], seconds: number, meter: StepMeter | null = null): RunResult {
  const { split, preprocessor } = run.prepared;
  const model = { network: run.network, preprocessor, task: preprocessor.task, classes: preprocessor.classes } as CliModel;
  const on = (part: { x: Matrix; y: Float32Array }) => measure(model, part.x, part.y);
  const c = run.config;
  // Note [metrics from the steps] in meter.ts: what the last epoch computed, when the network ends with its weights
  const last = restored(result) ? null : meter;
  const train = last?.report() ?? on(trainPart(run.prepared));
  const validation = split.validation.length > 0 ? (last?.validationReport(validationPart(run.prepared).y) ?? on(validationPart(run.prepared))) : null;
  const test = split.test.length > 0 ? on(testPart(run.prepared)) : null;
  const baseline = baselineOf(targetsOf(run), preprocessor.classes);
  const held = test ? 'test' : validation ? 'validation' : 'train';
  const verdicts = [overfitting(result.history, train, validation, result.bestEpoch), noBetter(baseline, test ?? validation ?? train, held)];
  const rows = run.prepared.table?.rows;
  return {
    seed: c.seed, backend: describeBackend(), out: c.out, task: preprocessor.task, target: preprocessor.target,
    ...(preprocessor.classes ? { classes: preprocessor.classes } : {}),
    rows: { train: split.train.length, validation: split.validation.length, test: split.test.length, withoutTarget: rows?.noTarget ?? 0, dropped: rows?.dropped ?? 0 },
    epochs: result.history.length, stopped: result.stopped, ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}),
    stopReason: stopReason(result, c.epochs, patienceOf(run)),
    history: result.history, train, validation, test, baseline, ...(run.selection ? { selection: run.selection } : {}),
    notices: [...dataNotices(run.source, run.prepared), ...verdicts.filter((v): v is string => v !== null)],
    ...(c.checkpoint !== undefined ? { checkpoint: c.checkpoint } : {}),
    plots, seconds: Math.round(seconds * 1000) / 1000,
  };
}

/** Whether early stopping put back the weights of an epoch before the last one trained. */
function restored(result: FitResult): boolean {
  return result.bestEpoch !== undefined && result.bestEpoch !== result.history[result.history.length - 1]?.epoch;
}

function line(name: string, r: EvaluationReport): string {
  return r.task === 'classification'
    ? `${name}  accuracy ${percent(r.accuracy)}  loss ${metric(r.loss)}\n`
    : `${name}  rmse ${metric(r.rmse)}  mae ${metric(r.mae)}  r² ${metric(r.r2)}  loss ${metric(r.loss)}\n`;
}

/**
 * Prints the summary for people on stdout.
 *
 * @example
 * ```ts
 * printSummary(io, run, report);
 * ```
 */
export function printSummary(io: Io, run: Setup, r: RunResult): void {
  let text = `trained in ${r.seconds.toFixed(2)} s: ${r.stopReason}\n`;
  text += line('training  ', r.train);
  if (r.validation) text += line('validation', r.validation);
  if (r.test) text += line('test      ', r.test);
  text += baselineLine(r.baseline, r.test ? 'test' : r.validation ? 'validation' : 'train');
  const data = dataNotices(run.source, run.prepared).length;
  for (const n of r.notices.slice(data)) text += `notice: ${n}\n`;
  text += `seed ${r.seed} (repeat the run with --seed ${r.seed})\n`;
  text += `model written to ${r.out}\n`;
  for (const p of r.plots) text += `plot written to ${p}\n`;
  io.out(text);
}
