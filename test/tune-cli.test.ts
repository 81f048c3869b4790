// End-to-end: neurite cv, tune (log, kill and --resume, plot, model file) and explain, on the
// real command; clear errors for options and files that do not fit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossValidate, DEFAULT_SETTINGS, loadDataset } from '../src/index.js';
import { checkSameSearch, readLog } from '../src/cli/tune/log.js';
import { BIN, ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

let dir = '';
const SPACE = { depth: [1, 2], width: [4, 8, 16], lr: { min: 0.003, max: 0.05 }, batchSize: [16, 32], epochs: 9 };
const TUNE = ['tune', '--data', 'iris.csv', '--trials', '9', '--folds', '3', '--seed', '5', '--space', 'space.json', '--workers', '2'];

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'iris.csv': readFileSync(join(ROOT, 'data', 'iris.csv'), 'utf8'),
    'space.json': JSON.stringify(SPACE),
    'typo.json': JSON.stringify({ detph: [1, 2], lr: { min: 0.1, max: 0.01 } }),
  });
});

const json = (args: string[]) => {
  const r = neurite([...args, '--json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('neurite cv', () => {
  it('iris: five stratified folds of 30 rows, the same scores as crossValidate with train\'s settings', () => {
    const cv = json(['cv', '--data', 'iris.csv', '--folds', '5', '--seed', '1', '--epochs', '20', '--validation-split', '0.2']);
    expect(cv.folds).toHaveLength(5);
    for (const f of cv.folds) expect(f.rows.test).toBe(30);
    const lib = crossValidate(loadDataset('iris'), { folds: 5, seed: 1, settings: { ...DEFAULT_SETTINGS, epochs: 20, earlyStopping: 10 } });
    expect(cv.folds.map((f: { score: number }) => f.score)).toEqual(lib.folds.map((f) => f.score));
    expect(cv.mean).toBeCloseTo(lib.mean as number, 12);
    expect(cv.mean).toBeGreaterThan(0.85);
    const text = neurite(['cv', '--data', 'iris.csv', '--folds', '5', '--seed', '1', '--epochs', '20', '--validation-split', '0.2'], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`accuracy ${cv.mean.toFixed(4)} ± ${cv.std.toFixed(4)} \\(mean ± std over 5 folds`));
  });

  it('refuses train options that write files, and more folds than rows', () => {
    const out = neurite(['cv', '--data', 'iris.csv', '--out', 'm.json'], dir);
    expect(out.status).toBe(2);
    expect(errorLine(out)).toMatch(/--out does not apply to neurite cv/);
    const many = neurite(['cv', '--data', 'iris.csv', '--folds', '151'], dir);
    expect(many.status).toBe(2);
    expect(errorLine(many)).toMatch(/--folds 151: iris.csv has only 150 rows/);
  });
});

