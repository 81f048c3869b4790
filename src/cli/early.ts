/**
 * The file `neurite train --data FILE` will train on (or `evaluate`, `predict` run on), read before
 * the command's modules load (Note [reading early] in data/node/early.ts): bin/neurite.js begins it
 * from the raw arguments, the command takes it when it reads its data. Only this module and the data readers load before it
 * starts, so it runs beside nearly all of the start-up.
 */
import { open, stat } from 'node:fs/promises';
import { prefetchIdx, type DataFile, type Prefetched } from '../data/node/index.js';

/** A read begun early: the path it is for and what was read (null when nothing could be). */
interface Early {
  readonly path: string;
  readonly read: Prefetched | null;
}

let pending: Promise<Early | null> | null = null;
let settled: Early | null = null;
let block: Float32Array | undefined;
/** The commands whose `--data` may be IDX images, read early (each settles and takes it). */
const READERS = ['train', 'evaluate', 'predict'];
/** The bytes of a checkpoint read early to find its data file: its settings come first (checkpointText in train/checkpoint.ts). */
const CHECKPOINT_HEAD = 64 * 1024;

/** The value of `--name VALUE` or `--name=VALUE` in `args`, the last one given. */
function optionValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') break;
    if (args[i] === name && i + 1 < args.length) value = args[++i];
    else if (args[i].startsWith(`${name}=`)) value = args[i].slice(name.length + 1);
  }
  return value;
}

/**
 * Begins reading the IDX file `train --data FILE` (or evaluate's, predict's) names, off the main thread, with its SHA-256 when
 * `--checkpoint` asks for the data's fingerprint, and the block its images decode into. `train
 * --resume CHECKPOINT` begins reading the data file the checkpoint names, with its SHA-256 (a
 * resumed run checks its data against the checkpoint's fingerprint). Anything else (another
 * command, no --data, a CSV file) begins nothing; a guess that turns out wrong costs a read nobody
 * takes, never an error.
 *
 * @param argv the command's arguments, without `node` and the script
 * @example
 * ```ts
 * readEarly(process.argv.slice(2));
 * ```
 */
export function readEarly(argv: readonly string[]): void {
  if (!READERS.includes(argv[0])) return;
  const path = optionValue(argv, '--data');
  const resume = argv[0] === 'train' && path === undefined ? optionValue(argv, '--resume') : undefined;
  if (resume !== undefined && resume !== '') {
    pending = checkpointData(resume).then((data) => (data === undefined ? null : begin(data, true)));
    return;
  }
  if (path === undefined || path === '') return;
  pending = begin(path, optionValue(argv, '--checkpoint') !== undefined);
}

async function begin(path: string, hash: boolean): Promise<Early> {
  return { path, read: await prefetchIdx(path, { hash, block: true }) };
}

/** The data file a checkpoint's settings name, from the first CHECKPOINT_HEAD bytes of it; undefined when it is not there to find. */
async function checkpointData(path: string): Promise<string | undefined> {
  try {
    // a regular file only: opening a named pipe would wait for a writer
    if (!(await stat(path)).isFile()) return undefined;
    const file = await open(path, 'r');
    try {
      const head = new Uint8Array(CHECKPOINT_HEAD);
      const { bytesRead } = await file.read(head, 0, CHECKPOINT_HEAD, 0);
      return dataOfCheckpoint(new TextDecoder().decode(head.subarray(0, bytesRead)));
    } finally {
      await file.close();
    }
  } catch {
    return undefined; // the command reads the checkpoint itself and says what is wrong with it
  }
}

/**
 * The `data` setting of the checkpoint whose text begins with `head`, found in its `config`
 * object, which checkpointText writes right after the format and version; undefined when the
 * head does not hold the whole of it.
 *
 * @example
 * ```ts
 * dataOfCheckpoint('{"format":"neurite-checkpoint","version":1,"config":{"data":"x.gz"},"data":"3f…"'); // 'x.gz'
 * ```
 */
export function dataOfCheckpoint(head: string): string | undefined {
  const at = /^\{"format":"[^"\\]*","version":\d+,"config":\{/.exec(head);
  if (at === null) return undefined;
  const start = at[0].length - 1;
  // the config object's end: its braces counted outside its strings
  let depth = 0;
  for (let i = start; i < head.length; i++) {
    const c = head[i];
    if (c === '"') {
      for (i++; i < head.length && head[i] !== '"'; i++) if (head[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) {
      try {
        const data: unknown = (JSON.parse(head.slice(start, i + 1)) as Record<string, unknown>).data;
        return typeof data === 'string' && data !== '' ? data : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Waits for the read {@link readEarly} began, if any, so that {@link takeEarly} can hand it over.
 *
 * @example
 * ```ts
 * await settleEarly();
 * ```
 */
export async function settleEarly(): Promise<void> {
  if (pending === null) return;
  const read = pending;
  pending = null;
  settled = await read;
}

/**
 * The IDX images read early for `path` (once: the next call gets nothing), or undefined when none
 * was read for it, it failed, or it has not been waited for ({@link settleEarly}).
 *
 * @example
 * ```ts
 * const images = takeEarly(cfg.data) ?? readDataFile(cfg.data);
 * ```
 */
export function takeEarly(path: string): DataFile | undefined {
  const s = settled;
  settled = null;
  block = undefined;
  if (s === null || s.path !== path || s.read?.file.kind !== 'images') return undefined;
  block = s.read.block;
  return s.read.file;
}

/**
 * The zeros read early for the images {@link takeEarly} handed over, when they are `length` values
 * (once), for decodePixels to fill; undefined otherwise.
 *
 * @example
 * ```ts
 * decodePixels(images, takeBlock(n) ?? new Float32Array(n));
 * ```
 */
export function takeBlock(length: number): Float32Array | undefined {
  const b = block;
  block = undefined;
  return b !== undefined && b.length === length ? b : undefined;
}
