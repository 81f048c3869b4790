/**
 * What `neurite train` tells the user: the data, task and seed before training (stderr), and
 * after it the final metrics on the training and validation rows, the seed and where the model
 * went (stdout, or one JSON object with --json).
 */
import { describeBackend, type EpochLog, type FitResult, type Matrix } from '../../index.js';
import { measure, type EvaluationReport } from '../evaluate.js';
import { metric, percent } from '../format.js';
import type { Io } from '../io.js';
import type { CliModel } from '../model.js';
import { trainPart, validationPart } from './prepare.js';
import type { Setup } from './setup.js';

/** The JSON object `--json` prints. */
export interface RunResult {
  seed: number;
  /** The kernel set that trained, e.g. `wasm-simd, 2 threads`. */
  backend: string;
  out: string;
  task: 'classification' | 'regression';
  target: string;
  classes?: string[];
  rows: { train: number; validation: number };
  epochs: number;
  stopped: boolean;
  bestEpoch?: number;
  history: readonly EpochLog[];
  train: EvaluationReport;
  validation: EvaluationReport | null;
  checkpoint?: string;
  plots: string[];
  seconds: number;
}

function describeNetwork(run: Setup): string {
  const widths = run.network.dense.map((d) => `${d.units} ${d.activation}`);
  return `${run.network.inputs} → ${widths.join(' → ')}, ${run.network.parameterCount()} parameters, loss ${run.head.loss}`;
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
  io.err(`data ${run.source.name}: ${p.x.rows} rows (${p.split.train.length} training, ${p.split.validation.length} validation), ${pre.features.length} features → ${pre.target}\n`);
  io.err(`task ${p.task} (${p.taskReason}${p.taskReason.startsWith('from') || p.taskReason.startsWith('as given') ? '' : '; --task to change'})${classes}\n`);
  io.err(`network ${describeNetwork(run)}; ${run.config.optimizer} lr ${run.config.lr}, ${run.config.epochs} epochs\n`);
  io.err(`kernels ${describeBackend()}\n`);
  io.err(`seed ${run.config.seed}${run.resume ? `; resuming after epoch ${run.resume.epoch} from ${run.config.resume}` : ''}\n`);
}

/**
 * The final metrics on the training and validation rows and the run's facts: on the training rows,
 * those of the last epoch's steps (`lastEpoch`, Note [metrics from the steps] in meter.ts) unless
 * early stopping kept other weights or none is given, then measured with the final weights.
 *
 * @example
 * ```ts
 * finalReport(run, result, [], 1.2, meter.report()).validation?.loss;
 * ```
 */
export function finalReport(run: Setup, result: FitResult, plots: string[], seconds: number, lastEpoch: EvaluationReport | null = null): RunResult {
  const { split, preprocessor } = run.prepared;
  const model = { network: run.network, preprocessor, task: preprocessor.task, classes: preprocessor.classes } as CliModel;
  const on = (part: { x: Matrix; y: Float32Array }) => measure(model, part.x, part.y);
  const c = run.config;
  return {
    seed: c.seed, backend: describeBackend(), out: c.out, task: preprocessor.task, target: preprocessor.target,
    ...(preprocessor.classes ? { classes: preprocessor.classes } : {}),
    rows: { train: split.train.length, validation: split.validation.length },
    epochs: result.history.length, stopped: result.stopped, ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}),
    history: result.history,
    // Note [metrics from the steps] in meter.ts
    train: lastEpoch !== null && !restored(result) ? lastEpoch : on(trainPart(run.prepared)), validation: split.validation.length > 0 ? on(validationPart(run.prepared)) : null,
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
  const stop = r.stopped && r.bestEpoch !== undefined ? ` (early stopping; kept the weights of epoch ${r.bestEpoch})` : '';
  let text = `trained ${r.epochs} epochs in ${r.seconds.toFixed(2)} s${stop}\n`;
  text += line('training  ', r.train);
  if (r.validation) text += line('validation', r.validation);
  text += `seed ${r.seed} (repeat the run with --seed ${r.seed})\n`;
  text += `model written to ${r.out}\n`;
  for (const p of r.plots) text += `plot written to ${p}\n`;
  io.out(text);
}
