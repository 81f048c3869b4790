/**
 * IDX files (the MNIST / Fashion-MNIST format): a big-endian header, then unsigned bytes.
 * Images: magic 0x00000803, then count, height, width (uint32 each), then count·height·width
 * pixels. Labels: magic 0x00000801, then count, then count labels.
 */
import type { Matrix } from '../core/matrix.js';
import { DataError } from './errors.js';

/** Magic number of an IDX file of uint8 images `[count, height, width]`. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of uint8 labels `[count]`. */
export const IDX_LABELS_MAGIC = 0x00000801;

/** Images read from an IDX file: `pixels` holds raw values 0–255, one image per row. */
export interface IdxImages {
  kind: 'images';
  source: string;
  count: number;
  height: number;
  width: number;
  /** `[count, height · width]`, row-major pixels of each image. */
  pixels: Matrix;
}

/** Labels read from an IDX file. */
export interface IdxLabels {
  kind: 'labels';
  source: string;
  count: number;
  /** `[count]` */
  labels: Uint8Array;
}

/** Either kind of IDX file. */
export type IdxFile = IdxImages | IdxLabels;

/**
 * Parses the bytes of an (uncompressed) IDX images or labels file.
 *
 * @param bytes the file's bytes
 * @param source the file name used in errors
 * @returns images as a `[count, height·width]` float32 matrix of raw pixels, or labels
 * @throws DataError for a wrong magic number, a truncated file or trailing bytes
 * @example
 * ```ts
 * const f = parseIdx(fs.readFileSync('train-images-idx3-ubyte'), 'train-images');
 * if (f.kind === 'images') f.pixels.cols; // 784
 * ```
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxFile {
  if (bytes.length < 4) throw truncated(source, 'at least 4 bytes (the magic number)', bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic === IDX_IMAGES_MAGIC) return parseImages(bytes, view, source);
  if (magic === IDX_LABELS_MAGIC) return parseLabels(bytes, view, source);
  throw new DataError({
    file: source,
    problem: `wrong magic number ${hex(magic)}; expected ${hex(IDX_IMAGES_MAGIC)} (IDX images) or ${hex(IDX_LABELS_MAGIC)} (IDX labels)`,
    fix: bytes[0] === 0x1f && bytes[1] === 0x8b ? 'the file is gzip-compressed: decompress it first' : 'is this an IDX file of unsigned bytes?',
    expected: `${hex(IDX_IMAGES_MAGIC)} or ${hex(IDX_LABELS_MAGIC)}`,
    received: hex(magic),
  });
}

function parseImages(bytes: Uint8Array, view: DataView, source: string): IdxImages {
  if (bytes.length < 16) throw truncated(source, 'at least 16 bytes (the images header)', bytes.length);
  const count = view.getUint32(4);
  const height = view.getUint32(8);
  const width = view.getUint32(12);
  const size = height * width;
  checkLength(bytes.length, 16 + count * size, `16-byte header + ${count} images of ${height} × ${width}`, source);
  const data = new Float32Array(count * size);
  data.set(bytes.subarray(16));
  return { kind: 'images', source, count, height, width, pixels: { data, rows: count, cols: size } };
}

function parseLabels(bytes: Uint8Array, view: DataView, source: string): IdxLabels {
  if (bytes.length < 8) throw truncated(source, 'at least 8 bytes (the labels header)', bytes.length);
  const count = view.getUint32(4);
  checkLength(bytes.length, 8 + count, `8-byte header + ${count} labels`, source);
  return { kind: 'labels', source, count, labels: bytes.slice(8) };
}

function checkLength(found: number, expected: number, what: string, source: string): void {
  if (found < expected) throw truncated(source, `${expected} bytes (${what})`, found);
  if (found > expected) {
    throw new DataError({
      file: source,
      problem: `expected ${expected} bytes (${what}), found ${found}: ${found - expected} bytes after the data`,
      fix: 'the header does not match the file; is it the right file?',
      expected: `${expected} bytes`,
      received: `${found} bytes`,
    });
  }
}

function truncated(source: string, expected: string, found: number): DataError {
  return new DataError({
    file: source,
    problem: `truncated IDX file: expected ${expected}, found ${found} bytes`,
    fix: 'the file is incomplete; download it again',
    expected,
    received: `${found} bytes`,
  });
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** A file that is not IDX (e.g. the `{ kind: 'csv' }` result of `readDataFile`), refused by {@link pairIdx}. */
export interface OtherFile {
  kind: 'csv';
  source: string;
}

/**
 * Pairs an images file with its labels file, checking they hold the same number of items.
 *
 * @param images parsed IDX images (anything else is an error naming the file)
 * @param labels parsed IDX labels
 * @returns `images: [count, height·width]` raw pixels and `labels: [count]`
 * @throws DataError naming both files when the counts differ
 * @example
 * ```ts
 * const { images, labels } = pairIdx(parseIdx(a, 'train-images'), parseIdx(b, 'train-labels'));
 * ```
 */
export function pairIdx(images: IdxFile | OtherFile, labels: IdxFile | OtherFile): { images: Matrix; labels: Uint8Array } {
  if (images.kind !== 'images') throw wrongKind(images, 'images');
  if (labels.kind !== 'labels') throw wrongKind(labels, 'labels');
  if (images.count !== labels.count) {
    throw new DataError({
      file: labels.source,
      problem: `${labels.count} labels for ${images.count} images in ${images.source}`,
      fix: 'use the labels file that belongs to these images',
      expected: `${images.count} labels`,
      received: `${labels.count} labels`,
    });
  }
  return { images: images.pixels, labels: labels.labels };
}

function wrongKind(file: IdxFile | OtherFile, expected: IdxFile['kind']): DataError {
  return new DataError({
    file: file.source,
    problem: `expected an IDX ${expected} file, found ${file.kind === 'csv' ? 'a CSV file' : `IDX ${file.kind}`}`,
    fix: 'check the order of the images and labels files',
    expected,
    received: file.kind,
  });
}
