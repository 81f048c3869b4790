// End-to-end (#21): `neurite train`, `predict`, `evaluate` and `inspect --data` on tables as they
// come: a semicolon file with single quotes, an id, dates, quoted thousands, missing markers, text
// of too many values and blank targets; JSON Lines; early stopping on by default with the best
// weights put back; a test part; a baseline; unseen categories and missing cells at prediction.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, workdir } from './cli-helpers.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir();
  writeFileSync(join(dir, 'messy.csv'), `${MESSY}\n`);
  writeFileSync(join(dir, 'noise.csv'), `a,b,label\n${NOISE.join('\n')}\n`);
});

const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

// 60 rows: the label depends on size and colour; every problem of issue #21 at once
const MESSY = [
  "'id';'when';'price';'colour';'size';'comment';'label'",
  ...Array.from({ length: 60 }, (_, i) => [
    `${i + 1}`, `'${2001 + (i % 7)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}'`,
    i % 9 === 4 ? 'NA' : `'${(1200 + 97 * i).toLocaleString('en-US')}'`, ['red', 'blue', 'green'][i % 3],
    i % 11 === 3 ? '?' : String((i * 7) % 13), `'free text ${i}'`, i % 15 === 14 ? '' : (i * 7) % 13 + (i % 3) > 8 ? 'yes' : 'no',
  ].join(';')),
].join('\n');

// labels that no feature predicts: a network can only overfit them
const NOISE = Array.from({ length: 80 }, (_, i) => `${(i * 37) % 19},${(i * 11) % 7},${(i * 13 + (i >> 2)) % 3 === 0 ? 'x' : 'y'}`);

