/**
 * `neurite tune`: a search of network settings by cross-validation with successive halving, the
 * trials on worker threads (one per core), each record appended to `--log` as it finishes; then
 * the best setting retrained on all rows and written as an ordinary model file.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { buildNetwork, DEFAULT_SETTINGS, DEFAULT_SPACE, fit, hyperbandBrackets, fitOptionsOf, searchSpace, modelText, tuneTask, type NetworkSettings, type SearchSpace, type TableTask, type TrialRecord, type TuneProgress, type TuneResult } from '../../index.js';
import { fitPreprocessor } from '../../data/index.js';
import { workerRunner } from '../../node.js';
import { startBackend } from '../backend.js';
import { CliError, UsageError } from '../errors.js';
import { metric, table } from '../format.js';
import { readText, writeOutput, type Io } from '../io.js';
import { xyChart } from '../plot/chart.js';
import { colour } from '../plot/svg.js';
import { chooseHead } from '../train/network.js';
import type { TrainConfig } from '../train/options.js';
import { chooseNetworkOn, chosenConfig } from '../train/small-table.js';
import { readTableTask, settingsOf, type TableOptions } from './data.js';
import { trainDefaults } from './defaults.js';
import { checkFinalists, checkReport, meanEpochs, searchRepeats } from './finalists.js';
import { checkSameSearch, openLog, readLog, type LogHeader, type SearchKey } from './log.js';

/** The options of `neurite tune`. */
export interface TuneCliOptions extends TableOptions {
  readonly budget?: number;
  readonly trials?: number;
  readonly brackets?: number;
  readonly folds: number;
  readonly repeats?: number;
  readonly finalists: number;
  readonly space?: string;
  readonly seed: number;
  readonly eta: number;
  readonly validationSplit: number;
  readonly out: string;
  readonly log?: string;
  readonly resume?: string;
  readonly workers?: number;
  readonly plot?: string;
  readonly json?: boolean;
  readonly backend?: string;
}

function readSpace(path: string | undefined): SearchSpace {
  if (path === undefined) return DEFAULT_SPACE;
  const text = readText(path, '--space');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message}); --space takes a JSON object such as {"depth": [1, 2], "lr": {"min": 0.001, "max": 0.1}}`);
  }
  return searchSpace(json, path);
}

function progressLine(p: TuneProgress, r: TrialRecord, metricName: string): string {
  const best = p.best ? `best #${p.best.trial} ${p.best.score === null ? 'diverged' : metric(p.best.score)}` : '';
  const score = r.score === null ? 'diverged' : `${metric(r.score)} ± ${metric(r.std ?? 0)}`;
  return `trial ${r.trial} bracket ${p.bracket + 1} rung ${r.rung + 1}/${p.rungs} (${r.epochs} epochs)  ${metricName} ${score}  ${best}  ${p.seconds.toFixed(0)} s`;
}

/** Trains settings on every row for `epochs` and writes the model file; `chooses` runs train's small-table choice on those rows first. */
function retrain(tt: TableTask, base: NetworkSettings, epochs: number, o: TuneCliOptions, tuned: Record<string, unknown>, name: string, chooses?: TrainConfig): { epochs: number; settings: NetworkSettings } {
  const p = fitPreprocessor({ ...tt.preprocessing, table: tt.table, target: tt.target, task: tt.task, classes: tt.classes, trainRows: tt.rows });
  const x = p.transform(tt.table, tt.rows);
  const y = p.encodeTargets(tt.table, tt.rows);
  const classes = tt.classes?.length ?? 0;
  // what train builds on these rows: the small-table choice on all of them (Note [small tables])
  const chosen = chooses ? settingsOf(chosenConfig(chooses, chooseNetworkOn(chooses, chooseHead(chooses, classes), x, y, tt.task === 'classification', o.seed, ['data'])), classes) : base;
  const settings: NetworkSettings = { ...chosen, epochs: chooses ? chosen.epochs : epochs, earlyStopping: false };
  const net = buildNetwork(settings, x.cols, classes, o.seed);
  const fitted = fit(net, x, y, fitOptionsOf(settings, null, o.seed + 1));
  const s = settings;
  const model = modelText(net, {
    loss: net.loss, task: p.task, features: p.features, target: p.target, classes: p.classes,
    preprocessing: p.toJSON() as unknown as Record<string, unknown>, seed: o.seed, history: fitted.history,
    training: {
      data: name, hidden: s.hidden, activation: s.activation, optimizer: s.optimizer, lr: s.lr, epochs: s.epochs, batchSize: s.batchSize,
      weightDecay: s.weightDecay ?? 0, dropout: s.dropout ?? 0, validationSplit: 0, scale: o.scale, tuned,
    },
  });
  writeOutput(o.out, model, '--out');
  return { epochs: s.epochs, settings: s };
}

