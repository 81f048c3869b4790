import { backward } from '../autograd/backward.js';
import { DivergenceError } from '../core/errors.js';
import { lossFromLogits } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { clipGradNorm, gradientsFinite } from '../optim/clip.js';
import { Scheduler } from '../optim/schedules.js';
import { scope } from '../tensor/memory.js';
import type { Tensor } from '../tensor/tensor.js';
import { absoluteError, BatchBuffers, countCorrect } from './batches.js';
import { DenseStep } from './dense-step.js';
import { EarlyStopping } from './early-stopping.js';
import { lossAndOutputsInParts, PAUSE } from './evaluate.js';
import { History } from './history.js';
import type { EpochInfo, EpochLog, FitOptions, FitResult, TrainState } from './options.js';
import { PerceptronRule } from './perceptron.js';
import type { Plan } from './setup.js';

const stops = (r: unknown): boolean => r === false || r === 'stop';

// Note [lean epochs]: with a full batch an epoch is one step, so whatever the loop does per epoch
// is paid per step (a tiny network's step is well under a microsecond). So the fast path runs
// outside a scope (it allocates no tensors), the checkpoint closure is made only when someone
// listens, and the epoch log is one object literal. Shuffling and gathering stay as they are even
// for a full batch: the row order decides the order of the sums, and the generator must draw the
// same numbers to resume exactly.

/** What the loop yields after each batch (one object, updated in place). */
export interface StepInfo {
  /** The epoch in progress (1-based). */
  epoch: number;
  /** Batches done in this epoch, this one included. */
  batch: number;
  batches: number;
  /** This batch's loss, before its update. */
  loss: number;
  /** The epoch's record when this batch ended it, else null. */
  log: EpochLog | null;
}

/**
 * The training loop as a generator that yields after every batch (after the epoch's bookkeeping
 * when the batch ends an epoch), so one body serves the blocking `fit`, the event-loop-friendly
 * `fitAsync` and the batch-at-a-time `Trainer`. The records go into `history` (Note [history columns]).
 * Between the parts of a long end of an epoch (the validation rows) it yields {@link PAUSE}, a
 * point where fitAsync may give the event loop a turn and the others go on.
 */
export function* trainLoop(net: Network, p: Plan, o: FitOptions, history = newHistory(p, o)): Generator<StepInfo | typeof PAUSE, FitResult> {
  const { train, optimizer, rng } = p;
  const params = net.parameters();
  const batches = Math.ceil(train.x.rows / p.batchSize);
  // without shuffling, a full batch is the same rows in the same order every epoch
  const buffers = new BatchBuffers(train.x, train.t, p.batchSize, train.x.rows, !p.shuffle && batches === 1);
  // read once: the getter works it out from the output layer's shape (Note [lean epochs])
  const outs = net.outputs;
  const outputs = new Float32Array(p.batchSize * outs);
  const rule = p.perceptron ? new PerceptronRule(net.output, o.lr ?? 1) : null;
  const scheduler = o.schedule && optimizer ? new Scheduler(o.schedule, optimizer.lr) : null;
  // the best epoch is its parameters and the running statistics they were trained with
  const early = o.earlyStopping ? new EarlyStopping([...params, ...net.buffers()], o.earlyStopping) : null;
  // dropout draws its masks from the plan's generator, the only thing a forward pass draws
  const training = { training: true, rng };
  const fast = rule ? null : DenseStep.for(net, p.loss);
  if (o.resume) restore(o.resume, p, scheduler, early);
  const order = buffers.order;
  let stopped = false;

  // The fast path allocates no tensors, so it needs no scope (Note [lean epochs]).
  const fastStep = (epoch: number, batch: number, xb: Tensor, tb: Tensor): number => {
    const f = fast as DenseStep;
    const value = f.forward(xb, tb);
    if (!Number.isFinite(value)) throw new DivergenceError(epoch, batch, 'loss');
    return finishStep(epoch, batch, f.output(), value, f.backward(xb));
  };
  /** Checks, clips and applies the gradients; `finite`: whether every gradient value is finite. */
  const finishStep = (epoch: number, batch: number, y: ArrayLike<number>, value: number, finite: boolean): number => {
    if (!finite) throw new DivergenceError(epoch, batch, 'gradient');
    if (o.clipNorm !== undefined) clipGradNorm(params, o.clipNorm);
    outputs.set(y);
    (optimizer as NonNullable<typeof optimizer>).step();
    return value;
  };
  const generalStep = (epoch: number, batch: number, xb: Tensor, tb: Tensor): number => scope(() => {
    if (rule) return rule.step(xb, tb, outputs);
    (optimizer as NonNullable<typeof optimizer>).zeroGrad();
    const f = net.forward(xb, training);
    const L = lossFromLogits(p.loss, net.output.activation, f.z, tb);
    const value = L.item();
    if (!Number.isFinite(value)) throw new DivergenceError(epoch, batch, 'loss');
    backward(L);
    return finishStep(epoch, batch, f.y.data, value, gradientsFinite(params));
  });
  const step = fast ? fastStep : generalStep;

  /** The epoch's record, schedule, early stopping and callback; true when training should stop. */
  // a plain function, not a generator: with a full batch it runs every step (Note [lean epochs]);
  // only the validation rows' evaluation (validate) pauses
  const endEpoch = (epoch: number, lr: number, lossSum: number, metricSum: number, val: Validated | null): EpochLog => {
    record(history, epoch, lr, lossSum, metricSum, p, net, val);
    const log = history.last();
    if (scheduler && optimizer) optimizer.lr = scheduler.next(epoch, log.valLoss ?? log.loss);
    if (early && early.update(epoch, log.valLoss as number)) stopped = true;
    if (o.onEpochEnd) {
      const state = (): TrainState => ({
        epoch, history: [...history.records()], rng: rng.state(),
        optimizer: (optimizer ?? { getState: () => ({ name: 'sgd' as const, step: 0, lr, slots: {} }) }).getState(),
        schedule: scheduler?.getState(), early: early?.getState(),
      });
      if (stops(o.onEpochEnd(new EpochEnd(epoch, p.epochs, log, history, state, val?.outputs)))) stopped = true;
    }
    return log;
  };

  const info: StepInfo = { epoch: 0, batch: 0, batches, loss: 0, log: null };
  for (let i = 0; i < order.length; i++) order[i] = i;
  // a copy ahead of the next batch holds the data until it runs: finish it however the loop ends
  try {
    for (let epoch = (o.resume?.epoch ?? 0) + 1; epoch <= p.epochs && !stopped; epoch++) {
      if (p.shuffle) {
        for (let i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order);
      }
      const lr = optimizer?.lr ?? o.lr ?? 1;
      let lossSum = 0;
      let metricSum = 0;
      for (let b = 0; b < batches && !stopped; b++) {
        const start = b * p.batchSize;
        const n = Math.min(p.batchSize, train.x.rows - start);
        const [xb, tb] = buffers.gather(start, n);
        const value = step(epoch, b + 1, xb, tb);
        lossSum += value * n;
        metricSum += p.classifier ? countCorrect(outputs, tb.data, n, outs) : absoluteError(outputs, tb.data, n * outs);
        if (o.onBatchEnd && stops(o.onBatchEnd({ epoch, batch: b + 1, batches, loss: value, rows: n, outputs, targets: tb.data as Float32Array }))) stopped = true;
        info.epoch = epoch;
        info.batch = b + 1;
        info.loss = value;
        if (b === batches - 1 || stopped) {
          const val = p.validation ? yield* validate(p, net) : null;
          info.log = endEpoch(epoch, lr, lossSum, metricSum, val);
        } else {
          info.log = null;
        }
        yield info;
      }
    }
  } finally {
    buffers.finish();
  }
  early?.restoreBest();
  return { get history() { return history.records(); }, epochs: history.length, stopped, bestEpoch: early?.bestEpoch };
}

