/**
 * The network the "pictures" view trains, batch by batch, and what it makes of one picture: every
 * layer's output for it, taken from the network's own layers in order (the feature maps drawn are
 * the very values the class probabilities are computed from).
 */
import { INFERENCE, noGrad, reshape, scope, Tensor, Trainer, type EpochLog, type Network } from '../../../src/index.js';
import { BATCH, EPOCHS, LEARNING_RATE, loadDigits, newNetwork, SIDE, type Digits } from './digits.js';

/** A training run: the data, the network and its trainer, and the epochs done so far. */
export interface PictureRun {
  readonly seed: number;
  readonly digits: Digits;
  readonly net: Network;
  readonly trainer: Trainer;
  readonly logs: EpochLog[];
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

const matrix = (x: Float32Array, rows: number) => ({ data: x, rows, cols: SIDE * SIDE });

let cached: { seed: number; digits: Digits } | null = null;

/** A new run from `seed` (the split and the first weights); the held-out images are its validation data. */
export function startRun(seed: number): PictureRun {
  if (cached?.seed !== seed) cached = { seed, digits: loadDigits(seed) };
  const { digits } = cached;
  const net = newNetwork(seed);
  const trainer = new Trainer(net, matrix(digits.train.x, digits.train.rows), Array.from(digits.train.y), {
    epochs: EPOCHS, batchSize: BATCH, optimizer: 'adam', lr: LEARNING_RATE, seed,
    validationData: { x: matrix(digits.test.x, digits.test.rows), y: Array.from(digits.test.y) },
  });
  return { seed, digits, net, trainer, logs: [], steps: 0, lastLoss: NaN };
}

/** Trains one batch; false once the run has done its epochs. */
export function trainBatch(run: PictureRun): boolean {
  const s = run.trainer.step();
  if (s === null) return false;
  run.steps++;
  run.lastLoss = s.loss;
  if (s.log) run.logs.push(s.log);
  return true;
}

/**
 * Every layer's output for one picture of SIDE² values (0…1), at inference: the picture goes
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
