import { describe, expect, it, vi } from 'vitest';
import {
  DivergenceError, evaluate, fit, fitAsync, freshAllocations, Network, Optimizer, r2, Random, splitIndices,
} from '../src/index.js';

const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [0, 1, 1, 0];

function weightsOf(net: Network): number[] {
  return net.parameters().flatMap((p) => Array.from(p.tensor.data));
}

describe('learning', () => {
  it('learns XOR exactly with a 2-4-1 tanh network', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'tanh' }], seed: 3 });
    fit(net, XOR_X, XOR_Y, { epochs: 400, batchSize: 'full', optimizer: 'adam', lr: 0.05, loss: 'mse', seed: 3 });
    const out = net.predict(XOR_X).map((r) => r[0]);
    expect(out.map(Math.round)).toEqual(XOR_Y);
    out.forEach((v, i) => expect(Math.abs(v - XOR_Y[i])).toBeLessThan(0.1));
  });

  it('fits y = sin(x) on [-3, 3] to r² > 0.98', () => {
    const rng = new Random(5);
    const x = Array.from({ length: 300 }, () => [rng.uniform(-3, 3)]);
    const y = x.map(([v]) => Math.sin(v));
    const net = new Network({ inputs: 1, layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1 }], seed: 5 });
    fit(net, x, y, { epochs: 150, batchSize: 32, lr: 0.01, seed: 5 });
    const grid = Array.from({ length: 121 }, (_, i) => [-3 + i * 0.05]);
    const score = r2(grid.map(([v]) => Math.sin(v)), net.predict(grid).map((r) => r[0]));
    expect(score).toBeGreaterThan(0.98);
  });

  it('regression is not squashed into [0, 1]: learns y = 3x + 100', () => {
    const x = Array.from({ length: 50 }, (_, i) => [i / 10]);
    const y = x.map(([v]) => 3 * v + 100);
    const net = new Network({ inputs: 1, layers: [{ units: 1, activation: 'linear' }], seed: 1 });
    fit(net, x, y, { epochs: 1000, batchSize: 'full', optimizer: 'sgd', lr: 0.05, seed: 1 });
    expect(net.predict([[2]])[0][0]).toBeCloseTo(106, 2);
    expect(net.predict([[10]])[0][0]).toBeCloseTo(130, 1);
  });

  it('a single step layer learns AND by the perceptron rule', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 1, activation: 'step' }], seed: 1 });
    fit(net, XOR_X, [0, 0, 0, 1], { epochs: 20, batchSize: 1, lr: 0.1 });
    expect(net.predict(XOR_X).map((r) => r[0])).toEqual([0, 0, 0, 1]);
  });

  it('refuses to backpropagate through a step layer in a deeper network, saying why', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 3, activation: 'step' }, { units: 1, activation: 'sigmoid' }] });
    expect(() => fit(net, XOR_X, XOR_Y, { epochs: 1 })).toThrow(/layer 0 uses the step activation, which has no gradient.*perceptron rule/);
  });

  it('class indices train several sigmoid units with binary cross-entropy (one-hot targets)', () => {
    const x = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const y = [0, 1, 2, 0, 1, 2];
    const net = new Network({ inputs: 3, layers: [{ units: 3, activation: 'sigmoid' }], seed: 1 });
    fit(net, x, y, { epochs: 300, batchSize: 'full', lr: 0.1, seed: 1 });
    expect(evaluate(net, x, y, { loss: 'binary-cross-entropy' }).accuracy).toBe(1);
    expect(() => fit(net, x, [0, 1, 2, 0, 1, 3], { epochs: 1 })).toThrow('fit.y[5]: 3 is not a class index in 0..2');
  });

  it('refuses cross-entropy without a softmax output', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 2, activation: 'sigmoid' }] });
    expect(() => fit(net, XOR_X, XOR_Y, { loss: 'cross-entropy' })).toThrow(/cross-entropy needs a softmax output layer, but the output activation is sigmoid/);
  });
});

