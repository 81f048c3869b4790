import { noGrad } from '../autograd/backward.js';
import type { Matrix, MatrixLike, Records } from '../core/matrix.js';
import { type Loss, lossFromLogits } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { accuracy, type ClassReport, classReport, classesOf, confusionMatrix, mae, mse, r2 } from './metrics.js';
import { fitInputs, isClassifier, labelsOf, type TargetsLike, toTargets } from './targets.js';

/** What {@link lossAndOutputsInParts} yields between its parts: a point where the caller may pause. */
export const PAUSE = Symbol('pause');

/** The mean loss over rows and the network's outputs `[rows, outputs]`, without gradients. */
export function lossAndOutputs(net: Network, x: Matrix, t: Matrix, loss: Loss): { loss: number; outputs: Float32Array } {
  return toEnd(lossAndOutputsInParts(net, x, t, loss));
}

/** Runs a generator of parts to its end, without pausing: its result. */
export function toEnd<T>(parts: Generator<unknown, T>): T {
  for (;;) {
    const r = parts.next();
    if (r.done) return r.value;
  }
}

// Note [forward in blocks]: the loss of a part is one mean over its rows, so the parts cannot be
// smaller without changing its bits; but a row's outputs do not depend on the other rows of its
// batch (inference: no batch statistics, no dropout), so the forward pass runs in blocks of
// FORWARD_BLOCK rows with a pause after each, and the part's loss is taken on all its logits at once.
const FORWARD_BLOCK = 256;

/**
 * {@link lossAndOutputs} a part of `net.inferenceBatch` rows at a time (Note [inference batches]
 * in nn/network.ts), yielding {@link PAUSE} between blocks of a part's forward pass (Note [forward
 * in blocks]) and between parts, so that the training loop's end of an epoch can give the event
 * loop a turn (fitAsync). The parts are the same either way, so the numbers are too.
 */
export function* lossAndOutputsInParts(net: Network, x: Matrix, t: Matrix, loss: Loss): Generator<typeof PAUSE, { loss: number; outputs: Float32Array }> {
  const outs = net.outputs;
  const outputs = new Float32Array(x.rows * outs);
  let total = 0;
  // Note [inference batches] in nn/network.ts
  const batch = net.inferenceBatch;
  // the logits of a part, in the type and shape the network gives them
  let logits: { data: Float32Array | Float64Array; shape: number[] } | null = null;
  for (let start = 0; start < x.rows; start += batch) {
    const n = Math.min(batch, x.rows - start);
    for (let b = 0; b < n; b += FORWARD_BLOCK) {
      if (start + b > 0) yield PAUSE;
      const m = Math.min(FORWARD_BLOCK, n - b);
      scope(() => noGrad(() => {
        const from = start + b;
        const { z, y } = net.forward(new Tensor(x.data.subarray(from * x.cols, (from + m) * x.cols), [m, x.cols]));
        outputs.set(y.data, from * outs);
        logits ??= { data: new (z.data.constructor as Float32ArrayConstructor)(Math.min(batch, x.rows) * outs), shape: z.shape.slice(1) };
        logits.data.set(z.data, b * outs);
      }));
    }
    total += scope(() => noGrad(() => {
      const tb = new Tensor(t.data.subarray(start * t.cols, (start + n) * t.cols), [n, t.cols]);
      const l = logits as NonNullable<typeof logits>;
      return lossFromLogits(loss, net.output.activation, new Tensor(l.data.subarray(0, n * outs), [n, ...l.shape]), tb).item() * n;
    }));
  }
  return { loss: total / Math.max(1, x.rows), outputs };
}

/** Loss and metrics of a network on labelled data. */
export interface Evaluation {
  readonly loss: number;
  /** Classification: fraction of rows whose predicted class is right. */
  readonly accuracy?: number;
  /** Classification: rows = true class, columns = predicted class. */
  readonly confusion?: number[][];
  /** Classification: precision, recall, F1 and support of each class. */
  readonly perClass?: ClassReport[];
  readonly mse?: number;
  readonly rmse?: number;
  readonly mae?: number;
  readonly r2?: number;
}

/**
 * Evaluates a network on rows `x: [rows, inputs]` with targets `y` (class indices, text labels of
 * its classes, or values), in the units the network works in; records (and, without `y`, their
 * targets) go through the network's preprocessor as in {@link fit}.
 *
 * @example
 * ```ts
 * evaluate(net, xTest, yTest).accuracy; // 0.97
 * ```
 */
export function evaluate(net: Network, x: MatrixLike | Records, y?: TargetsLike, options: { loss?: Loss } = {}): Evaluation {
  const loss = options.loss ?? net.loss ?? defaultLoss(net);
  const { x: xm, y: ym } = fitInputs(net, x, y, 'evaluate');
  const t = toTargets(ym, net, xm.rows, 'evaluate.y');
  const { loss: value, outputs } = lossAndOutputs(net, xm, t, loss);
  if (isClassifier(net, loss)) {
    const truth = labelsOf(t);
    const predicted = classesOf(outputs, xm.rows, net.outputs);
    const confusion = confusionMatrix(truth, predicted, Math.max(2, net.outputs));
    return { loss: value, accuracy: accuracy(truth, predicted), confusion, perClass: classReport(confusion) };
  }
  const m = mse(t.data, outputs);
  return { loss: value, mse: m, rmse: Math.sqrt(m), mae: mae(t.data, outputs), r2: r2(t.data, outputs) };
}

/** The loss a network trains with when none is named: cross-entropy for softmax, binary cross-entropy for sigmoid, else mse. */
export function defaultLoss(net: Network): Loss {
  const a = net.output.activation;
  return a === 'softmax' ? 'cross-entropy' : a === 'sigmoid' && net.outputs === 1 ? 'binary-cross-entropy' : 'mse';
}
