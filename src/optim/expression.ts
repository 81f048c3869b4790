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

/** Recursive descent over the tokens, one method per precedence level. */
class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }

  private take(): Token {
    return this.tokens[this.i++];
  }

  unexpected(t: Token, hint = ''): ExpressionError {
    const what = t.kind === 'end' ? `the expression ends too early, at column ${t.column}` : `unexpected ${JSON.stringify(t.text)} at column ${t.column}`;
    return new ExpressionError(`${what}${hint}`, t.column);
  }

  /** sum := product (('+' | '-') product)* */
  sum(): Expr {
    let left = this.product();
    while (this.peek().text === '+' || this.peek().text === '-') {
      const op = this.take();
      left = { kind: 'binary', op: op.text as '+' | '-', left, right: this.product(), column: op.column };
    }
    return left;
  }

  /** product := unary (('*' | '/') unary)*; juxtaposition (2x) is an error with a hint. */
  private product(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.text === '*' || t.text === '/') {
        this.take();
        left = { kind: 'binary', op: t.text, left, right: this.unary(), column: t.column };
      } else if (t.kind === 'name' || t.kind === 'number' || t.text === '(') {
        throw this.unexpected(t, '; write * between factors, e.g. 2*x');
      } else return left;
    }
  }

  /** unary := ('-' | '+') unary | power, so -x^2 is −(x²). */
  private unary(): Expr {
    const t = this.peek();
    if (t.text !== '-' && t.text !== '+') return this.power();
    this.take();
    const arg = this.unary();
    return t.text === '-' ? { kind: 'negate', arg, column: t.column } : arg;
  }

  /** power := primary ('^' unary)?, right-associative: 2^3^2 is 2^(3^2). */
  private power(): Expr {
    const base = this.primary();
    if (this.peek().text !== '^') return base;
    const op = this.take();
    return { kind: 'binary', op: '^', left: base, right: this.unary(), column: op.column };
  }

  /** primary := number | name | name '(' sum ')' | '(' sum ')' */
  private primary(): Expr {
    const t = this.take();
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), column: t.column };
    if (t.kind === 'name') {
      if (this.peek().text !== '(') return { kind: 'variable', name: t.text, column: t.column };
      if (!(FUNCTIONS as readonly string[]).includes(t.text)) {
        throw new ExpressionError(`unknown function ${t.text} at column ${t.column} (the functions are ${FUNCTIONS.join(', ')})`, t.column);
      }
      this.take();
      const arg = this.sum();
      this.expect(')', `to close ${t.text}(`);
      return { kind: 'call', fn: t.text as FunctionName, arg, column: t.column };
    }
    if (t.text === '(') {
      const inner = this.sum();
      this.expect(')', `to close the "(" at column ${t.column}`);
      return inner;
    }
    throw this.unexpected(t);
  }

  private expect(text: string, why: string): void {
    const t = this.take();
    if (t.text !== text) throw this.unexpected(t, `; expected "${text}" ${why}`);
  }

  /** The whole expression: a sum followed by the end. */
  all(): Expr {
    if (this.peek().kind === 'end') throw new ExpressionError('the expression is empty', 1);
    const tree = this.sum();
    if (this.peek().kind !== 'end') throw this.unexpected(this.peek());
    return tree;
  }
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
  return new Parser(tokenize(source)).all();
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
