// The former recursive-descent parser of `neurite descend` expressions, kept as the reference the
// stack-based parser (src/optim/expression.ts) is compared with on random inputs shallow enough
// for recursion. Same grammar, same errors and columns.
import { ExpressionError, FUNCTIONS, type Expr, type FunctionName, type Token } from '../src/optim/expression.js';

/** Recursive descent over the tokens, one method per precedence level. */
export class ReferenceParser {
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

