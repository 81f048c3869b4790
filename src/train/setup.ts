import { checkNumber } from '../core/assert.js';
import { checkOptionNames } from '../core/closest.js';
import { ArgumentError, NeuriteError } from '../core/errors.js';
import { fillRows, isRecords, type Matrix, type MatrixLike, type Records, takeRows } from '../core/matrix.js';
import { Random } from '../core/random.js';
import { type Split, splitIndices } from '../data/split.js';
import { checkLossActivation, type Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { Optimizer } from '../optim/optimizer.js';
import { defaultLoss, PAUSE, toEnd } from './evaluate.js';
import { FIT_OPTION_NAMES, FIT_OPTION_SYNONYMS, type FitOptions } from './options.js';
import { fitInputs, isClassifier, labelsOf, type TargetsLike, toTargets } from './targets.js';

/** Everything the loop needs, resolved and checked from fit's arguments. */
export interface Plan {
  readonly loss: Loss;
  readonly classifier: boolean;
  readonly train: { x: Matrix; t: Matrix };
  readonly validation: { x: Matrix; t: Matrix } | null;
  /** The rows of x in each part, when the validation part was split off here. */
  readonly split: Split | null;
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  /** Draws the shuffles and dropout masks; its state is checkpointed. */
  readonly rng: Random;
  /** Null for the perceptron rule. */
  readonly optimizer: Optimizer | null;
  readonly perceptron: boolean;
}

/** A single step layer trains by the perceptron rule (if dense); a step layer anywhere else cannot train. */
function checkStep(net: Network): boolean {
  const steps = net.layers.map((l, i) => [l, i] as const).filter(([l]) => l.activation === 'step');
  if (steps.length === 0) return false;
  if (net.layers.length === 1) return true;
  const i = steps[0][1];
  throw new NeuriteError(
    `layer ${i} uses the step activation, which has no gradient (its derivative is 0 wherever it exists), so backpropagation cannot train it; ` +
      'use sigmoid or tanh, or a network with a single step layer, which trains with the perceptron rule',
    { where: `layers.${i}.activation`, expected: 'a differentiable activation', received: 'step' },
  );
}

/** The function a user called, which messages about its arguments name. */
export type FitCaller = 'fit' | 'fitAsync' | 'Trainer';

/** Resolves and checks the arguments of fit (or of `caller`) into a {@link Plan}. */
export function plan(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, o: FitOptions, caller: FitCaller = 'fit'): Plan {
  return toEnd(planInParts(net, x, y, o, caller));
}

// Note [setup in parts]: converting, checking and splitting many rows takes tens of milliseconds,
// so fitAsync runs the setup as a generator that yields PAUSE between parts of about PART_VALUES
// values (well under a millisecond each). The parts write the same values into the same places
// as the whole, so the plan is the same bit for bit; fit runs them without pausing.
const PART_VALUES = 1 << 16;

/** {@link plan} as a generator that yields {@link PAUSE} between the parts of its long work (Note [setup in parts]). */
export function* planInParts(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, o: FitOptions, caller: FitCaller = 'fit'): Generator<typeof PAUSE, Plan> {
  const perceptron = checkStep(net);
  const loss = o.loss ?? net.loss ?? (perceptron ? 'mse' : defaultLoss(net));
  checkLossActivation(loss, net.output.activation);
  const epochs = checkNumber(caller, 'epochs', o.epochs ?? 100, { min: 0, integer: true });
  checkOptionNames(caller, o, Object.keys(FIT_OPTION_NAMES), FIT_OPTION_SYNONYMS);
  const { x: xm, y: ym, classes } = fitInputs(net, yield* rowsInParts(net, x, `${caller}.x`), y, caller);
  const tm = toTargets(ym, net, xm.rows, `${caller}.y`);
  const classifier = isClassifier(net, loss);
  const root = new Random(o.seed ?? 0);
  const splitRng = root.fork();
  const rng = root.fork();
  let train = { x: xm, t: tm };
  let validation: Plan['validation'] = null;
  let split: Split | null = null;
  if (o.validationData) {
    const v = fitInputs(net, yield* rowsInParts(net, o.validationData.x, `${caller}.validationData.x`), o.validationData.y, `${caller}.validationData`, classes);
    validation = { x: v.x, t: toTargets(v.y, net, v.x.rows, `${caller}.validationData.y`) };
  } else if ((o.validationSplit ?? 0) > 0) {
    yield PAUSE;
    split = splitIndices(xm.rows, o.validationSplit ?? 0, splitRng, classifier ? labelsOf(tm) : undefined);
    train = { x: yield* rowsOf(xm, split.train), t: yield* rowsOf(tm, split.train) };
    validation = { x: yield* rowsOf(xm, split.validation), t: yield* rowsOf(tm, split.validation) };
  }
  if (train.x.rows === 0) throw new ArgumentError(`${caller}: no training rows`, { where: `${caller}.x`, expected: 'at least one row', received: '0 rows' });
  const batchSize = o.batchSize === 'full' || o.batchSize === undefined && train.x.rows < 32
    ? train.x.rows
    : Math.min(checkNumber(caller, 'batchSize', o.batchSize ?? 32, { min: 1, integer: true }), train.x.rows);
  if (o.earlyStopping && validation === null) {
    throw new ArgumentError(`${caller}: early stopping watches the validation loss; give validationSplit or validationData`, {
      where: `${caller}.earlyStopping`, expected: 'validation data', received: 'none',
    });
  }
  if (o.clipNorm !== undefined) checkNumber(caller, 'clipNorm', o.clipNorm, { min: 0, minExclusive: true });
  const optimizer = perceptron ? null : o.optimizer instanceof Optimizer
    ? o.optimizer
    : new Optimizer(o.optimizer ?? 'adam', net.parameters(), { ...o.optimizerOptions, ...(o.lr !== undefined ? { lr: o.lr } : {}) });
  // the classes text labels were encoded by are the network's from now on (written to its model file)
  if (classes !== undefined) net.classes = [...classes];
  return { loss, classifier, train, validation, split, epochs, batchSize, shuffle: o.shuffle ?? true, rng, optimizer, perceptron };
}

/** Rows of numbers as a checked matrix, in parts (Note [setup in parts]); records and matrices as they came (fitInputs converts them). */
function* rowsInParts(net: Network, x: MatrixLike | Records, where: string): Generator<typeof PAUSE, MatrixLike | Records> {
  if (!Array.isArray(x) || isRecords(x)) return x;
  const rows = x as readonly (readonly number[])[];
  const m = { data: new Float32Array(rows.length * net.inputs), rows: rows.length, cols: net.inputs };
  const part = Math.ceil(PART_VALUES / Math.max(1, m.cols));
  for (let i = 0; i < rows.length; i += part) {
    if (i > 0) yield PAUSE;
    fillRows(m, rows, i, Math.min(i + part, rows.length), where, true);
  }
  return m;
}

/** {@link takeRows} in parts (Note [setup in parts]). */
function* rowsOf(m: Matrix, idx: ArrayLike<number>): Generator<typeof PAUSE, Matrix> {
  const out = { data: new Float32Array(idx.length * m.cols), rows: idx.length, cols: m.cols };
  const part = Math.ceil(PART_VALUES / Math.max(1, m.cols));
  for (let i = 0; i < idx.length; i += part) {
    yield PAUSE;
    takeRows(m, idx, out, i, Math.min(i + part, idx.length));
  }
  return out;
}
