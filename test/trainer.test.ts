// Trainer: the training loop one batch at a time, exactly as fit runs it.
import { describe, expect, it } from 'vitest';
import { fit, loadDataset, Network, Trainer, type FitOptions, type Matrix } from '../src/index.js';

function spiral(): { x: Matrix; y: number[] } {
  const table = loadDataset('spiral', { seed: 3, samples: 120 });
  const x = new Float32Array(table.rows.length * 2);
  table.rows.forEach((r, i) => {
    x[2 * i] = Number(r[0]);
    x[2 * i + 1] = Number(r[1]);
  });
  return { x: { data: x, rows: table.rows.length, cols: 2 }, y: table.rows.map((r) => Number(r[2])) };
}

const spec = { inputs: 2, layers: [{ units: 8, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.1 }, { units: 2, activation: 'softmax' as const }], seed: 5 };
const weights = (n: Network) => n.parameters().flatMap((p) => Array.from(p.tensor.data));

describe('Trainer', () => {
  for (const batchSize of [7, 'full'] as const) {
    it(`epoch by epoch gives fit's weights and history bit for bit (batch ${batchSize}, split, dropout, weight decay)`, () => {
      const d = spiral();
      const options: FitOptions = { batchSize, validationSplit: 0.25, seed: 11, optimizer: 'adam', lr: 0.02, optimizerOptions: { weightDecay: 0.001 } };
      const a = new Network(spec);
      const { history } = fit(a, d.x, d.y, { ...options, epochs: 4 });
      const b = new Network(spec);
      const trainer = new Trainer(b, d.x, d.y, options);
      for (let e = 0; e < 4; e++) trainer.stepEpoch();
      expect(trainer.history).toEqual(history);
      expect(weights(b)).toEqual(weights(a));
    });
  }

  it('steps one batch at a time and counts epochs and batches', () => {
    const d = spiral();
    const trainer = new Trainer(new Network(spec), d.x, d.y, { batchSize: 30, validationSplit: 0.2, seed: 1 });
    expect(trainer.trainRows).toBe(96);
    expect(trainer.batches).toBe(4);
    expect(trainer.split?.validation.length).toBe(24);
    for (let i = 1; i <= 3; i++) {
      const s = trainer.step();
      expect([s?.epoch, s?.batch, s?.log]).toEqual([1, i, undefined]);
      expect(trainer.batch).toBe(i);
    }
    const last = trainer.step();
    expect(last?.log?.epoch).toBe(1);
    expect([trainer.epoch, trainer.batch, trainer.history.length]).toEqual([1, 0, 1]);
  });

  it('finishes after `epochs`, or when a callback stops it, and then steps no more', () => {
    const d = spiral();
    const t = new Trainer(new Network(spec), d.x, d.y, { epochs: 2, batchSize: 'full' });
    expect(t.stepEpoch()?.epoch).toBe(1);
    expect(t.stepEpoch()?.epoch).toBe(2);
    expect(t.stepEpoch()).toBeNull();
    expect(t.finished?.epochs).toBe(2);
    expect(t.step()).toBeNull();
    const stopped = new Trainer(new Network(spec), d.x, d.y, { batchSize: 10, onBatchEnd: (b) => (b.batch === 3 ? 'stop' : undefined) });
    const logs: (number | undefined)[] = [];
    for (let s = stopped.step(); s; s = stopped.step()) logs.push(s.log?.epoch);
    expect(logs).toEqual([undefined, undefined, 1]);
    expect(stopped.finished?.stopped).toBe(true);
  });
});
