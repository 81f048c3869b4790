/**
 * `neurite descend "EXPRESSION" --start x=9 --lr 0.1 --steps 10`: plain gradient descent on any
 * function, printing every step, for learners checking the arithmetic by hand.
 */
import { ExpressionError, minimize, parseExpression, toFunction, variablesOf, type DescentResult, type Expr } from '../../index.js';
import { CliError, UsageError } from '../errors.js';
import { table } from '../format.js';
import type { Io } from '../io.js';

/** The options of `neurite descend`. */
export interface DescendOptions {
  readonly start: Record<string, number>;
  readonly lr: number;
  readonly steps: number;
  readonly json?: boolean;
}

// An expression may be 100,000 characters long: messages show at most this many around the place.
const SHOWN = 120;

/** A caret under column `column` of `source`, for error messages (a window of a long expression). */
function caret(source: string, column: number): string[] {
  const from = source.length <= SHOWN ? 0 : Math.max(0, Math.min(column - 1 - SHOWN / 2, source.length - SHOWN));
  const before = from > 0 ? '…' : '';
  const shown = `${before}${source.slice(from, from + SHOWN)}${from + SHOWN < source.length ? '…' : ''}`;
  return [`  ${shown}`, `  ${' '.repeat(Math.max(0, column - 1 - from + before.length))}^`];
}

/** The expression as the report's first line shows it: whole, or its start and its length. */
function shown(source: string): string {
  return source.length <= SHOWN ? source : `${source.slice(0, SHOWN)}… (${source.length} characters)`;
}

function parse(source: string, start: Record<string, number>): Expr {
  let tree: Expr;
  try {
    tree = parseExpression(source);
  } catch (e) {
    if (e instanceof ExpressionError) throw new CliError(e.message, caret(source, e.column));
    throw e;
  }
  for (const [name, column] of variablesOf(tree)) {
    if (!Object.hasOwn(start, name)) {
      const given = Object.keys(start).join(', ');
      throw new UsageError(
        `the expression uses ${name} (column ${column}) but --start gives ${given} only; add it, e.g. --start ${[...Object.entries(start).map(([k, v]) => `${k}=${v}`), `${name}=0`].join(',')}`,
        caret(source, column),
      );
    }
  }
  return tree;
}

function report(result: DescentResult, names: string[]): string {
  const header = ['step', ...names, 'f', ...names.map((n) => `df/d${n}`)];
  const rows = result.path.map((s, i) => [String(i), ...names.map((n) => String(s.point[n])), String(s.value), ...names.map((n) => String(s.gradient[n]))]);
  return table([header, ...rows]);
}

/**
 * Runs `neurite descend`: prints the path (or `{"path": [...]}` with `--json`).
 *
 * @returns the exit status: 0, or 1 when the descent diverged
 */
export function descend(io: Io, source: string, o: DescendOptions): number {
  const tree = parse(source, o.start);
  const result = minimize(toFunction(tree), o.start, { lr: o.lr, steps: o.steps });
  if (o.json) io.out(`${JSON.stringify({ path: result.path })}\n`);
  else io.out(`f = ${shown(source)}   learning rate ${o.lr}, ${o.steps} step${o.steps === 1 ? '' : 's'}\n${report(result, Object.keys(o.start))}`);
  if (result.diverged) {
    throw new CliError(`the descent diverged at step ${result.path.length - 1}: the value or gradient became NaN or infinite; try a smaller --lr (e.g. ${o.lr / 10}) or another --start`);
  }
  return 0;
}
