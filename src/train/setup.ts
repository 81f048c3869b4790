import { checkNumber } from '../core/assert.js';
import { checkOptionNames } from '../core/closest.js';
import { ArgumentError, NeuriteError } from '../core/errors.js';
import { type Matrix, type MatrixLike, type Records, takeRows } from '../core/matrix.js';
import { Random } from '../core/random.js';
import { type Split, splitIndices } from '../data/split.js';
import { checkLossActivation, type Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { Optimizer } from '../optim/optimizer.js';
import { defaultLoss } from './evaluate.js';
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

/** Resolves and checks fit's arguments into a {@link Plan}. */
export function plan(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, o: FitOptions): Plan {
  const perceptron = checkStep(net);
  const loss = o.loss ?? net.loss ?? (perceptron ? 'mse' : defaultLoss(net));
  checkLossActivation(loss, net.output.activation);
  const epochs = checkNumber('fit', 'epochs', o.epochs ?? 100, { min: 0, integer: true });
  checkOptionNames('fit', o, Object.keys(FIT_OPTION_NAMES), FIT_OPTION_SYNONYMS);
  const { x: xm, y: ym, classes } = fitInputs(net, x, y, 'fit');
  const tm = toTargets(ym, net, xm.rows, 'fit.y');
  const classifier = isClassifier(net, loss);
  const root = new Random(o.seed ?? 0);
  const splitRng = root.fork();
  const rng = root.fork();
  let train = { x: xm, t: tm };
  let validation: Plan['validation'] = null;
  let split: Split | null = null;
  if (o.validationData) {
    const v = fitInputs(net, o.validationData.x, o.validationData.y, 'fit.validationData', classes);
    validation = { x: v.x, t: toTargets(v.y, net, v.x.rows, 'fit.validationData.y') };
  } else if ((o.validationSplit ?? 0) > 0) {
    split = splitIndices(xm.rows, o.validationSplit ?? 0, splitRng, classifier ? labelsOf(tm) : undefined);
    train = { x: takeRows(xm, split.train), t: takeRows(tm, split.train) };
    validation = { x: takeRows(xm, split.validation), t: takeRows(tm, split.validation) };
  }
  if (train.x.rows === 0) throw new ArgumentError('fit: no training rows', { where: 'fit.x', expected: 'at least one row', received: '0 rows' });
  const batchSize = o.batchSize === 'full' || o.batchSize === undefined && train.x.rows < 32
    ? train.x.rows
    : Math.min(checkNumber('fit', 'batchSize', o.batchSize ?? 32, { min: 1, integer: true }), train.x.rows);
  if (o.earlyStopping && validation === null) {
    throw new ArgumentError('fit: early stopping watches the validation loss; give validationSplit or validationData', {
      where: 'fit.earlyStopping', expected: 'validation data', received: 'none',
    });
  }
  if (o.clipNorm !== undefined) checkNumber('fit', 'clipNorm', o.clipNorm, { min: 0, minExclusive: true });
  const optimizer = perceptron ? null : o.optimizer instanceof Optimizer
    ? o.optimizer
    : new Optimizer(o.optimizer ?? 'adam', net.parameters(), { ...o.optimizerOptions, ...(o.lr !== undefined ? { lr: o.lr } : {}) });
  // the classes text labels were encoded by are the network's from now on (written to its model file)
  if (classes !== undefined) net.classes = [...classes];
  return { loss, classifier, train, validation, split, epochs, batchSize, shuffle: o.shuffle ?? true, rng, optimizer, perceptron };
}
