// fitAsync gives the event loop turns inside an epoch's end, between the parts of the validation
// rows (#27 point 6: "long epoch-end work chunked"), and during the setup before the first step
// (converting, checking and splitting the rows), and still trains exactly like fit. How long
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

/** Counts the event loop's turns (a setImmediate chain) until stopped. */
function turnCounter(): { readonly turns: number; stop(): void } {
  let turns = 0;
  let spin = true;
  const tick = (): void => {
    turns++;
    if (spin) setImmediate(tick);
  };
  setImmediate(tick);
  return { get turns() { return turns; }, stop: () => void (spin = false) };
}

describe('fitAsync at the end of an epoch', () => {
  it('gives the event loop a turn between the parts of the validation rows', async () => {
    const loop = turnCounter();
    const atLastBatch: number[] = [];
    const atEpochEnd: number[] = [];
    await fitAsync(make(), x.slice(0, 200), y.slice(0, 200), {
      ...OPTIONS, yieldEveryMs: 0,
      onBatchEnd: (b) => void (b.batch === b.batches && atLastBatch.push(loop.turns)),
      onEpochEnd: () => void atEpochEnd.push(loop.turns),
    });
    loop.stop();
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

  // 70000 rows of 3 values: 4 parts to convert (65536 values a part, Note [setup in parts]), then
  // the split's 35000 + 35000 rows in 2 + 2 parts and their targets in 1 + 1
  const big = Array.from({ length: 70000 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  const bigY = big.map(([a, b, c]) => (a + b * c > 0 ? 1 : 0));
  const BIG = { epochs: 1, batchSize: 'full' as const, seed: 3, validationSplit: 0.5 };

  it('gives the event loop turns while it converts and splits the rows, before the first step', async () => {
    const loop = turnCounter();
    let atFirstBatch = -1;
    await fitAsync(make(), big, bigY, { ...BIG, yieldEveryMs: 0, onBatchEnd: (b) => void (b.batch === 1 && (atFirstBatch = loop.turns)) });
    loop.stop();
    // one turn after each part but the last of the conversion, before the split and before each of its 6 parts
    expect(atFirstBatch).toBeGreaterThanOrEqual(3 + 1 + 6);
  });

  it('plans the same split and trains the same bits as fit when the setup is in parts', async () => {
    const a = make();
    const b = make();
    const ra = await fitAsync(a, big, bigY, { ...BIG, yieldEveryMs: 0 });
    const rb = fit(b, big, bigY, BIG);
    expect(ra.history).toEqual(rb.history);
    expect(a.parameters().map((p) => Array.from(p.tensor.data))).toEqual(b.parameters().map((p) => Array.from(p.tensor.data)));
  });

  it('reports a bad value in a later part as fit does', async () => {
    const bad = big.map((r, i) => (i === 50000 ? [r[0], Number.NaN, r[2]] : r));
    const message = (() => {
      try {
        fit(make(), bad, bigY, BIG);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(message).toBe('fit.x: row 50000, column 1 is NaN; expected a finite number: remove or fill in that row (NaN often comes from an empty or non-numeric field)');
    // the same message, naming the function the user called
    await expect(fitAsync(make(), bad, bigY, BIG)).rejects.toThrow(message.replace(/^fit\./, 'fitAsync.'));
  });
});