function leaderboard(result: TuneResult, metricName: string, top = 10): string {
  const rows = result.leaderboard.slice(0, top).map((r) => [
    String(r.trial), String(r.rung + 1), String(r.epochs), r.score === null ? 'diverged' : metric(r.score), metric(r.std ?? undefined),
    r.settings.hidden.join(',') || 'none', r.settings.activation, String(r.settings.lr), String(r.settings.batchSize),
    String(r.settings.weightDecay ?? 0), String(r.settings.dropout ?? 0), r.seconds.toFixed(1),
  ]);
  return table([['trial', 'rung', 'epochs', metricName, '± std', 'hidden', 'activation', 'lr', 'batch', 'decay', 'dropout', 'seconds'], ...rows]);
}

/** Score against trial, one colour per number of epochs (a rung of a bracket). */
function scoreChart(result: TuneResult, metricName: string, name: string): string {
  const epochs = [...new Set(result.records.map((r) => r.epochs))].sort((a, b) => a - b);
  const series = epochs.map((e, i) => {
    const rs = result.records.filter((r) => r.epochs === e && r.score !== null);
    return { name: `${e} epochs`, colour: colour(i), dots: true, points: rs.map((r) => [r.trial, r.score as number] as const) };
  });
  return xyChart({ title: `neurite tune: ${name}`, xLabel: 'trial', yLabel: `cross-validated ${metricName}`, series });
}

/**
 * Runs `neurite tune`.
 *
 * @returns the exit status
 */
