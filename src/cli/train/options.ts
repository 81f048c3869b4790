/**
 * The options of `neurite train`: their declaration (with defaults and value checks) and the
 * resolved {@link TrainConfig} a run, a checkpoint and a resumed run share.
 */
import { randomInt } from 'node:crypto';
import { Option, type Command } from 'commander';
import { ACTIVATIONS, LOSSES, OPTIMIZERS, type Activation, type Loss, type OptimizerName, type ScheduleSpec } from '../../index.js';
import { UsageError } from '../errors.js';
import { columnList } from '../columns.js';
import { delimiterOf } from '../../data/index.js';
import { batchSize, choice, hiddenLayers, integer, number, schedule } from '../values.js';
import { imageShape, parseLayers, type StackItem } from './layers.js';

/**
 * The value of `--delimiter`: one character or a name (comma, semicolon, tab, pipe, space).
 *
 * @throws UsageError for anything else
 */
export function delimiterOption(text: string): string {
  try {
    return delimiterOf(text);
  } catch (e) {
    throw new UsageError(`--delimiter ${JSON.stringify(text)}: use one character such as , ; | or one of comma, semicolon, tab, pipe, space (${(e as Error).message.split(': ').pop()})`);
  }
}

/** Everything a training run needs, resolved from the options (stored in checkpoints). */
export interface TrainConfig {
  data?: string;
  labels?: string;
  dataset?: string;
  target?: string;
  /** An autoencoder learns without a target (src/cli/unsupervised/autoencoder-train.ts). */
  task?: (typeof TASKS)[number];
  /** Autoencoder: the width of the code. */
  bottleneck?: number;
  /** Columns left out of the features. */
  ignore?: string[];
  hidden: number[];
  /** --layers: the stack between the input and the output layer (instead of --hidden). */
  layers?: StackItem[];
  /** --image: the shape `[height, width, channels]` of a CSV file's pixel columns. */
  image?: [number, number, number];
  activation: Activation;
  outputActivation?: Activation;
  loss?: Loss;
  optimizer: OptimizerName;
  lr: number;
  momentum?: number;
  weightDecay?: number;
  dropout?: number;
  epochs: number;
  batchSize: number | 'full';
  validationSplit: number;
  shuffle: boolean;
  seed: number;
  /** Patience of early stopping; false for none; undefined: max(10, epochs / 10) when there is a validation split. */
  earlyStopping?: number | false;
  /** The delimiter of a text table, instead of the one detected. */
  delimiter?: string;
  /** Texts that also mean "missing" (besides blank, NA, N/A, NaN, null, ?). */
  na?: string[];
  /** What to do with missing values in features: fill them in (default), drop the rows, or refuse. */
  missing?: 'impute' | 'drop' | 'error';
  /** The only feature columns. */
  features?: string[];
  /** Fraction of rows held out as a test part, never used in training (default 0). */
  testSplit?: number;
  lrSchedule?: ScheduleSpec;
  clipNorm?: number;
  /** `pixel` (value / 255) is the default with --image. */
  scale: 'standard' | 'minmax' | 'none' | 'pixel';
  init?: string;
  out: string;
  checkpoint?: string;
  resume?: string;
  plot?: string;
  json: boolean;
  /** Kernel set: auto (the fastest this runtime has), js, wasm-simd or wasm-relaxed. */
  backend?: string;
  /** Learn from right-or-wrong feedback only (docs/learning.md). */
  feedback?: 'reward';
}

/** A resolved config and the options given explicitly on the command line (attribute names). */
export interface TrainRequest {
  readonly config: TrainConfig;
  readonly given: readonly string[];
}

/** The kernel sets `--backend` accepts. */
export const BACKENDS = ['auto', 'js', 'wasm-simd', 'wasm-relaxed'] as const;

/** The defaults, documented in docs/cli.md. */
export const DEFAULTS = {
  dataset: 'iris', hidden: '32', activation: 'relu', optimizer: 'adam', lr: 0.01, epochs: 100,
  batchSize: 32, validationSplit: 0.2, scale: 'standard', out: 'model.json',
} as const;

/** Options that may be given with --resume; everything else comes from the checkpoint. */
export const RESUME_OPTIONS = ['epochs', 'out', 'checkpoint', 'plot', 'json', 'resume'];

/** The kinds of run `--task` chooses (a checkpoint's config.task is one of them). */
export const TASKS = ['classification', 'regression', 'autoencoder'] as const;

/** The built-in datasets `--dataset` accepts. */
export const DATASETS = ['iris', 'digits', 'xor', 'spiral', 'moons', 'circles', 'blobs', 'salary'] as const;

/**
 * Declares the options of `neurite train` on a command.
 *
 * @example
 * ```ts
 * addTrainOptions(program.command('train'));
 * ```
 */
