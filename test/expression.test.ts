// The expression parser of `neurite descend` parses without recursion: the same trees, errors and
// columns as the recursive-descent reference (the former parser, test/expression-reference.ts) on
// random inputs, and inputs nested far deeper than a call stack allows parse and evaluate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimize, tensor } from '../src/index.js';
import { ExpressionError, parseExpression, tokenize, variablesOf, type Expr } from '../src/optim/expression.js';
import { toFunction } from '../src/optim/expression-function.js';
import { ReferenceParser } from './expression-reference.js';

type Outcome = { tree: Expr } | { error: string; column: number };

function outcome(parse: () => Expr): Outcome {
  try {
    return { tree: parse() };
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    return { error: e.message, column: e.column };
  }
}

const reference = (s: string) => outcome(() => new ReferenceParser(tokenize(s)).all());
const parsed = (s: string) => outcome(() => parseExpression(s));

// pieces that make valid and invalid expressions alike: every operator, sign, function, alias
const PIECES = ['x', 'y', '2', '0.5', '3e2', '+', '-', '*', '/', '^', '**', '−', '×', '(', ')', 'exp(', 'tanh(', 'foo(', ' ', 'constructor', '__proto__', '$'];
const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((p) => p.join(''));

const valid: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', '2', '0.5', 'toString'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', ' - ', '**'), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('e').map((a) => `-${a}`),
    tie('e').map((a) => `(${a})`),
    fc.tuple(fc.constantFrom('exp', 'log', 'sin', 'abs'), tie('e')).map(([f, a]) => `${f}(${a})`),
  ),
})).e;

describe('the stack-based parser equals the recursive-descent reference', () => {
  it('on random token soup: the same tree, or the same error at the same column', () => {
    fc.assert(fc.property(soup, (s) => {
      expect(parsed(s)).toEqual(reference(s));
    }), { seed: 19, numRuns: 3000 });
  });

  it('on random valid expressions: the same tree (precedence, associativity, signs in exponents)', () => {
    fc.assert(fc.property(valid, (s) => {
      const r = reference(s);
      expect('tree' in r).toBe(true);
      expect(parsed(s)).toEqual(r);
    }), { seed: 19, numRuns: 1000 });
  });

  it('on the cases that decide precedence', () => {
    for (const s of ['-x^2', '2^-x^2', '-x*y', 'x^2^-3', '2^3^2', 'a*-b', '--x', '+-+x', 'x-y-z', 'x/y*z', '(x)(y)', 'x^', '()', '(x', 'exp(x', 'exp()', 'x)', '2x', '']) {
      expect(parsed(s), s).toEqual(reference(s));
    }
  });
});

describe('inputs deeper than a call stack', () => {
  it('5,000 nested parentheses, 100,000 unary minuses, 20,000 nested exp( parse and evaluate', () => {
    const x = { x: tensor(2, [], 'float64').variable() };
    const parens = parseExpression(`${'('.repeat(5000)}x^2${')'.repeat(5000)}`);
    expect(toFunction(parens)(x).item()).toBe(4);
    // the value and the gradient run through all 100,000 negations
    const minuses = minimize(toFunction(parseExpression(`${'-'.repeat(100_000)}x`)), { x: 3 }, { lr: 0.5, steps: 0 }).path[0];
    expect([minuses.value, minuses.gradient.x]).toEqual([3, 1]);
    expect(toFunction(parseExpression(`${'-'.repeat(99_999)}x`))(x).item()).toBe(-2);
    const exps = parseExpression(`${'exp('.repeat(20_000)}x${')'.repeat(20_000)}`);
    expect(variablesOf(exps)).toEqual(new Map([['x', 80_001]]));
    expect(toFunction(exps)({ x: tensor(-1e6, [], 'float64') }).item()).toBe(Infinity);
  });

  it('an unclosed 20,000th parenthesis is still a clear error at its place', () => {
    const e = outcome(() => parseExpression(`${'('.repeat(20_000)}x${')'.repeat(19_999)}`));
    expect(e).toEqual({ error: 'the expression ends too early, at column 40001; expected ")" to close the "(" at column 1', column: 40_001 });
  });
});

describe('variables named like Object.prototype members', () => {
  it('constructor, toString, __proto__ and hasOwnProperty are variables like any other', () => {
    const tree = parseExpression('constructor^2 + toString*__proto__ - hasOwnProperty');
    expect([...variablesOf(tree).keys()]).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
    const start = Object.fromEntries([['constructor', 3], ['toString', 2], ['__proto__', 5], ['hasOwnProperty', 1]]);
    const { path } = minimize(toFunction(tree), start, { lr: 0.1, steps: 1 });
    expect(path[0].value).toBe(9 + 10 - 1);
    expect(path[0].gradient).toEqual(Object.fromEntries([['constructor', 6], ['toString', 5], ['__proto__', 2], ['hasOwnProperty', -1]]));
    expect(Object.keys(path[1].point)).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
  });

  it('a variable not given is an error naming it, even one Object.prototype has', () => {
    expect(() => toFunction(parseExpression('x + constructor'))({ x: tensor(1, [], 'float64') })).toThrow(/uses constructor, which is not among the variables given/);
  });
});
