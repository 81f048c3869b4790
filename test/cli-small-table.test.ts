// A small table's network chosen by cross-validation (#21 point 7, Note [small tables] in
// src/cli/train/small-table.ts): the linear network on a linear table, the hidden one on rings;
// the final run trains on every training row for the chosen epochs; options that choose turn it off.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lowestMean, oneStandardError } from '../src/cli/train/small-table.js';
import { parseCsv } from '../src/data/index.js';
import { crossValidate } from '../src/index.js';
import { ensureBuilt, neurite, workdir } from './cli-helpers.js';

// y = 3a − 2b + a little noise; c is irrelevant
const LINEAR = ['a,b,c,y', ...Array.from({ length: 40 }, (_, i) => {
  const a = ((i * 37) % 23) / 7, b = ((i * 11) % 17) / 5, c = (i * 29) % 13;
  return `${a.toFixed(3)},${b.toFixed(3)},${c},${(3 * a - 2 * b + (((i * 53) % 19) - 9) / 30).toFixed(3)}`;
})].join('\n');

// inside a circle or not: no straight line separates the classes
const RINGS = ['x,y,label', ...Array.from({ length: 160 }, (_, i) => {
  const r = i % 2 === 0 ? 0.2 + 0.5 * ((i * 7) % 11) / 11 : 1.3 + 0.5 * ((i * 5) % 13) / 13;
  const t = (i * 2.399963) % (2 * Math.PI);
  return `${(r * Math.cos(t)).toFixed(4)},${(r * Math.sin(t)).toFixed(4)},${i % 2 === 0 ? 'in' : 'out'}`;
})].join('\n');

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir({ 'linear.csv': `${LINEAR}\n`, 'rings.csv': `${RINGS}\n`, 'space.json': '{"epochs": 9}' });
});

const train = (args: string[]) => {
  const r = neurite(['train', '--seed', '3', '--json', ...args], dir);
  expect(r.status, r.stderr).toBe(0);
  return { out: JSON.parse(r.stdout), stderr: r.stderr };
};
const model = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('a small table: the network chosen by cross-validation', () => {
  it('chooses the linear network with weight decay 1/n on a linear table, and trains it on every row', () => {
    const { out, stderr } = train(['--data', 'linear.csv', '--target', 'y', '--out', 'lin.json']);
    const s = out.selection;
    expect(s).toMatchObject({ folds: 5, rows: 40, metric: 'r2', chosen: 0 });
    expect(s.candidates.map((c: { network: string }) => c.network)).toEqual(['linear', '32 relu']);
    // penalised to convergence on the whole batch, as scikit-learn's linear models are
    expect(s.candidates[0]).toMatchObject({ weightDecay: 1 / 40, batchSize: 'full', converged: true, budget: 1000, epochs: 1000 });
    expect(s.candidates[1]).toMatchObject({ batchSize: 32, converged: false, budget: 500 });
    expect(s.candidates[0].loss).toBeLessThan(s.candidates[1].loss);
    expect(s.candidates[0].score).toBeGreaterThan(0.9);
    expect(out.rows).toMatchObject({ train: 40, validation: 0 });
    const chosen = s.candidates[0].epochs;
    expect(out.epochs).toBe(chosen);
    expect(stderr).toContain('small table (40 training rows): choosing the network by 5-fold cross-validation');
    expect(stderr).toContain(`chose linear (the lower held-out loss); trained on all 40 training rows for ${chosen} epochs, with nothing held out to stop early\n`);
    expect(stderr).toMatch(/^ {2}linear, weight decay 0\.025: .*, after 1000 epochs of batch full \(to convergence\)$/m);
    // an --epochs below the default is not claimed to converge
    const short = train(['--data', 'linear.csv', '--target', 'y', '--epochs', '20', '--out', 'lin20.json']);
    expect(short.stderr).toMatch(/^ {2}linear, weight decay 0\.025: .*, after 20 epochs of batch full, as --epochs gives$/m);
    const m = model('lin.json');
    expect(m.training).toMatchObject({ hidden: [], weightDecay: 1 / 40, epochs: chosen, batchSize: 'full', validationSplit: 0 });
    expect(m.history).toHaveLength(chosen);
  });

  it('chooses the hidden network where no straight line will do', () => {
    const { out } = train(['--data', 'rings.csv', '--out', 'rings.json']);
    expect(out.selection.candidates[1].network).toBe('32 relu');
    expect(out.selection.chosen).toBe(1);
    expect(out.selection.candidates[1].score).toBeGreaterThan(out.selection.candidates[0].score + 0.2);
    expect(model('rings.json').training.hidden).toEqual([32]);
  });

  it('does not choose when --validation-split or --hidden is given', () => {
    for (const extra of [['--validation-split', '0.2'], ['--hidden', '8']]) {
      const { out, stderr } = train(['--data', 'linear.csv', '--target', 'y', '--out', 'v.json', ...extra]);
      expect(out.selection).toBeUndefined();
      expect(out.rows.validation).toBe(8);
      expect(stderr).not.toContain('small table');
    }
  });

  it('takes the hidden network only when its loss is lower by more than its standard error', () => {
    expect(oneStandardError({ loss: 0.3, lossError: 0.01 }, { loss: 0.2, lossError: 0.05 })).toBe(1);
    expect(oneStandardError({ loss: 0.3, lossError: 0.01 }, { loss: 0.2, lossError: 0.15 })).toBe(0);
    expect(oneStandardError({ loss: 0.2, lossError: 0.01 }, { loss: 0.3, lossError: 0.01 })).toBe(0);
    expect(oneStandardError({ loss: null, lossError: null }, { loss: 9, lossError: 1 })).toBe(1);
    expect(oneStandardError({ loss: 0.3, lossError: 0.01 }, { loss: null, lossError: null })).toBe(0);
  });

  it('takes the epoch of the lowest held-out loss averaged over the folds, and its standard error', () => {
    const c = (losses: number[]) => losses.map((loss, i) => ({ loss, score: i }));
    // means 2.5, 1.5, 1.5, 2: the first of the lowest, though no single fold is lowest there
    expect(lowestMean([c([3, 2, 1, 2]), c([2, 1, 2, 2])])).toEqual({ epoch: 2, loss: 1.5, lossError: 0.5, score: 1 });
    expect(lowestMean([c([1, 4]), c([3, 1])])).toEqual({ epoch: 1, loss: 2, lossError: 1, score: 0 });
  });
});

