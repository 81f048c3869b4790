/**
 * How the `neurite` command reports failures: exit status 1 for a user mistake (bad data, a bad
 * model file, a run that diverged), 2 for wrong usage (an unknown option or command, a bad option
 * value), and one short `error: ` line on stderr that says what, where and how to fix it.
 */
import { CommanderError } from 'commander';
import { ModelFormatError, NeuriteError } from '../index.js';

/** Exit status of a run that succeeded. */
export const EXIT_OK = 0;
/** Exit status of a user mistake in the data, a file or the training. */
export const EXIT_FAILURE = 1;
/** Exit status of wrong usage: unknown options or commands, bad option values. */
export const EXIT_USAGE = 2;

/**
 * A user mistake outside the options (a missing file, an unwritable path): exit status 1.
 *
 * @example
 * ```ts
 * throw new CliError('data.csv: no such file; check the path given to --data');
 * ```
 */
export class CliError extends Error {
  /** Lines printed verbatim below the message, e.g. an expression and a caret under the culprit. */
  readonly detail: readonly string[];
  /** The exit status it ends with. */
  readonly status: number = EXIT_FAILURE;

  constructor(message: string, detail: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
    this.detail = detail;
  }
}

/**
 * Wrong usage of the command (a bad option value, options that cannot go together): exit status 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--resume cannot be used with --init');
 * ```
 */
export class UsageError extends CliError {
  override readonly status: number = EXIT_USAGE;

  constructor(message: string, detail: readonly string[] = []) {
    super(message, detail);
    this.name = 'UsageError';
  }
}

/** What to print for a failure and the exit status it ends with. */
export interface Failure {
  readonly status: number;
  /** The text for stderr, starting `error: ` and ending in a newline (empty for help or version). */
  readonly text: string;
}

/**
 * Turns anything thrown by a command into its exit status and stderr text. Known errors give
 * one `error: ` line (a model file's problems one per line below it); anything else is an
 * internal error and keeps its stack, so it can be reported.
 *
 * @example
 * ```ts
 * describeFailure(new UsageError('--epochs: expected an integer >= 1, got "x"')).status; // 2
 * ```
 */
export function describeFailure(e: unknown): Failure {
  if (e instanceof CommanderError) return commanderFailure(e);
  if (e instanceof ModelFormatError) return { status: EXIT_FAILURE, text: `error: ${e.message}\n` };
  if (e instanceof CliError) return { status: e.status, text: line(e.message) + e.detail.map((d) => `${d}\n`).join('') };
  if (e instanceof NeuriteError) return { status: EXIT_FAILURE, text: line(e.message) };
  const err = e instanceof Error ? e : new Error(String(e));
  return { status: EXIT_FAILURE, text: `error: internal error (please report it): ${err.message}\n${err.stack ?? ''}\n` };
}

function line(message: string): string {
  return `error: ${message.replace(/\s*\n\s*/g, ' ')}\n`;
}

/** Commander's messages start `error: ` and put "(Did you mean …?)" on a second line: join them. */
function commanderFailure(e: CommanderError): Failure {
  if (e.exitCode === 0) return { status: EXIT_OK, text: '' };
  const message = e.message.replace(/^error:\s*/, '').replace(/\n\(Did you mean/g, ' (did you mean');
  const command = (e as CommanderError & { command?: string }).command;
  let hint = /help/.test(message) ? '' : `; see neurite ${command ? `${command} ` : ''}--help`;
  if (command === 'descend' && e.code === 'commander.unknownOption') {
    hint = `; an expression that starts with - goes after --, e.g. neurite descend --start x=1 -- "-x^2"`;
  }
  return { status: EXIT_USAGE, text: line(`${message}${hint}`) };
}
