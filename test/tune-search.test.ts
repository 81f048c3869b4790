// The search: its space checked field by field, successive halving's rungs, and decisions that
// depend only on the seed and the scores: the same best trial whether jobs finish in order, out of
// order, or in a search stopped half-way and resumed from its records.
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, DEFAULT_SPACE, encodeFold, foldsOf, hyperbandBrackets, inlineRunner, loadDataset, ModelFormatError, Random, rungsFor, sampleSettings, searchFolds, searchSpace,
  tableTask, cvSeeds, type FoldData, type SearchSpace, type TrialJob, type TrialRecord, type TrialRunner,
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
      expect(s.hidden.length).toBeGreaterThanOrEqual(0);
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

const shape = (brackets: { trials: number; epochs: number }[][]) => brackets.map((b) => b.map((r) => `${r.trials}@${r.epochs}`).join(' '));

describe('Hyperband brackets', () => {
  it('trade trials against epochs: each next bracket starts fewer trials for eta times more epochs, the last with no halving', () => {
    // Li et al. 2018, table 1 (R = 81, eta = 3) in trials@epochs: n_s = ⌈5·3^s / (s+1)⌉ at 81/3^s
    expect(shape(hyperbandBrackets(81, 81))).toEqual(['81@1 27@3 9@9 3@27 1@81', '34@3 11@9 3@27 1@81', '15@9 5@27 1@81', '8@27 2@81', '5@81']);
    expect(shape(hyperbandBrackets(27, 100))).toEqual(['27@4 9@11 3@33 1@100', '12@11 4@33 1@100', '6@33 2@100', '4@100']);
    expect(shape(hyperbandBrackets(9, 9))).toEqual(['9@1 3@3 1@9', '5@3 1@9', '3@9']);
    // one bracket is successive halving alone; fewer epochs than trials allow fewer halvings
    expect(hyperbandBrackets(27, 100, 3, 1)).toEqual([rungsFor(27, 100)]);
    expect(shape(hyperbandBrackets(27, 5))).toEqual(['27@2 9@5', '18@5']);
    expect(shape(hyperbandBrackets(2, 50))).toEqual(['2@50']);
  });
});

/**
 * A synthetic objective in place of training: a setting's learning curve after e epochs is
 * final · (1 − exp(−speed · e)), where a higher learning rate starts faster (speed) but ends lower
 * (final), as on many real tables; u = log10(lr / 0.001) / 2 runs from 0 to 1 over the space.
 */
function curve(lr: number, epochs: number): number {
  const u = Math.log10(lr / 0.001) / 2;
  return (0.95 - 0.15 * u) * (1 - Math.exp(-(0.3 + 3 * u) * epochs));
}
function syntheticRunner(jobs: TrialJob[] = []): TrialRunner {
  return {
    slots: 1,
    start: async () => undefined,
    run: async (job) => {
      jobs.push(job);
      return { score: curve(job.settings.lr, job.settings.epochs), epochs: job.settings.epochs };
    },
    close: async () => undefined,
  };
}
const NO_FOLDS = [{}] as unknown as FoldData[];
// written out, not spread from DEFAULT_SPACE: the trials drawn (and so this test's trial numbers) must not move when the default space does
const LR_SPACE: SearchSpace = {
  depth: { min: 1, max: 3 }, width: { min: 8, max: 256, log: true }, activation: ['relu', 'tanh', 'elu'], optimizer: 'adam',
  lr: { min: 0.001, max: 0.1 }, batchSize: [16, 32, 64, 128], weightDecay: [0, 0.00001, 0.0001, 0.001, 0.01], dropout: [0, 0.1, 0.2, 0.3], epochs: 9,
};

