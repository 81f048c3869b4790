// End-to-end: the training rows' final metrics of `neurite train` come from the last epoch's steps
// (Note [metrics from the steps] in src/cli/train/meter.ts), not from a pass after training.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuilt, neurite, workdir } from './cli-helpers.js';
import { makeProgress } from '../src/cli/train/progress.js';
import { metric } from '../src/cli/format.js';
import { Random } from '../src/core/random.js';
import { measure } from '../src/cli/evaluate.js';
import type { CliModel } from '../src/cli/model.js';
import { StepMeter } from '../src/cli/train/meter.js';
import type { TrainConfig } from '../src/cli/train/options.js';
import { prepare, trainPart, validationPart } from '../src/cli/train/prepare.js';
import { readSource } from '../src/cli/train/source.js';
import { fit, Network } from '../src/index.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = workdir();
});

const sum = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0);

describe('neurite train: the training metrics from the steps', () => {
  it('classification: the last epoch\'s loss and accuracy, and a confusion matrix over every training row', () => {
    const r = neurite(['train', '--dataset', 'moons', '--epochs', '4', '--seed', '3', '--batch-size', '16', '--json', '--out', 'm.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const last = out.history.at(-1);
    expect(out.train.loss).toBe(last.loss);
    expect(out.train.accuracy).toBe(last.accuracy);
    expect(out.train.rows).toBe(out.rows.train);
    expect(sum(out.train.confusion)).toBe(out.rows.train);
    const hits = out.train.confusion.reduce((s: number, row: number[], i: number) => s + row[i], 0);
    expect(hits / out.rows.train).toBe(last.accuracy);
    expect(out.train.perClass.map((c: { support: number }) => c.support)).toEqual(out.train.confusion.map((row: number[]) => row.reduce((a, b) => a + b, 0)));
  });

  it('regression: the errors in the target\'s units, from the last epoch\'s outputs', () => {
    // without early stopping (on by default), which may put back an earlier epoch's weights
    const r = neurite(['train', '--dataset', 'salary', '--epochs', '5', '--seed', '2', '--no-early-stopping', '--json', '--out', 's.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const last = out.history.at(-1);
    expect(out.train.loss).toBe(last.loss);
    expect(out.train.rows).toBe(out.rows.train);
    // both in dollars (the history is in the target's units, #21), from the same outputs
    expect(out.train.mae / last.mae).toBeCloseTo(1, 9);
    expect(out.train.rmse).toBeCloseTo(Math.sqrt(out.train.mse), 9);
  });

  it('when early stopping puts back an earlier epoch\'s weights, the rows are measured with them', () => {
    const r = neurite(['train', '--dataset', 'moons', '--epochs', '300', '--early-stopping', '3', '--seed', '1', '--json', '--out', 'e.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.bestEpoch).toBe(out.epochs - 3);
    // measured after training on the best weights: not the last epoch's running numbers
    expect(out.train.loss).not.toBe(out.history.at(-1).loss);
    expect(sum(out.train.confusion)).toBe(out.rows.train);
  });
});

describe('neurite train: the validation rows\' final metrics from the last epoch\'s evaluation', () => {
  it('classification and regression: the last record\'s numbers, with every validation row counted', () => {
    const c = neurite(['train', '--dataset', 'moons', '--epochs', '4', '--seed', '3', '--batch-size', '16', '--json', '--out', 'vm.json'], dir);
    expect(c.status, c.stderr).toBe(0);
    const cls = JSON.parse(c.stdout);
    expect(cls.validation.loss).toBe(cls.history.at(-1).valLoss);
    expect(cls.validation.accuracy).toBe(cls.history.at(-1).valAccuracy);
    expect(sum(cls.validation.confusion)).toBe(cls.rows.validation);
    const r = neurite(['train', '--dataset', 'salary', '--epochs', '5', '--seed', '2', '--no-early-stopping', '--json', '--out', 'vs.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const reg = JSON.parse(r.stdout);
    expect(reg.validation.loss).toBe(reg.history.at(-1).valLoss);
    expect(reg.validation.mae / reg.history.at(-1).valMae).toBeCloseTo(1, 9); // both in dollars
    expect(reg.validation.rows).toBe(reg.rows.validation);
  });

  it('when early stopping puts back an earlier epoch\'s weights, the validation rows are measured with them', () => {
    const r = neurite(['train', '--dataset', 'moons', '--epochs', '300', '--early-stopping', '3', '--seed', '1', '--json', '--out', 've.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.validation.loss).toBe(out.history[out.bestEpoch - 1].valLoss);
    expect(out.validation.loss).not.toBe(out.history.at(-1).valLoss);
  });

  it('gives what measure gives for the same outputs, classification and regression', () => {
    for (const [dataset, layers] of [['iris', [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]], ['salary', [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }]]] as const) {
      const cfg = { dataset, validationSplit: 0.3, scale: 'standard', seed: 1 } as unknown as TrainConfig;
      const p = prepare(readSource(cfg), cfg, new Random(1).fork());
      const train = trainPart(p);
      const v = validationPart(p);
      const net = new Network({ inputs: train.x.cols, layers: [...layers], seed: 2 });
      fit(net, train.x, train.y, { epochs: 5, lr: 0.01, seed: 3 });
      const model = { network: net, preprocessor: p.preprocessor, task: p.preprocessor.task, classes: p.preprocessor.classes } as CliModel;
      const measured = measure(model, v.x, v.y);
      const meter = new StepMeter(p.preprocessor, net.outputs, 5);
      meter.epochEnd({ epoch: 5, epochs: 5, log: { epoch: 5, loss: 0, valLoss: measured.loss, lr: 0.01 }, history: [], validationOutputs: net.predictFlat(v.x.data, v.x.rows), state: () => { throw new Error('not asked'); } });
      expect(meter.validationReport(v.y), dataset).toEqual(measured);
      meter.epochEnd({ epoch: 5, epochs: 5, log: { epoch: 5, loss: 0, lr: 0.01 }, history: [], state: () => { throw new Error('not asked'); } });
      expect(meter.validationReport(v.y), `${dataset} without validation outputs`).toBeNull();
    }
  });
});

describe('the epoch lines (not a terminal)', () => {
  it('writes every line, in order, together when epochs come faster than every 100 ms, the rest at stop', () => {
    const writes: string[] = [];
    const progress = makeProgress({ out: () => undefined, err: (s) => writes.push(s), errIsTTY: false });
    for (let e = 1; e <= 50; e++) progress.epoch({ epoch: e, loss: 0.5, accuracy: 0.75, lr: 0.1 }, 50);
    // the first line at once, the others held until 100 ms have passed
    expect(writes).toHaveLength(1);
    progress.stop();
    expect(writes).toHaveLength(2);
    const lines = writes.join('').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(50);
    expect(lines[49]).toBe('epoch 50/50  loss 0.5000  accuracy 0.7500');
    expect(lines.map((l) => Number(/^epoch (\d+)/.exec(l)?.[1]))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('writes the lines held back once 100 ms have passed, and the next at once', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const progress = makeProgress({ out: () => undefined, err: (s) => writes.push(s), errIsTTY: false });
      const log = (epoch: number) => ({ epoch, loss: 0.25, mae: 1.5, valLoss: 0.125, valMae: 2, lr: 0.1 });
      progress.epoch(log(1), 4);
      progress.epoch(log(2), 4);
      progress.epoch(log(3), 4);
      expect(writes).toEqual(['epoch 1/4  loss 0.2500  mae 1.5000  val_loss 0.1250  val_mae 2.0000\n']);
      vi.advanceTimersByTime(100);
      expect(writes).toHaveLength(2);
      expect(writes[1]).toBe('epoch 2/4  loss 0.2500  mae 1.5000  val_loss 0.1250  val_mae 2.0000\nepoch 3/4  loss 0.2500  mae 1.5000  val_loss 0.1250  val_mae 2.0000\n');
      progress.epoch(log(4), 4);
      expect(writes).toHaveLength(3);
      progress.stop();
      expect(writes).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the progress bar (a terminal)', () => {
  it('draws the bar on stderr when it is a terminal (cli-progress is loaded there)', () => {
    const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
    const tty = stderr.isTTY;
    const written: string[] = [];
    const write = vi.spyOn(stderr, 'write').mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));
    stderr.isTTY = true; // cli-progress draws only on a terminal
    try {
      const progress = makeProgress({ out: () => undefined, err: () => undefined, errIsTTY: true });
      const info = { epoch: 1, batch: 1, batches: 4, rows: 8 } as Parameters<typeof progress.batch>[0];
      progress.batch(info, 2);
      progress.epoch({ epoch: 1, loss: 0.5, accuracy: 0.75, lr: 0.1 }, 2);
      progress.stop();
    } finally {
      write.mockRestore();
      stderr.isTTY = tty;
    }
    const text = written.join('');
    expect(text).toMatch(/epoch 1\/2 \[[█░]+\] 12% \| loss 0\.5000  accuracy 0\.7500 \|/);
  });
});

describe('metric', () => {
  it('writes toFixed(4) for |v| < 100, rounding ties as toFixed does', () => {
    const rng = new Random(5);
    const values = [0, -0, 1e-4, -1e-4, 0.00005, -0.00005, 0.00015, 0.00025, 0.12345, 1.00005, 2.00015, 99.99995, 99.9999, -0.00001, 0.5, 0.99995];
    for (let i = 0; i < 20_000; i++) values.push((rng.float() - 0.5) * 10 ** (rng.float() * 6 - 4));
    for (let i = 0; i < 20_000; i++) values.push((Math.floor(rng.float() * 2e5) + 0.5) / 1e4); // ties in decimal, near ties in binary
    const wrong = values.filter((v) => Math.abs(v) < 100 && (v === 0 || Math.abs(v) >= 1e-4) && metric(v) !== v.toFixed(4));
    expect(wrong.map((v) => `${v}: ${metric(v)} != ${v.toFixed(4)}`).slice(0, 5)).toEqual([]);
    expect([metric(0.123456), metric(-2.5), metric(150.123456), metric(3e-5), metric(undefined)]).toEqual(['0.1235', '-2.5000', '150.123', '3.000e-5', '-']);
  });
});
