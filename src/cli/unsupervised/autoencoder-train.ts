/**
 * `neurite train --task autoencoder --bottleneck K`: a network trained to reproduce the rows
 * through K units. The rows are read, split and encoded as for any training run (every column
 * but the --ignore ones is a feature; no target), and fit runs with the same options, progress,
 * checkpoints and resumption; only the target, the loss (mean squared error) and the output
 * layer (linear, one unit per input) are fixed.
 */
import {
  Autoencoder, describeBackend, fitAsync, fitInputPreprocessor, type InputPreprocessor, type Matrix,
  modelText, splitIndices, type FitResult, type ModelMeta, type TrainState,
} from '../../index.js';
import { startBackend } from '../backend.js';
import { withoutColumns } from '../columns.js';
import { CliError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { writeOutput } from '../io.js';
import { readModel } from '../model.js';
import { trainingCurves } from '../plot/line-chart.js';
import type { readCheckpoint } from '../train/checkpoint.js';
import { fitOptions } from '../train/fit-options.js';
import type { TrainConfig, TrainRequest } from '../train/options.js';
import { makeProgress } from '../train/progress.js';
import { beginRun } from '../train/setup.js';
import { isUnlabelled, unlabelledModel } from './model.js';
import { formatAutoencoderReport, reconstructionReport, type AutoencoderReport } from './reconstruction.js';

/** Options with no meaning for an autoencoder: it has no target, and its loss and output are fixed. */
const NOT_WITH_AUTOENCODER = ['target', 'labels', 'loss', 'outputActivation', 'feedback'];

interface AutoencoderRun {
  readonly config: TrainConfig;
  readonly name: string;
  readonly data: string;
  readonly preprocessor: InputPreprocessor;
  readonly ae: Autoencoder;
  readonly train: Matrix;
  readonly validation: Matrix;
  readonly fitSeed: number;
  readonly resume?: TrainState;
}

const flag = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function checkOptions(req: TrainRequest, ck: unknown): void {
  const bad = NOT_WITH_AUTOENCODER.filter((k) => req.given.includes(k));
  if (bad.length > 0) throw new UsageError(`${bad.map(flag).join(', ')} cannot be used with --task autoencoder: it has no target, its loss is the mean squared error and its output one linear unit per input`);
  const c = req.config;
  if (ck === undefined && c.init === undefined && c.bottleneck === undefined) throw new UsageError('--task autoencoder needs --bottleneck K, the width of the code (fewer than the inputs)');
  if (c.init !== undefined && req.given.includes('bottleneck')) throw new UsageError('--bottleneck cannot be used with --init: the architecture comes from the model file');
}

/** The autoencoder a run starts from: the checkpoint's, the --init model's, or a new one. */
function startingPoint(config: TrainConfig, ck: ReturnType<typeof readCheckpoint> | undefined): { ae: Autoencoder; preprocessor: InputPreprocessor; from: string } | undefined {
  const loaded = ck ? ck.model : config.init !== undefined ? readModel(config.init, '--init') : undefined;
  if (!loaded) return undefined;
  const from = ck ? `the checkpoint ${config.resume}` : (config.init as string);
  if (!isUnlabelled(loaded) || loaded.meta.task !== 'autoencoder') throw new CliError(`${from}: not an autoencoder (task ${String(loaded.meta.task)}); --task autoencoder continues an autoencoder's model file`);
  const m = unlabelledModel(loaded, from);
  return { ae: new Autoencoder({ network: m.network, bottleneck: m.meta.bottleneck as number }), preprocessor: m.preprocessor, from };
}

function rowsOf(x: Matrix, from: number, rows: number): Matrix {
  return { data: x.data.subarray(from * x.cols, (from + rows) * x.cols), rows, cols: x.cols };
}

function setup(req: TrainRequest, ck: ReturnType<typeof readCheckpoint> | undefined): AutoencoderRun {
  const { config, initSeed, splitRng, fitSeed, source, data } = beginRun(req, ck);
  if (source.kind !== 'table') throw new CliError(`${source.name}: --task autoencoder reads CSV rows; IDX images are not supported`);
  const table = withoutColumns(source.table, config.ignore, source.name);
  const split = splitIndices(table.rowCount, config.validationSplit, splitRng);
  const start = startingPoint(config, ck);
  const preprocessor = start?.preprocessor ?? fitInputPreprocessor({ table, scale: config.scale, trainRows: split.train });
  const x = preprocessor.transform(table, Uint32Array.from([...split.train, ...split.validation]));
  if (x.cols < 2) throw new CliError(`${source.name}: one input (${preprocessor.features.join(', ')}); an autoencoder squeezes several inputs through fewer units, so it needs at least two`);
  const train = rowsOf(x, 0, split.train.length);
  if (train.rows > 0 && train.data.every((v, i) => v === train.data[i % x.cols])) {
    throw new CliError(`${source.name}: all ${train.rows} training rows are equal (in the columns ${preprocessor.features.join(', ')}), so there is nothing to learn; give rows that differ`);
  }
  if (start && start.ae.inputs !== x.cols) throw new CliError(`${start.from}: the network has ${start.ae.inputs} inputs but the data encodes to ${x.cols}; use data with the model's features`);
  const k = config.bottleneck as number;
  if (!start && k >= x.cols) throw new UsageError(`--bottleneck ${k}: the rows encode to ${x.cols} inputs, and the code must be narrower (at most ${x.cols - 1}) or the network could copy them`);
  const ae = start?.ae ?? new Autoencoder({ inputs: x.cols, bottleneck: k, hidden: config.hidden, activation: config.activation, dropout: config.dropout, seed: initSeed });
  return { config, name: source.name, data, preprocessor, ae, train, validation: rowsOf(x, split.train.length, split.validation.length), fitSeed, ...(ck ? { resume: ck.checkpoint.state } : {}) };
}

function meta(run: AutoencoderRun, history: readonly unknown[]): ModelMeta {
  const c = run.config;
  return {
    loss: 'mse', task: 'autoencoder', bottleneck: run.ae.bottleneck, features: run.preprocessor.features,
    preprocessing: run.preprocessor.toJSON() as unknown as Record<string, unknown>, seed: c.seed, history,
    training: { data: c.data ?? `dataset:${c.dataset}`, hidden: c.hidden, activation: c.activation, code: run.ae.codeSize, optimizer: c.optimizer, lr: c.lr, epochs: c.epochs, batchSize: c.batchSize, validationSplit: c.validationSplit, scale: c.scale },
  };
}

function printStart(io: Io, run: AutoencoderRun): void {
  const c = run.config;
  const widths = run.ae.network.dense.map((d) => `${d.units} ${d.activation}`);
  io.err(`data ${run.name}: ${run.train.rows + run.validation.rows} rows (${run.train.rows} training, ${run.validation.rows} validation), ${run.preprocessor.features.length} features → themselves\n`);
  io.err(`task autoencoder: a code of ${run.ae.codeSize} (layer ${run.ae.bottleneck}) for ${run.ae.inputs} inputs\n`);
  io.err(`network ${run.ae.inputs} → ${widths.join(' → ')}, ${run.ae.network.parameterCount()} parameters, loss mse; ${c.optimizer} lr ${c.lr}, ${c.epochs} epochs\n`);
  io.err(`kernels ${describeBackend()}\n`);
  io.err(`seed ${c.seed}${run.resume ? `; resuming after epoch ${run.resume.epoch} from ${c.resume}` : ''}\n`);
}

/**
 * Runs `neurite train --task autoencoder`.
 *
 * @returns the exit status
 */
export async function trainAutoencoder(io: Io, req: TrainRequest, ck: ReturnType<typeof readCheckpoint> | undefined): Promise<number> {
  const started = performance.now();
  checkOptions(req, ck);
  await startBackend(ck ? ck.checkpoint.config.backend : req.config.backend);
  const run = setup(req, ck);
  const c = run.config;
  printStart(io, run);
  const net = run.ae.network;
  const progress = makeProgress(io);
  let result: FitResult;
  try {
    const validation = run.validation.rows > 0 ? { x: run.validation, y: run.validation } : undefined;
    const options = fitOptions({ config: c, fitSeed: run.fitSeed, loss: 'mse', data: run.data, resume: run.resume, ...(validation ? { validation } : {}), model: (h) => modelText(net, meta(run, h)) }, progress);
    result = await fitAsync(net, run.train, run.train, { ...options, yieldEveryMs: 100 });
  } finally {
    progress.stop();
  }
  writeOutput(c.out, modelText(net, meta(run, result.history)), '--out');
  if (c.plot !== undefined) writeOutput(c.plot, trainingCurves(result.history, `${run.name}: autoencoder, a code of ${run.ae.codeSize}`), '--plot');
  const on = (x: Matrix): AutoencoderReport | null => (x.rows === 0 ? null : reconstructionReport(run.preprocessor, run.ae.reconstructionError(x), x.rows));
  const report = {
    seed: c.seed, backend: describeBackend(), out: c.out, task: 'autoencoder', bottleneck: run.ae.codeSize, features: run.preprocessor.features,
    rows: { train: run.train.rows, validation: run.validation.rows }, epochs: result.history.length, stopped: result.stopped,
    ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}), history: result.history,
    train: on(run.train), validation: on(run.validation), ...(c.checkpoint !== undefined ? { checkpoint: c.checkpoint } : {}),
    plots: c.plot !== undefined ? [c.plot] : [], seconds: Math.round(performance.now() - started) / 1000,
  };
  if (c.json) {
    io.out(`${JSON.stringify(report)}\n`);
    return 0;
  }
  let text = `trained ${report.epochs} epochs in ${report.seconds.toFixed(2)} s\n`;
  text += `training rows: ${formatAutoencoderReport(report.train as AutoencoderReport)}`;
  if (report.validation) text += `validation rows: ${formatAutoencoderReport(report.validation)}`;
  text += `seed ${c.seed} (repeat the run with --seed ${c.seed})\nmodel written to ${c.out}\n`;
  for (const p of report.plots) text += `plot written to ${p}\n`;
  io.out(text);
  return 0;
}
