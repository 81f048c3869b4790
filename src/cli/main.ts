/**
 * The entry point of the `neurite` command (bin/neurite.js): parses the arguments, runs the
 * command and turns every failure into an exit status and an `error: ` line (see errors.ts).
 */
import { describeFailure, EXIT_OK, EXIT_USAGE } from './errors.js';
import { type Io, processIo } from './io.js';
import { buildProgram } from './program.js';
import { forTerminal } from './terminal.js';

/**
 * Runs the `neurite` command with the given arguments (without `node` and the script).
 *
 * @returns the exit status: 0 success, 1 a user mistake or failed run, 2 wrong usage
 * @example
 * ```ts
 * process.exitCode = await main(['descend', 'x^2', '--start', 'x=3']);
 * ```
 */
export async function main(argv: string[], given: Io = processIo): Promise<number> {
  // nothing from a hostile file acts on the terminal (the progress bar writes to it directly)
  const io: Io = { out: (s) => given.out(forTerminal(s)), err: (s) => given.err(forTerminal(s)), get errIsTTY() { return given.errIsTTY; } };
  let status = EXIT_OK;
  try {
    const program = buildProgram(io, (s) => (status = s));
    if (argv.length === 0) {
      io.err(program.helpInformation());
      return EXIT_USAGE;
    }
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (e) {
    const failure = describeFailure(e);
    io.err(failure.text);
    return failure.status;
  }
}