export async function tuneCommand(io: Io, o: TuneCliOptions): Promise<number> {
  if (o.resume !== undefined && o.log !== undefined && o.log !== o.resume) throw new UsageError('--resume goes on appending to the log it resumes; leave --log out, or give it the same file');
  // a search may run for hours: a file it could not write at the end is refused before it starts
  for (const [path, option] of [[o.out, '--out'], [o.log, '--log'], [o.plot, '--plot']] as const) {
    const dir = path === undefined ? undefined : dirname(resolve(path));
    if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) throw new CliError(`${path}: its directory ${dir} does not exist; check the path given to ${option} (nothing was searched)`);
  }
  const { task: tt, name, hash } = readTableTask(o, 'tune');
  const space = readSpace(o.space);
  const repeats = o.repeats ?? searchRepeats(tt.rows.length, o.folds);
  const key: SearchKey = {
    data: hash, target: tt.target, task: tt.task, folds: o.folds, repeats, seed: o.seed, trials: o.trials ?? null, brackets: o.brackets ?? null, eta: o.eta,
    scale: o.scale, validationSplit: o.validationSplit, ignore: o.ignore ?? [], space,
  };
  if (o.folds > tt.rows.length) throw new UsageError(`--folds ${o.folds}: ${name} has only ${tt.rows.length} rows`);
  let previous: TrialRecord[] = [];
  const logPath = o.resume ?? o.log;
  if (o.resume !== undefined) {
    const log = readLog(o.resume);
    checkSameSearch(o.resume, log.header.search, key);
    previous = log.records;
  }
  const header: LogHeader = { neurite: 'tune-log', version: 1, search: key };
  const append = logPath !== undefined ? openLog(logPath, header, o.resume !== undefined) : undefined;
  await startBackend(o.backend);
  const workers = o.workers ?? availableParallelism();
  const metricName = tt.task === 'classification' ? 'accuracy' : 'r²';
  if (!o.json) {
    const plan = hyperbandBrackets(o.trials ?? 27, space.epochs, o.eta, o.brackets);
    const how = `${plan.length === 1 ? 'successive halving' : `Hyperband, ${plan.length} brackets`} from ${o.trials ?? 27} trials${o.trials === undefined && o.budget !== undefined ? ' (rounds until the budget ends)' : ''}`;
    io.err(`${name}: ${tt.rows.length} rows, target ${tt.target} (${tt.task}); ${how}, ${o.folds}-fold cross-validation, ${workers} worker${workers === 1 ? '' : 's'}, seed ${o.seed}` +
      `${o.budget !== undefined ? `, budget ${o.budget} s` : ''}${previous.length ? `; ${previous.length} records from ${o.resume}` : ''}\n`);
  }
  if (repeats > 1 && !o.json) io.err(`folds of ${Math.floor(tt.rows.length / o.folds)} rows are too few to rank trials by: each trial is scored on ${repeats} repeats of the ${o.folds}-fold cross-validation (--repeats)\n`);
  // the check needs time after the search: a fifth of the budget (Note [finalist check])
  const started = performance.now();
  const searchMs = o.budget === undefined ? undefined : Math.max(1, o.budget * 1000 * (o.finalists > 0 ? 0.8 : 1));
  // onRecord comes just before onProgress for the same record
  let latest: TrialRecord | undefined;
  const result = await tuneTask(tt, {
    folds: o.folds, repeats, seed: o.seed, eta: o.eta, space, validationSplit: o.validationSplit, previous,
    ...(o.trials !== undefined ? { trials: o.trials } : {}),
    ...(o.brackets !== undefined ? { brackets: o.brackets } : {}),
    ...(searchMs !== undefined ? { budgetMs: searchMs } : {}),
    runner: workerRunner({ workers }),
    onRecord: (r) => {
      latest = r;
      append?.(r);
    },
    onProgress: (p) => {
      if (o.json || !latest) return;
      io.err(io.errIsTTY ? `\r\x1b[K${progressLine(p, latest, metricName)}` : `${progressLine(p, latest, metricName)}\n`);
    },
  });
  if (io.errIsTTY && !o.json) io.err('\n');
  if (result.best === null) throw new CliError(`the budget ended before any trial finished; give a longer --budget (e.g. ${Math.max(60, (o.budget ?? 0) * 4)}s) or fewer --folds`);
  if (result.best.score === null) throw new CliError('every trial diverged; narrow the learning rates in --space');
  const b = result.best;
  const checkMs = o.budget === undefined ? undefined : Math.max(1, o.budget * 1000 - (performance.now() - started));
  const check = o.finalists > 0 ? await checkFinalists(tt, { ...o, workers }, result.leaderboard, repeats, checkMs) : undefined;
  const folds = { metric: result.metric, folds: o.folds };
  const chosen = check?.result.chosen ?? null;
  const written = chosen === null
    ? retrain(tt, b.settings, meanEpochs(b.folds), o, { trial: b.trial, ...folds, score: b.score, std: b.std }, name)
    : chosen.trial === 'defaults'
      ? retrain(tt, check?.smallTable ? DEFAULT_SETTINGS : settingsOf(trainDefaults(o, o.seed), tt.classes?.length ?? 0), meanEpochs(chosen.folds ?? []), o, { trial: 'defaults', ...folds, check: chosen.score }, name, check?.smallTable ? trainDefaults(o, o.seed) : undefined)
      : retrain(tt, leaderboardSettings(result, chosen.trial), chosen.epochs ?? b.epochs, o, { trial: chosen.trial, ...folds, score: b.trial === chosen.trial ? b.score : undefined, check: chosen.score }, name);
  const epochs = written.epochs;
  const plots: string[] = [];
  if (o.plot !== undefined) {
    writeOutput(o.plot, scoreChart(result, metricName, name), '--plot');
    plots.push(o.plot);
  }
  const defaultsScore = check?.result.scores[0];
  const checkJson = check ? {
    check: { folds: o.folds, seeds: check.seeds, chosen: chosen && { trial: chosen.trial, epochs: chosen.epochs ?? null, score: chosen.score, std: chosen.std }, contenders: check.result.scores.map(({ trial, epochs: e, score, std, folds: f }) => ({ trial, epochs: e ?? null, score, std, folds: f?.map((x) => x.score) ?? null })) },
    defaults: { score: defaultsScore?.score ?? null, std: defaultsScore?.std ?? null, chosen: chosen?.trial === 'defaults', smallTable: check.smallTable, ...(chosen?.trial === 'defaults' ? { settings: written.settings } : {}) },
  } : {};
  if (o.json) {
    io.out(`${JSON.stringify({ best: { trial: b.trial, rung: b.rung, epochs: b.epochs, score: b.score, std: b.std, settings: b.settings }, repeats, ...checkJson, written: { trial: chosen?.trial ?? b.trial, settings: written.settings }, metric: result.metric, task: result.task, trials: result.leaderboard.length, records: result.records.length, complete: result.complete, seconds: result.seconds, out: o.out, finalEpochs: epochs, leaderboard: result.leaderboard.slice(0, 10), plots })}\n`);
    return 0;
  }
  io.out(`${leaderboard(result, metricName)}\n`);
  io.out(`best: trial ${b.trial}, ${metricName} ${metric(b.score as number)} ± ${metric(b.std ?? 0)} over ${o.folds} folds${repeats > 1 ? ` × ${repeats} repeats` : ''} at ${b.epochs} epochs` +
    ` (${result.leaderboard.length} trials, ${result.records.length} records, ${result.seconds.toFixed(0)} s${result.complete ? '' : ', stopped by the budget'})\n`);
  if (check) io.out(checkReport(check, o.folds, metricName));
  const what = chosen?.trial === 'defaults' ? `what train builds (${written.settings.hidden.join(',') || 'linear'})` : `trial ${chosen?.trial ?? b.trial}`;
  io.out(`retrained ${what} on all ${tt.rows.length} rows for ${epochs} epochs: wrote ${o.out}\n`);
  for (const f of plots) io.out(`wrote ${f}\n`);
  return 0;
}

/** A trial's settings from the leaderboard (the check only names trials it holds). */
function leaderboardSettings(result: TuneResult, trial: number): NetworkSettings {
  return (result.leaderboard.find((r) => r.trial === trial) as TrialRecord).settings;
}