export function addTrainOptions(cmd: Command): Command {
  const opt = (flags: string, description: string, parse?: (v: string) => unknown, dflt?: unknown) => {
    const o = new Option(flags, description);
    if (parse) o.argParser(parse);
    if (dflt !== undefined) o.default(dflt);
    cmd.addOption(o);
  };
  opt('--data <file>', 'a CSV file with a header row, or an IDX images file (*-idx3-ubyte, optionally .gz) with --labels');
  opt('--labels <file>', 'the IDX labels file that goes with IDX images given to --data');
  opt('--dataset <name>', `a built-in dataset: ${DATASETS.join(', ')} (default: iris when no --data)`, choice(DATASETS));
  opt('--target <column>', 'the column to predict (default: the last column)');
  opt('--task <task>', 'classification, regression (default: inferred from the target column) or autoencoder (no target: learn to reproduce the rows through --bottleneck units)', choice(TASKS));
  opt('--bottleneck <k>', 'autoencoder: the width of the code, fewer than the inputs', integer(1));
  opt('--delimiter <char>', 'the delimiter of a text table: , ; | tab space (default: detected; .tsv means tab)', delimiterOption);
  opt('--na <texts>', 'more texts that mean a missing value, e.g. -999,unknown (blank, NA, N/A, NaN, null and ? always do)', columnList);
  opt('--missing <how>', 'missing feature values: impute (median or most frequent, plus a "was missing" input), drop (leave the rows out) or error', choice(['impute', 'drop', 'error'] as const), 'impute');
  opt('--ignore <columns>', 'columns to leave out of the features, e.g. id,date', columnList);
  opt('--features <columns>', 'the only columns to use as features (used whatever they look like)', columnList);
  opt('--hidden <widths>', 'hidden layer widths, e.g. 32,16, or none', hiddenLayers, hiddenLayers(DEFAULTS.hidden));
  opt('--layers <stack>', 'any stack of layers instead of --hidden, e.g. conv:32:3,maxpool:2,flatten,dense:128,dropout:0.3 (see docs/cli.md)', parseLayers);
  opt('--image <HxWxC>', 'the CSV pixel columns are images of this shape, e.g. 28x28x1 (scaled value / 255 unless --scale is given)', imageShape);
  opt('--activation <name>', 'activation of the hidden layers', choice(ACTIVATIONS), DEFAULTS.activation);
  opt('--output-activation <name>', 'output activation (default: softmax for classification, linear for regression)', choice(ACTIVATIONS));
  opt('--loss <name>', 'loss (default: cross-entropy for classification, mse for regression)', choice(LOSSES));
  opt('--optimizer <name>', 'optimizer', choice(OPTIMIZERS), DEFAULTS.optimizer);
  opt('--lr <rate>', 'learning rate', number({ min: 0, minExclusive: true }), DEFAULTS.lr);
  opt('--momentum <m>', 'momentum (sgd, momentum, nesterov, rmsprop)', number({ min: 0, max: 1, maxExclusive: true }));
  opt('--weight-decay <lambda>', 'L2 weight decay on the weights (decoupled for adamw)', number({ min: 0 }));
  opt('--dropout <rate>', 'dropout rate after each hidden layer', number({ min: 0, max: 1, maxExclusive: true }));
  opt('--epochs <n>', 'passes over the training data', integer(1), DEFAULTS.epochs);
  opt('--batch-size <n>', 'rows per gradient step, or full', batchSize, DEFAULTS.batchSize);
  opt('--validation-split <fraction>', 'fraction of rows held out for validation (0 for none); under 1,000 rows of --data the network is chosen by cross-validation instead unless this or --hidden is given', number({ min: 0, max: 1, maxExclusive: true }), DEFAULTS.validationSplit);
  opt('--test-split <fraction>', 'fraction of rows held out as a test part, never used in training or early stopping; scored at the end', number({ min: 0, max: 1, maxExclusive: true }));
  cmd.addOption(new Option('--no-shuffle', 'keep the rows in file order instead of reshuffling each epoch'));
  opt('--seed <n>', 'seed of all randomness (default: a random seed, printed)', integer(0, 4294967295));
  opt('--early-stopping <patience>', 'stop after this many epochs without a better validation loss, keeping the best weights (default: max(10, epochs/10) when there is a validation split)', integer(1));
  cmd.addOption(new Option('--no-early-stopping', 'train every epoch and keep the last weights'));
  opt('--lr-schedule <spec>', 'step:EPOCHS[:GAMMA], exponential:GAMMA, cosine[:EPOCHS[:MIN_LR]] or plateau[:PATIENCE[:FACTOR]]', schedule);
  opt('--clip-norm <n>', 'clip gradients to this global L2 norm', number({ min: 0, minExclusive: true }));
  opt('--scale <kind>', 'scaling of numeric features (and a regression target): standard, minmax, none or pixel (value / 255)', choice(['standard', 'minmax', 'none', 'pixel'] as const), DEFAULTS.scale);
  opt('--init <model>', 'start from this model file (architecture, weights, classes, features, preprocessing)');
  opt('--out <file>', 'where to write the model file', undefined, DEFAULTS.out);
  opt('--checkpoint <file>', 'write a checkpoint after every epoch (atomically)');
  opt('--resume <file>', 'continue a run from its checkpoint');
  opt('--plot <file.svg>', 'draw loss and metric per epoch (and a confusion matrix, decision regions)');
  opt('--json', 'print only a JSON summary on stdout');
  opt('--feedback <kind>', 'reward: learn from right-or-wrong feedback only; the target column just judges each guess (docs/learning.md)', choice(['reward'] as const));
  opt('--backend <name>', 'kernels: auto (the fastest this runtime supports), js, wasm-simd or wasm-relaxed (default: auto, or NEURITE_BACKEND)', choice(BACKENDS));
  return cmd;
}

