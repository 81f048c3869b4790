// What fit says about input a JavaScript user may give it by mistake: a misspelt option, NaN in
// the rows or targets, text labels, one number per row instead of rows of numbers.
import { describe, expect, it } from 'vitest';
import { ArgumentError, fit, fitAsync, Network, Trainer } from '../src/index.js';

const net = () => new Network({ inputs: 2, layers: [{ units: 3, activation: 'softmax' }], seed: 1 });
const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [0, 1, 2, 1];

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    return (e as Error).message;
  }
  throw new Error('expected an ArgumentError');
}

describe('fit: input errors in the user\'s terms', () => {
  it('an unknown option is an error with the option meant', () => {
    expect(messageOf(() => fit(net(), x, y, { epoch: 5 } as never))).toMatch(/^fit: unknown option "epoch" \(did you mean "epochs"\?\); the options are epochs, batchSize, /);
    expect(messageOf(() => fit(net(), x, y, { learningRate: 0.1 } as never))).toMatch(/^fit: unknown option "learningRate" \(did you mean "lr"\?\)/);
    expect(messageOf(() => fit(net(), x, y, { zzz: 1 } as never))).toMatch(/^fit: unknown option "zzz"; the options are /);
    // the same check for the step-by-step trainer, and fitAsync's own option is known
    expect(messageOf(() => new Trainer(net(), x, y, { epcohs: 5 } as never))).toMatch(/^Trainer: unknown option "epcohs" \(did you mean "epochs"\?\)/);
    // each names the function the user called
    expect(messageOf(() => new Trainer(net(), [[0, 0], [Number.NaN, 1]], [0, 1]))).toMatch(/^Trainer\.x: row 1, column 0 is NaN/);
    expect(fit(net(), x, y, { epochs: 1, yieldEveryMs: 5 } as never).epochs).toBe(1);
  });

  it('fitAsync names itself in the same messages', async () => {
    await expect(fitAsync(net(), x, y, { epoch: 5 } as never)).rejects.toThrow(/^fitAsync: unknown option "epoch" \(did you mean "epochs"\?\)/);
    await expect(fitAsync(net(), x, y, { earlyStopping: { patience: 3 } })).rejects.toThrow(/^fitAsync: early stopping watches the validation loss/);
  });

  it('NaN or Infinity in the rows or targets names the row and column, before any training', () => {
    const n = net();
    const before = n.parameters().map((p) => Array.from(p.tensor.data));
    expect(messageOf(() => fit(n, [[0, 0], [0, 1], [1, Number.NaN], [1, 1]], y))).toBe(
      'fit.x: row 2, column 1 is NaN; expected a finite number: remove or fill in that row (NaN often comes from an empty or non-numeric field)');
    expect(n.parameters().map((p) => Array.from(p.tensor.data))).toEqual(before);
    expect(messageOf(() => fit(n, [[0, 0], [0, 1], [1, 0], [Infinity, 1]], y))).toMatch(/^fit\.x: row 3, column 0 is Infinity;/);
    expect(messageOf(() => fit(n, x, y, { validationData: { x: [[0, '1' as unknown as number]], y: [0] } }))).toMatch(/^fit\.validationData\.x: row 0, column 1 is "1"; expected a finite number: convert text to numbers first/);
    const reg = new Network({ inputs: 2, layers: [{ units: 1 }], seed: 1 });
    expect(messageOf(() => fit(reg, x, [0, 1, Number.NaN, 2]))).toMatch(/^fit\.y\[2\]: NaN is not a finite number/);
  });

  it('a flat matrix: the first NaN or Infinity is found wherever it is (Note [finite by blocks])', () => {
    const cols = 3;
    const rows = 5001; // 15,003 values: three whole blocks of 4,096 and a tail
    const n = new Network({ inputs: cols, layers: [{ units: 2, activation: 'softmax' }], seed: 1 });
    const labels = new Float32Array(rows);
    for (const [at, bad] of [[0, Number.NaN], [4095, Infinity], [4096, -Infinity], [4099, Number.NaN], [12287, Number.NaN], [12288, Infinity], [15002, -Infinity]] as const) {
      const data = Float32Array.from({ length: rows * cols }, (_, i) => (i % 7) - 3);
      data[at] = bad;
      data[15001] = at < 15001 ? Number.NaN : data[15001]; // a later one is not the one named
      const row = Math.floor(at / cols);
      expect(messageOf(() => fit(n, { data, rows, cols }, labels)), `at ${at}`).toMatch(new RegExp(`^fit\\.x: row ${row}, column ${at % cols} is ${String(bad)};`));
    }
  });

  it('one number per row says what shape is expected (text labels train a classifier: fit-labels-records.test.ts)', () => {
    const one = new Network({ inputs: 1, layers: [{ units: 1 }], seed: 1 });
    expect(messageOf(() => fit(one, [1, 2, 3] as never, [1, 2, 3]))).toMatch(/^fit\.x: row 0 is 1, not an array of 1 numbers; give each row as an array/);
  });
});
