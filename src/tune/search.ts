/**
 * The search: settings drawn from the space, cross-validated in Hyperband's brackets of successive
 * halving on epochs (in the first, every trial a few epochs, the best third three times as many,
 * and so on up to the space's epochs; see Note [hyperband brackets]), the jobs of a rung run in
 * parallel by a {@link TrialRunner}.
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
import { hyperbandBrackets, type Rung } from './brackets.js';
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

/** Progress of a search, after each finished trial. */
export interface TuneProgress {
  /** Trials scored so far at any rung (records), and of how many planned in the current bracket. */
  readonly done: number;
  readonly planned: number;
  /** 0-based bracket, counted over rounds. */
  readonly bracket: number;
  readonly rung: number;
  readonly rungs: number;
  /** The best trial so far (most epochs, then best score). */
  readonly best: TrialRecord | null;
  readonly seconds: number;
}

/** What {@link searchFolds} needs besides the folds. */
export interface SearchOptions {
  readonly space?: SearchSpace;
  /** Trials of the first (largest) bracket (default 27); the other brackets start fewer (Note [hyperband brackets]). */
  readonly trials?: number;
  /** Brackets of a round (default: all that the trials and epochs allow; 1: successive halving alone). */
  readonly brackets?: number;
  /** Stop after this many milliseconds: the trials under way are abandoned. Without `trials`, rounds of brackets follow until it is spent. */
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
  /** The best trial: most epochs reached, then best score, then lowest trial number. */
  readonly best: TrialRecord | null;
  /** Each trial's record at the highest rung it reached, best first. */
  readonly leaderboard: readonly TrialRecord[];
  /** Every record, previous ones included, in the order of the search. */
  readonly records: readonly TrialRecord[];
  /** False when the budget ran out before the last bracket ended. */
  readonly complete: boolean;
  readonly seconds: number;
}

/**
 * Orders records best first: the most epochs (a trial that reached the end of its bracket beats
 * one stopped on the way, whatever the bracket), then the best score, then the lowest trial
 * number (Note [deterministic search]).
 *
 * @example
 * ```ts
 * [...records].sort(compareRecords)[0]; // the best record
 * ```
 */
export function compareRecords(a: TrialRecord, b: TrialRecord): number {
  if (a.epochs !== b.epochs) return b.epochs - a.epochs;
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  }
  return a.trial - b.trial;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A trial drawn for a bracket. */
interface Drawn {
  readonly trial: number;
  readonly settings: NetworkSettings;
}

/**
 * Searches settings by cross-validation on encoded folds, in rounds of Hyperband's brackets (see
 * Note [hyperband brackets] and Note [deterministic search]).
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
  const plan = hyperbandBrackets(options.trials ?? 27, space.epochs, options.eta, options.brackets);
  const rounds = options.budgetMs !== undefined && options.trials === undefined ? Infinity : 1;
  const runner = options.runner ?? inlineRunner();
  const previous = new Map((options.previous ?? []).map((r) => [`${r.trial}:${r.rung}`, r]));
  const sampler = new Random(options.seed ?? 0);
  const records: TrialRecord[] = [];
  const bracketOf = new Map<number, number>();
  const best = () => (records.length === 0 ? null : [...records].sort(compareRecords)[0]);
  let stop = false;
  const timer = options.budgetMs !== undefined ? setTimeout(() => {
    stop = true;
    void runner.close();
  }, Math.max(0, options.budgetMs)) : undefined;
  await runner.start(folds);
  let complete = true;
  try {
    for (let b = 0; b < rounds * plan.length && !stop; b++) {
      const rungs = plan[b % plan.length];
      const first = bracketOf.size;
      const drawn: Drawn[] = Array.from({ length: rungs[0].trials }, (_, i) => ({ trial: first + i + 1, settings: { ...sampleSettings(space, sampler), ...options.base } as NetworkSettings }));
      for (const d of drawn) bracketOf.set(d.trial, b);
      const planned = rungs.reduce((a, x) => a + x.trials, 0);
      let alive = drawn;
      for (let r = 0; r < rungs.length && !stop; r++) {
        const scored = await Promise.all(alive.map(async (d) => {
          const record = previous.get(`${d.trial}:${r}`) ?? null;
          const made = await runRung(d, r, rungs[r], record, folds, seeds, runner);
          records.push(made);
          if (made !== record) {
            options.onRecord?.(made);
            options.onProgress?.({ done: records.length, planned, bracket: b, rung: r, rungs: rungs.length, best: best(), seconds: (performance.now() - started) / 1000 });
          }
          return made;
        }));
        const keep = new Set([...scored].sort(compareRecords).slice(0, rungs[r + 1]?.trials ?? 0).map((rec) => rec.trial));
        alive = drawn.filter((d) => keep.has(d.trial));
      }
    }
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    complete = false;
  } finally {
    if (timer) clearTimeout(timer);
    await runner.close();
  }
  if (stop) complete = false;
  // in the order of the search: bracket, rung, trial (they were made in the order jobs finished)
  const order = (r: TrialRecord) => bracketOf.get(r.trial) ?? 0;
  records.sort((a, b) => order(a) - order(b) || a.rung - b.rung || a.trial - b.trial);
  const top = new Map<number, TrialRecord>();
  for (const r of records) if ((top.get(r.trial)?.rung ?? -1) < r.rung) top.set(r.trial, r);
  const leaderboard = [...top.values()].sort(compareRecords);
  return { best: leaderboard[0] ?? null, leaderboard, records, complete, seconds: (performance.now() - started) / 1000 };
}

/** One trial at one rung: its earlier record when there is one (checked to be this search's), else trained on every fold. */
async function runRung(d: Drawn, r: number, rung: Rung, known: TrialRecord | null, folds: readonly FoldData[], seeds: readonly number[], runner: TrialRunner): Promise<TrialRecord> {
  const s = { ...d.settings, epochs: rung.epochs };
  if (known) {
    if (known.epochs !== rung.epochs || !same(known.settings, s)) {
      throw new ArgumentError(`tune: the earlier record of trial ${d.trial} at rung ${r} is not what this search draws (another seed, space or settings); start a new log`, { where: 'previous', expected: JSON.stringify(s), received: JSON.stringify(known.settings) });
    }
    return known;
  }
  const t0 = performance.now();
  const outcomes = await Promise.all(folds.map((_, fold) => runner.run({ fold, settings: s, seed: seeds[fold] })));
  const { mean, std } = summarize(outcomes.map((o) => o.score));
  return { trial: d.trial, rung: r, epochs: rung.epochs, settings: s, folds: outcomes, score: mean, std, seconds: Math.round((performance.now() - t0) / 10) / 100 };
}
