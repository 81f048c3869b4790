/**
 * The expression language of `neurite descend`: numbers, variables, + − * / ^ (right-associative,
 * binding tighter than unary minus, so -x^2 is −(x²)), parentheses and the functions
 * exp, log, sin, cos, tanh, sqrt, abs. A parser without recursion (Note [parsing without
 * recursion]), so no input overflows the stack; every error carries the 1-based column it happened at.
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

/** A token of an expression: a number, a name, an operator or the end, at a 1-based column. */
export interface Token {
  kind: 'number' | 'name' | 'op' | 'end';
  text: string;
  column: number;
}

// Typographic signs people paste from articles: − (minus), × and · (times), ÷ (divide), ** (power).
// A Map, not an object: a name such as constructor must not find Object.prototype's.
const ALIASES = new Map([['−', '-'], ['×', '*'], ['·', '*'], ['÷', '/'], ['**', '^']]);

/**
 * Splits an expression into tokens, typographic signs (−, ×, ·, ÷, **) read as their ASCII forms.
 *
 * @throws ExpressionError at the first character that starts no token
 * @example
 * ```ts
 * tokenize('2×x').map((t) => t.text); // ['2', '*', 'x', '']
 * ```
 */
export function tokenize(source: string): Token[] {
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
    tokens.push({ kind: m[1] ? 'number' : m[2] ? 'name' : 'op', text: ALIASES.get(text) ?? text, column });
    at = re.lastIndex;
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

// Note [parsing without recursion]: operator precedence with explicit stacks (Dijkstra's
// shunting-yard), so 5,000 nested parentheses, 100,000 unary minuses or 20,000 nested exp( use
// heap, not the call stack. The grammar is the one a recursive descent would read:
//   sum := product (('+' | '-') product)*      product := unary (('*' | '/') unary)*
//   unary := ('-' | '+') unary | power          power := primary ('^' unary)?   (right-associative)
//   primary := number | name | name '(' sum ')' | '(' sum ')'
// so unary minus binds looser than ^ (-x^2 is −(x²)) and tighter than * (-x*y is (−x)·y), and an
// exponent may carry its own sign (2^-x).

type Binary = '+' | '-' | '*' | '/' | '^';
const PRECEDENCE: Record<Binary | 'negate', number> = { '+': 1, '-': 1, '*': 2, '/': 2, negate: 3, '^': 4 };

/** What waits on the operator stack: an operator, or an open "(" or "name(" until its ")". */
type Pending =
  | { kind: 'binary'; op: Binary; column: number }
  | { kind: 'negate'; column: number }
  | { kind: 'open'; column: number; fn?: FunctionName };

function unexpected(t: Token, hint = ''): ExpressionError {
  const what = t.kind === 'end' ? `the expression ends too early, at column ${t.column}` : `unexpected ${JSON.stringify(t.text)} at column ${t.column}`;
  return new ExpressionError(`${what}${hint}`, t.column);
}

function closeHint(open: Pending & { kind: 'open' }): string {
  return `; expected ")" ${open.fn ? `to close ${open.fn}(` : `to close the "(" at column ${open.column}`}`;
}

class Parser {
  private readonly operands: Expr[] = [];
  private readonly pending: Pending[] = [];

  /** Builds the node of the operator on top of the stack from the operands it takes. */
  private reduce(): void {
    const p = this.pending.pop() as Pending;
    if (p.kind === 'negate') this.operands.push({ kind: 'negate', arg: this.operands.pop() as Expr, column: p.column });
    else if (p.kind === 'binary') {
      const right = this.operands.pop() as Expr;
      const left = this.operands.pop() as Expr;
      this.operands.push({ kind: 'binary', op: p.op, left, right, column: p.column });
    }
  }

  /** Reduces every operator that binds at least as tightly as `op` (only tighter for right-associative ^). */
  private binary(op: Binary, column: number): void {
    for (;;) {
      const top = this.pending[this.pending.length - 1];
      if (top === undefined || top.kind === 'open') break;
      const p = PRECEDENCE[top.kind === 'negate' ? 'negate' : top.op];
      if (p < PRECEDENCE[op] || (p === PRECEDENCE[op] && op === '^')) break;
      this.reduce();
    }
    this.pending.push({ kind: 'binary', op, column });
  }

  /** Reduces up to the innermost "(" or "name(" and closes it; false when there is none. */
  private close(): boolean {
    while (this.pending.length > 0 && this.pending[this.pending.length - 1].kind !== 'open') this.reduce();
    const open = this.pending.pop();
    if (open?.kind !== 'open') return false;
    if (open.fn) this.operands.push({ kind: 'call', fn: open.fn, arg: this.operands.pop() as Expr, column: open.column });
    return true;
  }

  /**
   * Reads the token where an operand is due: a number or a variable completes it ('operand'); a
   * sign, "(" or "name(" opens more before it ('more', or 'call' when "(" was read too).
   */
  private operand(t: Token, next: Token): 'operand' | 'more' | 'call' {
    if (t.kind === 'number') {
      this.operands.push({ kind: 'number', value: Number(t.text), column: t.column });
      return 'operand';
    }
    if (t.kind === 'name' && next.text !== '(') {
      this.operands.push({ kind: 'variable', name: t.text, column: t.column });
      return 'operand';
    }
    if (t.kind === 'name') {
      if (!(FUNCTIONS as readonly string[]).includes(t.text)) {
        throw new ExpressionError(`unknown function ${t.text} at column ${t.column} (the functions are ${FUNCTIONS.join(', ')})`, t.column);
      }
      this.pending.push({ kind: 'open', column: t.column, fn: t.text as FunctionName });
      return 'call';
    }
    if (t.text === '(') this.pending.push({ kind: 'open', column: t.column });
    else if (t.text === '-') this.pending.push({ kind: 'negate', column: t.column });
    else if (t.text !== '+') throw unexpected(t); // a unary plus changes nothing
    return 'more';
  }

  /** The whole expression: alternately an operand (with its signs and openings) and an operator. */
  parse(tokens: Token[]): Expr {
    if (tokens[0].kind === 'end') throw new ExpressionError('the expression is empty', 1);
    let i = 0;
    for (;;) {
      // an operand, after any signs, "(" and "name("
      for (;;) {
        const r = this.operand(tokens[i], tokens[i + 1]);
        i += r === 'call' ? 2 : 1;
        if (r === 'operand') break;
      }
      // then ")"s, and an operator or the end
      let t = tokens[i];
      while (t.text === ')') {
        if (!this.close()) throw unexpected(t);
        t = tokens[++i];
      }
      if (t.kind === 'end') break;
      if (t.text === '+' || t.text === '-' || t.text === '*' || t.text === '/' || t.text === '^') this.binary(t.text, t.column);
      else if (t.kind === 'name' || t.kind === 'number' || t.text === '(') throw unexpected(t, '; write * between factors, e.g. 2*x');
      else throw unexpected(t);
      i++;
    }
    const end = tokens[i];
    while (this.pending.length > 0) {
      const top = this.pending[this.pending.length - 1];
      if (top.kind === 'open') throw unexpected(end, closeHint(top));
      this.reduce();
    }
    return this.operands[0];
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
  return new Parser().parse(tokenize(source));
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
  // depth-first, left to right, with a stack of its own (Note [parsing without recursion])
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop() as Expr;
    if (n.kind === 'variable' && !found.has(n.name)) found.set(n.name, n.column);
    else if (n.kind === 'negate' || n.kind === 'call') stack.push(n.arg);
    else if (n.kind === 'binary') stack.push(n.right, n.left);
  }
  return found;
}