describe('Hyperband on a synthetic objective', () => {
  it('shows which trials each bracket runs and stops; a slower starter than bracket 1 could keep wins in a later one', async () => {
    const r = await searchFolds(NO_FOLDS, [1], { space: LR_SPACE, trials: 9, seed: 4, runner: syntheticRunner() });
    const at = (trials: number[], rung: number) => r.records.filter((x) => trials.includes(x.trial) && x.rung === rung);
    const ran = (trials: number[], rung: number) => at(trials, rung).map((x) => `${x.trial}@${x.epochs}`).join(' ');
    const b1 = [1, 2, 3, 4, 5, 6, 7, 8, 9], b2 = [10, 11, 12, 13, 14], b3 = [15, 16, 17];
    // bracket 1: nine trials for 1 epoch, three on for 3, one to the end; bracket 2: five for 3 epochs, one on; bracket 3: three for 9
    expect([ran(b1, 0), ran(b1, 1), ran(b1, 2), ran(b2, 0), ran(b2, 1), ran(b3, 0)]).toEqual([
      '1@1 2@1 3@1 4@1 5@1 6@1 7@1 8@1 9@1', '1@3 5@3 9@3', '5@9', '10@3 11@3 12@3 13@3 14@3', '13@9', '15@9 16@9 17@9',
    ]);
    expect(r.records).toHaveLength(9 + 3 + 1 + 5 + 1 + 3);
    // each rung goes on with the best of the rung before (by the objective), the others stop there
    for (const [trials, rungs] of [[b1, 3], [b2, 2]] as const) {
      for (let g = 0; g + 1 < rungs; g++) {
        const ranked = at(trials, g).sort((a, b) => (b.score as number) - (a.score as number)).map((x) => x.trial);
        expect(at(trials, g + 1).map((x) => x.trial).sort((a, b) => a - b)).toEqual(ranked.slice(0, at(trials, g + 1).length).sort((a, b) => a - b));
      }
    }
    // the lowest learning rate of bracket 1 starts slowest: stopped after 1 epoch, though it would end best of its bracket
    const lr = (t: number) => r.records.find((x) => x.trial === t)?.settings.lr as number;
    const slow = [...b1].sort((a, b) => lr(a) - lr(b))[0];
    expect(at([slow], 1)).toHaveLength(0);
    expect(Math.max(...b1.map((t) => curve(lr(t), 9)))).toBe(curve(lr(slow), 9));
    // the best is the best score among trials that trained all 9 epochs: a slower starter (lower
    // learning rate) than bracket 1's winner, 5, from a bracket that judged its trials later
    const full = r.records.filter((x) => x.epochs === 9).sort((a, b) => (b.score as number) - (a.score as number));
    expect(r.best?.trial).toBe(full[0].trial);
    expect([...b2, ...b3]).toContain(r.best?.trial);
    expect(lr(r.best?.trial as number)).toBeLessThan(lr(5));
    // successive halving alone (the first bracket) ends lower
    const halving = await searchFolds(NO_FOLDS, [1], { space: LR_SPACE, trials: 9, seed: 4, brackets: 1, runner: syntheticRunner() });
    expect(halving.records).toHaveLength(13);
    expect(halving.best?.score as number).toBeLessThan(r.best?.score as number);
  });

  it('a budget runs rounds of all the brackets; jobs carry each rung\'s epochs', async () => {
    const jobs: TrialJob[] = [];
    const slow = syntheticRunner(jobs);
    const r = await searchFolds(NO_FOLDS, [1], { space: LR_SPACE, seed: 4, budgetMs: 400, runner: { ...slow, run: async (j) => { await new Promise((w) => setTimeout(w, 2)); return slow.run(j); } } });
    expect(r.complete).toBe(false);
    // a round from 27 trials at 9 epochs: 27@1 9@3 3@9, 14@3 4@9, 9@9 (50 trials, 66 records); more than one ran
    expect(r.leaderboard.length).toBeGreaterThan(50);
    const round = [...Array(27).fill(1), ...Array(9).fill(3), 9, 9, 9, ...Array(14).fill(3), 9, 9, 9, 9, ...Array(9).fill(9)];
    expect(jobs.slice(0, 132).map((j) => j.settings.epochs)).toEqual([...round, ...round]);
    expect(r.records.filter((x) => x.trial === 51)[0]?.epochs).toBe(1);
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
    const a = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 5, brackets: 1, onRecord: (r) => made.push(r) });
    expect(a.records.length).toBe(13);
    expect(made.map(key).sort()).toEqual(a.records.map(key).sort());
    expect(a.records.filter((r) => r.rung === 0).map((r) => r.epochs)).toEqual(Array(9).fill(3));
    expect(a.best?.rung).toBe(2);
    expect(a.best?.epochs).toBe(27);
    expect(a.leaderboard.length).toBe(9);
    // rung 1's three trials are rung 0's three best
    const rung0 = a.records.filter((r) => r.rung === 0).sort((x, y) => (y.score as number) - (x.score as number) || x.trial - y.trial);
    expect(a.records.filter((r) => r.rung === 1).map((r) => r.trial).sort()).toEqual(rung0.slice(0, 3).map((r) => r.trial).sort());
    const b = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 5, brackets: 1, runner: shuffledRunner(7) });
    expect(strip(b.records)).toEqual(strip(a.records));
    expect(b.best?.trial).toBe(a.best?.trial);
  });

  it('a Hyperband search stopped half-way and given its records back ends with the same best trial, training only what was missing', async () => {
    const { folds, seeds } = irisFolds(3);
    const full = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 8 });
    expect(full.records).toHaveLength(22);
    // the records written before the "kill": bracket 1 (13) and two of bracket 2's first rung
    const kept = full.records.slice(0, 15);
    const trained: string[] = [];
    const resumed = await searchFolds(folds, seeds, { space: SPACE, trials: 9, seed: 8, previous: kept, runner: shuffledRunner(1), onRecord: (r) => trained.push(key(r)) });
    expect(resumed.best?.trial).toBe(full.best?.trial);
    expect(resumed.best?.score).toBe(full.best?.score);
    expect(strip(resumed.records)).toEqual(strip(full.records));
    expect(trained.sort()).toEqual(full.records.slice(15).map(key).sort());
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
