// The search: its space checked field by field, successive halving's rungs, and decisions that
// depend only on the seed and the scores: the same best trial whether jobs finish in order, out of
// order, or in a search stopped half-way and resumed from its records.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, DEFAULT_SPACE, encodeFold, foldsOf, inlineRunner, loadDataset, ModelFormatError, Random, rungsFor, sampleSettings, searchFolds, searchSpace,
  tableTask, cvSeeds, type FoldData, type SearchSpace, type TrialRecord, type TrialRunner,
} from '../src/index.js';
import { messageOf } from './helpers.js';

describe('search space', () => {
  it('merges a partial space into the default one', () => {
    const s = searchSpace({ depth: [1, 2], lr: { min: 0.001, max: 0.1 }, epochs: 30 });
    expect(s.depth).toEqual([1, 2]);
    expect(s.width).toEqual(DEFAULT_SPACE.width);
    expect(s.epochs).toBe(30);
  });

  it('lists every problem at once, with a "did you mean" for a misspelt setting', () => {
    const m = messageOf(() => searchSpace({ widht: 8, activation: ['relu', 'swish'], lr: { min: 0, max: 0.1 }, dropout: { min: 0.5, max: 0.2 }, batchSize: 0, epochs: 1.5 }, 'space.json'), ModelFormatError);
    expect(m).toContain('space.json is not a valid Neurite search space (6 problems)');
    expect(m).toContain('widht: expected a known setting (did you mean "width"?)');
    expect(m).toContain('activation[1]: expected one of linear');
    expect(m).toContain('lr.min: expected a number > 0');
    expect(m).toContain('dropout.max: expected a number ≥ min (0.5), found 0.2');
    expect(m).toContain('batchSize: expected an integer ≥ 1');
    expect(m).toContain('epochs: expected an integer from 1 to 1000000, found 1.5');
    expect(messageOf(() => searchSpace([1, 2], 's.json'), ModelFormatError)).toContain('(file): expected a JSON object');
  });

  it('draws settings inside the space, the same for the same seed', () => {
    const rng = new Random(3);
    for (let i = 0; i < 200; i++) {
      const s = sampleSettings(DEFAULT_SPACE, rng);
      expect(s.hidden.length).toBeGreaterThanOrEqual(1);
      expect(s.hidden.length).toBeLessThanOrEqual(3);
      for (const w of s.hidden) expect(Number.isInteger(w) && w >= 8 && w <= 256).toBe(true);
      expect(s.lr).toBeGreaterThanOrEqual(0.0003);
      expect(s.lr).toBeLessThanOrEqual(0.03);
      expect(ACTIVATIONS).toContain(s.activation);
      expect([16, 32, 64, 128]).toContain(s.batchSize);
    }
    expect(sampleSettings(DEFAULT_SPACE, new Random(9))).toEqual(sampleSettings(DEFAULT_SPACE, new Random(9)));
  });

  it('integer ranges reach both ends', () => {
    const rng = new Random(1);
    const depths = new Set(Array.from({ length: 300 }, () => sampleSettings({ ...DEFAULT_SPACE, depth: { min: 0, max: 2 } }, rng).hidden.length));
    expect([...depths].sort()).toEqual([0, 1, 2]);
  });
});

describe('successive halving', () => {
  it('keeps a third per rung and trains it three times longer, the last rung for the space\'s epochs', () => {
    expect(rungsFor(27, 100)).toEqual([{ trials: 27, epochs: 4 }, { trials: 9, epochs: 11 }, { trials: 3, epochs: 33 }, { trials: 1, epochs: 100 }]);
    expect(rungsFor(10, 90)).toEqual([{ trials: 10, epochs: 10 }, { trials: 3, epochs: 30 }, { trials: 1, epochs: 90 }]);
    expect(rungsFor(2, 50)).toEqual([{ trials: 2, epochs: 50 }]);
    expect(rungsFor(27, 5)).toEqual([{ trials: 27, epochs: 2 }, { trials: 9, epochs: 5 }]);
  });
});

