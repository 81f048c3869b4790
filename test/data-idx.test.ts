import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { messageOf } from './helpers.js';
import { DataError } from '../src/data/errors.js';
import { decodePixels, pairIdx, parseIdx, type IdxImages } from '../src/data/idx.js';
import { readDataFile } from '../src/data/node/read.js';

function idxImages(count: number, height: number, width: number, pixels: number[]): Uint8Array {
  const header = new DataView(new ArrayBuffer(16));
  [0x803, count, height, width].forEach((v, i) => header.setUint32(4 * i, v));
  return Uint8Array.from([...new Uint8Array(header.buffer), ...pixels]);
}

function idxLabels(labels: number[]): Uint8Array {
  const header = new DataView(new ArrayBuffer(8));
  header.setUint32(0, 0x801);
  header.setUint32(4, labels.length);
  return Uint8Array.from([...new Uint8Array(header.buffer), ...labels]);
}

const dataMessage = (f: () => unknown): string => messageOf(f, DataError);

const pixels = [0, 255, 7, 128, 1, 2, 3, 4, 5, 6, 250, 9]; // 2 images of 2 × 3

describe('parseIdx', () => {
  it('reads images as raw pixel rows and labels', () => {
    const f = parseIdx(idxImages(2, 2, 3, pixels), 'img');
    expect(f.kind).toBe('images');
    if (f.kind !== 'images') return;
    expect([f.count, f.height, f.width, f.bytes.length]).toEqual([2, 2, 3, 12]);
    expect(Array.from(f.bytes)).toEqual(pixels);
    const l = parseIdx(idxLabels([3, 9]), 'lab');
    expect(l.kind === 'labels' && Array.from(l.labels)).toEqual([3, 9]);
  });

  it('reads from a view into a larger buffer', () => {
    const bytes = idxLabels([1, 2, 3]);
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 5);
    const l = parseIdx(padded.subarray(5), 'lab');
    expect(l.kind === 'labels' && Array.from(l.labels)).toEqual([1, 2, 3]);
  });

  it('says which magic number it found and which it expected', () => {
    expect(dataMessage(() => parseIdx(Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 0), 'x.idx'))).toBe(
      'x.idx: wrong magic number 0x00000802; expected 0x00000803 (IDX images) or 0x00000801 (IDX labels); is this an IDX file of unsigned bytes?',
    );
    expect(dataMessage(() => parseIdx(gzipSync(idxLabels([1])), 'x.gz'))).toMatch(/^x\.gz: wrong magic number 0x1f8b0800; .*the file is gzip-compressed/);
  });

  it('reports truncated files and trailing bytes with byte counts', () => {
    const full = idxImages(2, 2, 3, pixels);
    expect(dataMessage(() => parseIdx(full.subarray(0, full.length - 1), 'img'))).toBe(
      'img: truncated IDX file: expected 28 bytes (16-byte header + 2 images of 2 × 3), found 27 bytes; the file is incomplete; download it again',
    );
    expect(dataMessage(() => parseIdx(full.subarray(0, 10), 'img'))).toMatch(/^img: truncated IDX file: expected at least 16 bytes \(the images header\), found 10 bytes/);
    expect(dataMessage(() => parseIdx(Uint8Array.of(0, 0), 'img'))).toMatch(/expected at least 4 bytes \(the magic number\), found 2 bytes/);
    expect(dataMessage(() => parseIdx(Uint8Array.from([...idxLabels([1, 2]), 0]), 'lab'))).toBe(
      'lab: expected 10 bytes (8-byte header + 2 labels), found 11: 1 bytes after the data; the header does not match the file; is it the right file?',
    );
  });

  it('pairs images with labels and refuses a count mismatch', () => {
    const images = parseIdx(idxImages(2, 2, 3, pixels), 'train-images');
    const pair = pairIdx(images, parseIdx(idxLabels([4, 5]), 'train-labels'));
    expect([pair.images.count, Array.from(pair.labels)]).toEqual([2, [4, 5]]);
    expect(dataMessage(() => pairIdx(images, parseIdx(idxLabels([4, 5, 6]), 'test-labels')))).toBe(
      'test-labels: 3 labels for 2 images in train-images; use the labels file that belongs to these images',
    );
    expect(dataMessage(() => pairIdx(parseIdx(idxLabels([1]), 'l'), images))).toMatch(/^l: expected an IDX images file, found IDX labels/);
    expect(dataMessage(() => pairIdx(images, { kind: 'csv', source: 'l.csv' }))).toBe('l.csv: expected an IDX labels file, found a CSV file; check the order of the images and labels files');
  });
});

