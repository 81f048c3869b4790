// End-to-end: `neurite descend`, the worked examples and the errors that point at the place.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, workdir } from './cli-helpers.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir();
});

describe('neurite descend', () => {
  it('prints the worked example 9 → 7.3 → 5.94, f 73 → 46.99 → 30.3436, slopes 17 and 13.6', () => {
    const r = neurite(['descend', 'x^2 - x + 1', '--start', 'x=9', '--lr', '0.1', '--steps', '2'], dir);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([['0', '9', '73', '17'], ['1', '7.3', '46.99', '13.6'], ['2', '5.94', '30.3436', '10.88']]);
  });

  it('--json gives steps + 1 entries with point, value and gradient', () => {
    const r = neurite(['descend', 'x^2 + y^2', '--start', 'x=5,y=10', '--lr', '0.1', '--steps', '1', '--json'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      path: [
        { point: { x: 5, y: 10 }, value: 125, gradient: { x: 10, y: 20 } },
        { point: { x: 4, y: 8 }, value: 80, gradient: { x: 8, y: 16 } },
      ],
    });
  });

  it('knows precedence, functions and typographic minus', () => {
    const r = neurite(['descend', '--start', 'x=4', '--steps', '0', '--json', '--', '-x^2 + exp(0) * sqrt(abs(x)) − log(1) + sin(0) + cos(0) + tanh(0) / 2'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).path[0]).toEqual({ point: { x: 4 }, value: -16 + 2 + 1, gradient: { x: -8 + 0.25 } });
    const dashed = neurite(['descend', '-x^2', '--start', 'x=1'], dir);
    expect(dashed.status).toBe(2);
    expect(errorLine(dashed)).toMatch(/unknown option '-x\^2'; an expression that starts with - goes after --/);
  });

  it('points at a syntax error with a caret', () => {
    const r = neurite(['descend', 'x^2 - )', '--start', 'x=1'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe('error: unexpected ")" at column 7');
    expect(r.stderr).toContain('\n  x^2 - )\n        ^\n');
  });

  it('points at a variable --start does not give, and says how to add it', () => {
    const r = neurite(['descend', 'x^2 + y', '--start', 'x=1'], dir);
    expect(r.status).toBe(2);
    expect(errorLine(r)).toMatch(/uses y \(column 7\) but --start gives x only; add it, e\.g\. --start x=1,y=0/);
    expect(r.stderr).toContain('  x^2 + y\n        ^\n');
  });

  it('refuses unknown functions, implicit products and empty expressions', () => {
    expect(errorLine(neurite(['descend', 'foo(x)', '--start', 'x=1'], dir))).toMatch(/unknown function foo at column 1 \(the functions are exp, log/);
    expect(errorLine(neurite(['descend', '2x', '--start', 'x=1'], dir))).toMatch(/unexpected "x" at column 2; write \* between factors/);
    expect(errorLine(neurite(['descend', '(x + 1', '--start', 'x=1'], dir))).toMatch(/ends too early, at column 7; expected "\)" to close the "\(" at column 1/);
    expect(errorLine(neurite(['descend', ' ', '--start', 'x=1'], dir))).toMatch(/the expression is empty/);
    expect(errorLine(neurite(['descend', 'x $ 2', '--start', 'x=1'], dir))).toMatch(/unexpected "\$" at column 3/);
  });

  it('reports divergence with exit 1 and a smaller rate to try', () => {
    const r = neurite(['descend', 'x^2', '--start', 'x=1', '--lr', '1e200', '--steps', '5'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/diverged at step \d+.*try a smaller --lr/);
  });

  it('rejects bad option values with exit 2', () => {
    const bad = [
      [['descend', 'x^2', '--start', 'x'], /--start <point>' argument 'x' is invalid\. expected NAME=NUMBER/],
      [['descend', 'x^2', '--start', 'x=1', '--lr', '0'], /--lr <rate>' argument '0' is invalid\. expected a number > 0/],
      [['descend', 'x^2', '--start', 'x=1', '--steps', '2.5'], /--steps <n>' argument '2\.5' is invalid/],
      [['descend', 'x^2'], /required option '--start <point>' not specified/],
    ] as const;
    for (const [args, message] of bad) {
      const r = neurite([...args], dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(errorLine(r)).toMatch(message);
    }
  });

  it('variables named constructor, toString and __proto__ work like any other', () => {
    const r = neurite(['descend', 'constructor^2 + toString*__proto__', '--start', 'constructor=3,toString=2,__proto__=5', '--steps', '1', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const { path } = JSON.parse(r.stdout);
    // JSON.parse, not a literal: in a literal __proto__ sets the prototype instead of a property
    expect(path[0]).toEqual(JSON.parse('{"point": {"constructor": 3, "toString": 2, "__proto__": 5}, "value": 19, "gradient": {"constructor": 6, "toString": 5, "__proto__": 2}}'));
    const missing = neurite(['descend', 'x + constructor', '--start', 'x=1'], dir);
    expect(missing.status).toBe(2);
    expect(errorLine(missing)).toMatch(/^error: the expression uses constructor \(column 5\) but --start gives x only; add it, e\.g\. --start x=1,constructor=0$/);
  });

  it('inputs nested deeper than a call stack: a result, or a clear error showing the place in a window', () => {
    const parens = neurite(['descend', `${'('.repeat(5000)}x^2${')'.repeat(5000)}`, '--start', 'x=2', '--steps', '1'], dir);
    expect(parens.status, parens.stderr).toBe(0);
    expect(parens.stdout).toMatch(/^f = \({120}… \(10003 characters\) {3}learning rate 0\.1, 1 step\n/);
    expect(parens.stdout).toMatch(/^ {3}1 {2}1\.6 {2}2\.56 {4}3\.2$/m);
    const exps = neurite(['descend', '--start', 'x=1', '--', `${'exp('.repeat(20_000)}x${')'.repeat(20_000)}`], dir);
    expect(exps.status).toBe(1);
    expect(errorLine(exps)).toMatch(/^error: the descent diverged at step 0/);
    const unclosed = neurite(['descend', '--start', 'x=1', '--', `${'-'.repeat(100_000)}(x`], dir);
    expect(unclosed.status).toBe(1);
    expect(errorLine(unclosed)).toBe('error: the expression ends too early, at column 100003; expected ")" to close the "(" at column 100001');
    const [, shown, caret] = unclosed.stderr.split('\n');
    expect(shown).toBe(`  …${'-'.repeat(118)}(x`);
    expect(caret).toBe(`  ${' '.repeat(121)}^`);
  });
});