const SPACE: SearchSpace = { ...DEFAULT_SPACE, width: { min: 4, max: 32, log: true }, epochs: 27 };

function irisFolds(seed: number): { folds: FoldData[]; seeds: number[] } {
  const tt = tableTask(loadDataset('iris'), {});
  return { folds: foldsOf(tt, 3, 0.2, seed).map((p) => encodeFold(tt, p).data), seeds: cvSeeds(seed, 3).seeds };
}

/** A runner that finishes jobs in a shuffled order: each job waits a random number of turns. */
function shuffledRunner(seed: number): TrialRunner {
  const inner = inlineRunner();
  const rng = new Random(seed);
  return {
    slots: 4,
    start: (f) => inner.start(f),
    run: async (job) => {
      const wait = rng.int(20);
      for (let i = 0; i < wait; i++) await new Promise((r) => setTimeout(r, 0));
      return inner.run(job);
    },
    close: () => inner.close(),
  };
}

const key = (r: TrialRecord) => `${r.trial}:${r.rung}`;
const strip = (rs: readonly TrialRecord[]) => [...rs].sort((a, b) => a.trial - b.trial || a.rung - b.rung).map((r) => ({ ...r, seconds: 0 }));

describe('searchFolds', () => {
  it('halves 9 trials to 3 to 1, the best one from the last rung; the same seed the same search in any finishing order', async () => {
    const { folds, seeds } = irisFolds(2);
    const made: TrialRecord[] = [];
    const a = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 5, onRecord: (r) => made.push(r) });
    expect(a.records.length).toBe(13);
    expect(made.map(key).sort()).toEqual(a.records.map(key).sort());
    expect(a.records.filter((r) => r.rung === 0).map((r) => r.epochs)).toEqual(Array(9).fill(3));
    expect(a.best?.rung).toBe(2);
    expect(a.best?.epochs).toBe(27);
    expect(a.leaderboard.length).toBe(9);
    // rung 1's three trials are rung 0's three best
    const rung0 = a.records.filter((r) => r.rung === 0).sort((x, y) => (y.score as number) - (x.score as number) || x.trial - y.trial);
    expect(a.records.filter((r) => r.rung === 1).map((r) => r.trial).sort()).toEqual(rung0.slice(0, 3).map((r) => r.trial).sort());
    const b = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 5, runner: shuffledRunner(7) });
    expect(strip(b.records)).toEqual(strip(a.records));
    expect(b.best?.trial).toBe(a.best?.trial);
  });

  it('a search stopped half-way and given its records back ends with the same best trial, training only what was missing', async () => {
    const { folds, seeds } = irisFolds(3);
    const full = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 8 });
    // the first 7 records that were written before the "kill"
    const kept = full.records.slice(0, 7);
    const trained: string[] = [];
    const resumed = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 8, previous: kept, runner: shuffledRunner(1), onRecord: (r) => trained.push(key(r)) });
    expect(resumed.best?.trial).toBe(full.best?.trial);
    expect(resumed.best?.score).toBe(full.best?.score);
    expect(strip(resumed.records)).toEqual(strip(full.records));
    expect(trained.sort()).toEqual(full.records.slice(7).map(key).sort());
  });

  it('refuses records another search made', async () => {
    const { folds, seeds } = irisFolds(3);
    const full = await searchFolds(folds, seeds, { space: { ...SPACE, epochs: 3 }, trials: 2, seed: 8 });
    await expect(searchFolds(folds, seeds, { space: { ...SPACE, epochs: 3 }, trials: 2, seed: 9, previous: full.records })).rejects.toThrow(/not what this search draws/);
  });

  it('a budget stops the search and keeps what was scored', async () => {
    const { folds, seeds } = irisFolds(3);
    const r = await searchFolds(folds, seeds, { space: { ...SPACE, epochs: 200 }, budgetMs: 300, seed: 1 });
    expect(r.complete).toBe(false);
    expect(r.records.length).toBeGreaterThan(0);
    expect(r.records.length).toBeLessThan(27);
  });
});