describe('batches, shuffling and callbacks', () => {
  const x = Array.from({ length: 10 }, (_, i) => [i / 10, 1 - i / 10]);
  const y = x.map(([a]) => a * 2);
  const counts = (batchSize: number | 'full') => {
    const sizes: number[] = [];
    const net = new Network({ inputs: 2, layers: [{ units: 1 }] });
    fit(net, x, y, { epochs: 1, batchSize, onBatchEnd: (b) => void sizes.push(b.batches) });
    return sizes;
  };

  it('batch size 1 is stochastic, "full" is one batch, 4 keeps the last smaller batch', () => {
    expect(counts(1).length).toBe(10);
    expect(counts('full')).toEqual([1]);
    expect(counts(4)).toEqual([3, 3, 3]);
  });

  it('Random.int draws as the plain rejection rule does, for every n up to 2^32', () => {
    // the rule itself: draws at or over the largest multiple of n below 2^32 are drawn again
    const plain = (rng: Random, n: number): number => {
      const limit = 4294967296 - (4294967296 % n);
      let r = rng.uint32();
      while (r >= limit) r = rng.uint32();
      return r % n;
    };
    // n near 2^32 (where draws are often rejected), powers of two, and small ones
    const ns = [1, 2, 3, 7, 1000, 2 ** 31, 2 ** 31 + 1, 3 * 2 ** 30, 2 ** 32 - 1, 2 ** 32 - 12345, 4294967296 / 3 + 1];
    const a = new Random(11), b = new Random(11);
    for (let i = 0; i < 20000; i++) {
      const n = ns[i % ns.length] as number;
      expect(a.int(n), `draw ${i}, n ${n}`).toBe(plain(b, n));
    }
  });

  it('without shuffling, rows go in the order given; with it, in another order', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 1 }], seed: 2 });
    const perRow = x.map((row, i) => (net.predict([row])[0][0] - y[i]) ** 2);
    const seen = (shuffle: boolean) => {
      const losses: number[] = [];
      fit(net, x, y, { epochs: 1, batchSize: 1, shuffle, optimizer: 'sgd', lr: 0, onBatchEnd: (b) => void losses.push(b.loss) });
      return losses;
    };
    seen(false).forEach((l, i) => expect(l).toBeCloseTo(perRow[i], 6));
    const shuffled = seen(true);
    expect(shuffled).not.toEqual(seen(false));
    expect([...shuffled].sort()).toEqual([...seen(false)].sort());
  });

  it('callbacks can stop training after a batch or an epoch', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 1 }] });
    const r = fit(net, x, y, { epochs: 10, onEpochEnd: (e) => (e.epoch === 3 ? 'stop' : undefined) });
    expect(r.history.length).toBe(3);
    expect(r.stopped).toBe(true);
    let batches = 0;
    fit(net, x, y, { epochs: 10, batchSize: 1, onBatchEnd: () => (++batches === 4 ? false : undefined) });
    expect(batches).toBe(4);
  });
});

describe('validation', () => {
  it('the split is random and stratified, never the tail', () => {
    const labels = Array.from({ length: 100 }, (_, i) => Math.floor(i / 20));
    const { train, validation } = splitIndices(100, 0.2, new Random(1), labels);
    expect(validation.length).toBe(20);
    expect(train.length).toBe(80);
    for (let c = 0; c < 5; c++) expect(Array.from(validation).filter((i) => labels[i] === c).length).toBe(4);
    expect(Array.from(validation)).not.toEqual(Array.from({ length: 20 }, (_, i) => 80 + i));
    expect(splitIndices(100, 0.2, new Random(1), labels)).toEqual({ train, validation });
    expect(splitIndices(100, 0.2, new Random(2), labels).validation).not.toEqual(validation);
  });

  it('early stopping stops on validation loss and restores the best weights', () => {
    const rng = new Random(11);
    const x = Array.from({ length: 40 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
    const y = x.map(([a]) => a + rng.normal() * 0.5); // noisy: a big network overfits
    const net = new Network({ inputs: 2, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 1 }], seed: 4 });
    const r = fit(net, x, y, { epochs: 500, batchSize: 8, lr: 0.01, validationSplit: 0.3, seed: 4, earlyStopping: { patience: 5 } });
    expect(r.stopped).toBe(true);
    expect(r.history.length).toBeLessThan(500);
    const valLosses = r.history.map((h) => h.valLoss as number);
    const best = Math.min(...valLosses);
    expect(r.bestEpoch).toBe(valLosses.indexOf(best) + 1);
    expect(r.history.length).toBe((r.bestEpoch as number) + 5);
    // the network now holds the best epoch's weights: re-evaluating gives that epoch's validation loss
    const { validation } = splitIndices(40, 0.3, new Random(4).fork(), undefined);
    const vx = Array.from(validation, (i) => x[i]);
    const vy = Array.from(validation, (i) => y[i]);
    expect(evaluate(net, vx, vy).loss).toBeCloseTo(best, 6);
  });
});

