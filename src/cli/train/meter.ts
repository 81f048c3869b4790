/**
 * The training rows' final metrics, taken from the outputs each step already computed during the
 * last epoch (Note [metrics from the steps]) instead of a forward pass over every row after training.
 */
import type { BatchInfo, EpochInfo } from '../../index.js';
import { classificationReport, regressionReport, type EvaluationReport } from '../evaluate.js';
import type { Preprocessor } from '../../data/index.js';

// Note [metrics from the steps]: a forward pass over the training rows after training cost about
// 0.75 of an epoch on Fashion-MNIST (bench/notes.md, Note [metrics from the steps]), for numbers
// the steps had already computed: every batch's outputs, before its update. So the report's
// training metrics are the last epoch's, as the epoch lines and Keras give them (loss: the same
// sum as the epoch's record), with the confusion matrix and the regression errors gathered from
// the same outputs, during the run's last epoch only (a batch of any other epoch costs one
// compare). Where the network ends with other weights than the last epoch's (early stopping
// restoring its best epoch) or no epoch ran here, the rows are measured as before. The validation
// rows' report comes the same way from the outputs the last epoch's evaluation computed (its
// val_loss), with the weights the network ends with, instead of a second pass over them.

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

  /** The last epoch's validation outputs and loss, when it had validation rows. */
  private validation: { readonly outputs: Float32Array; readonly loss: number } | null = null;

  /** Keeps the epoch's validation outputs (the latest epoch's are the network's at the end, unless early stopping puts back others). */
  epochEnd(info: EpochInfo): void {
    this.validation = info.validationOutputs ? { outputs: info.validationOutputs, loss: info.log.valLoss as number } : null;
  }

  /** The validation rows' report from the latest epoch's outputs (null when there were none), as `measure` gives it. */
  validationReport(targets: Float32Array): EvaluationReport | null {
    const v = this.validation;
    return v ? reportOf(this.preprocessor, this.units, v.outputs, targets, v.loss) : null;
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
    if (p.task === 'classification') return classificationReport(p.classes as string[], this.confusion, this.rows, loss);
    return regressionReport(p, this.truth, this.predicted, this.rows, loss);
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

/**
 * A report of rows from the outputs already computed for them: `targets` class indices
 * (classification) or the scaled target values, as the prepared parts hold them.
 */
function reportOf(p: Preprocessor, units: number, outputs: Float32Array, targets: Float32Array, loss: number): EvaluationReport {
  const rows = targets.length;
  if (p.task !== 'classification') return regressionReport(p, targets, outputs, rows, loss);
  const n = Math.max(2, units);
  const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < rows; i++) counts[targets[i]][classOf(outputs, i, units)]++;
  return classificationReport(p.classes as string[], counts, rows, loss);
}
