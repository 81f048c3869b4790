/**
 * The file `neurite train --data FILE` will train on (or `evaluate`, `predict` run on), read before
 * the command's modules load (Note [reading early] in data/node/early.ts): bin/neurite.js begins it
 * from the raw arguments, the command takes it when it reads its data. Only this module and the data readers load before it
 * starts, so it runs beside nearly all of the start-up.
 */
import { prefetchIdx, type DataFile, type Prefetched } from '../data/node/index.js';

let pending: { readonly path: string; readonly read: Promise<Prefetched | null> } | null = null;
let settled: { readonly path: string; readonly read: Prefetched | null } | null = null;
let block: Float32Array | undefined;
/** The commands whose `--data` may be IDX images, read early (each settles and takes it). */
const READERS = ['train', 'evaluate', 'predict'];

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
 * `--checkpoint` asks for the data's fingerprint, and the block its images decode into. Anything
 * else (another command, no --data, a CSV file) begins nothing; a guess that turns out wrong costs
 * a read nobody takes, never an error.
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
  if (path === undefined || path === '') return;
  pending = { path, read: prefetchIdx(path, { hash: optionValue(argv, '--checkpoint') !== undefined, block: true }) };
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
  const { path, read } = pending;
  pending = null;
  settled = { path, read: await read };
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
