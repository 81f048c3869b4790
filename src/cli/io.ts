/**
 * Where the command reads and writes: stdout for results, stderr for progress and errors, and
 * files, read with errors that name the file and the option, and written atomically.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/**
 * A writer to one of the process's streams that stops writing once its reader has gone (`neurite
 * ... | head`: EPIPE), so that the command still finishes what it was asked to do (writing --out,
 * a checkpoint) instead of dying with a stack trace from the stream's 'error' event.
 */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  let watching = false;
  return (text) => {
    if (gone) return;
    if (!watching) {
      watching = true;
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
        gone = true;
      });
    }
    stream.write(text);
  };
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: streamWriter(process.stdout),
  err: streamWriter(process.stderr),
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

const WRITE_REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for this file system',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error',
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
};

/**
 * Writes a file atomically (see writeFileAtomic: every byte flushed, then a rename), so a failure
 * at any moment, a full disk included, leaves the old file as it was; the error says so and
 * names the file and the option.
 *
 * @throws CliError, e.g. `could not write model.json: no space left on device; the previous
 * model.json is unchanged`
 * @example
 * ```ts
 * writeOutput('model.json', text, '--out');
 * ```
 */
export function writeOutput(path: string, content: string | Uint8Array, option: string): void {
  const existed = existsSync(path);
  try {
    writeFileAtomic(path, content);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why = WRITE_REASONS[code] ?? (code || (e as Error).message);
    const kept = existed ? `the previous ${path} is unchanged` : 'nothing was written';
    const fix = ['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'ELOOP'].includes(code) ? `; check the path given to ${option}` : '';
    throw new CliError(`could not write ${path}: ${why}; ${kept}${fix}`);
  }
}