describe('neurite tune', () => {
  let full: { best: { trial: number; score: number; settings: unknown }; records: number; check: unknown; written: { trial: number | 'defaults'; settings: unknown } };
  it('Hyperband from 9 trials (9→3→1, 5→1, 3) on 2 workers, logs every record, writes a model file and a plot', () => {
    full = json([...TUNE, '--out', 'best.json', '--log', 'full.jsonl', '--plot', 'scores.svg']);
    expect(full.records).toBe(22);
    const log = lines('full.jsonl');
    expect(log[0]).toMatchObject({ neurite: 'tune-log', version: 1, search: { folds: 3, seed: 5, trials: 9, brackets: null } });
    const records = log.slice(1);
    const shape = (from: number, to: number) => records.filter((r) => r.trial >= from && r.trial <= to).map((r) => r.epochs).sort((a, b) => a - b).join(' ');
    expect([shape(1, 9), shape(10, 14), shape(15, 17)]).toEqual(['1 1 1 1 1 1 1 1 1 3 3 3 9', '3 3 3 3 3 9', '9 9 9']);
    const ended = records.filter((r) => r.epochs === 9).sort((a, b) => b.score - a.score || a.trial - b.trial);
    expect(ended[0].trial).toBe(full.best.trial);
    const model = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8'));
    // what the finalist check chose on other folds is written (Note [finalist check])
    expect(model.training.tuned).toMatchObject({ trial: full.written.trial, folds: 3 });
    const ev = json(['evaluate', '--model', 'best.json', '--data', 'iris.csv']);
    expect(ev.accuracy).toBeGreaterThan(0.8);
    const svg = readFileSync(join(dir, 'scores.svg'), 'utf8');
    // a dot per record and one per legend entry (1, 3 and 9 epochs)
    expect(svg.match(/<circle /g)?.length).toBe(22 + 3);
  }, 120_000);

  it('a Hyperband search killed in its second bracket resumes from its log and ends with the same best trial', async () => {
    // one worker (the records do not depend on how many), so the kill comes before the end
    const child = spawn(process.execPath, [BIN, ...TUNE.map((a) => (a === '2' ? '1' : a)), '--out', 'killed.json', '--log', 'part.jsonl'], { cwd: dir, stdio: 'ignore' });
    const logged = () => (existsSync(join(dir, 'part.jsonl')) ? readFileSync(join(dir, 'part.jsonl'), 'utf8').split('\n').length - 2 : 0);
    while (logged() < 15) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = logged();
    expect(before).toBeLessThan(22);
    // a line cut off by the kill is dropped on resume
    writeFileSync(join(dir, 'part.jsonl'), `${readFileSync(join(dir, 'part.jsonl'), 'utf8')}{"trial": 4, "ru`);
    const resumed = json([...TUNE, '--out', 'resumed.json', '--resume', 'part.jsonl']);
    expect(resumed.best.trial).toBe(full.best.trial);
    expect(resumed.best.score).toBe(full.best.score);
    expect(resumed.best.settings).toEqual(full.best.settings);
    // and the check of its finalists makes the same choice
    expect(resumed.check).toEqual(full.check);
    expect(resumed.written).toEqual(full.written);
    const log = lines('part.jsonl').slice(1);
    expect(log).toHaveLength(22);
    expect(new Set(log.map((r) => `${r.trial}:${r.rung}`)).size).toBe(22);
  }, 120_000);

  it('--finalists 0 writes the search\'s best unchecked', () => {
    const t = json(['tune', '--data', 'iris.csv', '--trials', '3', '--brackets', '1', '--folds', '3', '--seed', '5', '--space', 'space.json', '--workers', '2', '--finalists', '0', '--out', 'f0.json']);
    expect(t.check).toBeUndefined();
    expect(t.written.trial).toBe(t.best.trial);
    expect(JSON.parse(readFileSync(join(dir, 'f0.json'), 'utf8')).training.tuned).toMatchObject({ trial: t.best.trial, score: t.best.score });
  }, 120_000);

  it('refuses to resume another search, naming what differs', () => {
    const r = neurite([...TUNE.map((a) => (a === '5' ? '6' : a)), '--out', 'x.json', '--resume', 'full.jsonl'], dir);
    expect(r.status).toBe(2);
    expect(errorLine(r)).toMatch(/--seed was 5, now 6/);
  });

  it('resumes a log written before Hyperband (no "brackets") as successive halving alone', () => {
    const header = JSON.parse(readFileSync(join(dir, 'full.jsonl'), 'utf8').split('\n')[0]);
    delete header.search.brackets;
    writeFileSync(join(dir, 'old.jsonl'), `${JSON.stringify(header)}\n`);
    const log = readLog(join(dir, 'old.jsonl'));
    expect(log.header.search.brackets).toBe(1);
    expect(() => checkSameSearch('old.jsonl', log.header.search, { ...header.search, brackets: 1 })).not.toThrow();
    expect(() => checkSameSearch('old.jsonl', log.header.search, { ...header.search, brackets: null })).toThrow(/--brackets was 1, now null/);
  });

  it('resumes a log written before repeats as one k-fold', () => {
    const header = JSON.parse(readFileSync(join(dir, 'full.jsonl'), 'utf8').split('\n')[0]);
    expect(header.search.repeats).toBe(1);
    delete header.search.repeats;
    writeFileSync(join(dir, 'old-r.jsonl'), `${JSON.stringify(header)}\n`);
    const log = readLog(join(dir, 'old-r.jsonl'));
    expect(log.header.search.repeats).toBe(1);
    expect(() => checkSameSearch('old-r.jsonl', log.header.search, { ...header.search, repeats: 2 })).toThrow(/--repeats \(or the rows: tiny folds repeat\) was 1, now 2/);
  });

  it('with --dataset, the defaults are the default network stopping early, scored as neurite cv scores it', () => {
    const t = json(['tune', '--dataset', 'iris', '--trials', '1', '--brackets', '1', '--folds', '3', '--seed', '2', '--space', 'space.json', '--workers', '2', '--out', 'ds.json']);
    expect(t.check.seeds).toEqual([1002, 2002]);
    expect(t.defaults.smallTable).toBe(false);
    const cv = t.check.seeds.map((seed: number) => json(['cv', '--dataset', 'iris', '--folds', '3', '--seed', String(seed)]).mean);
    expect(t.defaults.score).toBeCloseTo((cv[0] + cv[1]) / 2, 6);
  }, 120_000);

  it('lists every problem of a search space at once', () => {
    const r = neurite(['tune', '--data', 'iris.csv', '--space', 'typo.json', '--out', 'x.json'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/did you mean "depth"/);
    expect(r.stderr).toMatch(/lr\.max/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('refuses an --out in a missing directory before searching', () => {
    const r = neurite(['tune', '--data', 'iris.csv', '--out', 'no/such/dir/best.json'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/no\/such\/dir\/best.json: its directory .* does not exist; check the path given to --out \(nothing was searched\)/);
  });

  it('refuses a budget that is not a duration', () => {
    const r = neurite(['tune', '--data', 'iris.csv', '--budget', '5 minutes', '--out', 'x.json'], dir);
    expect(r.status).toBe(2);
    expect(errorLine(r)).toMatch(/--budget 5 minutes: expected a duration such as 90s, 5m/);
  });
});

describe('neurite explain', () => {
  beforeAll(() => {
    const r = neurite(['train', '--data', 'iris.csv', '--epochs', '60', '--seed', '2', '--out', 'iris.json', '--json'], dir);
    if (r.status !== 0) throw new Error(r.stderr);
  });

  it('importance of the four columns, the petal columns first; dependence per class adding up to 1; two plots', () => {
    const e = json(['explain', '--model', 'iris.json', '--data', 'iris.csv', '--repeats', '5', '--plot', 'imp.svg', '--dependence', 'petal_length', '--dependence-plot', 'pd.svg', '--ice', '10']);
    expect(e.importance.columns.map((c: { column: string }) => c.column).slice(0, 2).sort()).toEqual(['petal_length', 'petal_width']);
    expect(e.importance.columns).toHaveLength(4);
    const d = e.dependence[0];
    expect(d.outputs).toEqual(['setosa', 'versicolor', 'virginica']);
    d.values.forEach((_: number, i: number) => expect(d.average[0][i] + d.average[1][i] + d.average[2][i]).toBeCloseTo(1, 5));
    expect(d.ice.curves).toHaveLength(10);
    expect(readFileSync(join(dir, 'imp.svg'), 'utf8')).toMatch(/petal_length/);
    expect(readFileSync(join(dir, 'pd.svg'), 'utf8').match(/<path /g)?.length).toBeGreaterThanOrEqual(3 * 11);
  });

  it('refuses a column the model does not have, naming its features', () => {
    const r = neurite(['explain', '--model', 'iris.json', '--data', 'iris.csv', '--dependence', 'petal_size'], dir);
    expect(r.status).toBe(2);
    expect(errorLine(r)).toMatch(/--dependence petal_size: not a feature of iris.json; its features are sepal_length, sepal_width, petal_length, petal_width/);
  });
});
