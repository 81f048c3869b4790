/**
 * The default network of a small table, chosen by cross-validation on its training rows
 * (Note [small tables]).
 *
 * Note [small tables]: with a few hundred rows or fewer, holding a fifth of them out to decide when
 * to stop costs more than it saves, and a linear model with an L2 penalty trained on every row is
 * often the best there is: scikit-learn's Ridge and LogisticRegression beat a hidden layer on such
 * tables (docs/tables.md). So when the user left the network, weight decay, stopping and validation
 * split to the defaults and a `--data` table has fewer than {@link SMALL_TABLE_ROWS} training rows,
 * `train` cross-validates two candidates on the training rows (k stratified folds), each
 * regularised the way that suits it:
 * - a linear network (no hidden layer) with weight decay 1/n, n the rows it trains on, optimised
 *   on the whole batch to convergence ({@link LINEAR_EPOCHS} epochs) and scored where it ends, as
 *   scikit-learn's linear models are: the penalty of LogisticRegression's C = 1 (½‖w‖² beside the
 *   summed loss, so ‖w‖²/2n beside the mean loss, whose gradient is w/n; Ridge's α = 1 is 2/n on
 *   our mean squared error). Its regularisation is the penalty, not an epoch picked on a few rows;
 * - the default hidden network, regularised by stopping: each fold trains at least
 *   {@link MIN_STEPS} steps (one epoch of 30 rows is a single step) and records the held-out loss
 *   after every epoch; its epochs are those where that loss averaged over the folds is lowest.
 * The hidden network wins only when its held-out loss is lower than the linear one's by more than
 * its standard error (the one-standard-error rule, {@link oneStandardError}); the winner is then
 * trained on all the training rows for its epochs: nothing is held out, so nothing stops it early.
 * The folds see the preprocessing fitted on all the training rows (scaling, medians, categories, the
 * target's scale): both candidates see the same, so the comparison stays fair; the test part
 * (`--test-split`) is never among them.
 */
import { fit, Network, planFolds, Random, type FitOptions, type Matrix } from '../../index.js';
import type { Head } from './network.js';
import { networkLayers } from './network.js';
import type { TrainConfig, TrainRequest } from './options.js';
import { trainPart, type Prepared } from './prepare.js';

/** Tables with fewer training rows than this have their network chosen by cross-validation. */
export const SMALL_TABLE_ROWS = 1000;
/** Folds of the cross-validation (fewer when there are fewer rows per class). */
export const FOLDS = 5;
/** The fewest optimizer steps the hidden network trains for in each fold (Note [small tables]). */
export const MIN_STEPS = 500;
/** Full-batch epochs of the linear network: enough for Adam to converge on standardised inputs. */
export const LINEAR_EPOCHS = 1000;
/** The most epochs a candidate trains for in each fold, whatever the steps. */
const MAX_EPOCHS = 1000;

/** Options that, given, mean the user chose what the cross-validation would (so it does not run). */
const CHOOSES = ['hidden', 'layers', 'dropout', 'weightDecay', 'validationSplit', 'earlyStopping', 'lrSchedule', 'init', 'resume', 'feedback', 'image'];

/** One network the cross-validation tried. */
export interface Candidate {
  /** In words: `linear` or the hidden layers, e.g. `32 relu`. */
  readonly network: string;
  readonly hidden: readonly number[];
  /** Weight decay for the training rows of the final run (1/n for the linear network). */
  readonly weightDecay?: number;
  readonly batchSize: number | 'full';
  /** Epochs each fold trained for. */
  readonly budget: number;
  /** Trained to convergence and scored at the end (the linear network), rather than at its best epoch. */
  readonly converged: boolean;
  /** The epochs of the final run: all of them when converged, else those with the lowest held-out loss averaged over the folds. */
  readonly epochs: number;
  /** That mean held-out loss (null when a fold diverged). */
  readonly loss: number | null;
  /** Its standard error: the folds' losses there, their sample standard deviation over √k. */
  readonly lossError: number | null;
  /** Mean held-out accuracy (classification) or r² (regression, with the mse loss) at those epochs. */
  readonly score: number | null;
}

