// End-to-end: `neurite train --layers` on pictures: IDX images keep their shape, CSV pixel columns
// take --image; inspect shows each layer's shape and parameters; evaluate, predict, --plot and
// checkpoint/resume work as for dense networks; bad stacks are refused naming the item.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, idx, neurite, workdir } from './cli-helpers.js';

beforeAll(ensureBuilt, 180_000);

// 6×6 pictures of a bar: class 0 a vertical bar, class 1 a horizontal one, anywhere, with noise
const N = 80;
const SIDE = 6;
function pictures(): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(N * SIDE * SIDE);
  const labels = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    labels[i] = i % 2;
    const at = (i * 7) % SIDE;
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const on = labels[i] === 0 ? c === at : r === at;
        pixels[i * SIDE * SIDE + r * SIDE + c] = on ? 230 - ((i + r + c) % 5) * 9 : ((i * 3 + r * 5 + c) % 7) * 6;
      }
    }
  }
  return { pixels, labels };
}

const { pixels, labels } = pictures();
const header = [...Array.from({ length: SIDE * SIDE }, (_, i) => `p${i}`), 'label'].join(',');
const csvRows = Array.from({ length: N }, (_, i) => [...pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE), labels[i] ? 'flat' : 'upright'].join(','));
const dir = workdir({
  'bars-idx3-ubyte': idx(0x803, [N, SIDE, SIDE], pixels),
  'bars-labels-idx1-ubyte': idx(0x801, [N], labels),
  'bars.csv': `${header}\n${csvRows.join('\n')}\n`,
});
const STACK = 'conv:4:3:same,maxpool:2,conv:6:2,flatten,dense:8,dropout:0.1';
const TRAIN = ['train', '--data', 'bars-idx3-ubyte', '--labels', 'bars-labels-idx1-ubyte', '--layers', STACK, '--epochs', '12', '--batch-size', '8', '--seed', '3'];
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

