/**
 * Training one batch at a time, so the page can pause, step a batch or step an epoch. It follows
 * the library's own loop (src/train/loop.ts) step for step with the same seed semantics: the
 * seed forks a split generator and then a shuffle/dropout generator, the rows are reshuffled each
 * epoch, each step is zeroGrad → forward → loss → backward → optimizer step. The test
 * test/playground-trainer.test.ts checks that N epochs here give the same weights, bit for bit,
 * and the same history as `fit` with the same options.
 */
import {
  backward, Dropout, evaluate, lossFromLogits, Optimizer, Random, scope, splitIndices, Tensor, DivergenceError, gradNorm,
  type EpochLog, type Loss, type Matrix, type Network, type OptimizerName,
} from '../../src/index.js';

/** What the trainer needs besides the network: all rows, encoded, and the training settings. */
export interface TrainerOptions {
  /** Inputs `[rows, inputs]` and targets `[rows, outputs]` (one-hot, 0/1 or values). */
  x: Matrix;
  t: Matrix;
  /** Class index of each row (classification), for the stratified split and accuracy. */
  labels?: Int32Array;
  loss: Loss;
  optimizer: OptimizerName;
  lr: number;
  weightDecay: number;
  /** Rows per step; 0 for all rows. */
  batchSize: number;
  validationSplit: number;
  seed: number;
}

/** Where training stands after a step. */
export interface StepResult {
  readonly loss: number;
  /** Set when the step finished an epoch. */
  readonly epochLog?: EpochLog;
}

const take = (m: Matrix, rows: ArrayLike<number>): Matrix => {
  const data = new Float32Array(rows.length * m.cols);
  for (let i = 0; i < rows.length; i++) data.set(m.data.subarray(rows[i] * m.cols, (rows[i] + 1) * m.cols), i * m.cols);
  return { data, rows: rows.length, cols: m.cols };
};

/** The rows of a split the way `fit` draws it: the seed's first fork splits, stratified by class. */
export function splitOf(rows: number, fraction: number, seed: number, labels?: Int32Array): { train: Uint32Array; validation: Uint32Array; rng: Random } {
  const root = new Random(seed);
  const splitRng = root.fork();
  const rng = root.fork();
  if (fraction <= 0) return { train: Uint32Array.from({ length: rows }, (_, i) => i), validation: new Uint32Array(0), rng };
  return { ...splitIndices(rows, fraction, splitRng, labels), rng };
}

/** Trains a network a batch at a time, faithful to `fit`. */
export class Trainer {
  readonly train: { x: Matrix; t: Matrix };
  readonly validation: { x: Matrix; t: Matrix } | null;
  readonly split: { train: Uint32Array; validation: Uint32Array };
  readonly batchSize: number;
  readonly history: EpochLog[] = [];
  epoch = 0;
  /** Batches done in the current epoch. */
  batch = 0;
  private readonly rng: Random;
  private readonly optimizer: Optimizer;
  private readonly order: Uint32Array;
  private readonly classifier: boolean;
  private lossSum = 0;
  private metricSum = 0;

  constructor(readonly net: Network, private readonly o: TrainerOptions) {
    const s = splitOf(o.x.rows, o.validationSplit, o.seed, o.labels);
    this.split = s;
    this.rng = s.rng;
    this.train = { x: take(o.x, s.train), t: take(o.t, s.train) };
    this.validation = s.validation.length > 0 ? { x: take(o.x, s.validation), t: take(o.t, s.validation) } : null;
    const rows = this.train.x.rows;
    this.batchSize = o.batchSize <= 0 ? rows : Math.min(o.batchSize, rows);
    this.classifier = o.loss === 'cross-entropy' || o.loss === 'binary-cross-entropy' || o.labels !== undefined;
    this.optimizer = new Optimizer(o.optimizer, net.parameters(), { lr: o.lr, ...(o.weightDecay > 0 ? { weightDecay: o.weightDecay } : {}) });
    this.order = new Uint32Array(rows);
  }

