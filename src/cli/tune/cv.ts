/**
 * `neurite cv`: k-fold cross-validation of the network `neurite train` would build with the same
 * options: the score of each fold, then their mean ± standard deviation. On a small table with no
 * network options, that network is chosen inside each fold from the fold's training rows alone
 * (Note [small tables] in ../train/small-table.ts), as `train` would on those rows.
 */
import { crossValidateTask, type CrossValidation, type FoldScore, type TableTask } from '../../index.js';
import { classIndices } from '../../data/index.js';
import { startBackend } from '../backend.js';
import { UsageError } from '../errors.js';
import { metric, table } from '../format.js';
import type { Io } from '../io.js';
import type { TrainRequest } from '../train/options.js';
import { choosesNetwork, type Selection } from '../train/small-table.js';
import { readTableTask, settingsOf } from './data.js';
import { foldChooser, smallFolds } from './defaults.js';

/** Train options that make no sense for a cross-validation (nothing is written, nothing resumed). */
const NOT_FOR_CV = ['out', 'checkpoint', 'resume', 'init', 'plot', 'feedback', 'bottleneck', 'labels'];

/** What `--json` prints. */
export interface CvReport extends CrossValidation {
  readonly data: string;
  readonly target: string;
  readonly seed: number;
  readonly seconds: number;
  /** On a small table with no network options: what each fold's cross-validation of its training rows chose. */
  readonly selections?: readonly Selection[];
}

/**
 * Runs `neurite cv`.
 *
 * @param folds the number of folds (--folds)
 * @returns the exit status
 * @throws UsageError for a train option that does not apply, or more folds than rows
 */
export async function cvCommand(io: Io, req: TrainRequest, folds: number): Promise<number> {
  const started = performance.now();
  const bad = NOT_FOR_CV.filter((k) => req.given.includes(k));
  if (bad.length > 0) throw new UsageError(`${bad.map((k) => `--${k}`).join(', ')} does not apply to neurite cv: it writes no model; train the chosen settings with neurite train`);
  const c = req.config;
  await startBackend(c.backend);
  const { task: tt, name } = readTableTask(c, 'cv');
  const perClass = tt.classes ? smallestClass(tt) : tt.rows.length;
  if (folds > tt.rows.length) throw new UsageError(`--folds ${folds}: ${name} has only ${tt.rows.length} rows; give at most ${tt.rows.length} folds`);
  const settings = settingsOf(c, tt.classes?.length ?? 0);
  const metricName = tt.task === 'classification' ? 'accuracy' : 'r²';
  if (!c.json) {
    io.err(`${name}: ${tt.rows.length} rows, target ${tt.target} (${tt.task}), ${folds} folds${tt.classes ? ' stratified by class' : ''}, seed ${c.seed}\n`);
    if (tt.classes && perClass < folds) io.err(`warning: the smallest class has ${perClass} rows, fewer than the ${folds} folds: some folds hold none of it\n`);
  }
  // the largest fold's training rows: train on them would choose its network (Note [small tables])
  const small = choosesNetwork(req) && smallFolds(tt.rows.length, folds);
  const selections: Selection[] = [];
  if (small && !c.json) io.err('small table: each fold\'s network chosen as neurite train chooses it, by cross-validation of that fold\'s training rows (--hidden or --validation-split to choose yourself)\n');
  const settingsFor = foldChooser(c, req.given, selections);
  const cv = crossValidateTask(tt, {
    folds, seed: c.seed, validationSplit: small ? 0 : c.validationSplit, settings, ...(small ? { settingsFor } : {}),
    onFold: (f) => {
      const chose = small ? `  ${chosenLine(selections[f.fold - 1])}` : '';
      if (!c.json) io.err(`fold ${f.fold}/${folds}  ${metricName} ${score(f.score)}  epochs ${f.epochs}${f.bestEpoch !== undefined ? ` (best ${f.bestEpoch})` : ''}${chose}\n`);
    },
  });
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  if (c.json) {
    const report: CvReport = { ...cv, data: name, target: tt.target, seed: c.seed, seconds, ...(small ? { selections } : {}) };
    io.out(`${JSON.stringify(report)}\n`);
    return 0;
  }
  io.out(formatCv(cv, metricName, seconds));
  return 0;
}

/** A fold's choice in a few words: `chose linear (held-out loss 0.25 vs 0.31 for 32 relu)`. */
function chosenLine(s: Selection): string {
  const loss = (v: number | null) => (v === null ? 'diverged' : v.toFixed(4));
  const [chosen, other] = [s.candidates[s.chosen], s.candidates[1 - s.chosen]];
  return `chose ${chosen.network} (held-out loss ${loss(chosen.loss)} vs ${loss(other.loss)} for ${other.network}, ${s.rows} rows)`;
}

/** Rows of the smallest class. */
function smallestClass(tt: TableTask): number {
  const labels = classIndices(tt.table, tt.target, tt.classes as string[]);
  const counts = new Array<number>(tt.classes?.length ?? 0).fill(0);
  for (const i of tt.rows) counts[labels[i]]++;
  return Math.min(...counts);
}

const score = (s: number | null) => (s === null ? 'diverged' : metric(s));

/**
 * The table of fold scores and the summary line.
 *
 * @example
 * ```ts
 * io.out(formatCv(cv, 'accuracy', 2.1)); // "... accuracy 0.9600 ± 0.0249 over 5 folds"
 * ```
 */
export function formatCv(cv: CrossValidation, metricName: string, seconds: number): string {
  const rows = cv.folds.map((f: FoldScore) => [String(f.fold), String(f.rows.train), String(f.rows.validation), String(f.rows.test), String(f.epochs), score(f.score)]);
  const summary = cv.mean === null
    ? `${metricName}: a fold diverged (try a lower --lr or --clip-norm)`
    : `${metricName} ${metric(cv.mean)} ± ${metric(cv.std ?? 0)} (mean ± std over ${cv.folds.length} folds, ${seconds.toFixed(1)} s)`;
  return `${table([['fold', 'train', 'validation', 'test', 'epochs', metricName], ...rows])}\n${summary}\n`;
}