describe('decodePixels', () => {
  // the byte-by-byte definition: image i's pixel k, divided by 255 as float32, to row rows[i]
  const reference = (im: IdxImages, out: Float32Array, rows?: number[]): Float32Array => {
    const size = im.height * im.width;
    for (let i = 0; i < im.count; i++) {
      const r = rows ? rows[i] : i;
      if (r < out.length / size) for (let k = 0; k < size; k++) out[r * size + k] = Math.fround(im.bytes[i * size + k] / 255);
    }
    return out;
  };

  it('equals p / 255 pixel by pixel, whatever the image size and the bytes\' alignment', () => {
    for (const [height, width] of [[28, 28], [5, 5], [1, 3], [2, 2], [1, 1], [3, 7]]) {
      const size = height * width;
      const count = 11;
      for (let offset = 0; offset < 4; offset++) {
        const buffer = new Uint8Array(offset + count * size + 3);
        for (let j = 0; j < buffer.length; j++) buffer[j] = (j * 97 + offset * 31) & 255;
        const im: IdxImages = { kind: 'images', source: 'img', count, height, width, bytes: buffer.subarray(offset, offset + count * size) };
        const rows = Array.from({ length: count }, (_, i) => (i * 5 + 3) % (count + 2)); // two go past the end: skipped
        const want = reference(im, new Float32Array((count - 2) * size).fill(-1), rows);
        expect(Array.from(decodePixels(im, new Float32Array((count - 2) * size).fill(-1), rows)), `${height}×${width} at offset ${offset}`).toEqual(Array.from(want));
        expect(Array.from(decodePixels(im, new Float32Array(count * size))), `${height}×${width} at offset ${offset}, in order`).toEqual(Array.from(reference(im, new Float32Array(count * size))));
      }
    }
  });

  it('gives every byte value its own p / 255', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, p) => 255 - p);
    const out = decodePixels({ kind: 'images', source: 'img', count: 16, height: 4, width: 4, bytes }, new Float32Array(256));
    expect(Array.from(out)).toEqual(Array.from(bytes, (p) => Math.fround(p / 255)));
  });
});

describe('readDataFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-data-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('reads CSV, IDX and gzip-compressed IDX and CSV', () => {
    const csv = readDataFile(write('a.csv', 'x,y\n1,2\n'));
    expect(csv.kind === 'csv' && [csv.table.rowCount, csv.table.column(0).value(0), csv.table.column(1).value(0)]).toEqual([1, 1, 2]);
    const raw = readDataFile(write('img.idx', idxImages(2, 2, 3, pixels)));
    expect(raw.kind === 'images' && Array.from(raw.bytes)).toEqual(pixels);
    const gz = readDataFile(write('img.idx.gz', gzipSync(idxImages(2, 2, 3, pixels))));
    expect(gz.kind === 'images' && Array.from(gz.bytes)).toEqual(pixels);
    expect(gz.hash).toBe(raw.hash); // the fingerprint is of the inflated bytes
    const gzCsv = readDataFile(write('b.csv.gz', gzipSync('x,y\n3,4\n')));
    expect(gzCsv.kind === 'csv' && gzCsv.table.source).toBe(join(dir, 'b.csv.gz'));
  });

  it('names the file for a corrupt gzip, a missing, empty or binary file', () => {
    const gz = gzipSync(idxImages(2, 2, 3, pixels));
    const cut = write('cut.gz', gz.subarray(0, gz.length - 12));
    expect(dataMessage(() => readDataFile(cut))).toMatch(new RegExp(`^${cut.replace(/[.\\]/g, '\\$&')}: corrupt gzip data \\(unexpected end of file\\); the file may be incomplete`));
    const garbled = Uint8Array.from(gz);
    garbled.fill(0xff, 10, 30);
    expect(dataMessage(() => readDataFile(write('bad.gz', garbled)))).toContain('bad.gz: corrupt gzip data (');
    const missing = join(dir, 'nope.csv');
    expect(dataMessage(() => readDataFile(missing))).toBe(`${missing}: no such file`);
    expect(dataMessage(() => readDataFile(write('empty.csv', '')))).toBe(`${join(dir, 'empty.csv')}: the file is empty; expected CSV text or IDX data`);
    expect(dataMessage(() => readDataFile(write('pic.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 1))))).toMatch(/pic\.png: this is a PNG image, not a table of text; give a table \(CSV, TSV or JSON\)/);
    mkdirSync(join(dir, 'folder'));
    expect(dataMessage(() => readDataFile(join(dir, 'folder')))).toMatch(/folder: is a directory/);
  });

  it('passes CSV errors through with the path', () => {
    const path = write('ragged.csv', 'a,b\n1\n');
    expect(dataMessage(() => readDataFile(path))).toBe(`${path}:2:2: expected 2 fields (as in the header), found 1; fill in the missing field`);
  });
});