/** What the cross-validation of a small table chose, and from what. */
export interface Selection {
  readonly folds: number;
  /** The training rows cross-validated (and then trained on). */
  readonly rows: number;
  readonly metric: 'accuracy' | 'r2';
  readonly candidates: readonly Candidate[];
  /** Index of the chosen candidate. */
  readonly chosen: number;
}

/**
 * Whether a run leaves to the defaults what the cross-validation of a small table chooses.
 *
 * @example
 * ```ts
 * choosesNetwork({ config, given: ['data', 'target'] }); // true
 * ```
 */
export function choosesNetwork(req: TrainRequest): boolean {
  const c = req.config;
  // a user's table (--data), not the built-in datasets the tutorials train with a validation split
  return c.data !== undefined && c.task !== 'autoencoder' && c.feedback === undefined && c.validationSplit > 0 && !CHOOSES.some((k) => req.given.includes(k));
}

/**
 * Cross-validates the linear and the default hidden network on the training rows of prepared
 * data (which has no validation part) and returns what was tried and chosen (Note [small tables]).
 *
 * @param seed seed of the folds and of each fold's weights and shuffling
 * @param given the options given: with --epochs the folds train exactly that many, with --batch-size both networks use it
 * @example
 * ```ts
 * const s = chooseNetwork(cfg, head, prepared, 7, ['data']);
 * s.candidates[s.chosen].network; // 'linear'
 * ```
 */
export function chooseNetwork(cfg: TrainConfig, head: Head, prepared: Prepared, seed: number, given: readonly string[]): Selection {
  const { x, y } = trainPart(prepared);
  return chooseNetworkOn(cfg, head, x, y, prepared.task === 'classification', seed, given);
}

/**
 * {@link chooseNetwork} on encoded training rows: `neurite cv` runs it on each fold's training
 * rows, so the held-out fold never takes part in the choice.
 *
 * @param x the training rows' inputs `[rows, inputs]`; y their targets (class indices or scaled values)
 * @example
 * ```ts
 * chooseNetworkOn(cfg, head, fold.train.x, fold.train.y, true, 7, ['data']).chosen; // 0 or 1
 * ```
 */
