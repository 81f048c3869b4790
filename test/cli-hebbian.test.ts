// End-to-end: neurite hebbian on a CSV file (Oja's weights along numpy's first principal
// component) and the conditioning table of --pavlov.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'unsupervised-reference.json'), 'utf8'));
let dir = '';

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'correlated.csv': readFileSync(join(ROOT, 'test', 'fixtures', 'correlated.csv'), 'utf8'),
    'one.csv': 'a\n1\n2\n3\n',
    'same.csv': 'a,b\n1,2\n1,2\n',
  });
});

describe('neurite hebbian', () => {
  it("--rule oja --json: weights in column order along the first principal component, repeatable", () => {
    const run = () => neurite(['hebbian', '--data', 'correlated.csv', '--rule', 'oja', '--seed', '2', '--json'], dir);
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    const { weights } = JSON.parse(r.stdout);
    expect(weights).toHaveLength(3);
    const pc1: number[] = reference.oja.pc1;
    const cos = weights.reduce((s: number, w: number, i: number) => s + w * pc1[i], 0) / Math.hypot(...weights);
    expect(Math.abs(cos)).toBeGreaterThanOrEqual(0.99);
    expect(run().stdout).toBe(r.stdout);
  });

  it('prints the weights by column; plain Hebb says its weights grow', () => {
    const r = neurite(['hebbian', '--data', 'correlated.csv', '--rule', 'hebb', '--lr', '0.001', '--seed', '1'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^correlated\.csv: plain Hebb's rule on 500 rows, 20 epochs, lr 0\.001, seed 1\n {2}input {2}weight\n {2}a {6}-?\d/);
    expect(r.stdout).toMatch(/‖w‖ \d.*grow without bound/);
  });

  it('--pavlov: the bell alone fires after 4 paired trials and fades without food', () => {
    const r = neurite(['hebbian', '--pavlov'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ +1 +bell +0\.000 +0\.000 +no +0\.000$/m);
    expect(r.stdout).toMatch(/^ +9 +bell +0\.738 +0\.738 +yes +0\.590$/m);
    expect(r.stdout).toMatch(/^ +11 +bell +0\.472 +0\.472 +no +0\.378$/m);
    expect(r.stdout).toContain('after 4 paired trials w_bell reached the threshold 0.5');
    const j = JSON.parse(neurite(['hebbian', '--pavlov', '--pairings', '3', '--extinction', '1', '--json'], dir).stdout);
    expect(j.trials.map((t: { salivates: boolean }) => t.salivates)).toEqual([false, true, true, true, true, false]);
  });

  it('one column, equal rows, no data: clear errors', () => {
    const fails = (args: string[], status: number, message: RegExp) => {
      const r = neurite(['hebbian', ...args], dir);
      expect(r.status, r.stderr).toBe(status);
      expect(errorLine(r)).toMatch(message);
    };
    fails(['--data', 'one.csv'], 1, /^error: one\.csv: one feature column \(a\); a Hebbian neuron needs at least two/);
    fails(['--data', 'same.csv'], 1, /^error: same\.csv: all 2 rows are equal/);
    fails([], 2, /give the rows with --data FILE/);
    fails(['--pavlov', '--data', 'one.csv'], 2, /--pavlov runs the built-in conditioning example/);
    fails(['--data', 'correlated.csv', '--rule', 'hebb', '--lr', '0.5', '--epochs', '100'], 1, /training diverged in epoch \d+ .*plain Hebb's rule/);
  });
});
