/**
 * Reading a data file from disk (Node only): CSV text, or IDX images/labels, either of them
 * optionally gzip-compressed (detected by the gzip magic bytes 1f 8b, not by the name), with
 * memory bounded whatever the file (Note [bounded reading]).
 *
 * Note [bounded reading]: CSV is read 1 MiB at a time into typed columns (csv.ts), hashed as it
 * comes (the fingerprint a checkpoint keeps). What is not a regular file (a pipe, a device, which
 * may never end) is read up to a limit, 1 GiB by default. Gzip data is inflated with a limit on
 * its output: an IDX file's own header says exactly how many bytes it holds (and a header that
 * claims more than deflate can pack into the file is refused before inflating), a CSV file may
 * inflate to 64 times its size or 1 GiB, whichever is more. NEURITE_MAX_INPUT (bytes, or with a
 * K, M, G suffix) overrides both limits.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { CsvReader } from '../csv.js';
import { DataError } from '../errors.js';
import { idxHeader, parseIdx, type IdxImages, type IdxLabels } from '../idx.js';
import { parseJsonTable } from '../json-table.js';
import { MISSING, type MissingMarkers } from '../numbers.js';
import type { ColumnTable } from '../table.js';
import { invalidUtf8 } from '../utf8.js';
import { checkNotOtherKind, tableFormat, type TableFormat } from './formats.js';

/** A table file read from disk: CSV or other delimited text, JSON or JSON Lines (Note [file formats]). */
export interface CsvFile {
  kind: 'csv';
  /** The path, as given. */
  source: string;
  table: ColumnTable;
  /** How it was written: the delimiter and quote found, or JSON. */
  format: TableFormat;
}

/** What {@link readDataFile} found: a CSV table, IDX images or IDX labels, and the SHA-256 of its (inflated) bytes. */
export type DataFile = (CsvFile | IdxImages | IdxLabels) & { readonly hash: string };

/** What {@link readDataFile} may be told. */
export interface ReadOptions {
  /** The limit on bytes read from a pipe or device and inflated from gzip CSV (Note [bounded reading]). */
  maxBytes?: number;
  /** The delimiter of a text table, instead of the one sniffed (`--delimiter`). */
  delimiter?: string;
  /** What counts as missing (default blank and the usual markers, Note [missing values]). */
  markers?: MissingMarkers;
}

const GiB = 1024 ** 3;
const PIECE = 1 << 20;
/** Deflate packs at most 1032 bytes into one (a run of one byte value), plus headers. */
export const MAX_DEFLATE_RATIO = 1032;

/**
 * Reads a CSV or IDX file, gunzipping it first when it starts with the gzip magic bytes.
 *
 * @param path the file's path (also the name used in errors)
 * @param options see {@link ReadOptions}; by default NEURITE_MAX_INPUT's limit
 * @throws DataError for a missing, empty, unreadable, corrupt, oversized or non-UTF-8 file, and any parse error
 * @example
 * ```ts
 * const f = readDataFile('train-images-idx3-ubyte.gz');
 * if (f.kind === 'images') f.count; // 60000
 * ```
 */
export function readDataFile(path: string, options: ReadOptions = {}): DataFile {
  const file = new Input(path, options.maxBytes ?? maxInputFromEnv());
  try {
    const head = file.head();
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return readGzip(file, options);
    if (head.length >= 4 && head[0] === 0 && head[1] === 0) {
      const header = idxHeader(head);
      // a header that is not IDX's is refused from the first bytes (/dev/zero never ends)
      const bytes = header ? file.all(header.bytes + 1) : head;
      return idxFile(bytes, path);
    }
    checkText(head, path);
    return readCsv(path, () => file.next(), file.regular ? file.sizeOnDisk : 0, options);
  } finally {
    file.close();
  }
}

/**
 * The first bytes of an IDX file (inflated when it is gzip), enough for its header, to check it
 * before reading the rest (e.g. that images and labels agree in number).
 *
 * @param path the file's path
 * @returns the first 16 bytes or fewer; none for a pipe or device, which can be read only once
 * @example
 * ```ts
 * idxHeader(peekHeader('train-images-idx3-ubyte.gz'))?.count; // 60000
 * ```
 */
export function peekHeader(path: string): Uint8Array {
  const file = new Input(path, maxInputFromEnv());
  try {
    if (!file.regular) return new Uint8Array(0);
    const head = file.head();
    if (head[0] !== 0x1f || head[1] !== 0x8b) return head.subarray(0, 16);
    return inflatePrefix(head, path).subarray(0, 16);
  } finally {
    file.close();
  }
}

