/**
 * What the "pictures" view learns from: the library's 8 × 8 handwritten digits (already in the
 * page: no download), or a sample of Fashion-MNIST halved to 14 × 14 (fetched when chosen), each
 * split into training and held-out images; and the small convolutional network trained on them.
 * Pure: the same data and seed give, step for step, the same network anywhere (the page test
 * rebuilds it in Node).
 */
import { loadDataset, Network, parseIdx, Random, splitIndices, decodePixels, type LayerSpec } from '../../../src/index.js';

export const PICTURE_SETS = ['digits', 'fashion'] as const;
export type PictureSetId = (typeof PICTURE_SETS)[number];

/** A set's fixed facts: its title, picture side, class names, epochs, and whether one can be drawn. */
export interface PictureSet {
  readonly title: string;
  readonly side: number;
  readonly classNames: readonly string[];
  readonly epochs: number;
  readonly drawable: boolean;
}

export const SETS: Readonly<Record<PictureSetId, PictureSet>> = {
  digits: { title: 'Handwritten digits (8 × 8)', side: 8, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], epochs: 15, drawable: true },
  fashion: {
    title: 'Fashion-MNIST (2,500 pictures, 14 × 14)', side: 14, epochs: 10, drawable: false,
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
};

/** The digits' pixel count maximum (the UCI digits count the on pixels of a 4 × 4 block of a 32 × 32 bitmap). */
export const PIXEL_MAX = 16;
export const CLASSES = 10;
/** The digits' share held out: never trained on, they measure the accuracy and are the examples offered. */
export const HELD_OUT = 0.2;
/** The Fashion-MNIST sample's files, served beside the page (scripts/fashion-sample.mjs makes them). */
export const FASHION_FILES = ['fashion-sample-images.idx', 'fashion-sample-labels.idx'] as const;
/** Its training pictures come first (200 of each class), then the held-out ones (50 of each, from the test set). */
export const FASHION_TRAIN = 2000;
export const BATCH = 32;
export const LEARNING_RATE = 3e-3;

/**
 * Two convolutions with pooling, small enough that one batch trains in a few milliseconds on the
 * page's thread: 8 × 8 × 1 → conv 8 → pool → 4 × 4 × 8 → conv 16 → pool → 2 × 2 × 16 → 10 classes
 * (14 × 14 → 7 × 7 → 3 × 3 for Fashion-MNIST).
 */
export const LAYERS: readonly LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'conv2d', filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'flatten' },
  { units: CLASSES, activation: 'softmax' },
];

/** Pictures as rows of side² values in 0…1, with their classes. */
export interface Images {
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly rows: number;
}

/** A set's training and held-out pictures. */
export interface Pictures {
  readonly set: PictureSetId;
  readonly train: Images;
  readonly test: Images;
}

function take(x: Float32Array, y: Uint8Array, rows: ArrayLike<number>, size: number): Images {
  const out = new Float32Array(rows.length * size);
  const labels = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    out.set(x.subarray(rows[i] * size, (rows[i] + 1) * size), i * size);
    labels[i] = y[rows[i]];
  }
  return { x: out, y: labels, rows: rows.length };
}

/** The digits (pixels = count / 16) split by class into training and held-out images, the split drawn from `seed`. */
export function loadDigits(seed: number): Pictures {
  const table = loadDataset('digits');
  const size = SETS.digits.side ** 2;
  const n = table.rows.length;
  const x = new Float32Array(n * size);
  const y = new Uint8Array(n);
  table.rows.forEach((r, i) => {
    for (let j = 0; j < size; j++) x[i * size + j] = Number(r[j]) / PIXEL_MAX;
    y[i] = Number(r[size]);
  });
  const split = splitIndices(n, HELD_OUT, new Random(seed), y);
  return { set: 'digits', train: take(x, y, split.train, size), test: take(x, y, split.validation, size) };
}

/** The Fashion-MNIST sample from its two IDX files' bytes (pixels / 255, as the CLI reads IDX images). */
export function fashionFrom(imageBytes: Uint8Array, labelBytes: Uint8Array): Pictures {
  const images = parseIdx(imageBytes, FASHION_FILES[0]);
  const labels = parseIdx(labelBytes, FASHION_FILES[1]);
  const side = SETS.fashion.side;
  if (images.kind !== 'images' || labels.kind !== 'labels' || images.height !== side || images.width !== side || images.count !== labels.count || images.count <= FASHION_TRAIN) {
    throw new Error(`the Fashion-MNIST sample is not ${side} × ${side} images with as many labels, more than ${FASHION_TRAIN}: rebuild it with scripts/fashion-sample.mjs`);
  }
  const x = decodePixels(images, new Float32Array(images.count * side * side));
  const all = Array.from({ length: images.count }, (_, i) => i);
  return {
    set: 'fashion',
    train: take(x, labels.labels, all.slice(0, FASHION_TRAIN), side * side),
    test: take(x, labels.labels, all.slice(FASHION_TRAIN), side * side),
  };
}

/** A new network for a set's pictures, its weights drawn from `seed`. */
export function newNetwork(set: PictureSetId, seed: number): Network {
  const side = SETS[set].side;
  return new Network({ inputShape: [side, side, 1], layers: [...LAYERS], seed, loss: 'cross-entropy' });
}
