/**
 * The network the "pictures" view trains, batch by batch, and what it makes of one picture: every
 * layer's output for it, taken from the network's own layers in order (the feature maps drawn are
 * the very values the class probabilities are computed from).
 */
import { INFERENCE, noGrad, reshape, scope, Tensor, Trainer, type EpochLog, type Network } from '../../../src/index.js';
import { BATCH, CLASSES, LEARNING_RATE, newNetwork, SETS, type Pictures } from './sets.js';

/** A training run: the data, the network and its trainer, and the epochs done so far. */
export interface PictureRun {
  readonly seed: number;
  readonly data: Pictures;
  readonly net: Network;
  readonly trainer: Trainer;
  readonly logs: EpochLog[];
  /** The held-out accuracy after each epoch. */
  readonly accuracies: number[];
  /** While the held-out pictures are being counted after an epoch: how far, and how many were right. */
  checking: { row: number; right: number } | null;
  steps: number;
  lastLoss: number;
}

/** One layer's output for a picture: its type, its shape (without the batch) and its values, row-major. */
export interface LayerOutput {
  readonly index: number;
  readonly type: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Held-out pictures classified at a time: a few milliseconds. */
const CHECK_ROWS = 25;

/** A new run on `data` from `seed` (the first weights and the shuffling). */
export function startRun(data: Pictures, seed: number): PictureRun {
  const cols = SETS[data.set].side ** 2;
  const matrix = (x: Float32Array, rows: number) => ({ data: x, rows, cols });
  const net = newNetwork(data.set, seed);
  const trainer = new Trainer(net, matrix(data.train.x, data.train.rows), Array.from(data.train.y), {
    epochs: SETS[data.set].epochs, batchSize: BATCH, optimizer: 'adam', lr: LEARNING_RATE, seed,
  });
  return { seed, data, net, trainer, logs: [], accuracies: [], checking: null, steps: 0, lastLoss: NaN };
}

/**
 * One piece of work: a batch of training, or, after an epoch, the next few held-out pictures
 * classified (so no piece takes long: the page's thread stays free). False once all is done.
 */
export function workPiece(run: PictureRun): boolean {
  const c = run.checking;
  if (c) {
    const { test, set } = run.data;
    const size = SETS[set].side ** 2;
    const n = Math.min(CHECK_ROWS, test.rows - c.row);
    const p = run.net.predictFlat(test.x.subarray(c.row * size, (c.row + n) * size), n);
    for (let i = 0; i < n; i++) {
      const row = p.subarray(i * CLASSES, (i + 1) * CLASSES);
      if (row.indexOf(Math.max(...row)) === test.y[c.row + i]) c.right++;
    }
    c.row += n;
    if (c.row === test.rows) {
      run.accuracies.push(c.right / test.rows);
      run.checking = null;
    }
    return true;
  }
  const s = run.trainer.step();
  if (s === null) return false;
  run.steps++;
  run.lastLoss = s.loss;
  if (s.log) {
    run.logs.push(s.log);
    run.checking = { row: 0, right: 0 };
  }
  return true;
}

/**
 * Every layer's output for one picture (side² values in 0…1), at inference: the picture goes
 * through `net.layers` one after the other, as Network.forward sends it, and each output is kept.
 * The last is the output layer's: the class probabilities.
 */
export function layerOutputs(net: Network, picture: Float32Array): LayerOutput[] {
  return scope(() => noGrad(() => {
    let h = reshape(new Tensor(picture, [1, net.inputs]), [1, ...net.inputShape]);
    return net.layers.map((layer, index) => {
      h = layer.forward(h, INFERENCE);
      return { index, type: layer.type, shape: layer.outputShape, values: Float32Array.from(h.data) };
    });
  }));
}
