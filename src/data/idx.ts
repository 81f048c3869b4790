/**
 * IDX files (the MNIST / Fashion-MNIST format): a big-endian header, then unsigned bytes.
 * Images: magic 0x00000803, then count, height, width (uint32 each), then count·height·width
 * pixels. Labels: magic 0x00000801, then count, then count labels.
 */
import { DataError } from './errors.js';

/** Magic number of an IDX file of uint8 images `[count, height, width]`. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of uint8 labels `[count]`. */
export const IDX_LABELS_MAGIC = 0x00000801;

/** Images read from an IDX file: `bytes` holds the raw pixels 0–255, image after image. */
export interface IdxImages {
  kind: 'images';
  source: string;
  count: number;
  height: number;
  width: number;
  /** `[count · height · width]`: the pixels of each image, row-major; see {@link decodePixels}. */
  bytes: Uint8Array;
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
 * @returns images (their bytes a view of `bytes`, not a copy) or labels
 * @throws DataError for a wrong magic number, a truncated file or trailing bytes
 * @example
 * ```ts
 * const f = parseIdx(fs.readFileSync('train-images-idx3-ubyte'), 'train-images');
 * if (f.kind === 'images') f.height * f.width; // 784
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
  return { kind: 'images', source, count, height, width, bytes: bytes.subarray(16) };
}

function parseLabels(bytes: Uint8Array, view: DataView, source: string): IdxLabels {
  if (bytes.length < 8) throw truncated(source, 'at least 8 bytes (the labels header)', bytes.length);
  const count = view.getUint32(4);
  checkLength(bytes.length, 8 + count, `8-byte header + ${count} labels`, source);
  return { kind: 'labels', source, count, labels: bytes.subarray(8) };
}

/** What the header of an IDX file says. */
export interface IdxHeader {
  kind: 'images' | 'labels';
  count: number;
  /** Pixels per image (1 for labels). */
  size: number;
  /** The file's length the header implies: header + count · size bytes. */
  bytes: number;
}

/**
 * Reads the header at the start of an IDX file, or null when the bytes do not start like one
 * (a magic number other than images' and labels', or fewer bytes than the header).
 *
 * @param bytes at least the first 16 bytes (images) or 8 (labels)
 * @example
 * ```ts
 * idxHeader(firstBytes)?.count; // 60000
 * ```
 */
export function idxHeader(bytes: Uint8Array): IdxHeader | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const count = view.getUint32(4);
  if (magic === IDX_LABELS_MAGIC) return { kind: 'labels', count, size: 1, bytes: 8 + count };
  if (magic !== IDX_IMAGES_MAGIC || bytes.length < 16) return null;
  const size = view.getUint32(8) * view.getUint32(12);
  return { kind: 'images', count, size, bytes: 16 + count * size };
}

/**
 * Decodes images into the float32 rows a network trains on, pixels divided by 255 in the same
 * pass (the `pixel` scaling: the same float32 as `(p − 0) / 255`), image i into row `rows[i]`.
 *
 * @param images the images
 * @param rows the row each image goes to (default: image i to row i); a row past the end skips it
 * @param out `[rows, height · width]`, written in place
 * @returns out
 * @example
 * ```ts
 * const x = decodePixels(images, new Float32Array(images.count * 784));
 * ```
 */
export function decodePixels(images: IdxImages, out: Float32Array, rows?: ArrayLike<number>): Float32Array {
  const size = images.height * images.width;
  const bytes = images.bytes;
  const outRows = out.length / size;
  // Note [pixels by the word]: four pixels are loaded as one uint32 (a quarter of the loads), each
  // still looked up in BY_255, so the values are those of the byte-by-byte loop
  const skip = (4 - (bytes.byteOffset & 3)) & 3;
  const words = LITTLE_ENDIAN && bytes.length >= skip ? new Uint32Array(bytes.buffer, bytes.byteOffset + skip, (bytes.length - skip) >> 2) : null;
  for (let i = 0; i < images.count; i++) {
    const r = rows ? rows[i] : i;
    if (r >= outRows) continue;
    const at = r * size;
    const from = i * size;
    let k = 0;
    if (words) {
      while (k < size && ((from + k - skip) & 3) !== 0) out[at + k] = BY_255[bytes[from + k++]];
      const end = k + ((size - k) & ~3);
      for (let w = (from + k - skip) >> 2; k < end; k += 4, w++) {
        const v = words[w];
        out[at + k] = BY_255[v & 255];
        out[at + k + 1] = BY_255[(v >>> 8) & 255];
        out[at + k + 2] = BY_255[(v >>> 16) & 255];
        out[at + k + 3] = BY_255[v >>> 24];
      }
    }
    for (; k < size; k++) out[at + k] = BY_255[bytes[from + k]];
  }
  return out;
}

/** p / 255 for every byte p, as float32: a lookup instead of a division per pixel, the same values. */
const BY_255 = Float32Array.from({ length: 256 }, (_, p) => p / 255);

/** Whether a Uint32Array reads bytes least significant first (every current engine and CPU). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

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
 * @returns the images and `labels: [count]`
 * @throws DataError naming both files when the counts differ
 * @example
 * ```ts
 * const { images, labels } = pairIdx(parseIdx(a, 'train-images'), parseIdx(b, 'train-labels'));
 * ```
 */
export function pairIdx(images: IdxFile | OtherFile, labels: IdxFile | OtherFile): { images: IdxImages; labels: Uint8Array } {
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
  return { images, labels: labels.labels };
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
