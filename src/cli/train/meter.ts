/**
 * The training rows' final metrics, taken from the outputs each step already computed during the
 * last epoch (Note [metrics from the steps]) instead of a forward pass over every row after training.
 */
import { classReport, type BatchInfo, mae, mse, r2 } from '../../index.js';
import type { EvaluationReport } from '../evaluate.js';
import type { Preprocessor } from '../../data/index.js';

// Note [metrics from the steps]: a forward pass over the training rows after training cost about
// 0.75 of an epoch on Fashion-MNIST (bench/notes.md, Note [metrics from the steps]), for numbers
// the steps had already computed: every batch's outputs, before its update. So the report's
// training metrics are the last epoch's, as the epoch lines and Keras give them (loss: the same
// sum as the epoch's record), with the confusion matrix and the regression errors gathered from
// the same outputs, during the run's last epoch only (a batch of any other epoch costs one
// compare). Where the network ends with other weights than the last epoch's (early stopping
// restoring its best epoch) or no epoch ran here, the rows are measured as before.

/** Gathers the last epoch's outputs and targets, batch by batch. */
export class StepMeter {
  private rows = 0;
  private lossSum = 0;
  /** Classification: counts [true class][predicted class]. */
  private readonly confusion: number[][];
  /** Regression: every output and target of the epoch, in batch order. */
  private readonly predicted: number[] = [];
  private readonly truth: number[] = [];

  /**
   * @param epoch the run's last epoch, the only one gathered: a run that ends before it (early
   *   stopping) ends with an earlier epoch's weights, which the report measures anyway
   */
  constructor(private readonly preprocessor: Preprocessor, private readonly units: number, private readonly epoch: number) {
    const n = Math.max(2, units);
    this.confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  }

  /** Takes a batch's outputs when it belongs to the last epoch. */
  batch(info: BatchInfo): void {
    if (info.epoch !== this.epoch) return;
    this.rows += info.rows;
    this.lossSum += info.loss * info.rows;
    const { outputs: y, targets: t, rows } = info;
    const u = this.units;
    if (this.preprocessor.task === 'regression') {
      for (let i = 0; i < rows * u; i++) {
        this.predicted.push(y[i]);
        this.truth.push(t[i]);
      }
      return;
    }
    for (let i = 0; i < rows; i++) this.confusion[classOf(t, i, u)][classOf(y, i, u)]++;
  }

  /** The last epoch's report, as `measure` gives it (null before the first batch). */
  report(): EvaluationReport | null {
    if (this.rows === 0) return null;
    const p = this.preprocessor;
    const loss = this.lossSum / this.rows;
    if (p.task === 'classification') {
      const classes = p.classes as string[];
      const confusion = this.confusion.slice(0, classes.length).map((r) => r.slice(0, classes.length));
      const hits = this.confusion.reduce((s, r, i) => s + r[i], 0);
      const perClass = classReport(confusion).map((c, i) => ({ class: classes[i], ...c }));
      return { task: 'classification', rows: this.rows, loss, accuracy: hits / this.rows, classes, confusion, perClass };
    }
    const truth = p.decodeTarget(this.truth);
    const predicted = p.decodeTarget(this.predicted);
    const m = mse(truth, predicted);
    return { task: 'regression', rows: this.rows, loss, mse: m, rmse: Math.sqrt(m), mae: mae(truth, predicted), r2: r2(truth, predicted) };
  }
}

/** Row i's class: the argmax of its values, or value ≥ 0.5 for a single unit (as `classesOf`). */
function classOf(v: Float32Array, i: number, units: number): number {
  if (units === 1) return v[i] >= 0.5 ? 1 : 0;
  let best = 0;
  const at = i * units;
  for (let j = 1; j < units; j++) if (v[at + j] > v[at + best]) best = j;
  return best;
}
