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
});
