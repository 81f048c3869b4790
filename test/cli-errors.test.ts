// End-to-end: every bad input of the issue ends with exit 1 (2 for wrong usage) and one
// `error: ` line that says what, where and how to fix, and leaves an existing --out untouched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, idx, neurite, workdir } from './cli-helpers.js';

const OLD_MODEL = 'an older model, which a failed run must leave as it is\n';
let dir = '';
let model = '';

const images = (count: number, bytes = count * 4) => idx(0x803, [count, 2, 2], Uint8Array.from({ length: bytes }, (_, i) => (i * 37) % 256));
const labels = (count: number) => idx(0x801, [count], Uint8Array.from({ length: count }, (_, i) => i % 2));

beforeAll(() => {
  ensureBuilt();
  dir = workdir({
    'ragged.csv': 'a,b,label\n1,2,x\n3,4\n5,6,y\n',
    'text.csv': 'a,b,label\n1,2,x\n3,hello,y\n5,6,x\n',
    'empty-cell.csv': 'a,b,label\n1,,x\n3,4,y\n',
    'nan.csv': 'a,b,label\n1,2,x\n3,NaN,y\n',
    'inf.csv': 'a,b,label\n1,2,x\n3,4,y\n-Infinity,1,x\n',
    'single.csv': 'a,b,label\n1,2,x\n3,4,x\n',
    'empty.csv': '',
    'header.csv': 'a,b,label\n',
    'images': images(6),
    'labels': labels(6),
    'labels-5': labels(5),
    'magic': idx(0x804, [6, 2, 2], new Uint8Array(24)),
    'truncated': images(6, 20),
    'corrupt.gz': gzipSync(images(6)).subarray(0, 30),
    'out.json': OLD_MODEL,
  });
  const r = neurite(['train', '--epochs', '2', '--seed', '1', '--out', 'iris.json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
  model = readFileSync(join(dir, 'iris.json'), 'utf8');
});

/** Runs a command that must fail, checks the status, the message and that out.json is untouched. */
function fails(args: string[], status: number, ...messages: RegExp[]): string {
  const r = neurite(args, dir);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(status);
  const line = errorLine(r);
  for (const m of messages) expect(line).toMatch(m);
  expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(OLD_MODEL);
  return line;
}

const train = (...args: string[]) => ['train', '--epochs', '2', '--out', 'out.json', ...args];

describe('bad data files', () => {
  it('names the file, line and column, and says how to fix it', () => {
    fails(train('--data', 'missing.csv'), 1, /missing\.csv: cannot read it \(no such file\); check the path given to --data/);
    fails(train('--data', 'empty.csv'), 1, /empty\.csv: the file is empty/);
    fails(train('--data', 'header.csv'), 1, /header\.csv:1: no data rows \(only a header\); add at least one row/);
    fails(train('--data', 'ragged.csv'), 1, /ragged\.csv:3:3: expected 3 fields \(as in the header\), found 2; fill in the missing field/);
    // by default such cells are filled in (test/cli-tables.test.ts); --missing error refuses them, naming each
    const strict = (file: string) => train('--data', file, '--missing', 'error');
    const fix = /; fill them in, or leave out --missing error: --missing impute \(the default\) fills them in, --missing drop leaves those rows out$/;
    fails(strict('text.csv'), 1, /text\.csv: 1 missing or unreadable value \(line:column\): 3:2 b "hello" \(not a number\)/, fix);
    fails(strict('empty-cell.csv'), 1, /empty-cell\.csv: 1 missing or unreadable value \(line:column\): 2:2 b ""/, fix);
    fails(strict('nan.csv'), 1, /nan\.csv: 1 missing or unreadable value \(line:column\): 3:2 b "NaN"/);
    fails(strict('inf.csv'), 1, /inf\.csv: 1 missing or unreadable value \(line:column\): 4:1 a "-Infinity" \(not a number\)/);
  });

  it('refuses a single class and a target column that does not exist, listing those that do', () => {
    fails(train('--data', 'single.csv'), 1, /single\.csv: the target column label has only one class \(x\); classification needs at least two/);
    fails(train('--target', 'colour'), 1, /no column named "colour"; the columns are: sepal_length, sepal_width, petal_length, petal_width, species/);
  });

  it('refuses bad IDX files: wrong magic, truncated, a count that disagrees, corrupt gzip', () => {
    fails(train('--data', 'magic', '--labels', 'labels'), 1, /magic: wrong magic number 0x00000804; expected 0x00000803 \(IDX images\)/);
    fails(train('--data', 'truncated', '--labels', 'labels'), 1, /truncated.*(truncated|expected 24)/i);
    fails(train('--data', 'images', '--labels', 'labels-5'), 1, /labels-5: 5 labels for 6 images in images; use the labels file that belongs/);
    fails(train('--data', 'corrupt.gz', '--labels', 'labels'), 1, /corrupt\.gz: corrupt gzip data/);
    fails(train('--data', 'images'), 2, /holds IDX images: give their labels with --labels FILE/);
  });
});

describe('bad options', () => {
  it('unknown options and commands get a suggestion and exit 2', () => {
    fails(train('--epoch', '3'), 2, /unknown option '--epoch' \(did you mean --epochs\?\); see neurite train --help/);
    fails(['trian'], 2, /unknown command 'trian' \(did you mean train\?\)/);
    fails(['evaluate', '--model', 'iris.json', '--data', 'text.csv', '--jsno'], 2, /unknown option '--jsno' \(did you mean --json\?\); see neurite evaluate --help/);
  });

  it('bad values name the option and what it expects', () => {
    fails(train('--lr', 'fast'), 2, /option '--lr <rate>' argument 'fast' is invalid\. expected a number > 0/);
    fails(train('--lr', '-1'), 2, /--lr <rate>' argument '-1' is invalid/);
    fails(train('--epochs', '0'), 2, /--epochs <n>' argument '0' is invalid\. expected an integer from 1 up/);
    fails(train('--hidden', '16,x'), 2, /--hidden <widths>' argument '16,x' is invalid/);
    fails(train('--optimizer', 'adma'), 2, /expected one of sgd, .* \(did you mean adam\?\)/);
    fails(train('--batch-size', '0'), 2, /expected a positive integer \(rows per step\) or full/);
    fails(train('--validation-split', '1'), 2, /expected a number >= 0 and < 1/);
    fails(train('--scale', 'log'), 2, /--scale <kind>' argument 'log' is invalid\. expected one of standard, minmax, none/);
    fails(train('--lr-schedule', 'step'), 2, /expected step:EPOCHS\[:GAMMA\]/);
    fails(train('--seed', '-3'), 2, /--seed <n>' argument '-3' is invalid/);
    fails(train('--task', 'clustering'), 2, /expected one of classification, regression/);
    fails(train('--data', 'text.csv', '--dataset', 'iris'), 2, /--data and --dataset cannot be used together/);
    fails(train('--early-stopping', '3', '--validation-split', '0'), 2, /--early-stopping watches the validation loss; it needs --validation-split > 0/);
    fails(train('--loss', 'cross-entropy', '--output-activation', 'sigmoid'), 2, /--loss cross-entropy needs --output-activation softmax, got sigmoid/);
    fails(train('--momentum', '0.5'), 2, /--momentum applies to sgd, momentum, nesterov and rmsprop, not to adam/);
    fails(train('--dataset', 'salary', '--loss', 'cross-entropy'), 2, /--loss cross-entropy is for classification, but the task is regression/);
  });
});

describe('training that diverges', () => {
  it('stops with an error naming the epoch and suggesting a lower learning rate', () => {
    fails(train('--optimizer', 'sgd', '--lr', '1e6', '--epochs', '5'), 1, /training diverged in epoch \d+ \(batch \d+\).*try a lower learning rate/);
  });
});

describe('bad model files', () => {
  const write = (name: string, edit: (m: Record<string, any>) => void): string => {
    const m = JSON.parse(model);
    edit(m);
    writeFileSync(join(dir, name), JSON.stringify(m).replace('"NONFINITE"', '1e999'));
    return name;
  };
  const predict = (file: string) => ['predict', '--model', file, '--data', 'text.csv', '--out', 'out.json'];

  it('refuses a file that is not ours, is newer, or is not JSON', () => {
    writeFileSync(join(dir, 'other.json'), '{"format": "keras"}');
    writeFileSync(join(dir, 'broken.json'), '{"format": ');
    fails(predict('other.json'), 1, /other\.json is not a valid Neurite model \(1 problem\)/);
    const r = neurite(predict('other.json'), dir);
    expect(r.stderr).toContain('format: expected "neurite-model" (this is not a Neurite model file), found "keras"');
    fails(predict(write('newer.json', (m) => (m.version = 3))), 1, /newer\.json is not a valid Neurite model/);
    expect(neurite(predict('newer.json'), dir).stderr).toContain('written by a newer Neurite; upgrade Neurite');
    fails(predict('broken.json'), 1, /broken\.json is not a valid Neurite model/);
    fails(predict('nothing.json'), 1, /nothing\.json: cannot read it \(no such file\); check the path given to --model/);
  });

  it('lists every problem: wrong shapes, an unknown activation, a non-finite weight', () => {
    write('bad.json', (m) => {
      m.layers[0].weights[0].pop();
      m.layers[1].activation = 'swish';
      m.layers[1].bias[0] = 'NONFINITE';
    });
    const r = neurite(predict('bad.json'), dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: bad\.json is not a valid Neurite model \(\d problems\):\n/);
    expect(r.stderr).toContain('layers[0].weights[0]: expected 32 numbers, found 31');
    expect(r.stderr).toContain('layers[1].activation: expected one of linear, step, sigmoid');
    expect(r.stderr).toContain('layers[1].bias[0]: expected a number finite in float32 (|x| <= 3.4028235e+38), found Infinity');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses prediction data whose columns do not match the model features', () => {
    fails(predict('iris.json'), 1, /text\.csv:1: missing feature columns sepal_length, .*the model needs the columns .*; the file has a, b, label/);
  });
});
