/**
 * What `neurite tune` does so that its choice holds on rows that did not choose it (Note [finalist
 * check] in src/tune/check.ts): on a tiny table the search's k-fold is repeated, and after the
 * search what train builds and the best trials, each as tune would write it, are cross-validated
 * again on folds the search never saw; the best there is written.
 */
import { checkContenders, repeatedFolds, repeatSeeds, type CheckResult, type Contender, type FoldOutcome, type TableTask, type TrialRecord } from '../../index.js';
import { workerRunner } from '../../node.js';
import { DEFAULTS, type TrainConfig } from '../train/options.js';
import { settingsOf } from './data.js';
import { foldChooser, smallFolds, trainDefaults } from './defaults.js';

/** Held-out rows per fold below which one k-fold's score is too noisy to rank hundreds of trials by. */
export const MIN_HELD_OUT = 30;

/**
 * Repeats of the search's k-fold cross-validation: 1, or on a table whose folds hold out fewer than
 * {@link MIN_HELD_OUT} rows enough repeats (at most 10) that each trial is scored on that many
 * rows per fold position.
 *
 * @example
 * ```ts
 * searchRepeats(38, 3); // 3 (folds of 12 rows)
 * ```
 */
export function searchRepeats(rows: number, k: number): number {
  const held = Math.floor(rows / k);
  return held >= MIN_HELD_OUT ? 1 : Math.min(10, Math.ceil(MIN_HELD_OUT / Math.max(1, held)));
}

/**
 * Epochs a network is retrained for: what early stopping chose in its folds (their mean), or all
 * the epochs each fold trained.
 *
 * @example
 * ```ts
 * meanEpochs([{ score: 1, epochs: 30, bestEpoch: 20 }, { score: 1, epochs: 40, bestEpoch: 30 }]); // 25
 * ```
 */
export function meanEpochs(folds: readonly FoldOutcome[]): number {
  const chosen = folds.map((f) => f.bestEpoch ?? f.epochs);
  return Math.max(1, Math.round(chosen.reduce((a, b) => a + b, 0) / chosen.length));
}

/** What the check needs of tune's options. */
export interface CheckOptions {
  readonly data?: string;
  readonly scale: TrainConfig['scale'];
  readonly seed: number;
  readonly folds: number;
  readonly finalists: number;
  readonly workers: number;
}

/** The check's folds, contenders and result. */
export interface Finalists {
  readonly result: CheckResult;
  readonly contenders: readonly Contender[];
  /** The fold seeds of its repeats (`neurite cv --folds k --seed` each). */
  readonly seeds: readonly number[];
  /** Whether the defaults are train's small-table choice in each fold (else the default network with early stopping). */
  readonly smallTable: boolean;
}

/**
 * The contenders: what train builds, then each of the best `count` trials trained as tune writes
 * it (all of a fold's rows, the epochs early stopping chose in its search folds) and, where that is
 * fewer, for all the epochs it reached (early stopping that stops too soon is a loss too).
 *
 * @example
 * ```ts
 * contendersOf(result.leaderboard, 3, defaults).map((c) => c.trial); // ['defaults', 12, 12, 4, 4, 9]
 * ```
 */
export function contendersOf(leaderboard: readonly TrialRecord[], count: number, defaults: Contender): Contender[] {
  const out: Contender[] = [defaults];
  for (const r of leaderboard.filter((x) => x.score !== null).slice(0, count)) {
    for (const epochs of [...new Set([meanEpochs(r.folds), r.epochs])]) {
      const settings = { ...r.settings, epochs, earlyStopping: false as const };
      out.push({ trial: r.trial, epochs, settingsFor: () => settings });
    }
  }
  return out;
}

/**
 * Runs the check on `max(2, repeats)` k-folds after the search's (fold seeds {@link repeatSeeds}).
 *
 * @param repeats the search's repeats (its folds are not used again)
 * @example
 * ```ts
 * const { result } = await checkFinalists(tt, o, search.leaderboard, 1, 30000);
 * ```
 */
export async function checkFinalists(tt: TableTask, o: CheckOptions, leaderboard: readonly TrialRecord[], repeats: number, budgetMs?: number): Promise<Finalists> {
  const seeds = repeatSeeds(o.seed, repeats, Math.max(2, repeats));
  const classes = tt.classes?.length ?? 0;
  const cfg = trainDefaults(o, o.seed);
  // what `neurite train --data` builds on a small table: its choice made on each fold's rows
  const smallTable = o.data !== undefined && smallFolds(tt.rows.length, o.folds);
  const plain = settingsOf(cfg, classes);
  const defaults: Contender = smallTable ? { trial: 'defaults', settingsFor: foldChooser(cfg, ['data'], []) } : { trial: 'defaults', settingsFor: () => plain, stopping: true };
  const contenders = contendersOf(leaderboard, o.finalists, defaults);
  const all = repeatedFolds(tt, o.folds, seeds, 0);
  const stopping = smallTable ? null : repeatedFolds(tt, o.folds, seeds, DEFAULTS.validationSplit);
  const result = await checkContenders(all, stopping, contenders, workerRunner({ workers: o.workers }), budgetMs);
  return { result, contenders, seeds, smallTable };
}

/**
 * The check as text: each contender's score on the check's folds and which is written.
 *
 * @example
 * ```ts
 * io.out(checkReport(check, 3, 'accuracy'));
 * ```
 */
export function checkReport(check: Finalists, k: number, metricName: string): string {
  const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(4));
  const rows = check.result.scores.map((s) => [
    s.trial === 'defaults' ? `defaults${check.smallTable ? ' (small-table choice)' : ''}` : `trial ${s.trial}`,
    s.trial === 'defaults' ? (check.smallTable ? 'chosen' : 'early stop') : String(s.epochs),
    s.folds === null ? 'not scored (budget)' : `${fmt(s.score)} ± ${fmt(s.std)}`,
    s === check.result.chosen ? '← written' : '',
  ]);
  const width = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  const lines = rows.map((r) => r.map((c, j) => c.padEnd(width[j])).join('  ').trimEnd());
  return `check on other folds (${check.seeds.length} × ${k}-fold, fold seeds ${check.seeds.join(', ')}), each trained as tune writes it:\n` +
    `${lines.map((l) => `  ${l}`).join('\n')}\n${check.result.chosen === null ? 'the budget ended before the check scored a contender: the search\'s best is written\n' : ''}`;
}
