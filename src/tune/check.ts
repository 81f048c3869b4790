/**
 * The check of a search's finalists: a few contenders (the defaults and the search's best trials)
 * cross-validated again on folds the search never saw, and the one that scores best there chosen.
 *
 * Note [finalist check]: the search's best score is the highest of hundreds of noisy scores on the
 * same folds, so it is biased upwards (the winner's curse): on a small table the trial that wins
 * on the search's folds is often merely the luckiest on those rows. Scoring a handful of finalists
 * on other folds (other fold seeds, repeated k-fold) gives each an estimate no selection has
 * touched, and the defaults are scored there the same way, so tuning replaces them only when a
 * finalist beats them on rows that did not choose it.
 *
 * Even a handful of contenders leaves some selection, and on a small table the check's folds are
 * noisy too, so a finalist replaces the defaults (the first contender) only when it beats them by
 * more than one standard error of their paired per-fold differences (the one-standard-error rule
 * of Breiman et al., which Note [small tables] uses between a linear and a hidden network): the
 * best such finalist is chosen, else the defaults. A tie keeps the defaults.
 */
import { ArgumentError } from '../core/errors.js';
import { encodeFold, foldsOf, summarize, type TableTask } from './cross-validate.js';
import { cvSeeds } from './folds.js';
import { Cancelled, type TrialRunner } from './runner.js';
import type { FoldData, FoldOutcome, NetworkSettings } from './trial.js';

/**
 * The fold seeds of repeated k-fold cross-validation: repeat i uses the folds of `seed + 1000·i`
 * (repeat 0: `seed` itself, so one repeat is ordinary k-fold), the same folds as
 * `neurite cv --seed` with that seed. A search uses repeats 0…r−1 and its check the next ones.
 *
 * @example
 * ```ts
 * repeatSeeds(7, 2, 2); // [2007, 3007]
 * ```
 */
export function repeatSeeds(seed: number, from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => seed + 1000 * (from + i));
}

/** Encoded folds of repeated k-fold, with the per-fold seeds of each repeat (as {@link cvSeeds}). */
export interface RepeatedFolds {
  readonly folds: FoldData[];
  readonly seeds: number[];
}

/**
 * Encodes the folds of several k-fold cross-validations (one per fold seed), one after the other.
 *
 * @param validationSplit fraction of each fold's training rows held for early stopping (0: none)
 * @example
 * ```ts
 * repeatedFolds(tt, 3, repeatSeeds(0, 1, 2), 0).folds.length; // 6
 * ```
 */
export function repeatedFolds(tt: TableTask, k: number, foldSeeds: readonly number[], validationSplit: number): RepeatedFolds {
  const folds: FoldData[] = [];
  const seeds: number[] = [];
  for (const s of foldSeeds) {
    for (const plan of foldsOf(tt, k, validationSplit, s)) folds.push(encodeFold(tt, plan).data);
    seeds.push(...cvSeeds(s, k).seeds);
  }
  return { folds, seeds };
}

/** One contender of a check: `defaults` or a trial (at a number of epochs), and how it trains on a fold. */
export interface Contender {
  readonly trial: number | 'defaults';
  /** The epochs a trial trains for here (without early stopping). */
  readonly epochs?: number;
  /** Its settings on a fold (fixed, or chosen from the fold's training rows), given the fold's seed. */
  readonly settingsFor: (fold: FoldData, seed: number) => NetworkSettings;
  /** Trains on the folds that hold rows back for early stopping (`stopping`) instead of on all of a fold's rows. */
  readonly stopping?: boolean;
}

/**
 * Whether `a` beats `b` on the same folds by more than one standard error of the per-fold
 * differences (sample standard deviation / √n; with one fold, by anything).
 */
