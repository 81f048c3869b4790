// The playground's batch-at-a-time trainer must train exactly as the library's fit does.
import { describe, expect, it } from 'vitest';
import { fit, Network, type Matrix } from '../src/index.js';
import { loadDataset } from '../src/data/index.js';
import { Trainer } from '../playground/src/trainer.js';

function spiral(): { x: Matrix; t: Matrix; labels: Int32Array } {
  const table = loadDataset('spiral', { seed: 3, samples: 120 });
  const rows = table.rows.length;
  const x = new Float32Array(rows * 2);
  const t = new Float32Array(rows * 2);
  const labels = new Int32Array(rows);
  table.rows.forEach((r, i) => {
    x[2 * i] = Number(r[0]);
    x[2 * i + 1] = Number(r[1]);
    labels[i] = Number(r[2]);
    t[2 * i + labels[i]] = 1;
  });
  return { x: { data: x, rows, cols: 2 }, t: { data: t, rows, cols: 2 }, labels };
}

const spec = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.1 }, { units: 2, activation: 'softmax' as const }], seed: 5 };

describe('playground trainer', () => {
  for (const batch of [7, 0]) {
    it(`matches fit bit for bit (batch ${batch || 'all'}, validation split, dropout, weight decay)`, () => {
      const d = spiral();
      const a = new Network(spec);
      const history = fit(a, d.x, d.t, {
        epochs: 4, batchSize: batch || 'full', validationSplit: 0.25, seed: 11, optimizer: 'adam', lr: 0.02,
        optimizerOptions: { weightDecay: 0.001 }, loss: 'cross-entropy',
      }).history;
      const b = new Network(spec);
      const trainer = new Trainer(b, { ...d, loss: 'cross-entropy', optimizer: 'adam', lr: 0.02, weightDecay: 0.001, batchSize: batch, validationSplit: 0.25, seed: 11 });
      for (let e = 0; e < 4; e++) trainer.stepEpoch();
      expect(trainer.history).toEqual(history);
      a.parameters().forEach((p, i) => expect(Array.from(b.parameters()[i].tensor.data)).toEqual(Array.from(p.tensor.data)));
    });
  }

  it('steps one batch at a time and counts epochs', () => {
    const d = spiral();
    const trainer = new Trainer(new Network(spec), { ...d, loss: 'cross-entropy', optimizer: 'sgd', lr: 0.1, weightDecay: 0, batchSize: 30, validationSplit: 0.2, seed: 1 });
    expect(trainer.batches).toBe(4); // 96 training rows
    for (let i = 0; i < 3; i++) expect(trainer.step().epochLog).toBeUndefined();
    const last = trainer.step();
    expect(last.epochLog?.epoch).toBe(1);
    expect(trainer.epoch).toBe(1);
    expect(trainer.batch).toBe(0);
  });
});
