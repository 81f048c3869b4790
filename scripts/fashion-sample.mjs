// Makes the playground's Fashion-MNIST sample (playground/data/fashion-sample-*.idx) from the
// official files (Zalando Research, MIT licence; Debian's dataset-fashion-mnist puts them in
// /usr/share/datasets/fashion-mnist): the first 200 training images of each class and the first
// 50 test images of each class, in class order, each halved to 14 × 14 (the mean of every 2 × 2
// block, rounded), as one IDX images file and one IDX labels file: 2,000 to train on, then 500
// held out. Usage: node scripts/fashion-sample.mjs [FOLDER] [OUT]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const TRAIN_PER_CLASS = 200;
export const TEST_PER_CLASS = 50;
const SIDE = 28;
const HALF = 14;

function pick(folder, prefix, perClass) {
  const images = gunzipSync(readFileSync(join(folder, `${prefix}-images-idx3-ubyte.gz`))).subarray(16);
  const labels = gunzipSync(readFileSync(join(folder, `${prefix}-labels-idx1-ubyte.gz`))).subarray(8);
  const rows = [];
  for (let k = 0; k < 10; k++) {
    const of = [];
    for (let i = 0; i < labels.length && of.length < perClass; i++) if (labels[i] === k) of.push(i);
    rows.push(...of);
  }
  return rows.map((i) => ({ label: labels[i], pixels: halve(images.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE)) }));
}

function halve(p) {
  const out = new Uint8Array(HALF * HALF);
  for (let r = 0; r < HALF; r++) {
    for (let c = 0; c < HALF; c++) {
      const s = p[2 * r * SIDE + 2 * c] + p[2 * r * SIDE + 2 * c + 1] + p[(2 * r + 1) * SIDE + 2 * c] + p[(2 * r + 1) * SIDE + 2 * c + 1];
      out[r * HALF + c] = Math.round(s / 4);
    }
  }
  return out;
}

/** The sample's two IDX files as bytes: images [n, 14, 14] and labels [n]. */
export function fashionSample(folder = '/usr/share/datasets/fashion-mnist') {
  const all = [...pick(folder, 'train', TRAIN_PER_CLASS), ...pick(folder, 't10k', TEST_PER_CLASS)];
  const images = new Uint8Array(16 + all.length * HALF * HALF);
  const view = new DataView(images.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, all.length);
  view.setUint32(8, HALF);
  view.setUint32(12, HALF);
  all.forEach((a, i) => images.set(a.pixels, 16 + i * HALF * HALF));
  const labels = new Uint8Array(8 + all.length);
  new DataView(labels.buffer).setUint32(0, 0x00000801);
  new DataView(labels.buffer).setUint32(4, all.length);
  all.forEach((a, i) => (labels[8 + i] = a.label));
  return { images, labels };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[3] ?? 'playground/data');
  mkdirSync(out, { recursive: true });
  const { images, labels } = fashionSample(process.argv[2]);
  writeFileSync(join(out, 'fashion-sample-images.idx'), images);
  writeFileSync(join(out, 'fashion-sample-labels.idx'), labels);
  console.log(`wrote ${images.length} + ${labels.length} bytes to ${out}`);
}
