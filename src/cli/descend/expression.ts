/**
 * The expression language of `neurite descend`: numbers, variables, + − * / ^ (right-associative,
 * binding tighter than unary minus, so -x^2 is −(x²)), parentheses and the functions
 * exp, log, sin, cos, tanh, sqrt, abs. A small recursive-descent parser; every error carries the
 * 1-based column it happened at.
 */

/** The functions an expression may call. */
export const FUNCTIONS = ['exp', 'log', 'sin', 'cos', 'tanh', 'sqrt', 'abs'] as const;
/** The name of a function an expression may call. */
export type FunctionName = (typeof FUNCTIONS)[number];

/** A parsed expression; `column` is where the node starts (1-based). */
export type Expr =
  | { kind: 'number'; value: number; column: number }
  | { kind: 'variable'; name: string; column: number }
  | { kind: 'negate'; arg: Expr; column: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; column: number }
  | { kind: 'call'; fn: FunctionName; arg: Expr; column: number };

/**
 * A syntax error in an expression, at a 1-based column.
 *
 * @example
 * ```ts
 * try { parseExpression('x^2 - )'); } catch (e) { (e as ExpressionError).column; } // 7
 * ```
 */
export class ExpressionError extends Error {
  readonly column: number;

  constructor(message: string, column: number) {
    super(message);
    this.name = 'ExpressionError';
    this.column = column;
  }
}

interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  text: string;
  column: number;
}

// Typographic signs people paste from articles: − (minus), × and · (times), ÷ (divide), ** (power).
const ALIASES: Record<string, string> = { '−': '-', '×': '*', '·': '*', '÷': '/', '**': '^' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/^()−×·÷]))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) {
      const column = at + (source.slice(at).length - source.slice(at).trimStart().length) + 1;
      throw new ExpressionError(`unexpected ${JSON.stringify(source[column - 1])} at column ${column}`, column);
    }
    const text = m[1] ?? m[2] ?? m[3];
    const column = m.index + m[0].length - text.length + 1;
    tokens.push({ kind: m[1] ? 'number' : m[2] ? 'name' : 'op', text: ALIASES[text] ?? text, column });
    at = re.lastIndex;
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

/**
 * Parses an expression into a tree.
 *
 * @throws ExpressionError naming what was unexpected and its column
 * @example
 * ```ts
 * parseExpression('x^2 - x + 1'); // { kind: 'binary', op: '+', ... }
 * ```
 */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token => tokens[i];
  const take = (): Token => tokens[i++];
  const unexpected = (t: Token, hint = ''): ExpressionError =>
    new ExpressionError(t.kind === 'end' ? `the expression ends too early, at column ${t.column}${hint}` : `unexpected ${JSON.stringify(t.text)} at column ${t.column}${hint}`, t.column);

  const sum = (): Expr => {
    let left = product();
    while (peek().text === '+' || peek().text === '-') {
      const op = take();
      left = { kind: 'binary', op: op.text as '+' | '-', left, right: product(), column: op.column };
    }
    return left;
  };
  const product = (): Expr => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.text === '*' || t.text === '/') {
        take();
        left = { kind: 'binary', op: t.text, left, right: unary(), column: t.column };
      } else if (t.kind === 'name' || t.kind === 'number' || t.text === '(') {
        throw unexpected(t, '; write * between factors, e.g. 2*x');
      } else return left;
    }
  };
  const unary = (): Expr => {
    const t = peek();
    if (t.text === '-' || t.text === '+') {
      take();
      const arg = unary();
      return t.text === '-' ? { kind: 'negate', arg, column: t.column } : arg;
    }
    return power();
  };
  const power = (): Expr => {
    const base = primary();
    if (peek().text !== '^') return base;
    const op = take();
    return { kind: 'binary', op: '^', left: base, right: unary(), column: op.column };
  };
  const primary = (): Expr => {
    const t = take();
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), column: t.column };
    if (t.kind === 'name') {
      if (peek().text !== '(') return { kind: 'variable', name: t.text, column: t.column };
      if (!(FUNCTIONS as readonly string[]).includes(t.text)) {
        throw new ExpressionError(`unknown function ${t.text} at column ${t.column} (the functions are ${FUNCTIONS.join(', ')})`, t.column);
      }
      take();
      const arg = sum();
      expect(')', `to close ${t.text}(`);
      return { kind: 'call', fn: t.text as FunctionName, arg, column: t.column };
    }
    if (t.text === '(') {
      const inner = sum();
      expect(')', `to close the "(" at column ${t.column}`);
      return inner;
    }
    throw unexpected(t);
  };
  const expect = (text: string, why: string): void => {
    const t = take();
    if (t.text !== text) throw unexpected(t, `; expected "${text}" ${why}`);
  };

  if (peek().kind === 'end') throw new ExpressionError('the expression is empty', 1);
  const tree = sum();
  if (peek().kind !== 'end') throw unexpected(peek());
  return tree;
}

/**
 * The variables an expression uses, each with the column of its first use, in order of appearance.
 *
 * @example
 * ```ts
 * variablesOf(parseExpression('x^2 + y^2')); // Map { 'x' => 1, 'y' => 7 }
 * ```
 */
export function variablesOf(e: Expr, found = new Map<string, number>()): Map<string, number> {
  if (e.kind === 'variable' && !found.has(e.name)) found.set(e.name, e.column);
  if (e.kind === 'negate' || e.kind === 'call') variablesOf(e.arg, found);
  if (e.kind === 'binary') {
    variablesOf(e.left, found);
    variablesOf(e.right, found);
  }
  return found;
}
