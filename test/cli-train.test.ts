// End-to-end: `neurite train` on built-in datasets, CSV and IDX files: the model file, the
// summary, --json, progress lines, plots, determinism, --init, and the split before scaling.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, idx, neurite, workdir } from './cli-helpers.js';
import { count } from '../src/cli/format.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir();
});

const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const json = (name: string) => JSON.parse(read(name));

describe('neurite train', () => {
  it('trains on iris by default and prints the task, the seed and where the model went', () => {
    const r = neurite(['train', '--epochs', '40'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^data iris: 150 rows \(120 training, 30 validation\), 4 features → species$/m);
    expect(r.stderr).toMatch(/^task classification \(the target column species holds text labels; --task to change\); 3 classes: setosa, versicolor, virginica$/m);
    expect(r.stderr).toMatch(/^network 4 → 32 relu → 3 softmax, 259 parameters, loss cross-entropy; adam lr 0\.01, batch 32, 40 epochs, early stopping after 10 epochs without a better validation loss$/m);
    // early stopping is on by default, so the run may end before epoch 40 (the seed is random here)
    const epochs = r.stderr.match(/^epoch \d+\/40 {2}loss [\d.]+ {2}accuracy [\d.]+ {2}val_loss [\d.]+ {2}val_accuracy [\d.]+$/gm)?.length ?? 0;
    expect(epochs).toBeGreaterThan(10);
    expect(epochs).toBeLessThanOrEqual(40);
    const seed = Number(/^seed (\d+)$/m.exec(r.stderr)?.[1]);
    expect(r.stdout).toContain(`seed ${seed} (repeat the run with --seed ${seed})\nmodel written to model.json\n`);
    // the seed is random here, so only the form; accuracy is checked with fixed seeds elsewhere
    expect(r.stdout).toMatch(/^training {4}accuracy \d+\.\d% {2}loss \d\.\d{4}\nvalidation {2}accuracy \d+\.\d% {2}loss \d\.\d{4}$/m);
    const m = json('model.json');
    expect(m).toMatchObject({ format: 'neurite-model', version: 1, inputs: 4, loss: 'cross-entropy', task: 'classification', target: 'species', seed });
    expect(m.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(m.features).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(m.layers.map((l: { units: number; activation: string }) => [l.units, l.activation])).toEqual([[32, 'relu'], [3, 'softmax']]);
    expect(m.history).toHaveLength(epochs);
  });

  it('--json prints only the final JSON object on stdout, progress on stderr', () => {
    const r = neurite(['train', '--dataset', 'xor', '--epochs', '5', '--seed', '4', '--json', '--out', 'xor.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['backend', 'baseline', 'bestEpoch', 'classes', 'epochs', 'history', 'notices', 'out', 'plots', 'rows', 'seconds', 'seed', 'stopReason', 'stopped', 'target', 'task', 'test', 'train', 'validation'].sort());
    expect(out).toMatchObject({ seed: 4, out: 'xor.json', task: 'classification', epochs: 5, stopped: false, rows: { train: 160, validation: 40 } });
    expect(out.history).toHaveLength(5);
    expect(Object.keys(out.history[0]).sort()).toEqual(['accuracy', 'epoch', 'loss', 'lr', 'valAccuracy', 'valLoss']);
    expect(Object.keys(out.validation).sort()).toEqual(['accuracy', 'classes', 'confusion', 'loss', 'perClass', 'rows', 'task']);
    expect(out.validation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(40);
    expect(r.stderr).toMatch(/^epoch 5\/5 /m);
  });

  it('the same seed gives the same model file, byte for byte; another seed another one', () => {
    const run = (seed: string, out: string) => expect(neurite(['train', '--epochs', '3', '--seed', seed, '--dropout', '0.2', '--out', out], dir).status).toBe(0);
    run('11', 'a.json');
    run('11', 'b.json');
    run('12', 'c.json');
    expect(read('a.json')).toBe(read('b.json'));
    expect(json('a.json').layers).not.toEqual(json('c.json').layers);
  });

  it('counts in words: one epoch is "1 epoch", thousands have separators', () => {
    const one = neurite(['train', '--epochs', '1', '--early-stopping', '1', '--seed', '1', '--out', 'one.json'], dir);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stderr).toMatch(/, batch 32, 1 epoch, early stopping after 1 epoch without a better validation loss$/m);
    expect(one.stdout + one.stderr).toMatch(/: ran all 1 epoch; kept the weights of epoch 1,/m);
    expect(count(1200, 'row')).toBe('1,200 rows');
  });

  it('--early-stopping keeps the best epoch; --lr-schedule changes the rate; --no-shuffle is accepted', () => {
    const r = neurite(['train', '--dataset', 'moons', '--epochs', '300', '--early-stopping', '3', '--lr-schedule', 'step:2:0.5', '--no-shuffle', '--seed', '1', '--json', '--out', 'es.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stopped).toBe(true);
    expect(out.epochs).toBeLessThan(300);
    expect(out.bestEpoch).toBe(out.epochs - 3);
    expect(out.history.slice(0, 4).map((h: { lr: number }) => h.lr)).toEqual([0.01, 0.01, 0.005, 0.005]);
  });

  it('regression on salary: linear + mse, the target scaled and scaled back', () => {
    const r = neurite(['train', '--dataset', 'salary', '--epochs', '60', '--seed', '2', '--json', '--out', 'salary.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/task regression \(the target column salary holds numbers/);
    const out = JSON.parse(r.stdout);
    expect(out.task).toBe('regression');
    expect(out.validation.r2).toBeGreaterThan(0.9);
    expect(out.validation.rmse).toBeGreaterThan(100); // in dollars, not in scaled units
    const m = json('salary.json');
    expect(m.layers.at(-1)).toMatchObject({ units: 1, activation: 'linear' });
    expect(m.preprocessing.target).toMatchObject({ name: 'salary', task: 'regression' });
  });

  it('infers regression for integers that mostly occur once (stackloss), classes for repeated ones', () => {
    // statsmodels' stackloss: 21 rows, the target 14 distinct integers, 9 of them once
    const loss = [42, 37, 37, 28, 18, 18, 19, 20, 15, 14, 14, 13, 11, 12, 8, 7, 8, 8, 9, 15, 15];
    writeFileSync(join(dir, 'stackloss.csv'), `air,loss\n${loss.map((v, i) => `${(i * 7) % 23},${v}`).join('\n')}\n`);
    const r = neurite(['train', '--data', 'stackloss.csv', '--target', 'loss', '--epochs', '1', '--seed', '1', '--out', 'stackloss.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/task regression \(the target column loss holds numbers \(not a few repeated integers\)/);
    // the same integers, each three times: classes
    writeFileSync(join(dir, 'grades.csv'), `air,grade\n${[...loss, ...loss, ...loss].map((v, i) => `${i % 23},${v}`).join('\n')}\n`);
    const g = neurite(['train', '--data', 'grades.csv', '--target', 'grade', '--epochs', '1', '--seed', '1', '--out', 'grades.json'], dir);
    expect(g.status, g.stderr).toBe(0);
    expect(g.stderr).toMatch(/task classification \(the target column grade holds integers with at most 20 distinct values, most of them repeated/);
  });

  it('fits the scaling on the training rows only (split first)', () => {
    // x counts by 2, so it is a feature, not an id (a row number counts by 1)
    const rows = Array.from({ length: 40 }, (_, i) => `${2 * i},${i % 2 ? 'b' : 'a'}`);
    writeFileSync(join(dir, 'line.csv'), `x,label\n${rows.join('\n')}\n`);
    // a validation split, as given (a table this small is cross-validated otherwise: no validation part)
    expect(neurite(['train', '--data', 'line.csv', '--validation-split', '0.2', '--epochs', '1', '--seed', '5', '--out', 'line.json'], dir).status).toBe(0);
    const [feature] = json('line.json').preprocessing.features;
    // the mean over all 40 rows is 39; over the 32 training rows it is (a sum of 32 integers) / 32
    expect(feature.center).not.toBe(39);
    expect(Number.isInteger(feature.center * 32)).toBe(true);
    expect(json('line.json').history[0]).toHaveProperty('valLoss');
  });

  it('one-hot encodes text features, orders numeric classes numerically, and a sigmoid head on request', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 7},${['red', 'green', 'blue'][i % 3]},${i % 3 === 0 ? 10 : 9}`);
    writeFileSync(join(dir, 'shop.csv'), `size,colour,bought\n${rows.join('\n')}\n`);
    const r = neurite(['train', '--data', 'shop.csv', '--loss', 'binary-cross-entropy', '--epochs', '30', '--seed', '1', '--out', 'shop.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const m = json('shop.json');
    expect(m.classes).toEqual(['9', '10']);
    expect(m.inputs).toBe(4);
    expect(m.preprocessing.features[1]).toEqual({ name: 'colour', kind: 'categorical', categories: ['blue', 'green', 'red'], impute: 'blue' }); // the most frequent in the training rows (all 60 of a small table: a tie, so the first by code unit); no cell missing, so no indicator
    expect(m.layers.at(-1)).toMatchObject({ units: 1, activation: 'sigmoid' });
    expect(m.loss).toBe('binary-cross-entropy');
  });

  it('several sigmoid units for more than two classes train, evaluate and predict', () => {
    const r = neurite(['train', '--loss', 'binary-cross-entropy', '--epochs', '30', '--seed', '2', '--out', 'bce.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).validation.accuracy).toBeGreaterThan(0.8);
    expect(json('bce.json').layers.at(-1)).toMatchObject({ units: 3, activation: 'sigmoid' });
    writeFileSync(join(dir, 'two.csv'), 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.3,3.3,6.0,2.5,virginica\n');
    const e = JSON.parse(neurite(['evaluate', '--model', 'bce.json', '--data', 'two.csv', '--json'], dir).stdout);
    expect(e.confusion).toEqual([[1, 0, 0], [0, 0, 0], [0, 0, 1]]);
    expect(JSON.parse(neurite(['predict', '--model', 'bce.json', '--data', 'two.csv', '--json'], dir).stdout).predictions).toEqual(['setosa', 'virginica']);
  });

  it('trains on IDX images with labels, gzip or not, pixels divided by 255', () => {
    const n = 40;
    const pixels = Uint8Array.from({ length: n * 4 }, (_, i) => ((Math.floor(i / 4) % 2) ? 200 : 20) + (i % 4));
    writeFileSync(join(dir, 'imgs-idx3-ubyte.gz'), gzipSync(idx(0x803, [n, 2, 2], pixels)));
    writeFileSync(join(dir, 'labs-idx1-ubyte'), idx(0x801, [n], Uint8Array.from({ length: n }, (_, i) => i % 2)));
    const r = neurite(['train', '--data', 'imgs-idx3-ubyte.gz', '--labels', 'labs-idx1-ubyte', '--epochs', '20', '--seed', '1', '--out', 'img.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).validation.accuracy).toBe(1);
    const m = json('img.json');
    expect(m.preprocessing.scale).toBe('pixel');
    expect(m.preprocessing.features[0]).toEqual({ name: 'pixel0', kind: 'numeric', center: 0, scale: 255 });
  });

  it('--init fine-tunes from a model: same architecture, classes and preprocessing', () => {
    expect(neurite(['train', '--epochs', '2', '--seed', '3', '--hidden', '8', '--out', 'base.json'], dir).status).toBe(0);
    const r = neurite(['train', '--init', 'base.json', '--epochs', '2', '--seed', '4', '--out', 'tuned.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/task classification \(from base\.json\)/);
    const [base, tuned] = [json('base.json'), json('tuned.json')];
    expect(tuned.preprocessing).toEqual(base.preprocessing);
    expect(tuned.layers.map((l: { units: number }) => l.units)).toEqual([8, 3]);
    expect(tuned.layers[0].weights).not.toEqual(base.layers[0].weights);
    const clash = neurite(['train', '--init', 'base.json', '--hidden', '4'], dir);
    expect(clash.status).toBe(2);
  });

  it('--plot writes the curves, the confusion matrix and the decision regions as SVG', () => {
    const r = neurite(['train', '--dataset', 'moons', '--epochs', '5', '--seed', '1', '--plot', 'moons.svg', '--out', 'moons.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['moons.svg', 'moons-confusion.svg', 'moons-regions.svg']) {
      expect(r.stdout).toContain(`plot written to ${f}`);
      expect(read(f)).toMatch(/^<\?xml [^\n]*\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    }
    expect(read('moons.svg')).toContain('>validation</text>');
    expect(read('moons.svg')).toContain('>epoch</text>');
    expect(read('moons-regions.svg').match(/<circle /g)?.length).toBeGreaterThanOrEqual(200);
  });

  it('escapes text from the data file in the SVG', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 10},${(i * 7) % 5},${i % 2 ? '"<b>&""q"' : "it's"}`);
    writeFileSync(join(dir, 'evil.csv'), `x<1,y&2,label\n${rows.join('\n')}\n`);
    const r = neurite(['train', '--data', 'evil.csv', '--epochs', '2', '--plot', 'evil.svg', '--out', 'evil.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const regions = read('evil-regions.svg');
    expect(regions).toContain('x&lt;1');
    expect(regions).toContain('&lt;b&gt;&amp;&quot;q');
    expect(read('evil-confusion.svg')).toContain('it&#39;s');
    expect(regions).not.toContain('<b>');
  });

  it('writes no model when the run fails, and --out into a missing directory is a clear error', () => {
    const r = neurite(['train', '--epochs', '1', '--out', 'no/such/dir/m.json'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error: could not write no\/such\/dir\/m\.json: its directory does not exist; nothing was written; check the path given to --out/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});
