/**
 * Reading a data file from disk (Node only): CSV text, or IDX images/labels, either of them
 * optionally gzip-compressed (detected by the gzip magic bytes 1f 8b, not by the name).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from '../csv.js';
import { DataError } from '../errors.js';
import { parseIdx, type IdxImages, type IdxLabels } from '../idx.js';
import type { Table } from '../table.js';

/** A CSV file read from disk. */
export interface CsvFile {
  kind: 'csv';
  /** The path, as given. */
  source: string;
  table: Table;
}

/** What {@link readDataFile} found: a CSV table, IDX images or IDX labels. */
export type DataFile = CsvFile | IdxImages | IdxLabels;

/**
 * Reads a CSV or IDX file, gunzipping it first when it starts with the gzip magic bytes.
 *
 * @param path the file's path (also the name used in errors)
 * @throws DataError for a missing, empty, unreadable or corrupt file, and any parse error
 * @example
 * ```ts
 * const f = readDataFile('train-images-idx3-ubyte.gz');
 * if (f.kind === 'images') f.pixels.rows; // 60000
 * ```
 */
export function readDataFile(path: string): DataFile {
  let bytes = readBytes(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = gunzip(bytes, path);
    if (bytes.length === 0) throw new DataError({ file: path, problem: 'the file is empty after decompression', fix: 'expected CSV text or IDX data inside the gzip file' });
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0) return parseIdx(bytes, path);
  const nul = bytes.subarray(0, 4096).indexOf(0);
  if (nul >= 0) {
    throw new DataError({ file: path, problem: `binary data (a zero byte at offset ${nul}) that is not an IDX file`, fix: 'expected a CSV text file or an IDX file (optionally .gz)' });
  }
  return { kind: 'csv', source: path, table: parseCsv(new TextDecoder('utf-8').decode(bytes), path) };
}

function readBytes(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError({ file: path, problem: 'no such file' });
    if (code === 'EISDIR') throw new DataError({ file: path, problem: 'is a directory', fix: 'give the path of a CSV or IDX file' });
    throw new DataError({ file: path, problem: `cannot read the file (${code ?? String(error)})`, fix: 'check its permissions' });
  }
  if (bytes.length === 0) throw new DataError({ file: path, problem: 'the file is empty', fix: 'expected CSV text or IDX data' });
  return bytes;
}

function gunzip(bytes: Uint8Array, path: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError({
      file: path,
      problem: `corrupt gzip data (${(error as Error).message})`,
      fix: 'the file may be incomplete or damaged; download it again',
    });
  }
}
