// The check of a search's finalists (Note [finalist check] in src/tune/check.ts): contenders scored
// on repeated k-folds the search never saw, each as crossValidate scores it on those fold seeds;
// the best chosen, a tie keeping the one listed first (the defaults), a spent budget scoring none.
import { describe, expect, it } from 'vitest';
import { checkContenders, crossValidateTask, DEFAULT_SETTINGS, inlineRunner, loadDataset, repeatedFolds, repeatSeeds, tableTask, tune, type NetworkSettings, type TrialRunner } from '../src/index.js';

const iris = tableTask(loadDataset('iris'), {});
const GOOD: NetworkSettings = { ...DEFAULT_SETTINGS, hidden: [8], epochs: 30, earlyStopping: false };
const POOR: NetworkSettings = { ...DEFAULT_SETTINGS, hidden: [8], lr: 0.0001, epochs: 2, earlyStopping: false };

describe('finalist check', () => {
  it('repeat i uses the folds of seed + 1000·i, the first repeat the seed itself', () => {
    expect(repeatSeeds(7, 0, 1)).toEqual([7]);
    expect(repeatSeeds(7, 2, 2)).toEqual([2007, 3007]);
    const r = repeatedFolds(iris, 3, [5, 1005], 0);
    expect(r.folds).toHaveLength(6);
    expect(r.folds.map((f) => f.test.x.rows)).toEqual([50, 50, 50, 50, 50, 50]);
    // other fold seeds hold out other rows
    expect(Array.from(r.folds[0].test.x.data)).not.toEqual(Array.from(r.folds[3].test.x.data));
  });

  it('scores each contender as crossValidate does on the check\'s fold seeds, and chooses the best', async () => {
    const seeds = repeatSeeds(0, 1, 2);
    const folds = repeatedFolds(iris, 3, seeds, 0);
    const check = await checkContenders(folds, null, [
      { trial: 'defaults', settingsFor: () => POOR },
      { trial: 4, epochs: 30, settingsFor: () => GOOD },
    ], inlineRunner());
    const cv = (s: NetworkSettings) => seeds.map((seed) => crossValidateTask(iris, { folds: 3, seed, validationSplit: 0, settings: s }).mean as number);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(check.scores[0].score).toBeCloseTo(mean(cv(POOR)), 12);
    expect(check.scores[1].score).toBeCloseTo(mean(cv(GOOD)), 12);
    expect(check.scores[1].score as number).toBeGreaterThan(check.scores[0].score as number);
    expect(check.chosen?.trial).toBe(4);
    expect(check.chosen?.epochs).toBe(30);
  });

  it('a tie keeps the contender listed first (the defaults)', async () => {
    const folds = repeatedFolds(iris, 3, [1], 0);
    const check = await checkContenders(folds, null, [
      { trial: 'defaults', settingsFor: () => GOOD },
      { trial: 2, epochs: 30, settingsFor: () => GOOD },
    ], inlineRunner());
    expect(check.scores[0].score).toBe(check.scores[1].score);
    expect(check.chosen?.trial).toBe('defaults');
  });

  it('trains a contender that stops early on the folds with validation rows, the same held-out rows', async () => {
    const seeds = [3];
    const all = repeatedFolds(iris, 3, seeds, 0);
    const stopping = repeatedFolds(iris, 3, seeds, 0.2);
    expect(stopping.folds.map((f) => Array.from(f.test.y))).toEqual(all.folds.map((f) => Array.from(f.test.y)));
    const settings = { ...DEFAULT_SETTINGS, hidden: [8], epochs: 40 };
    const check = await checkContenders(all, stopping, [{ trial: 'defaults', settingsFor: () => settings, stopping: true }], inlineRunner());
    const cv = crossValidateTask(iris, { folds: 3, seed: 3, validationSplit: 0.2, settings });
    expect(check.scores[0].folds?.map((f) => f.score)).toEqual(cv.folds.map((f) => f.score));
    expect(check.scores[0].folds?.every((f) => f.bestEpoch !== undefined)).toBe(true);
  });

  // scripted fold scores: contender c (its lr) scores SCORES[c][fold] on fold `fold`
  const scripted = (scores: number[][]): TrialRunner => ({
    slots: 1, start: async () => {}, close: async () => {},
    run: async (job) => ({ score: scores[job.settings.lr][job.fold], epochs: 1 }),
  });
  const contender = (c: number) => ({ trial: c === 0 ? 'defaults' as const : c, epochs: 1, settingsFor: () => ({ ...GOOD, lr: c }) });

  it('a finalist replaces the defaults only when it beats them by one standard error of the per-fold differences', async () => {
    const three = repeatedFolds(iris, 3, [1], 0);
    // differences 0.02, 0.02, 0.02 (se 0): replaces; 0.1, −0.05, 0.01 (mean 0.02, se 0.044): does not
    const steady = await checkContenders(three, null, [0, 1].map(contender), scripted([[0.8, 0.8, 0.8], [0.82, 0.82, 0.82]]));
    expect(steady.chosen?.trial).toBe(1);
    const noisy = await checkContenders(three, null, [0, 1, 2].map(contender), scripted([[0.8, 0.8, 0.8], [0.9, 0.75, 0.81], [0.81, 0.805, 0.815]]));
    expect(noisy.scores[1].score).toBeGreaterThan(noisy.scores[2].score as number);
    // contender 1 has the higher mean but not by one se; contender 2 (+0.01 on every fold) does
    expect(noisy.chosen?.trial).toBe(2);
    const none = await checkContenders(three, null, [0, 1].map(contender), scripted([[0.8, 0.8, 0.8], [0.9, 0.75, 0.81]]));
    expect(none.chosen?.trial).toBe('defaults');
  });

  it('a spent budget leaves contenders unscored and chooses none', async () => {
    const check = await checkContenders(repeatedFolds(iris, 3, [1], 0), null, [{ trial: 'defaults', settingsFor: () => GOOD }], inlineRunner(), 0);
    expect(check.scores[0]).toMatchObject({ folds: null, score: null });
    expect(check.chosen).toBeNull();
  });

  it('tune with repeats scores every trial on each repeat\'s folds', async () => {
    const space = { depth: 1, width: 4, lr: 0.01, batchSize: 32, weightDecay: 0, dropout: 0, activation: 'relu' as const, optimizer: 'adam' as const, epochs: 3 };
    const r = await tune(loadDataset('iris'), { trials: 1, brackets: 1, folds: 3, repeats: 2, seed: 9, space });
    expect(r.best?.folds).toHaveLength(6);
    const cv = repeatSeeds(9, 0, 2).map((seed) => crossValidateTask(iris, { folds: 3, seed, settings: r.best?.settings }));
    expect(r.best?.folds.map((f) => f.score)).toEqual(cv.flatMap((c) => c.folds.map((f) => f.score)));
  });
});
