/**
 * Errors Neurite throws. Each names what went wrong, where, what was expected and what came,
 * both in its message and as fields, so a caller (the CLI, a page) can show or inspect them.
 */

/** Structured details carried by every {@link NeuriteError}. */
export interface ErrorDetails {
  /** The operation, function or option that refused its input, e.g. `matmul` or `--lr`. */
  readonly where?: string;
  /** What was expected, in words, e.g. `b.shape[0] = 3`. */
  readonly expected?: string;
  /** What was received, in words, e.g. `4`. */
  readonly received?: string;
  /** A hint on how to fix it. */
  readonly hint?: string;
}

/**
 * The base class of every error Neurite throws on purpose.
 *
 * @example
 * ```ts
 * try { matmul(a, b); } catch (e) { if (e instanceof NeuriteError) console.log(e.expected); }
 * ```
 */
export class NeuriteError extends Error {
  readonly where?: string;
  readonly expected?: string;
  readonly received?: string;
  readonly hint?: string;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'NeuriteError';
    this.where = details.where;
    this.expected = details.expected;
    this.received = details.received;
    this.hint = details.hint;
  }
}

/** An argument with a wrong shape, type or value. */
export class ArgumentError extends NeuriteError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.name = 'ArgumentError';
  }
}

/** Training stopped because the loss or the gradients became NaN or infinite. */
export class DivergenceError extends NeuriteError {
  /** The epoch (1-based) in which the loss stopped being finite. */
  readonly epoch: number;
  /** The batch (1-based, within the epoch) whose step was refused. */
  readonly batch: number;

  /** @param advice what to try, when the usual (a lower learning rate, scaled inputs, clipping) does not fit the learner */
  constructor(epoch: number, batch: number, what: string, advice = 'try a lower learning rate (e.g. --lr divided by 10), scaling the inputs, or gradient clipping') {
    super(
      `training diverged in epoch ${epoch} (batch ${batch}): the ${what} became NaN or infinite; ${advice}`,
      { where: `epoch ${epoch}`, expected: 'a finite loss', received: 'NaN or Infinity' },
    );
    this.name = 'DivergenceError';
    this.epoch = epoch;
    this.batch = batch;
  }
}

/** One problem found while validating a model file. */
export interface Problem {
  /** Where in the file, e.g. `layers[1].weights[2][0]`. */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;
  /** What was found there. */
  readonly received: string;
}

/** How many problems a {@link ModelFormatError}'s message lists; `problems` has them all. */
export const SHOWN_PROBLEMS = 50;

/** A model file that cannot be loaded; {@link ModelFormatError.problems} lists every problem found. */
export class ModelFormatError extends NeuriteError {
  readonly problems: readonly Problem[];

  /**
   * @param source the file, for the message
   * @param kind what the file should have been, e.g. `checkpoint`
   */
  constructor(problems: readonly Problem[], source = 'model', kind = 'model') {
    // a file with 200,000 problems would print megabytes: the first ones say what is wrong
    const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${p.path}: expected ${p.expected}, found ${p.received}`);
    if (problems.length > SHOWN_PROBLEMS) lines.push(`  … and ${problems.length - SHOWN_PROBLEMS} more problems`);
    super(`${source} is not a valid Neurite ${kind} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, {
      where: problems[0]?.path,
      expected: problems[0]?.expected,
      received: problems[0]?.received,
    });
    this.name = 'ModelFormatError';
    this.problems = problems;
  }
}

/** Describes a value for an error message: its type and a short rendering. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
