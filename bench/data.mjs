// Data for the benchmark workloads: Fashion-MNIST from Debian's dataset-fashion-mnist (pixels / 255)
// and the 8×8 digits that ship with Neurite (data/, values / 16).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FMNIST_DIR = process.env.FMNIST_DIR ?? '/usr/share/datasets/fashion-mnist';

function idx(file) {
  const buf = gunzipSync(readFileSync(file));
  const rank = buf.readUInt32BE(0) & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  return { dims, bytes: buf.subarray(4 + 4 * rank) };
}

/** { x: Float32Array rows×784 in [0, 1], y: Uint8Array, rows } for 'train' or 't10k'. */
export function fashionMnist(split) {
  const im = idx(join(FMNIST_DIR, `${split}-images-idx3-ubyte.gz`));
  const lb = idx(join(FMNIST_DIR, `${split}-labels-idx1-ubyte.gz`));
  const x = new Float32Array(im.bytes.length);
  for (let i = 0; i < x.length; i++) x[i] = im.bytes[i] / 255;
  return { x, y: Float32Array.from(lb.bytes), rows: im.dims[0] };
}

export const haveFashionMnist = () => existsSync(join(FMNIST_DIR, 'train-images-idx3-ubyte.gz'));

/** One-hot rows of k columns. */
export function oneHot(y, k) {
  const out = new Float32Array(y.length * k);
  for (let i = 0; i < y.length; i++) out[i * k + y[i]] = 1;
  return out;
}

/** The 8×8 digits shipped in data/digits.csv: { x: Float32Array 1797×64 (/ 16), y: Uint8Array, rows }. */
export function digits() {
  const lines = readFileSync(new URL('../data/digits.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const x = new Float32Array(lines.length * 64);
  const y = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.split(',').map(Number);
    for (let j = 0; j < 64; j++) x[i * 64 + j] = v[j] / 16;
    y[i] = v[64];
  });
  return { x, y, rows: lines.length };
}
