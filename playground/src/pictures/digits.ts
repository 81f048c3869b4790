/**
 * What the "pictures" view learns from: the library's 8 × 8 handwritten digits (UCI, already in
 * the page: no download), split once into training and held-out images, and the small
 * convolutional network trained on them. Pure: the same seed gives the same split and, step for
 * step, the same network anywhere (the page test rebuilds it in Node).
 */
import { loadDataset, Network, Random, splitIndices, type LayerSpec } from '../../../src/index.js';

/** Image side and the count a pixel holds (the UCI digits count the on pixels of a 4 × 4 block of a 32 × 32 bitmap). */
export const SIDE = 8;
export const PIXEL_MAX = 16;
export const CLASSES = 10;
/** The share of images held out: never trained on, they measure the accuracy and are the examples offered. */
export const HELD_OUT = 0.2;
/** Epochs the page trains before it stops on its own (about 0.97 held out; see docs/playground.md). */
export const EPOCHS = 15;
export const BATCH = 32;
export const LEARNING_RATE = 3e-3;

/**
 * Two convolutions with pooling, small enough that one batch trains in a few milliseconds on the
 * page's thread: 8 × 8 × 1 → conv 8 → pool → 4 × 4 × 8 → conv 16 → pool → 2 × 2 × 16 → 10 classes.
 */
export const LAYERS: readonly LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'flatten' },
  { units: CLASSES, activation: 'softmax' },
];

/** Images as rows of SIDE² values in 0…1 (count / 16), with their classes. */
export interface Images {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly rows: number;
}

/** The training and held-out images. */
export interface Digits {
  readonly train: Images;
  readonly test: Images;
}

function take(x: Float32Array, y: Uint8Array, rows: ArrayLike<number>): Images {
  const size = SIDE * SIDE;
  const out = new Float32Array(rows.length * size);
  const labels = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    out.set(x.subarray(rows[i] * size, (rows[i] + 1) * size), i * size);
    labels[i] = y[rows[i]];
  }
  return { x: out, y: labels, rows: rows.length };
}

/** The digits split by class into training and held-out images, the split drawn from `seed`. */
export function loadDigits(seed: number): Digits {
  const table = loadDataset('digits');
  const size = SIDE * SIDE;
  const n = table.rows.length;
  const x = new Float32Array(n * size);
  const y = new Uint8Array(n);
  table.rows.forEach((r, i) => {
    for (let j = 0; j < size; j++) x[i * size + j] = Number(r[j]) / PIXEL_MAX;
    y[i] = Number(r[size]);
  });
  const split = splitIndices(n, HELD_OUT, new Random(seed), y);
  return { train: take(x, y, split.train), test: take(x, y, split.validation) };
}

/** A new network, its weights drawn from `seed`. */
export function newNetwork(seed: number): Network {
  return new Network({ inputShape: [SIDE, SIDE, 1], layers: [...LAYERS], seed, loss: 'cross-entropy' });
}