export function chooseNetworkOn(cfg: TrainConfig, head: Head, x: Matrix, y: Float32Array, classification: boolean, seed: number, given: readonly string[]): Selection {
  const n = x.rows;
  const k = Math.min(FOLDS, n);
  const rng = new Random(seed);
  const plans = planFolds(n, k, 0, rng.uint32(), classification ? y : undefined);
  const foldSeeds = plans.map(() => rng.uint32());
  const foldRows = n - Math.ceil(n / k);
  const epochsGiven = given.includes('epochs');
  const batchGiven = given.includes('batchSize');
  const steps = (batch: number | 'full') => Math.ceil(foldRows / (batch === 'full' ? foldRows : Math.min(batch, foldRows)));
  const plansOf: Plan[] = [
    // penalised to convergence, as scikit-learn's linear models are: the whole batch, every epoch
    { hidden: [], decay: (rows) => 1 / rows, batchSize: batchGiven ? cfg.batchSize : 'full', epochs: epochsGiven ? cfg.epochs : LINEAR_EPOCHS, converged: true },
    { hidden: cfg.hidden, decay: () => cfg.weightDecay, batchSize: cfg.batchSize, epochs: epochsGiven ? cfg.epochs : Math.min(MAX_EPOCHS, Math.max(cfg.epochs, Math.ceil(MIN_STEPS / steps(cfg.batchSize)))), converged: false },
  ];
  const candidates = plansOf.map((t): Candidate => {
    const curves = plans.map((plan, f) => {
      const train = rowsOf(x, y, plan.train);
      const held = rowsOf(x, y, plan.test);
      const net = new Network({ ...networkLayers({ ...cfg, hidden: [...t.hidden] }, head, x.cols, undefined), seed: foldSeeds[f], loss: head.loss });
      try {
        const history = fit(net, train.x, train.y, { ...foldOptions(cfg, head, t, t.decay(plan.train.length), foldSeeds[f]), validationData: held }).history;
        // r² against the held-out rows' spread (as scikit-learn's cross_val_score), or all rows' when they agree
        const spread = classification ? 0 : variance(held.y) || variance(y);
        return history.map((l) => ({ loss: l.valLoss as number, score: classification ? (l.valAccuracy as number) : head.loss === 'mse' ? 1 - (l.valLoss as number) / spread : NaN }));
      } catch {
        return null; // diverged: this candidate cannot be chosen
      }
    });
    const decay = t.decay(n);
    const base = { network: t.hidden.length === 0 ? 'linear' : t.hidden.map((u) => `${u} ${cfg.activation}`).join(' → '), hidden: t.hidden, ...(decay ? { weightDecay: decay } : {}), batchSize: t.batchSize, budget: t.epochs, converged: t.converged };
    if (curves.some((c) => c === null)) return { ...base, epochs: t.epochs, loss: null, lossError: null, score: null };
    const ok = curves as FoldCurve[];
    // the converged network is scored where it ends; the other where the folds' mean loss is lowest
    const best = lowestMean(t.converged ? ok.map((c) => c.slice(-1)) : ok);
    const epochs = t.converged ? t.epochs : best.epoch;
    return { ...base, epochs, loss: best.loss, lossError: best.lossError, score: Number.isNaN(best.score) ? null : best.score };
  });
  return { folds: k, rows: n, metric: classification ? 'accuracy' : 'r2', candidates, chosen: oneStandardError(candidates[0], candidates[1]) };
}

/** How a candidate is trained in each fold. */
interface Plan {
  readonly hidden: readonly number[];
  readonly decay: (rows: number) => number | undefined;
  readonly batchSize: number | 'full';
  readonly epochs: number;
  readonly converged: boolean;
}

/**
 * The one-standard-error rule (Hastie, Tibshirani and Friedman, The Elements of Statistical
 * Learning, 7.10): the simpler network unless the other's held-out loss is lower by more than
 * that loss's standard error. On a few dozen rows one fold with an unusual row can make the
 * hidden network look better by chance; this asks for a difference the folds agree on.
 *
 * @returns 0 for the simpler network, 1 for the other
 * @example
 * ```ts
 * oneStandardError({ loss: 0.22, lossError: 0.05 }, { loss: 0.2, lossError: 0.06 }); // 0
 * ```
 */
export function oneStandardError(simpler: Pick<Candidate, 'loss' | 'lossError'>, other: Pick<Candidate, 'loss' | 'lossError'>): 0 | 1 {
  if (other.loss === null || other.lossError === null) return 0;
  if (simpler.loss === null) return 1;
  return other.loss + other.lossError < simpler.loss ? 1 : 0;
}

/** A fold's held-out loss and score after each epoch. */
export type FoldCurve = readonly { readonly loss: number; readonly score: number }[];

/**
 * The epoch (1-based) whose held-out loss, averaged over the folds, is lowest (the first such),
 * with that mean loss and the mean score there.
 *
 * @param curves one curve per fold, all of the same length
 * @example
 * ```ts
 * lowestMean([[{ loss: 3, score: 0 }, { loss: 1, score: 1 }], [{ loss: 2, score: 0 }, { loss: 3, score: 1 }]]); // { epoch: 2, loss: 2, score: 1 }
 * ```
 */