  /** The loss trained on. */
  get loss(): Loss {
    return this.o.loss;
  }

  /** Batches in one epoch. */
  get batches(): number {
    return Math.ceil(this.train.x.rows / this.batchSize);
  }

  /** One gradient step on the next batch; reshuffles at the start of an epoch. */
  step(): StepResult {
    if (this.batch === 0) this.startEpoch();
    const start = this.batch * this.batchSize;
    const n = Math.min(this.batchSize, this.train.x.rows - start);
    const { x, t } = this.train;
    const xb = new Tensor(gather(x, this.order, start, n), [n, x.cols]);
    const tb = new Tensor(gather(t, this.order, start, n), [n, t.cols]);
    const loss = this.update(xb, tb);
    this.batch++;
    if (this.batch < this.batches) return { loss };
    this.batch = 0;
    const epochLog = this.finishEpoch();
    return { loss, epochLog };
  }

  /** Steps until the current epoch ends. */
  stepEpoch(): EpochLog {
    for (;;) {
      const r = this.step();
      if (r.epochLog) return r.epochLog;
    }
  }

  private startEpoch(): void {
    this.epoch++;
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.rng.shuffle(this.order);
    this.lossSum = 0;
    this.metricSum = 0;
  }

  private update(xb: Tensor, tb: Tensor): number {
    const net = this.net;
    const dropoutRng = net.layers.some((l) => l instanceof Dropout) ? this.rng : null;
    return scope(() => {
      this.optimizer.zeroGrad();
      const f = net.forward(xb, dropoutRng);
      const L = lossFromLogits(this.o.loss, net.output.activation, f.z, tb);
      const value = L.item();
      if (!Number.isFinite(value)) throw new DivergenceError(this.epoch, this.batch + 1, 'loss');
      backward(L);
      if (!Number.isFinite(gradNorm(net.parameters()))) throw new DivergenceError(this.epoch, this.batch + 1, 'gradient');
      const n = xb.shape[0];
      this.lossSum += value * n;
      this.metricSum += this.classifier ? correct(f.y.data, tb.data, n, net.outputs) : absError(f.y.data, tb.data);
      this.optimizer.step();
      return value;
    });
  }

  private finishEpoch(): EpochLog {
    const rows = this.train.x.rows;
    const metric = this.classifier ? { accuracy: this.metricSum / rows } : { mae: this.metricSum / (rows * this.net.outputs) };
    let log: EpochLog = { epoch: this.epoch, loss: this.lossSum / rows, ...metric, lr: this.optimizer.lr };
    if (this.validation) {
      const v = this.validation;
      const e = evaluate(this.net, v.x, v.t, { loss: this.o.loss });
      const val = this.classifier ? { valAccuracy: e.accuracy } : { valMae: e.mae };
      log = { epoch: this.epoch, loss: log.loss, ...metric, valLoss: e.loss, ...val, lr: log.lr };
    }
    this.history.push(log);
    return log;
  }
}

function gather(m: Matrix, order: Uint32Array, start: number, n: number): Float32Array {
  const c = m.cols;
  const out = new Float32Array(n * c);
  for (let i = 0; i < n; i++) out.set(m.data.subarray(order[start + i] * c, (order[start + i] + 1) * c), i * c);
  return out;
}

/** Rows whose predicted class (argmax, or ≥ 0.5 for one unit) is the target's. */
export function correct(y: ArrayLike<number>, t: ArrayLike<number>, rows: number, units: number): number {
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    if (units === 1) {
      if (y[i] >= 0.5 === t[i] >= 0.5) hits++;
      continue;
    }
    let py = 0;
    let pt = 0;
    for (let j = 1; j < units; j++) {
      if (y[i * units + j] > y[i * units + py]) py = j;
      if (t[i * units + j] > t[i * units + pt]) pt = j;
    }
    if (py === pt) hits++;
  }
  return hits;
}

function absError(y: ArrayLike<number>, t: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(y[i] - t[i]);
  return s;
}
