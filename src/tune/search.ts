/**
 * The search: settings drawn from the space, cross-validated with successive halving on epochs
 * (every trial a few epochs; the best third three times as many; and so on up to the space's
 * epochs), the jobs of a rung run in parallel by a {@link TrialRunner}.
 *
 * Note [deterministic search]: every decision depends only on the seed and on scores, never on
 * which job finished first: trial i's settings are the i-th drawn from one generator, every trial
 * trains on the same folds with the same per-fold seeds, and a rung's survivors are chosen once
 * all its trials are scored, by score and then trial number. A search that was stopped and is
 * given its records back (`previous`) therefore takes the same decisions and ends with the same
 * best trial as one that was never stopped.
 */
import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { summarize } from './cross-validate.js';
import { inlineRunner, Cancelled, type TrialRunner } from './runner.js';
import { DEFAULT_SPACE, sampleSettings, type SearchSpace } from './space.js';
import type { FoldData, FoldOutcome, NetworkSettings } from './trial.js';

/** One trial's cross-validated result at one rung. */
export interface TrialRecord {
  /** 1-based trial number: the order its settings were drawn in. */
  readonly trial: number;
  /** 0-based rung of successive halving. */
  readonly rung: number;
  /** The most epochs it trained at this rung. */
  readonly epochs: number;
  readonly settings: NetworkSettings;
  readonly folds: readonly FoldOutcome[];
  /** Mean fold score (accuracy or r²); null when a fold diverged. */
  readonly score: number | null;
  readonly std: number | null;
  /** Wall-clock seconds of its folds, added up. */
  readonly seconds: number;
}

/** One rung of a bracket: how many trials train, and for how many epochs. */
export interface Rung {
  readonly trials: number;
  readonly epochs: number;
}

/**
 * The rungs of successive halving for n trials: each rung keeps the best 1/eta of the one before
 * and trains them eta times longer, the last for `epochs`.
 *
 * @example
 * ```ts
 * rungsFor(27, 100); // [{trials: 27, epochs: 4}, {9, 11}, {3, 33}, {1, 100}]
 * ```
 */
export function rungsFor(n: number, epochs: number, eta = 3): Rung[] {
  const logEta = (v: number) => Math.floor(Math.log(v) / Math.log(eta) + 1e-9);
  const s = Math.max(0, Math.min(logEta(n), logEta(epochs)));
  return Array.from({ length: s + 1 }, (_, i) => ({ trials: Math.max(1, Math.floor(n / eta ** i)), epochs: Math.max(1, Math.round(epochs / eta ** (s - i))) }));
}

/** Progress of a search, after each finished trial. */
export interface TuneProgress {
  /** Trials scored so far at any rung (records), and of how many planned in the current bracket. */
  readonly done: number;
  readonly planned: number;
  readonly bracket: number;
  readonly rung: number;
  readonly rungs: number;
  /** The best trial so far (highest rung, then best score). */
  readonly best: TrialRecord | null;
  readonly seconds: number;
}

/** What {@link searchFolds} needs besides the folds. */
export interface SearchOptions {
  readonly space?: SearchSpace;
  /** Trials of one bracket (default 27 without a budget; with a budget and no trials, brackets of 27 until it is spent). */
  readonly trials?: number;
  /** Stop after this many milliseconds: the trials under way are abandoned. */
  readonly budgetMs?: number;
  /** Seed of the settings drawn (default 0); the folds' seeds come with the folds. */
  readonly seed?: number;
  /** Each rung keeps 1/eta of the trials (default 3). */
  readonly eta?: number;
  /** Settings every trial shares that the space does not set (e.g. the head, clipNorm). */
  readonly base?: Partial<NetworkSettings>;
  readonly runner?: TrialRunner;
  /** Records of an earlier run of the same search, not trained again (Note [deterministic search]). */
  readonly previous?: readonly TrialRecord[];
  /** Called with each record as it is made (e.g. to append it to a log). */
  readonly onRecord?: (record: TrialRecord) => void;
  readonly onProgress?: (progress: TuneProgress) => void;
}

/** What a search found. */
export interface SearchResult {
  /** The best trial: highest rung reached, then best score, then lowest trial number. */
  readonly best: TrialRecord | null;
  /** Each trial's record at the highest rung it reached, best first. */
  readonly leaderboard: readonly TrialRecord[];
  /** Every record, previous ones included, in the order of the search. */
  readonly records: readonly TrialRecord[];
  /** False when the budget ran out before the last bracket ended. */
  readonly complete: boolean;
  readonly seconds: number;
}

