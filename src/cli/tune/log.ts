/**
 * The trial log of `neurite tune --log`: JSON lines, the first describing the search, then one
 * record per trial and rung, appended as each finishes, so a killed search loses at most the
 * trials under way and `--resume` gives the rest back to the search (Note [deterministic search]).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SearchSpace, TrialRecord } from '../../index.js';
import { CliError, UsageError } from '../errors.js';
import { writeOutput } from '../io.js';

/** What makes two searches the same search: a log is resumed only by the search it describes. */
export interface SearchKey {
  readonly data: string;
  readonly target: string;
  readonly task: string;
  readonly folds: number;
  /** Repeats of the k-fold (1 in logs written before repeats). */
  readonly repeats: number;
  readonly seed: number;
  readonly trials: number | null;
  /** null: every bracket Hyperband's trials and epochs allow. */
  readonly brackets: number | null;
  readonly eta: number;
  readonly scale: string;
  readonly validationSplit: number;
  readonly ignore: readonly string[];
  readonly space: SearchSpace;
}

/** The first line of a log. */
export interface LogHeader {
  readonly neurite: 'tune-log';
  readonly version: 1;
  readonly search: SearchKey;
}

/** The options each key of a search comes from, for the error of a resumed search that differs. */
const FLAG: Record<keyof SearchKey, string> = {
  data: '--data/--dataset (the file\'s bytes)', target: '--target', task: '--task', folds: '--folds', repeats: '--repeats (or the rows: tiny folds repeat)', seed: '--seed', trials: '--trials', brackets: '--brackets',
  eta: '--eta', scale: '--scale', validationSplit: '--validation-split', ignore: '--ignore', space: '--space',
};

/**
 * Reads a log to resume: its header and every complete record. A last line cut off by a kill is
 * dropped; the log is then rewritten without it (atomically), so appending goes on cleanly.
 *
 * @throws CliError for a file that is not a tune log, or a damaged line before the last
 */
export function readLog(path: string): { header: LogHeader; records: TrialRecord[] } {
  if (!existsSync(path)) throw new CliError(`${path}: no such file; --resume takes the --log file of an earlier search`);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // the last piece is empty after a final newline, or a line cut off by a kill: dropped either way
  const complete = lines.slice(0, -1);
  const parsed = complete.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new CliError(`${path}:${i + 1}: not a JSON line; the log is damaged before its end, so it cannot be resumed; start a new --log`);
    }
  });
  const header = parsed[0] as LogHeader | undefined;
  if (!header || header.neurite !== 'tune-log' || header.version !== 1) {
    throw new CliError(`${path}:1: not a neurite tune log (its first line should be {"neurite":"tune-log","version":1,...}); give --resume the --log file of an earlier search`);
  }
  const records = parsed.slice(1) as TrialRecord[];

  if (!text.endsWith('\n')) writeOutput(path, complete.map((l) => `${l}\n`).join(''), '--resume');
  // logs written before Hyperband's brackets ran successive halving alone: one bracket a round;
  // before repeats, one k-fold
  const search = header.search;
  return { header: { ...header, search: { ...search, brackets: search.brackets === undefined ? 1 : search.brackets, repeats: search.repeats ?? 1 } }, records };
}

/**
 * Refuses to resume a log with another search: lists every key that differs and the option it comes from.
 *
 * @throws UsageError naming the options that differ
 */
export function checkSameSearch(path: string, logged: SearchKey, now: SearchKey): void {
  const differ = (Object.keys(FLAG) as (keyof SearchKey)[]).filter((k) => JSON.stringify(logged[k]) !== JSON.stringify(now[k]));
  if (differ.length === 0) return;
  const what = differ.map((k) => (k === 'data' ? `${FLAG[k]} differs` : `${FLAG[k]} was ${JSON.stringify(logged[k])}, now ${JSON.stringify(now[k])}`));
  throw new UsageError(`--resume ${path}: this is not the search the log holds: ${what.join('; ')}; give the same options (or start a new --log)`);
}

/** Starts a new log (atomically: the header or nothing), or, with `append`, goes on with one. */
export function openLog(path: string, header: LogHeader, append: boolean): (record: TrialRecord) => void {
  if (!append) writeOutput(path, `${JSON.stringify(header)}\n`, '--log');
  return (record) => {
    try {
      appendFileSync(path, `${JSON.stringify(record)}\n`);
    } catch (e) {
      throw new CliError(`could not append to ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the trials logged so far are kept`);
    }
  };
}