describe('neurite train --layers on pictures', () => {
  it('IDX images keep their shape: the model takes 6×6×1 and learns the bars', () => {
    const r = neurite([...TRAIN, '--out', 'bars.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('6×6×1 → conv2d 6×6×4 relu → maxPool2d 3×3×4 → conv2d 2×2×6 relu → flatten 24 → 8 relu → 2 softmax');
    expect(JSON.parse(r.stdout).validation.accuracy).toBe(1);
    const m = read('bars.json');
    expect(m).toMatchObject({ version: 2, inputShape: [6, 6, 1], training: { layers: STACK } });
    expect(m.layers.map((l: { type: string }) => l.type)).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'flatten', 'dense', 'dropout', 'dense']);
    expect(m.preprocessing.features[0]).toEqual({ name: 'pixel0', kind: 'numeric', center: 0, scale: 255 });
  });

  it('inspect shows each layer\'s output shape and parameter count', () => {
    const r = neurite(['inspect', '--model', 'bars.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.split('preprocessing')[0].split('\n').filter((l) => /^\s+\d+\s{2}/.test(l)).map((l) => l.trim().split(/\s{2,}/).slice(1));
    expect(rows).toEqual([
      ['conv2d', '6×6×1 → 6×6×4', 'relu', '40', 'filters 4, kernelSize [3,3], stride [1,1], padding same'],
      ['maxPool2d', '6×6×4 → 3×3×4', '0', 'size [2,2], stride [2,2], padding valid'],
      ['conv2d', '3×3×4 → 2×2×6', 'relu', '102', 'filters 6, kernelSize [2,2], stride [1,1], padding valid'],
      ['flatten', '2×2×6 → 24', '0'], ['dense', '24 → 8', 'relu', '200'], ['dropout', '8 → 8', '0', 'rate 0.1'], ['dense', '8 → 2', 'softmax', '18'],
    ]);
    expect(r.stdout).toContain('360 parameters');
  });

  it('evaluate and predict read IDX images for it', () => {
    const e = neurite(['evaluate', '--model', 'bars.json', '--data', 'bars-idx3-ubyte', '--labels', 'bars-labels-idx1-ubyte', '--json'], dir);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBeGreaterThan(0.95);
    const p = neurite(['predict', '--model', 'bars.json', '--data', 'bars-idx3-ubyte', '--json'], dir);
    expect(p.status, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).predictions.slice(0, 4)).toEqual(['0', '1', '0', '1']);
  });

  it('a run resumed from its checkpoint ends with the weights of a run never stopped', () => {
    expect(neurite([...TRAIN, '--epochs', '4', '--checkpoint', 'full.ckpt', '--out', 'full.json'], dir).status).toBe(0);
    expect(neurite([...TRAIN, '--epochs', '2', '--checkpoint', 'half.ckpt', '--out', 'half.json'], dir).status).toBe(0);
    const r = neurite(['train', '--resume', 'half.ckpt', '--epochs', '4', '--out', 'resumed.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(read('resumed.json').layers).toEqual(read('full.json').layers);
  });

  it('neurite export writes it as ONNX and as a standalone module', () => {
    for (const [format, out] of [['onnx', 'bars.onnx'], ['js', 'bars.mjs']]) {
      const r = neurite(['export', '--model', 'bars.json', '--format', format, '--out', out], dir);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(join(dir, 'bars.mjs'), 'utf8')).toContain('Network:  6×6×1 image -> conv2d 6×6×4 (relu) -> maxPool2d 3×3×4 -> conv2d 2×2×6 (relu) -> flatten 24 -> dense 8 (relu) -> dense 2 (softmax); 360 parameters');
  });

  it('--plot draws the curves and the confusion matrix', () => {
    const r = neurite([...TRAIN, '--epochs', '2', '--plot', 'bars.svg', '--out', 'plotted.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('plot written to bars.svg');
    expect(r.stdout).toContain('plot written to bars-confusion.svg');
  });

  it('CSV pixel columns take --image HxWxC, scaled value / 255, and keep the label column', () => {
    const r = neurite(['train', '--data', 'bars.csv', '--image', '6x6x1', '--layers', 'conv:4:3,globalavgpool,dense:4', '--epochs', '30', '--seed', '1', '--out', 'csv.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const m = read('csv.json');
    expect(m).toMatchObject({ inputShape: [6, 6, 1], classes: ['flat', 'upright'], preprocessing: { scale: 'pixel' } });
    // pixels are scaled by 255 around 0 (a missing pixel's impute value, #21's, is the column's own)
    expect(m.preprocessing.features[5]).toMatchObject({ name: 'p5', kind: 'numeric', center: 0, scale: 255 });
    const p = neurite(['predict', '--model', 'csv.json', '--data', 'bars.csv', '--json'], dir);
    expect(p.status, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).predictions).toHaveLength(N);
  });
});

describe('neurite train --layers: bad stacks', () => {
  const fails = (args: string[]) => {
    const r = neurite(['train', '--epochs', '1', ...args], dir);
    return { status: r.status, line: errorLine(r) };
  };

  it('a dense layer after an image is refused, naming the item; the output layer gets a flatten itself', () => {
    expect(fails(['--data', 'bars-idx3-ubyte', '--labels', 'bars-labels-idx1-ubyte', '--layers', 'conv:4:3,dense:8'])).toEqual({
      status: 2,
      line: 'error: --layers item 2 "dense:8" does not fit its input [4, 4, 4]: a dense layer needs a flat input [features], not [4, 4, 4]; put a flatten layer before it',
    });
    const r = neurite(['train', '--data', 'bars-idx3-ubyte', '--labels', 'bars-labels-idx1-ubyte', '--layers', 'conv:2:3,maxpool:2', '--epochs', '1', '--out', 'auto.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(read('auto.json').layers.map((l: { type: string }) => l.type)).toEqual(['conv2d', 'maxPool2d', 'flatten', 'dense']);
  });

  it('a kernel larger than the image, image layers on rows, a wrong --image, bad items', () => {
    expect(fails(['--data', 'bars-idx3-ubyte', '--labels', 'bars-labels-idx1-ubyte', '--layers', 'conv:4:7']).line)
      .toBe("error: --layers item 1 \"conv:4:7\" does not fit its input [6, 6, 1]: a 7×7 window does not fit in a 6×6 image with padding 'valid'; use a window at most 6×6, or padding 'same'");
    expect(fails(['--dataset', 'iris', '--layers', 'conv:4:3']).line)
      .toBe('error: --layers starts with "conv:4:3", which takes images: give IDX images to --data, or CSV pixel columns with --image HxWxC');
    expect(fails(['--data', 'bars.csv', '--image', '5x5x1', '--layers', 'conv:4:3']).line)
      .toBe('error: --image 5x5x1 needs 25 pixel columns, but the features of bars.csv encode to 36 inputs; give the shape of its images, or leave out columns that are not pixels');
    expect(fails(['--dataset', 'iris', '--layers', 'conv:4:3:sam'])).toEqual({
      status: 2,
      line: 'error: option \'--layers <stack>\' argument \'conv:4:3:sam\' is invalid. item "conv:4:3:sam": "sam" is not a stride, a padding (same, valid) or an activation (did you mean same?) (expected items such as conv:32:3, maxpool:2, flatten, dense:128, dropout:0.3, separated by commas); see neurite train --help',
    });
    expect(fails(['--dataset', 'iris', '--layers', 'convo:4']).line).toMatch(/item "convo:4": unknown layer "convo" \(did you mean conv\?\)/);
    expect(fails(['--dataset', 'iris', '--layers', 'dense:100000,dense:1000']).line)
      .toBe('error: --layers: the network would have 100,504,003 parameters, more than the 20,000,000 a model file can hold; use fewer filters or units, or pool before flatten');
    expect(fails(['--dataset', 'iris', '--layers', 'dense:8', '--task', 'autoencoder', '--bottleneck', '2']).line)
      .toBe('error: --layers cannot be used with --task autoencoder: an autoencoder mirrors --hidden around --bottleneck; use --hidden');
    expect(fails(['--dataset', 'iris', '--layers', 'dense:8', '--hidden', '4']).line).toBe('error: --layers describes the whole stack: leave out --hidden (write dense:UNITS and dropout:RATE items instead)');
  });

  it('dense items on rows work as --hidden does', () => {
    const r = neurite(['train', '--dataset', 'iris', '--layers', 'dense:8:tanh,dropout:0.1,dense:6', '--epochs', '2', '--seed', '1', '--out', 'rows.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(read('rows.json').layers.map((l: { type: string; activation?: string }) => [l.type, l.activation])).toEqual([['dense', 'tanh'], ['dropout', undefined], ['dense', 'relu'], ['dense', 'softmax']]);
  });
});
