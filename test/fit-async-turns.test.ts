// fitAsync gives the event loop turns inside an epoch's end, between the parts of the validation
// rows (#27 point 6: "long epoch-end work chunked"), and still trains exactly like fit. How long
// the stretches are is measured by bench/fit-async.mjs, not here.
import { describe, expect, it } from 'vitest';
import { fit, fitAsync, Network, Random } from '../src/index.js';

const rng = new Random(4);
// 3000 validation rows: three parts of 1024 rows (train/evaluate.ts)
const x = Array.from({ length: 3200 }, () => [rng.normal(), rng.normal(), rng.normal()]);
const y = x.map(([a, b, c]) => (a + b * c > 0 ? 1 : 0));
const validationData = { x: x.slice(200), y: y.slice(200) };
const make = (): Network => new Network({ inputs: 3, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 2 });
const OPTIONS = { epochs: 2, batchSize: 100, seed: 2, validationData };

describe('fitAsync at the end of an epoch', () => {
  it('gives the event loop a turn between the parts of the validation rows', async () => {
    let turns = 0;
    let spin = true;
    const tick = (): void => {
      turns++;
      if (spin) setImmediate(tick);
    };
    setImmediate(tick);
    const atLastBatch: number[] = [];
    const atEpochEnd: number[] = [];
    await fitAsync(make(), x.slice(0, 200), y.slice(0, 200), {
      ...OPTIONS, yieldEveryMs: 0,
      onBatchEnd: (b) => void (b.batch === b.batches && atLastBatch.push(turns)),
      onEpochEnd: () => void atEpochEnd.push(turns),
    });
    spin = false;
    // between a last batch and its epoch's end (the validation rows, in three parts) the event
    // loop had turns; evaluated in one go, none
    expect(atLastBatch).toHaveLength(2);
    for (let i = 0; i < 2; i++) expect((atEpochEnd[i] as number) - (atLastBatch[i] as number), `epoch ${i + 1}`).toBeGreaterThan(0);
  });

  it('records the same history and weights as fit', async () => {
    const a = make();
    const b = make();
    const ra = await fitAsync(a, x.slice(0, 200), y.slice(0, 200), { ...OPTIONS, yieldEveryMs: 0 });
    const rb = fit(b, x.slice(0, 200), y.slice(0, 200), OPTIONS);
    expect(ra.history).toEqual(rb.history);
    expect(a.parameters().map((p) => Array.from(p.tensor.data))).toEqual(b.parameters().map((p) => Array.from(p.tensor.data)));
  });
});
