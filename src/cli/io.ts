/**
 * Where the command reads and writes: stdout for results, stderr for progress and errors, and
 * files, read with errors that name the file and the option, and written atomically.
 */
import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../node.js';
import { CliError } from './errors.js';

/** The command's streams; tests and embedders may pass their own. */
export interface Io {
  /** Writes to stdout (results). */
  out(text: string): void;
  /** Writes to stderr (progress, summaries with --json, errors). */
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars instead of lines). */
  readonly errIsTTY: boolean;
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get errIsTTY() {
    return process.stderr.isTTY === true;
  },
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return code ?? (e as Error).message;
}

/**
 * Checks that a file given to an option exists and is a file, before a reader opens it.
 *
 * @throws CliError naming the file, the option and what is wrong
 * @example
 * ```ts
 * checkFile('iris.csv', '--data');
 * ```
 */
export function checkFile(path: string, option: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (e) {
    throw new CliError(`${path}: cannot read it (${reason(e)}); check the path given to ${option}`);
  }
}

/**
 * Reads a whole file as bytes; a missing, unreadable or empty file is an error naming it and
 * the option it came from.
 *
 * @example
 * ```ts
 * readBytes('iris.csv', '--data');
 * ```
 */
export function readBytes(path: string, option: string): Buffer {
  let bytes: Buffer;
  checkFile(path, option);
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`${path}: cannot read it (${reason(e)}); check the path given to ${option}`);
  }
  if (bytes.length === 0) throw new CliError(`${path}: the file is empty; give ${option} a file with data`);
  return bytes;
}

/**
 * Reads a whole UTF-8 text file (see {@link readBytes}).
 *
 * @example
 * ```ts
 * readText('model.json', '--model');
 * ```
 */
export function readText(path: string, option: string): string {
  return readBytes(path, option).toString('utf8');
}

/**
 * Writes a file atomically (a temporary file beside it, then a rename), so a failure at any
 * moment leaves the old file as it was; errors name the file and the option.
 *
 * @example
 * ```ts
 * writeOutput('model.json', text, '--out');
 * ```
 */
export function writeOutput(path: string, content: string, option: string): void {
  try {
    writeFileAtomic(path, content);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : reason(e);
    throw new CliError(`${path}: cannot write it (${why}); check the path given to ${option}`);
  }
}
