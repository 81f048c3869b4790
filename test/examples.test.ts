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
  it('clustering finds the species about as well as k-means (adjusted Rand index 0.62) and draws a U-matrix', () => {
    const out = run('clustering.mjs');
    expect(Math.abs(Number(/adjusted Rand index ([\d.]+)/.exec(out)?.[1]) - 0.62)).toBeLessThan(0.05);
    expect(Number(/topographic error ([\d.]+)/.exec(out)?.[1])).toBeLessThan(0.15);
    expect(out.trim().split('\n').slice(-6).every((l) => l.split(' ').length === 6)).toBe(true);
  });
  it("hebbian: Oja's rule finds the main direction; the bell is learnt after 4 pairings and fades", () => {
    const out = run('hebbian.mjs');
    expect(Number(/\|cosine\| with \(0\.8, 0\.6\) = ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.99);
    expect(out).toContain('trial 1: bell        salivates: no ');
    expect(out).toContain('trial 9: bell        salivates: yes');
    expect(out).toContain('trial 11: bell        salivates: no ');
  });
  it('the autoencoder beats PCA-8 on the digits and ranks unusual rows', () => {
    const out = run('autoencoder.mjs');
    expect(Number(/reconstruction mse ([\d.]+)/.exec(out)?.[1])).toBeLessThan(0.4485);
    expect(out).toMatch(/the first digit's code: (-?\d+\.\d\d ){7}-?\d+\.\d\d\n/);
  }, 60_000);
  it('tune-explain: a search on every core, the petal columns first, P(virginica) growing with petal length', () => {
    const out = run('tune-explain.mjs');
    expect(Number(/tuned: .*accuracy ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
    const ranked = [...out.matchAll(/importance (\w+):/g)].map((m) => m[1]);
    expect(ranked.slice(0, 2).sort()).toEqual(['petal_length', 'petal_width']);
    const p = (/: ([\d., ]+)$/m.exec(out.trim().split('\n').pop() as string)?.[1] ?? '').split(', ').map(Number);
    expect(p).toHaveLength(5);
    expect(p[4]).toBeGreaterThan(p[0] + 0.3);
  }, 60_000);
});
