// The README's examples run as written (against the built package, imported by its name).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const run = (name: string): string =>
  execFileSync(process.execPath, [fileURLToPath(new URL(`../examples/${name}`, import.meta.url))], { encoding: 'utf8' });

describe('examples', () => {
  it('classification reaches > 0.95 test accuracy on iris', () => {
    const acc = Number(/test accuracy ([\d.]+)/.exec(run('classification.mjs'))?.[1]);
    expect(acc).toBeGreaterThan(0.95);
  });
  it('regression fits sin(x)', () => {
    expect(Number(/r² on a grid: ([\d.]+)/.exec(run('regression.mjs'))?.[1])).toBeGreaterThan(0.98);
  });
  it('minimize prints the worked example', () => {
    expect(run('minimize.mjs')).toBe(
      'x = 9, f(x) = 73, slope = 17\nx = 7.3, f(x) = 46.99, slope = 13.6\nx = 5.94, f(x) = 30.3436, slope = 10.88\n(5, 10) → (4, 8), cost 125 → 80\n',
    );
  });
  it('save and load give the same predictions', () => {
    const out = run('save-load.mjs');
    expect(out).toContain('same predictions: true');
    expect(out).toContain('xor: 0 1 1 0');
  });
});