export function lowestMean(curves: readonly FoldCurve[]): { epoch: number; loss: number; lossError: number; score: number } {
  const k = curves.length;
  const mean = (e: number, key: 'loss' | 'score') => curves.reduce((s, c) => s + c[e][key], 0) / k;
  let best = 0;
  for (let e = 1; e < curves[0].length; e++) if (mean(e, 'loss') < mean(best, 'loss')) best = e;
  const loss = mean(best, 'loss');
  const spread = k > 1 ? Math.sqrt(curves.reduce((s, c) => s + (c[best].loss - loss) ** 2, 0) / (k - 1)) : 0;
  return { epoch: best + 1, loss, lossError: spread / Math.sqrt(k), score: mean(best, 'score') };
}

/**
 * The config of the final run: the chosen network, weight decay and epochs, every training row
 * trained on (no validation part).
 *
 * @example
 * ```ts
 * chosenConfig(cfg, chooseNetwork(cfg, head, prepared, 7, ['data'])).hidden; // []
 * ```
 */
export function chosenConfig(cfg: TrainConfig, s: Selection): TrainConfig {
  const c = s.candidates[s.chosen];
  const { weightDecay: _unused, ...rest } = cfg;
  return { ...rest, hidden: [...c.hidden], epochs: c.epochs, batchSize: c.batchSize, validationSplit: 0, ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}) };
}

/**
 * The lines that say what the cross-validation tried and chose, and why.
 *
 * @example
 * ```ts
 * selectionLines(s)[0]; // 'small table (38 training rows): choosing the network by 5-fold cross-validation…'
 * ```
 */
export function selectionLines(s: Selection): string[] {
  const fmt = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));
  const lines = [`small table (${s.rows} training rows): choosing the network by ${s.folds}-fold cross-validation of the training rows (--hidden or --validation-split to choose yourself)`];
  for (const c of s.candidates) {
    const decay = c.weightDecay !== undefined ? `, weight decay ${c.weightDecay.toPrecision(2)}` : '';
    // only the default budget is the one checked to converge (Note [small tables]); --epochs may cut it short
    const converged = c.budget >= LINEAR_EPOCHS ? ' (to convergence)' : ', as --epochs gives';
    const when = c.converged ? `after ${c.budget} epochs of batch ${c.batchSize}${converged}` : `best after ${c.epochs} of ${c.budget} epochs`;
    lines.push(`  ${c.network}${decay}: held-out loss ${fmt(c.loss, 4)} ± ${fmt(c.lossError, 4)}, ${s.metric === 'accuracy' ? 'accuracy' : 'r²'} ${fmt(c.score, 3)}, ${when}`);
  }
  const [simpler, other] = s.candidates;
  const why = other.loss === null ? `${other.network} diverged`
    : simpler.loss === null ? `${simpler.network} diverged`
      : s.chosen === 1 ? `its held-out loss is lower than ${simpler.network}'s by more than its standard error`
        : other.loss < simpler.loss ? `${other.network}'s held-out loss is lower by less than its standard error: the simpler network`
          : 'the lower held-out loss';
  const c = s.candidates[s.chosen];
  lines.push(`chose ${c.network} (${why}); trained on all ${s.rows} training rows for ${c.epochs} epochs, with nothing held out to stop early`);
  return lines;
}

function foldOptions(cfg: TrainConfig, head: Head, t: Plan, weightDecay: number | undefined, seed: number): FitOptions {
  return {
    epochs: t.epochs, batchSize: t.batchSize, shuffle: cfg.shuffle, loss: head.loss, seed, optimizer: cfg.optimizer, lr: cfg.lr,
    optimizerOptions: { ...(cfg.momentum !== undefined ? { momentum: cfg.momentum } : {}), ...(weightDecay ? { weightDecay } : {}) },
    ...(cfg.clipNorm !== undefined ? { clipNorm: cfg.clipNorm } : {}),
  };
}

function rowsOf(x: Matrix, y: Float32Array, rows: Uint32Array): { x: Matrix; y: Float32Array } {
  const data = new Float32Array(rows.length * x.cols);
  rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return { x: { data, rows: rows.length, cols: x.cols }, y: Float32Array.from(rows, (r) => y[r]) };
}

function variance(v: Float32Array): number {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
}
