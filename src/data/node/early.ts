/**
 * Reading an IDX file (optionally gzip) off the main thread, begun before it is needed: the file
 * read and inflated, its SHA-256 computed when asked, and the block its images decode into mapped,
 * on libuv's thread pool.
 *
 * Note [reading early]: a command line program spends its first ~0.2 s of CPU loading its modules,
 * on one thread, while the file it will train on waits; inflating Fashion-MNIST's training images
 * takes ~0.15 s of CPU more. Begun before the modules load, the read, the inflate and (for a
 * checkpoint's fingerprint) the SHA-256 of the inflated bytes run on the pool beside the loading,
 * where a core is free (bench/notes.md, "reading early"). The bounds are readDataFile's (Note
 * [bounded reading]): the head is checked before the rest is read (a CSV file or a pipe is never read
 * here), and the inflate stops at the size the IDX header declares. The float32 block the images
 * decode into (188 MB for Fashion-MNIST) costs ~0.1 s of page faults when first written; asked
 * for, it is allocated here and filled from /dev/zero on the pool, which maps its pages there (a
 * block of zeros either way: where there is no /dev/zero it is mapped when written): beside the
 * inflate when it is at most BESIDE times the file's size (what a genuine file that size could
 * need), else once the images' bytes are all there, never for what a header alone claims. Whatever goes wrong gives
 * null, and the caller reads the file with readDataFile, which reports the problem as it always
 * did: an early read never changes which error a user sees, nor when.
 */
import { webcrypto } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { idxHeader } from '../idx.js';
import { idxFile, inflatePrefix, MAX_DEFLATE_RATIO, type DataFile } from './read.js';

const inflate = promisify(gunzip);
/**
 * The images' block is mapped beside the inflate when it is at most this many times the file's size
 * (Fashion-MNIST's training images: 7.1), else after it.
 */
const BESIDE = 8;
/** The bytes read first, to tell gzip and IDX apart and find the IDX header (readDataFile inflates the same 1 KiB of gzip). */
const HEAD = 1024;

/** What {@link prefetchIdx} may be told. */
export interface PrefetchOptions {
  /** Also compute the SHA-256 of the (inflated) bytes, the file's `hash`, off the main thread. */
  hash?: boolean;
  /** Also allocate a block of zeros for the decoded images (count · height · width float32), its memory mapped off the main thread. */
  block?: boolean;
}

/** What {@link prefetchIdx} read: the file as readDataFile gives it, and the block asked for (IDX images only). */
export interface Prefetched {
  readonly file: DataFile;
  /** count · height · width zeros, for decodePixels. */
  readonly block?: Float32Array;
}

/**
 * Reads an IDX images or labels file, gzip-compressed or not, off the main thread (Note [reading
 * early]): for a caller that knows which file it will need before it can use it. The file is
 * what {@link readDataFile} gives; its `hash` already computed when `options.hash`.
 *
 * @param path the file's path
 * @returns the file (and the block asked for), or null when it is not a regular IDX file (gzip or
 *   not) or cannot be read as one; readDataFile then reads it and reports why
 * @example
 * ```ts
 * const early = prefetchIdx('train-images-idx3-ubyte.gz', { hash: true });
 * // ... other work ...
 * const images = (await early)?.file ?? readDataFile('train-images-idx3-ubyte.gz');
 * ```
 */
export async function prefetchIdx(path: string, options: PrefetchOptions = {}): Promise<Prefetched | null> {
  let mapping: Promise<Float32Array | undefined> | undefined;
  // beside the inflate when the block is at most BESIDE times the file's size (what a genuine file
  // of that size could need), else once the images' bytes are all there: a header alone may claim
  // any size, and must not decide how much memory is touched
  const wanted = (values: number, fileBytes: number): void => {
    if (options.block && values * 4 <= BESIDE * fileBytes) mapping = mappedBlock(values);
  };
  try {
    const bytes = await readIdxBytes(path, wanted);
    if (bytes === null) return null;
    const header = idxHeader(bytes);
    const complete = header?.kind === 'images' && header.bytes === bytes.length;
    if (options.block && complete && mapping === undefined) mapping = mappedBlock(header.count * header.size);
    const hash = options.hash ? hex(await webcrypto.subtle.digest('SHA-256', bytes)) : undefined;
    const file = idxFile(bytes, path, hash);
    const zeros = complete ? await mapping : undefined;
    return { file, ...(zeros ? { block: zeros } : {}) };
  } catch {
    return null;
  } finally {
    await mapping; // not left mapping memory nobody holds
  }
}

/**
 * count · size zeros, mapped by reading /dev/zero into them on the pool (Note [reading early]);
 * left to be mapped when written where that fails; undefined when so large a block cannot be
 * had (the caller's own allocation then fails as it would have).
 */
async function mappedBlock(length: number): Promise<Float32Array | undefined> {
  let block: Float32Array;
  try {
    block = new Float32Array(length);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(block.buffer);
  try {
    const zero = await open('/dev/zero', 'r');
    try {
      for (let at = 0; at < bytes.length;) {
        const { bytesRead } = await zero.read(bytes, at, Math.min(bytes.length - at, 1 << 30), null);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
    } finally {
      await zero.close();
    }
  } catch {
    // zeros all the same
  }
  return block;
}

/**
 * The IDX bytes of a regular file (inflated when gzip), or null when the file is not one; `images`
 * hears the values of an images file's block and the file's size once its header passed the checks.
 */
async function readIdxBytes(path: string, images: (values: number, fileBytes: number) => void): Promise<Uint8Array | null> {
  // only a regular file: opening a named pipe would wait for a writer, and reading a pipe would
  // take bytes readDataFile needs
  if (!(await stat(path)).isFile()) return null;
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    const size = st.size;
    if (!st.isFile() || size < 8) return null;
    const head = new Uint8Array(Math.min(HEAD, size));
    await readAt(file, head, 0);
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const header = idxHeader(gzip ? inflatePrefix(head, path) : head);
    if (header === null) return null;
    if (gzip ? header.bytes > size * MAX_DEFLATE_RATIO + 1024 : header.bytes !== size) return null;
    if (header.kind === 'images') images(header.count * header.size, size);
    const all = new Uint8Array(size);
    all.set(head);
    await readAt(file, all, head.length);
    if (!gzip) return all;
    // one chunk a byte larger than the declared size, as readDataFile's inflate (one job on the pool)
    return await inflate(all, { maxOutputLength: header.bytes, chunkSize: Math.max(64, header.bytes + 1) });
  } finally {
    await file.close();
  }
}

/** Fills `into` from byte `from` of the file on; a file that ends first throws. */
async function readAt(file: Awaited<ReturnType<typeof open>>, into: Uint8Array, from: number): Promise<void> {
  for (let at = from; at < into.length;) {
    const { bytesRead } = await file.read(into, at, into.length - at, at);
    if (bytesRead === 0) throw new Error('the file ended early');
    at += bytesRead;
  }
}

function hex(digest: ArrayBuffer): string {
  return Buffer.from(digest).toString('hex');
}