/** Orders records best first (Note [deterministic search]). */
export function compareRecords(a: TrialRecord, b: TrialRecord): number {
  if (a.rung !== b.rung) return b.rung - a.rung;
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  }
  return a.trial - b.trial;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Searches settings by cross-validation on encoded folds (see Note [deterministic search]).
 *
 * @param folds the folds, each encoded with a preprocessing fitted on its training rows
 * @param seeds one seed per fold, the same for every trial
 * @throws ArgumentError when `previous` holds a record this search would not make
 * @example
 * ```ts
 * const result = await searchFolds(folds, seeds, { trials: 9, seed: 1 });
 * result.best?.settings;
 * ```
 */
export async function searchFolds(folds: readonly FoldData[], seeds: readonly number[], options: SearchOptions = {}): Promise<SearchResult> {
  const started = performance.now();
  const space = options.space ?? DEFAULT_SPACE;
  const perBracket = options.trials ?? 27;
  const brackets = options.budgetMs !== undefined && options.trials === undefined ? Infinity : 1;
  const runner = options.runner ?? inlineRunner();
  const previous = new Map((options.previous ?? []).map((r) => [`${r.trial}:${r.rung}`, r]));
  const sampler = new Random(options.seed ?? 0);
  const records: TrialRecord[] = [];
  const best = () => (records.length === 0 ? null : [...records].sort(compareRecords)[0]);
  let stop = false;
  const timer = options.budgetMs !== undefined ? setTimeout(() => {
    stop = true;
    void runner.close();
  }, Math.max(0, options.budgetMs)) : undefined;
  await runner.start(folds);
  let complete = true;
  try {
    for (let b = 0; b < brackets && !stop; b++) {
      const first = b * perBracket;
      const drawn = Array.from({ length: perBracket }, (_, i) => ({ trial: first + i + 1, settings: { ...sampleSettings(space, sampler), ...options.base } as NetworkSettings }));
      const rungs = rungsFor(perBracket, space.epochs, options.eta);
      let alive = drawn;
      for (let r = 0; r < rungs.length && !stop; r++) {
        const epochs = rungs[r].epochs;
        const scored = await Promise.all(alive.map(async ({ trial, settings }) => {
          const s = { ...settings, epochs };
          const known = previous.get(`${trial}:${r}`);
          if (known) {
            if (known.epochs !== epochs || !same(known.settings, s)) {
              throw new ArgumentError(`tune: the earlier record of trial ${trial} at rung ${r} is not what this search draws (another seed, space or settings); start a new log`, { where: 'previous', expected: JSON.stringify(s), received: JSON.stringify(known.settings) });
            }
            records.push(known);
            return known;
          }
          const t0 = performance.now();
          const outcomes = await Promise.all(folds.map((_, fold) => runner.run({ fold, settings: s, seed: seeds[fold] })));
          const { mean, std } = summarize(outcomes.map((o) => o.score));
          const record: TrialRecord = { trial, rung: r, epochs, settings: s, folds: outcomes, score: mean, std, seconds: Math.round((performance.now() - t0) / 10) / 100 };
          records.push(record);
          options.onRecord?.(record);
          options.onProgress?.({ done: records.length, planned: rungs.reduce((a, x) => a + x.trials, 0), bracket: b, rung: r, rungs: rungs.length, best: best(), seconds: (performance.now() - started) / 1000 });
          return record;
        }));
        const next = rungs[r + 1]?.trials ?? 0;
        const order = [...scored].sort(compareRecords);
        alive = order.slice(0, next).map((rec) => ({ trial: rec.trial, settings: drawn[rec.trial - first - 1].settings }));
      }
    }
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    complete = false;
  } finally {
    if (timer) clearTimeout(timer);
    await runner.close();
  }
  if (stop && brackets === 1) complete = false;
  // in the order of the search: bracket, rung, trial (they were made in the order jobs finished)
  const bracketOf = (r: TrialRecord) => Math.floor((r.trial - 1) / perBracket);
  records.sort((a, b) => bracketOf(a) - bracketOf(b) || a.rung - b.rung || a.trial - b.trial);
  const top = new Map<number, TrialRecord>();
  for (const r of records) if ((top.get(r.trial)?.rung ?? -1) < r.rung) top.set(r.trial, r);
  const leaderboard = [...top.values()].sort(compareRecords);
  return { best: leaderboard[0] ?? null, leaderboard, records, complete, seconds: (performance.now() - started) / 1000 };
}