/**
 * What an epoch's callback sees. The records are made only if it reads them (Note [history
 * columns]); a class, since an object literal with a getter costs V8 about 0.7 µs to make, 1 % of
 * a small network's epoch.
 */
class EpochEnd implements EpochInfo {
  constructor(readonly epoch: number, readonly epochs: number, readonly log: EpochLog, private readonly records: History, readonly state: () => TrainState,
    readonly validationOutputs?: Float32Array) {}

  get history(): readonly EpochLog[] {
    return this.records.records();
  }
}

/** The records of a run of this plan: the resumed ones, then one per epoch trained. */
export function newHistory(p: Plan, o: FitOptions): History {
  return new History(o.resume?.history ?? [], p.classifier, p.validation !== null);
}

/** Records the epoch's numbers: training loss and metric, and on the validation rows when there are any. */
/** The validation rows' loss and metric after an epoch. */
interface Validated {
  readonly valLoss: number;
  readonly valMetric: number;
  readonly outputs: Float32Array;
}

/** Evaluates the validation rows in parts, pausing between them (Note [lean epochs]). */
function* validate(p: Plan, net: Network): Generator<typeof PAUSE, Validated> {
  const v = p.validation as NonNullable<Plan['validation']>;
  const { loss: valLoss, outputs } = yield* lossAndOutputsInParts(net, v.x, v.t, p.loss);
  const valMetric = p.classifier ? countCorrect(outputs, v.t.data, v.x.rows, net.outputs) / v.x.rows : absoluteError(outputs, v.t.data, v.t.data.length) / v.t.data.length;
  return { valLoss, valMetric, outputs };
}

function record(history: History, epoch: number, lr: number, lossSum: number, metricSum: number, p: Plan, net: Network, val: Validated | null): void {
  const rows = p.train.x.rows;
  const metric = p.classifier ? metricSum / rows : metricSum / (rows * net.outputs);
  history.add(epoch, lossSum / rows, metric, val?.valLoss ?? 0, val?.valMetric ?? 0, lr);
}

function restore(s: TrainState, p: Plan, scheduler: Scheduler | null, early: EarlyStopping | null): void {
  p.rng.setState(s.rng);
  if (p.optimizer) p.optimizer.setState(s.optimizer);
  if (scheduler && s.schedule) scheduler.setState(s.schedule);
  if (early && s.early) early.setState(s.early);
}