describe('train on a table as it comes', () => {
  it('reads, plans and fills in the messy file, saying what it did', () => {
    const r = neurite(['train', '--data', 'messy.csv', '--target', 'label', '--epochs', '5', '--seed', '1', '--out', 'messy.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("read messy.csv as semicolon-separated (detected; --delimiter to change), quote '\n");
    expect(r.stderr).toContain('column id left out: an id (the integers of a sequence, one per row); --features to use it anyway\n');
    expect(r.stderr).toContain('column comment left out: an id (a different text in every row)');
    expect(r.stderr).toMatch(/^column when: dates \(iso\) used as year, month, dayOfYear, dayOfWeek; --ignore when to leave it out$/m);
    expect(r.stderr).toMatch(/^column price: \d missing values? filled with the training median [\d.]+, with a "was missing" input$/m);
    expect(r.stderr).toContain('4 rows without a value in the target label left out\n');
    const out = JSON.parse(r.stdout);
    expect(out.rows).toMatchObject({ withoutTarget: 4, dropped: 0, test: 0 });
    expect(out.rows.train + out.rows.validation).toBe(56);
    const m = json('messy.json');
    expect(m.features).toEqual(['when', 'price', 'colour', 'size']);
    const price = m.preprocessing.features[1];
    // "1,297" and the like are numbers: the median of the training prices is a plain number
    expect(price).toMatchObject({ name: 'price', kind: 'numeric', missingIndicator: true });
    expect(price.impute).toBeGreaterThan(1200);
  });

  it('--missing drop leaves the rows out, --missing error lists every cell, --ignore suggests a name', () => {
    const drop = neurite(['train', '--data', 'messy.csv', '--missing', 'drop', '--epochs', '1', '--seed', '1', '--out', 'd.json', '--json'], dir);
    expect(drop.status, drop.stderr).toBe(0);
    expect(JSON.parse(drop.stdout).rows.dropped).toBe(11);
    // the same with the preprocessing of a model file (--init; --resume reads it from the checkpoint)
    const init = neurite(['train', '--data', 'messy.csv', '--init', 'messy.json', '--missing', 'drop', '--epochs', '1', '--seed', '1', '--out', 'i.json', '--json'], dir);
    expect(init.status, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout).rows.dropped).toBe(11);
    const error = neurite(['train', '--data', 'messy.csv', '--missing', 'error', '--epochs', '1', '--out', 'e.json'], dir);
    expect(error.status).toBe(1);
    expect(errorLine(error)).toMatch(/^error: messy\.csv: 17 missing or unreadable values \(line:column\): 6:3 price "NA", .*; fill them in, or leave out --missing error/);
    // 4 of the 17 are blank labels, which no --missing fills in
    expect(errorLine(error)).toMatch(/--missing drop leaves those rows out; a row without a value in the target label is left out either way$/);
    const typo = neurite(['train', '--data', 'messy.csv', '--ignore', 'colur', '--epochs', '1', '--out', 't.json'], dir);
    expect(errorLine(typo)).toMatch(/--ignore names "colur", which is not a column \(did you mean "colour"\?\)/);
  });

  it('--missing error and drop count a date cell that does not read as a date of its column', () => {
    // 30 dates, each twice, and one that does not exist: 30 of 31 distinct texts read, a date column
    const rows = Array.from({ length: 60 }, (_, i) => `${i === 1 ? '2020-02-30' : `2020-0${1 + (i % 6)}-1${i % 5}`},${i % 7},${i % 2 ? 'a' : 'b'}`);
    writeFileSync(join(dir, 'dates.csv'), `day,n,label\n${rows.join('\n')}\n`);
    const error = neurite(['train', '--data', 'dates.csv', '--missing', 'error', '--epochs', '1', '--out', 'de.json'], dir);
    expect(error.status, error.stderr).toBe(1);
    expect(errorLine(error)).toMatch(/^error: dates\.csv: 1 missing or unreadable value \(line:column\): 3:1 day "2020-02-30" \(not a date of the column's format, iso\); fill them in/);
    expect(errorLine(error)).toMatch(/--missing drop leaves those rows out$/);
    const drop = neurite(['train', '--data', 'dates.csv', '--missing', 'drop', '--epochs', '1', '--seed', '1', '--out', 'dd.json', '--json'], dir);
    expect(drop.status, drop.stderr).toBe(0);
    expect(JSON.parse(drop.stdout).rows.dropped).toBe(1);
  });

  it('reads JSON Lines as the same table', () => {
    const rows = MESSY.split('\n').slice(1).map((l) => l.split(';').map((c) => c.replace(/^'|'$/g, '')));
    const names = ['id', 'when', 'price', 'colour', 'size', 'comment', 'label'];
    const text = rows.map((r) => JSON.stringify(Object.fromEntries(names.map((n, j) => [n, r[j] === '' ? null : r[j]])))).join('\n');
    writeFileSync(join(dir, 'messy.jsonl'), `${text}\n`);
    const r = neurite(['train', '--data', 'messy.jsonl', '--epochs', '1', '--seed', '1', '--out', 'j.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('read messy.jsonl as JSON Lines');
    expect(json('j.json').features).toEqual(['when', 'price', 'colour', 'size']);
    expect(JSON.parse(r.stdout).rows.withoutTarget).toBe(4);
  });

  it('a --delimiter the file does not use: the error says what the file looks like', () => {
    writeFileSync(join(dir, 'tabs.txt'), 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n');
    const r = neurite(['train', '--data', 'tabs.txt', '--delimiter', ';', '--target', 'label', '--out', 'tabs.json'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toMatch(/^error: tabs\.txt: no column named "label"; the columns are: a\tb\tlabel \(one column, whose name holds tab characters: the file looks tab-separated; --delimiter tab, or leave --delimiter out to detect it\)$/);
  });

  it('a --delimiter the file does not use, on quoted fields: the quote error says what the file looks like', () => {
    // anes96-style: a comma-separated file whose header is quoted, read with --delimiter ';'
    writeFileSync(join(dir, 'quoted.csv'), '"popul","TVnews","vote"\n1,7,yes\n2,3,no\n');
    const r = neurite(['train', '--data', 'quoted.csv', '--delimiter', ';', '--target', 'vote', '--out', 'q.json'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe('error: quoted.csv:1:1: text after the closing quote of a quoted field; the field is followed by a comma, not the delimiter (semicolon): the file looks comma-separated; --delimiter comma, or leave --delimiter out to detect it (else write a quote inside a quoted field as two quotes (""))');
    // a quote that is really misplaced keeps the usual fix
    writeFileSync(join(dir, 'quoted2.csv'), 'a,b\n1,"x"y\n');
    expect(errorLine(neurite(['train', '--data', 'quoted2.csv', '--target', 'b', '--out', 'q2.json'], dir))).toBe('error: quoted2.csv:2:2: text after the closing quote of a quoted field; write a quote inside a quoted field as two quotes ("")');
  });
});

describe('no overfitting by default', () => {
  it('stops early and puts back the best epoch\'s weights: re-evaluated, the validation loss is the best epoch\'s', () => {
    const r = neurite(['train', '--data', 'noise.csv', '--epochs', '300', '--hidden', '64', '--seed', '3', '--out', 'n.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/early stopping after 30 epochs without a better validation loss$/m);
    const out = JSON.parse(r.stdout);
    expect(out.stopped).toBe(true);
    expect(out.epochs).toBe(out.bestEpoch + 30);
    const best = out.history[out.bestEpoch - 1];
    expect(Math.min(...out.history.map((h: { valLoss: number }) => h.valLoss))).toBe(best.valLoss);
    // the final validation report is measured after training, with the weights the model file holds
    expect(out.validation.loss).toBeCloseTo(best.valLoss, 5);
    expect(out.stopReason).toBe(`stopped early at epoch ${out.epochs}: no better validation loss for 30 epochs; kept the weights of epoch ${out.bestEpoch}, the best validation loss (${best.valLoss.toFixed(4)})`);
    expect(out.baseline).toMatchObject({ task: 'classification', class: 'y' });
    expect(out.notices.some((n: string) => /^the model does no better than always predicting "y"/.test(n) || /^overfitting: /.test(n))).toBe(true);
    const all = neurite(['train', '--data', 'noise.csv', '--epochs', '60', '--no-early-stopping', '--seed', '3', '--out', 'n2.json', '--json'], dir);
    const o2 = JSON.parse(all.stdout);
    expect([o2.epochs, o2.stopReason]).toEqual([60, 'ran all 60 epochs (no early stopping); kept the last weights']);
  });

  it('--test-split holds out a stratified test part scored at the end; regression errors in the target\'s units', () => {
    const r = neurite(['train', '--dataset', 'salary', '--test-split', '0.25', '--epochs', '20', '--seed', '2', '--out', 's.json', '--plot', 's.svg', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.test).toBeGreaterThan(0);
    expect(out.test).toMatchObject({ task: 'regression', rows: out.rows.test });
    const scale = json('s.json').preprocessing.target.scale as number;
    // progress line, history and report: mae in dollars, far above the scaled units (about 1)
    const last = out.history.at(-1);
    expect(last.mae).toBeGreaterThan(scale / 100);
    const line = new RegExp(`^epoch ${last.epoch}/20 .* mae ${+last.mae.toPrecision(6)} `, 'm');
    expect(r.stderr).toMatch(line);
    // the plot draws that history and says so: its mae axis runs past the first epoch's dollars
    const svg = readFileSync(join(dir, 's.svg'), 'utf8');
    expect(svg).toContain('>mae (units of salary)</text>');
    const maeTicks = svg.slice(svg.indexOf('>mean absolute error<')).match(/text-anchor="end"[^>]*>[\d.]+</g)?.map((t) => Number(t.slice(t.lastIndexOf('>') + 1, -1))) ?? [];
    expect(Math.max(...maeTicks)).toBeGreaterThanOrEqual(out.history[0].mae);
    expect(out.baseline).toMatchObject({ task: 'regression', r2: 0 });
    expect(out.baseline.mae.test).toBeGreaterThan(out.test.mae);
  });
});

describe('new data: predict and evaluate fill in as trained', () => {
  it('warns about missing cells and unseen categories, counting rows and naming values; --strict refuses', () => {
    const text = "'id';'when';'price';'colour';'size';'comment';'label'\n1;'2003-04-05';'1,500';purple;3;'x';yes\n2;;NA;purple;?;'y';no\n3;'2002-01-01';'2,000';red;5;'z';no\n";
    writeFileSync(join(dir, 'new.csv'), text);
    const r = neurite(['predict', '--model', 'messy.json', '--data', 'new.csv', '--out', 'p.csv'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: column colour: 2 rows with a value not seen in training ("purple" ×2), encoded as none of its categories\n');
    expect(r.stderr).toMatch(/^warning: column price: 1 missing value filled with [\d.]+, as in training$/m);
    expect(r.stderr).toMatch(/^warning: column size: 1 missing value filled with [\d.]+, as in training$/m);
    expect(r.stderr).toContain('warning: 2 rows of 3 had such cells; --strict refuses them instead\n');
    expect(readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    const strict = neurite(['predict', '--model', 'messy.json', '--data', 'new.csv', '--strict'], dir);
    expect(strict.status).toBe(1);
    expect(errorLine(strict)).toMatch(/^error: new\.csv: 5 cells the model cannot use as they are \(line:column\): 2:4 colour "purple" \(not seen in training\), /);
    const e = neurite(['evaluate', '--model', 'messy.json', '--data', 'new.csv', '--json'], dir);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).rows).toBe(3);
    // a label the model never saw and a blank one: each left out and counted once, under its own reason
    writeFileSync(join(dir, 'labels.csv'), `${text}4;'2003-04-05';'1,500';red;3;'w';maybe\n5;'2003-04-05';'1,500';red;3;'v';\n`);
    const l = neurite(['evaluate', '--model', 'messy.json', '--data', 'labels.csv', '--json'], dir);
    expect(l.status, l.stderr).toBe(0);
    expect(l.stderr).toContain('warning: 1 row whose target is not one of the model\'s classes ("maybe") left out\n');
    expect(l.stderr).toContain('\n1 row without a value in the target label left out\n');
    expect(JSON.parse(l.stdout).rows).toBe(3);
  });

  it('predict gives the training-time encoding: the same outputs as for the training file rows', () => {
    const r = neurite(['predict', '--model', 'messy.json', '--data', 'messy.csv', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const again = neurite(['predict', '--model', 'messy.json', '--data', 'messy.csv', '--json'], dir);
    expect(again.stdout).toBe(r.stdout);
    expect(JSON.parse(r.stdout).predictions).toHaveLength(60);
  });
});

describe('inspect --data', () => {
  it('shows each column\'s type, role, missing and distinct counts before training', () => {
    const r = neurite(['inspect', '--data', 'messy.csv', '--target', 'label'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("file messy.csv: semicolon-separated (detected; --delimiter to change), quote '; 60 rows, 7 columns\n");
    expect(r.stdout).toMatch(/^ {2}id +numeric +left out: id +0 +60 +the integers of a sequence, one per row$/m);
    expect(r.stdout).toMatch(/^ {2}when +date \(iso\) +feature \(as year, month, …\) +0 +\d+ *$/m);
    expect(r.stdout).toMatch(/^ {2}price +numeric +feature +7 +\d+ *$/m);
    expect(r.stdout).toMatch(/^ {2}label +text +target +4 +2 *$/m);
    const j = JSON.parse(neurite(['inspect', '--data', 'messy.csv', '--json'], dir).stdout);
    expect(j.columns.map((c: { role: string }) => c.role)).toEqual(['id', 'feature', 'feature', 'feature', 'feature', 'id', 'target']);
  });
});
