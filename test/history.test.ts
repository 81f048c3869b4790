// Note [history columns] (src/train/history.ts): the loop keeps each epoch's numbers in columns and
// makes the EpochLog records when they are read; the records are what the loop used to push.
import { describe, expect, it } from 'vitest';
import { fit, Network, Trainer } from '../src/index.js';
import { History } from '../src/train/history.js';

describe('History', () => {
  it('makes the records of each kind with their keys in order and the numbers unchanged', () => {
    const n = [3, 0.1 + 0.2, 1 / 3, 0.7, 2 / 7, 1e-3] as const;
    const cases: [boolean, boolean, object][] = [
      [true, false, { epoch: 3, loss: n[1], accuracy: n[2], lr: n[5] }],
      [false, false, { epoch: 3, loss: n[1], mae: n[2], lr: n[5] }],
      [true, true, { epoch: 3, loss: n[1], accuracy: n[2], valLoss: n[3], valAccuracy: n[4], lr: n[5] }],
      [false, true, { epoch: 3, loss: n[1], mae: n[2], valLoss: n[3], valMae: n[4], lr: n[5] }],
    ];
    for (const [classifier, validation, expected] of cases) {
      const h = new History([], classifier, validation);
      h.add(...n);
      expect(JSON.stringify(h.last())).toBe(JSON.stringify(expected));
      expect(JSON.stringify(h.records())).toBe(JSON.stringify([expected]));
    }
  });

  it('keeps resumed records first, grows past a chunk, and extends the same array when read again', () => {
    const before = [{ epoch: 1, loss: 9, mae: 8, lr: 0.5 }];
    const h = new History(before, false, false);
    for (let e = 2; e <= 5000; e++) h.add(e, e / 10, e / 100, 0, 0, 0.5);
    expect(h.length).toBe(5000);
    const first = h.records();
    expect(first[0]).toEqual(before[0]);
    for (const i of [1, 4095, 4096, 4097, 4999]) expect(first[i]).toEqual({ epoch: i + 1, loss: (i + 1) / 10, mae: (i + 1) / 100, lr: 0.5 });
    h.add(5001, 1, 2, 0, 0, 0.25);
    const again = h.records();
    expect(again).toBe(first);
    expect(again.length).toBe(5001);
    expect(again[5000]).toEqual({ epoch: 5001, loss: 1, mae: 2, lr: 0.25 });
  });
});

describe('the history of a run', () => {
  const xor = { x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };
  const net = () => new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });

  it('fit returns one record per epoch, the same ones its callback saw, and serializes them', () => {
    const seen: unknown[] = [];
    const lengths: number[] = [];
    const r = fit(net(), xor.x, xor.y, {
      epochs: 6, batchSize: 'full', optimizer: 'sgd', lr: 0.5, loss: 'mse',
      onEpochEnd: (e) => { seen.push(e.log); lengths.push(e.history.length); },
    });
    expect(r.epochs).toBe(6);
    expect(r.history.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.history).toEqual(seen);
    expect(lengths).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.parse(JSON.stringify(r)).history).toEqual(r.history);
    expect({ ...r }.history).toEqual(r.history);
  });

  it('a Trainer reports the same history as fit', () => {
    const opts = { epochs: 4, batchSize: 2, optimizer: 'adam', lr: 0.05, loss: 'mse', seed: 3 } as const;
    const t = new Trainer(net(), xor.x, xor.y, opts);
    expect(t.history).toEqual([]);
    while (t.step() !== null);
    expect(t.history).toEqual(fit(net(), xor.x, xor.y, opts).history);
    expect(t.history.length).toBe(4);
  });
});