function beatsByOneSe(a: ContenderScore, b: ContenderScore): boolean {
  const d = (a.folds as FoldOutcome[]).map((f, i) => (f.score as number) - ((b.folds as FoldOutcome[])[i].score as number));
  const mean = d.reduce((x, y) => x + y, 0) / d.length;
  const se = d.length < 2 ? 0 : Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (d.length - 1) / d.length);
  return mean > se;
}

/** The best contender scored; the first (the defaults) unless another beats it by one standard error (Note [finalist check]). */
function choose(scores: readonly ContenderScore[]): ContenderScore | null {
  const scored = scores.filter((s) => s.score !== null);
  const best = (list: ContenderScore[]) => list.reduce<ContenderScore | null>((a, s) => (a === null || (s.score as number) > (a.score as number) ? s : a), null);
  const first = scores[0];
  if (first === undefined || first.score === null) return best(scored);
  return best(scored.filter((s) => s !== first && beatsByOneSe(s, first))) ?? first;
}

/** A contender's scores on the check's folds; null scores when the check ran out of time. */
export interface ContenderScore {
  readonly trial: number | 'defaults';
  readonly epochs?: number;
  readonly folds: readonly FoldOutcome[] | null;
  readonly score: number | null;
  readonly std: number | null;
}

/** What {@link checkContenders} found. */
export interface CheckResult {
  readonly scores: readonly ContenderScore[];
  /** The first contender (the defaults), unless another beats it by one standard error: then the best of those; null when none was scored. */
  readonly chosen: ContenderScore | null;
}

/**
 * Cross-validates each contender on the same folds, in the order given (a budget that runs out
 * leaves the later ones unscored), and chooses: the first (the defaults) unless another beats it
 * by more than one standard error of their per-fold differences (Note [finalist check]).
 *
 * @param folds the check's folds, on which contenders train on all of a fold's training rows
 * @param stopping the same held-out rows, with validation rows for contenders that stop early (or null)
 * @throws ArgumentError when `stopping` has another number of folds
 * @example
 * ```ts
 * const all = repeatedFolds(tt, 3, repeatSeeds(0, 1, 2), 0);
 * await checkContenders(all, null, [{ trial: 4, settingsFor: () => settings }], inlineRunner());
 * ```
 */
export async function checkContenders(folds: RepeatedFolds, stopping: RepeatedFolds | null, contenders: readonly Contender[], runner: TrialRunner, budgetMs?: number): Promise<CheckResult> {
  const n = folds.folds.length;
  if (stopping && stopping.folds.length !== n) {
    throw new ArgumentError(`checkContenders: stopping has ${stopping.folds.length} folds, expected ${n} (the same held-out rows)`, { where: 'stopping', expected: String(n), received: String(stopping.folds.length) });
  }
  await runner.start(stopping ? [...folds.folds, ...stopping.folds] : folds.folds);
  const timer = budgetMs !== undefined ? setTimeout(() => void runner.close(), Math.max(0, budgetMs)) : undefined;
  try {
    const scores = await Promise.all(contenders.map(async (c): Promise<ContenderScore> => {
      const use = c.stopping && stopping ? stopping : folds;
      const jobs = use.folds.map((f, i) => runner.run({ fold: (use === folds ? 0 : n) + i, settings: c.settingsFor(f, use.seeds[i]), seed: use.seeds[i] }));
      try {
        const outcomes = await Promise.all(jobs);
        const { mean, std } = summarize(outcomes.map((o) => o.score));
        return { trial: c.trial, ...(c.epochs !== undefined ? { epochs: c.epochs } : {}), folds: outcomes, score: mean, std };
      } catch (e) {
        if (!(e instanceof Cancelled)) throw e;
        await Promise.allSettled(jobs);
        return { trial: c.trial, ...(c.epochs !== undefined ? { epochs: c.epochs } : {}), folds: null, score: null, std: null };
      }
    }));
    return { scores, chosen: choose(scores) };
  } finally {
    if (timer) clearTimeout(timer);
    await runner.close();
  }
}