// `neurite cv` scores what train builds: the same choice, run inside each fold on its training rows
describe('neurite cv on a small table', () => {
  it('chooses each fold\'s network from that fold\'s training rows alone, and trains it as train would', () => {
    const r = neurite(['cv', '--data', 'linear.csv', '--target', 'y', '--folds', '5', '--seed', '3', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const cv = JSON.parse(r.stdout);
    expect(cv.selections).toHaveLength(5);
    cv.folds.forEach((f: { rows: unknown; epochs: number }, i: number) => {
      expect(f.rows).toEqual({ train: 32, validation: 0, test: 8 });
      const s = cv.selections[i];
      // the held-out fold's 8 rows take no part in the choice
      expect(s).toMatchObject({ rows: 32, folds: 5, chosen: 0 });
      expect(s.candidates[0].weightDecay).toBeCloseTo(1 / 32, 12);
      expect(f.epochs).toBe(1000);
    });
    // the same scores as the library cross-validating the chosen network: linear, decay 1/32, full batch, 1,000 epochs, nothing held out
    const lib = crossValidate(parseCsv(LINEAR, 'linear.csv'), { target: 'y', folds: 5, seed: 3, validationSplit: 0, settings: { hidden: [], weightDecay: 1 / 32, batchSize: 'full', epochs: 1000, earlyStopping: 100 } });
    // to rounding: the CLI's backend sums in another order than the library's default one
    cv.folds.forEach((f: { score: number }, i: number) => expect(f.score).toBeCloseTo(lib.folds[i].score as number, 6));
    expect(cv.mean).toBeGreaterThan(0.9);
    const text = neurite(['cv', '--data', 'linear.csv', '--target', 'y', '--seed', '3'], dir);
    expect(text.stderr).toContain('small table: each fold\'s network chosen as neurite train chooses it');
    expect(text.stderr).toMatch(/fold 1\/5 {2}r² [0-9.]+ {2}epochs 1000 {2}chose linear \(held-out loss [0-9.]+ vs [0-9.]+ for 32 relu, 32 rows\)/);
  });

  it('scores the default network with early stopping when --hidden is given', () => {
    const r = neurite(['cv', '--data', 'linear.csv', '--target', 'y', '--folds', '5', '--seed', '3', '--hidden', '32', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const cv = JSON.parse(r.stdout);
    expect(cv.selections).toBeUndefined();
    for (const f of cv.folds) expect(f.rows.validation).toBeGreaterThan(0);
  });
});

// `neurite tune` checks what train builds and its best trials on folds the search never saw
// (Note [finalist check]); on a table this small it repeats the search's k-fold
describe('neurite tune on a small table', () => {
  const TUNE = ['tune', '--data', 'linear.csv', '--target', 'y', '--trials', '1', '--brackets', '1', '--folds', '3', '--seed', '1', '--workers', '1'];
  const cvMean = (args: string[]) => JSON.parse(neurite(['cv', '--data', 'linear.csv', '--target', 'y', '--folds', '3', ...args, '--json'], dir).stdout).mean as number;
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

  it('repeats the k-fold of 13-row folds, scores the defaults on the next fold seeds as neurite cv does, and writes them when no finalist beats them', () => {
    const r = neurite([...TUNE, '--out', 'tuned.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    // 40 rows in 3 folds hold out 13: repeats so each fold position is scored on ≥ 30 rows
    expect(t.repeats).toBe(3);
    expect(t.best.settings).toBeDefined();
    expect(t.check.seeds).toEqual([3001, 4001, 5001]);
    const defaults = mean(t.check.seeds.map((s: number) => cvMean(['--seed', String(s)])));
    expect(t.defaults.score).toBeCloseTo(defaults, 12);
    // each contender's fold scores, so the one-standard-error rule can be checked: 3 repeats × 3 folds
    expect(t.check.contenders[0].folds).toHaveLength(9);
    expect(mean(t.check.contenders[0].folds)).toBeCloseTo(t.defaults.score, 12);
    expect(t.defaults.smallTable).toBe(true);
    // one random trial of a deep network against the penalised linear fit of a linear table
    expect(t.check.contenders.slice(1).every((c: { score: number }) => c.score < t.defaults.score)).toBe(true);
    expect(t.defaults.chosen).toBe(true);
    expect(t.written.trial).toBe('defaults');
    expect(t.defaults.settings).toMatchObject({ hidden: [], weightDecay: 1 / 40, batchSize: 'full', epochs: 1000 });
    expect(model('tuned.json').training).toMatchObject({ hidden: [], weightDecay: 1 / 40, epochs: 1000, tuned: { trial: 'defaults' } });
    expect(model('tuned.json').training.tuned.check).toBeCloseTo(defaults, 12);
    expect(t.finalEpochs).toBe(1000);
  });

  it('scores a finalist as tune writes it: neurite cv of its settings on all of a fold\'s rows for its epochs', () => {
    const t = JSON.parse(neurite([...TUNE, '--repeats', '1', '--out', 'r1.json', '--json'], dir).stdout);
    expect(t.repeats).toBe(1);
    expect(t.check.seeds).toEqual([1001, 2001]);
    const s = t.best.settings;
    const last = t.check.contenders.at(-1);
    expect(last).toMatchObject({ trial: t.best.trial, epochs: t.best.epochs });
    const args = ['--hidden', s.hidden.join(','), '--activation', s.activation, '--lr', String(s.lr), '--batch-size', String(s.batchSize), '--epochs', String(last.epochs), '--validation-split', '0',
      ...(s.weightDecay ? ['--weight-decay', String(s.weightDecay)] : []), ...(s.dropout ? ['--dropout', String(s.dropout)] : [])];
    expect(last.score).toBeCloseTo(mean(t.check.seeds.map((seed: number) => cvMean([...args, '--seed', String(seed)]))), 6);
  });

  it('says in its output that it repeats the folds, and keeps the defaults in the contest when --space is given', () => {
    const text = neurite([...TUNE, '--space', 'space.json', '--out', 's.json'], dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toContain('folds of 13 rows are too few to rank trials by: each trial is scored on 3 repeats of the 3-fold cross-validation (--repeats)');
    expect(text.stdout).toMatch(/check on other folds \(3 × 3-fold, fold seeds 3001, 4001, 5001\)/);
    expect(text.stdout).toMatch(/defaults \(small-table choice\) +chosen +0\.99\d\d ± 0\.\d{4} +← written/);
    expect(model('s.json').training.tuned.trial).toBe('defaults');
  });
});