function readGzip(file: Input, options: ReadOptions): DataFile {
  const path = file.path;
  const compressed = file.all();
  const header = idxHeader(inflatePrefix(compressed, path));
  if (header) {
    if (header.bytes > compressed.length * MAX_DEFLATE_RATIO + 1024) {
      throw new DataError({ file: path, problem: `the IDX header declares ${header.bytes} bytes (${header.count} items), more than ${compressed.length} bytes of gzip can hold`, fix: 'the file is damaged or not what it seems; download it again' });
    }
    // the size is known: inflated into one buffer of it, not pieces put together by a copy
    const bytes = inflate(compressed, path, header.bytes, `more data than the IDX header declares (${header.bytes} bytes)`, 'the header does not match the data; is it the right file?', true);
    return idxFile(bytes, path);
  }
  const limit = file.limitGiven ? file.limit : Math.max(64 * compressed.length, GiB);
  const text = inflate(compressed, path, limit, `it inflates to more than ${size(limit)} (64 times its size, at least 1 GiB)`, 'if the data is really that large, decompress it first or set NEURITE_MAX_INPUT to a larger size (e.g. NEURITE_MAX_INPUT=8G)');
  if (text.length === 0) throw new DataError({ file: path, problem: 'the file is empty after decompression', fix: 'expected CSV text or IDX data inside the gzip file' });
  if (text.length >= 4 && text[0] === 0 && text[1] === 0) return idxFile(text, path);
  checkText(text, path);
  let at = 0;
  return readCsv(path, () => (at < text.length ? text.subarray(at, (at += PIECE)) : null), text.length, options);
}

/**
 * Reads a table's bytes given piece by piece: delimited text into typed columns as it comes, JSON
 * whole (Note [file formats]); hashing them and checking they are UTF-8.
 */
function readCsv(path: string, next: () => Uint8Array | null, bytes: number, options: ReadOptions): DataFile {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const hash = createHash('sha256');
  let offset = 0;
  let last: Uint8Array = new Uint8Array(0); // the last piece, where a sequence may have begun
  let reader: CsvReader | undefined;
  let format: TableFormat | undefined;
  const json: string[] = [];
  const take = (text: string): void => {
    if (!format) {
      format = tableFormat(path, text, options.delimiter);
      if (format.type === 'csv') reader = new CsvReader(path, { expectedChars: bytes, dialect: format, markers: options.markers });
    }
    if (reader) reader.push(text);
    else json.push(text);
  };
  for (let piece = next(); piece !== null; piece = next()) {
    hash.update(piece);
    let text: string;
    try {
      text = decoder.decode(piece, { stream: true });
    } catch {
      throw notUtf8(path, offset - last.length, concat(last, piece), false);
    }
    take(text);
    offset += piece.length;
    last = piece;
  }
  try {
    take(decoder.decode());
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw notUtf8(path, offset - last.length, last, true);
  }
  const f = format as TableFormat;
  const table = reader ? reader.end() : parseJsonTable(json.join(''), path, f.type === 'jsonl', options.markers ?? MISSING);
  return { kind: 'csv', source: path, table, format: f, hash: hash.digest('hex') };
}

function notUtf8(path: string, start: number, bytes: Uint8Array, final: boolean): DataError {
  const at = invalidUtf8(bytes, final);
  const where = at >= 0 ? ` at byte ${start + at}` : final ? ' at the end' : '';
  return new DataError({
    file: path,
    problem: `not UTF-8 text: invalid UTF-8${where}`,
    fix: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 FILE > NEW.csv)',
  });
}

function checkText(bytes: Uint8Array, path: string): void {
  checkNotOtherKind(bytes, path);
  const nul = bytes.subarray(0, 4096).indexOf(0);
  if (nul >= 0) {
    throw new DataError({ file: path, problem: `binary data (a zero byte at offset ${nul}) that is not an IDX file`, fix: 'expected a CSV text file or an IDX file (optionally .gz)' });
  }
}

/** What the first bytes of gzip data inflate to (at most 1 MiB): enough for a header. */
export function inflatePrefix(compressed: Uint8Array, path: string): Uint8Array {
  try {
    return gunzipSync(compressed.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 2 * 1024 * 1024 });
  } catch (error) {
    throw corrupt(path, error);
  }
}