describe('divergence', () => {
  it('stops with an error naming the epoch, keeping the weights from before the bad step', () => {
    const x = Array.from({ length: 20 }, (_, i) => [i, i * 2]);
    const y = x.map(([a]) => a * 1000);
    const net = new Network({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 1 }], seed: 1 });
    let lastGood: number[] = weightsOf(net);
    let error: unknown;
    try {
      fit(net, x, y, { epochs: 50, batchSize: 4, optimizer: 'sgd', lr: 10, onBatchEnd: () => void (lastGood = weightsOf(net)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as DivergenceError).message).toMatch(/training diverged in epoch \d+ .*lower learning rate/);
    expect((error as DivergenceError).epoch).toBeGreaterThanOrEqual(1);
    expect(weightsOf(net)).toEqual(lastGood);
    expect(weightsOf(net).every(Number.isFinite)).toBe(true);
  });

  it('checks hyperparameters when the optimizer is made', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 1 }] });
    expect(() => new Optimizer('sgd', net.parameters(), { lr: -1 })).toThrow('sgd: invalid lr: -1 (expected a number >= 0)');
    expect(() => new Optimizer('adam', net.parameters(), { beta1: 1 })).toThrow(/invalid beta1: 1/);
    expect(() => fit(net, XOR_X, XOR_Y, { epochs: -2 })).toThrow(/invalid epochs: -2/);
  });
});

describe('determinism and memory', () => {
  const run = (seed: number) => {
    const net = new Network({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { type: 'dropout', rate: 0.3 }, { units: 2, activation: 'softmax' }], seed });
    fit(net, [...XOR_X, ...XOR_X], [...XOR_Y, ...XOR_Y], { epochs: 5, batchSize: 3, validationSplit: 0.25, seed });
    return weightsOf(net);
  };

  it('one seed gives the same weights bit for bit; another seed different ones', () => {
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('a training step allocates no new buffers once it has run', () => {
    const rng = new Random(1);
    const x = Array.from({ length: 400 }, () => [rng.float(), rng.float(), rng.float()]);
    const y = x.map(([a, b]) => (a > b ? 1 : 0));
    const net = new Network({ inputs: 3, layers: [{ units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.1 }, { units: 2, activation: 'softmax' }] });
    const at: number[] = [];
    fit(net, x, y, { epochs: 1, batchSize: 8, clipNorm: 1, onBatchEnd: (b) => void (b.batch >= 3 && at.push(freshAllocations())) });
    expect(at.length).toBe(48);
    expect(new Set(at).size).toBe(1);
  });

  it('fitAsync yields to the event loop and trains exactly like fit', async () => {
    const rng = new Random(2);
    const x = Array.from({ length: 2000 }, () => [rng.float(), rng.float()]);
    const y = x.map(([a, b]) => (a + b > 1 ? 1 : 0));
    const make = () => new Network({ inputs: 2, layers: [{ units: 32, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 9 });
    const a = make();
    const b = make();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await fitAsync(a, x, y, { epochs: 8, batchSize: 4, seed: 9, yieldEveryMs: 5 });
    clearInterval(timer);
    fit(b, x, y, { epochs: 8, batchSize: 4, seed: 9 });
    expect(ticks).toBeGreaterThan(3);
    expect(weightsOf(a)).toEqual(weightsOf(b));
  });

  it('fitAsync reads the clock far less often than once a step when steps are short, and still yields', async () => {
    const x = Array.from({ length: 4000 }, (_, i) => [(i % 7) / 7, (i % 5) / 5]);
    const y = x.map(([a, b]) => (a > b ? 1 : 0));
    const net = new Network({ inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const now = vi.spyOn(performance, 'now');
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    try {
      await fitAsync(net, x, y, { epochs: 4, batchSize: 1, seed: 3, yieldEveryMs: 20 }); // 16,000 steps
      expect(now.mock.calls.length).toBeLessThan(16_000 / 4);
      expect(ticks).toBeGreaterThan(0);
      // in Node the turns come from setImmediate: a 0 ms timer waits at least 1 ms
      expect(timeout).not.toHaveBeenCalled();
    } finally {
      clearInterval(timer);
      now.mockRestore();
      timeout.mockRestore();
    }
  });
});