/**
 * Resolves parsed options into a {@link TrainConfig}, checking the combinations commander
 * cannot, and drawing a random seed when none is given.
 *
 * @throws UsageError for options that cannot go together
 */
export function resolveTrainConfig(o: Record<string, unknown>, cmd: Command): TrainRequest {
  const given = (key: string) => cmd.getOptionValueSource(key) === 'cli';
  if (o.resume !== undefined) {
    const extra = cmd.options.map((x) => x.attributeName()).filter((k) => given(k) && !RESUME_OPTIONS.includes(k));
    if (extra.length > 0) {
      const flags = extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`.replace('--shuffle', '--no-shuffle'));
      throw new UsageError(`${flags.join(', ')} cannot be changed when resuming: a resumed run uses the checkpoint's settings; only ${RESUME_OPTIONS.filter((k) => k !== 'resume').map((k) => `--${k}`).join(', ')} may be given with --resume`);
    }
  }
  if (o.data !== undefined && o.dataset !== undefined) throw new UsageError('--data and --dataset cannot be used together; give one of them');
  if (o.labels !== undefined && o.data === undefined) throw new UsageError('--labels needs --data (the IDX images file the labels belong to)');
  if (o.init !== undefined && o.resume !== undefined) throw new UsageError('--init and --resume cannot be used together (a checkpoint already holds the weights)');
  if (typeof o.earlyStopping === 'number' && o.validationSplit === 0) throw new UsageError('--early-stopping watches the validation loss; it needs --validation-split > 0');
  if (typeof o.testSplit === 'number' && o.testSplit + (o.validationSplit as number) * (1 - o.testSplit) >= 0.95) throw new UsageError('--test-split and --validation-split leave less than 5 % of the rows for training; make them smaller');
  if (o.earlyStopping === true) delete o.earlyStopping;
  if (o.momentum !== undefined && !['sgd', 'momentum', 'nesterov', 'rmsprop'].includes(o.optimizer as string)) {
    throw new UsageError(`--momentum applies to sgd, momentum, nesterov and rmsprop, not to ${String(o.optimizer)}; choose one of them with --optimizer`);
  }
  if (o.init !== undefined && ['hidden', 'layers', 'activation', 'outputActivation', 'dropout'].some(given)) {
    throw new UsageError('--hidden, --layers, --activation, --output-activation and --dropout cannot be used with --init: the architecture comes from the model file');
  }
  if (o.layers !== undefined && (given('hidden') || given('dropout'))) {
    throw new UsageError(`--layers describes the whole stack: leave out ${given('hidden') ? '--hidden' : '--dropout'} (write dense:UNITS and dropout:RATE items instead)`);
  }
  if (o.layers !== undefined && o.task === 'autoencoder') {
    throw new UsageError('--layers cannot be used with --task autoencoder: an autoencoder mirrors --hidden around --bottleneck; use --hidden');
  }
  if (o.image !== undefined && o.data === undefined) throw new UsageError('--image describes the pixel columns of a CSV file given to --data');
  // pixels are scaled as IDX images are (value / 255) unless a scale is asked for
  if (o.image !== undefined && !given('scale')) o.scale = 'pixel';
  const dataset = o.data === undefined && o.dataset === undefined ? DEFAULTS.dataset : (o.dataset as string | undefined);
  // a 32-bit seed: what the generator uses, and short enough to copy from the summary
  const seed = (o.seed as number | undefined) ?? randomInt(0, 4294967295);
  const config = { ...(o as Omit<TrainConfig, 'dataset' | 'seed' | 'json'>), dataset, seed, json: o.json === true } as TrainConfig;
  return { config, given: cmd.options.map((x) => x.attributeName()).filter(given) };
}