function inflate(compressed: Uint8Array, path: string, limit: number, tooLarge: string, fix: string, known = false): Uint8Array {
  try {
    // one chunk a byte larger than a known size (zlib's least is 64): zlib finishes in it, and
    // the pieces are not copied together at the end (bench/notes.md, "inflated in one chunk")
    return gunzipSync(compressed, known ? { maxOutputLength: limit, chunkSize: Math.max(64, limit + 1) } : { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DataError({ file: path, problem: tooLarge, fix });
    throw corrupt(path, error);
  }
}

function corrupt(path: string, error: unknown): DataError {
  return new DataError({ file: path, problem: `corrupt gzip data (${(error as Error).message})`, fix: 'the file may be incomplete or damaged; download it again' });
}

/** An open file read piece by piece, within the limit when it is not a regular file. */
class Input {
  private readonly fd: number;
  readonly regular: boolean;
  readonly sizeOnDisk: number;
  private read = 0;
  private first: Uint8Array | null = null;
  readonly limitGiven: boolean;

  constructor(readonly path: string, readonly limit: number) {
    this.limitGiven = process.env.NEURITE_MAX_INPUT !== undefined;
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw cannotRead(path, error);
    }
    const st = fstatSync(this.fd);
    if (st.isDirectory()) {
      closeSync(this.fd);
      throw new DataError({ file: path, problem: 'is a directory', fix: 'give the path of a CSV or IDX file' });
    }
    this.regular = st.isFile();
    this.sizeOnDisk = st.size;
  }

  /** The first piece (up to 1 MiB); an empty file is an error. */
  head(): Uint8Array {
    this.first ??= this.readPiece() ?? new Uint8Array(0);
    if (this.first.length === 0) throw new DataError({ file: this.path, problem: 'the file is empty', fix: 'expected CSV text or IDX data' });
    return this.first;
  }

  /** The next piece (the head first), or null at the end. */
  next(): Uint8Array | null {
    if (this.first) {
      const f = this.first;
      this.first = null;
      return f.length > 0 ? f : null;
    }
    return this.readPiece();
  }

  /** Everything (from the head on), or the first pieces that hold more than `max` bytes. */
  all(max = Infinity): Uint8Array {
    if (this.regular && this.first && this.read === this.first.length) {
      // a regular file (its size known, so `max` need not bound it) in one buffer: no pieces to join
      const want = this.sizeOnDisk;
      if (this.first.length >= want) return this.first;
      const out = new Uint8Array(want);
      out.set(this.first);
      let at = this.first.length;
      this.first = null;
      while (at < want) {
        const n = readSync(this.fd, out, at, want - at, null);
        if (n === 0) break;
        at += n;
      }
      this.read = at;
      return at === want ? out : out.subarray(0, at);
    }
    const pieces: Uint8Array[] = [];
    let total = 0;
    for (let p = this.next(); p !== null; p = total > max ? null : this.next()) {
      pieces.push(p);
      total += p.length;
    }
    return pieces.length === 1 ? pieces[0] : concat(...pieces);
  }

  private readPiece(): Uint8Array | null {
    const want = this.regular ? Math.min(PIECE, Math.max(this.sizeOnDisk - this.read, 0) || PIECE) : PIECE;
    const buf = new Uint8Array(want);
    let n: number;
    try {
      n = readSync(this.fd, buf, 0, want, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return this.readPiece();
      throw cannotRead(this.path, error);
    }
    if (n === 0) return null;
    this.read += n;
    if (!this.regular && this.read > this.limit) {
      throw new DataError({
        file: this.path,
        problem: `more than ${size(this.limit)} read from a pipe or device (not a regular file), the limit for such inputs`,
        fix: 'save the data to a file and give its path, or set NEURITE_MAX_INPUT to a larger size (e.g. NEURITE_MAX_INPUT=8G)',
      });
    }
    return n === want ? buf : buf.subarray(0, n);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function cannotRead(path: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError({ file: path, problem: 'no such file' });
  if (code === 'EISDIR') return new DataError({ file: path, problem: 'is a directory', fix: 'give the path of a CSV or IDX file' });
  return new DataError({ file: path, problem: `cannot read the file (${code ?? String(error)})`, fix: 'check its permissions' });
}

/** The limit NEURITE_MAX_INPUT sets (bytes, or a number with K, M or G), else 1 GiB. */
export function maxInputFromEnv(): number {
  const text = process.env.NEURITE_MAX_INPUT;
  if (text === undefined) return GiB;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(text);
  if (!m) throw new DataError({ file: 'NEURITE_MAX_INPUT', problem: `${JSON.stringify(text)} is not a size`, fix: 'write bytes or a number with K, M or G, e.g. 8G' });
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: GiB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * unit);
}

function size(bytes: number): string {
  return bytes >= GiB ? `${+(bytes / GiB).toFixed(2)} GiB` : `${+(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

/**
 * The parsed IDX file, its `hash` the one given (computed as it was read: Note [reading early] in
 * early.ts), else computed when first read (Note [hash when asked]).
 */
export function idxFile(bytes: Uint8Array, path: string, given?: string): DataFile {
  let hash = given;
  return Object.defineProperty(parseIdx(bytes, path), 'hash', { get: () => (hash ??= sha256(bytes)), enumerable: true }) as DataFile;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
