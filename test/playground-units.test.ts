// The playground's parts that run without a browser: the step-through's numbers against
// backpropagation written out by hand, number formats, the loss series, the descent verdicts and
// contours, page wording, and preparing a 100,000-row table.
import { describe, expect, it } from 'vitest';
import { Network, Random, type Table } from '../src/index.js';
import { prepare } from '../playground/src/data.js';
import { customFunction, PRESETS, RATES, rateIndex } from '../playground/src/descent/functions.js';
import { contourLevels, marchingSquares } from '../playground/src/descent/contours.js';
import { verdict } from '../playground/src/descent/verdict.js';
import { encodePoint } from '../playground/src/features.js';
import { forPage } from '../playground/src/messages.js';
import { DEFAULTS } from '../playground/src/settings.js';
import { traceExample } from '../playground/src/trace.js';
import { factor, lossText, num } from '../playground/src/ui/format.js';
import { LossSeries } from '../playground/src/ui/loss-series.js';
import { minimize } from '../src/index.js';

const ACT: Record<string, [(z: number) => number, (z: number, a: number) => number]> = {
  tanh: [Math.tanh, (_, a) => 1 - a * a],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (_, a) => a * (1 - a)],
  linear: [(z) => z, () => 1],
};

/** Backpropagation written out in float64: z = Σ a·w + b, a = f(z); δ from the loss, then δ = f′(z)·Σ w·δ; ∂L/∂w = a·δ. */
function byHand(net: Network, x: number[], t: number[], loss: 'cross-entropy' | 'mse') {
  const layers = net.dense;
  const a: number[][] = [x];
  const z: number[][] = [];
  for (const l of layers) {
    const W = l.weights.data;
    const prev = a[a.length - 1];
    const zl = Array.from({ length: l.units }, (_, j) => prev.reduce((s, v, i) => s + v * W[i * l.units + j], l.bias.data[j]));
    z.push(zl);
    if (l.activation === 'softmax') {
      const m = Math.max(...zl);
      const e = zl.map((v) => Math.exp(v - m));
      a.push(e.map((v) => v / e.reduce((s, u) => s + u, 0)));
    } else a.push(zl.map(ACT[l.activation][0]));
  }
  const out = a[a.length - 1];
  const delta: number[][] = layers.map(() => []);
  const last = layers.length - 1;
  delta[last] = loss === 'cross-entropy' ? out.map((v, j) => v - t[j])
    : out.map((v, j) => (2 * (v - t[j]) / out.length) * ACT[layers[last].activation][1](z[last][j], v));
  for (let l = last - 1; l >= 0; l--) {
    const next = layers[l + 1];
    delta[l] = z[l].map((zj, j) => ACT[layers[l].activation][1](zj, a[l + 1][j]) * delta[l + 1].reduce((s, d, k) => s + next.weights.data[j * next.units + k] * d, 0));
  }
  const gw = layers.map((l, i) => Array.from({ length: l.inputs * l.units }, (_, q) => a[i][Math.floor(q / l.units)] * delta[i][q % l.units]));
  const value = loss === 'cross-entropy' ? -Math.log(out[t.indexOf(1)]) : out.reduce((s, v, j) => s + (v - t[j]) ** 2, 0) / out.length;
  return { z, a: a.slice(1), delta, gw, value };
}

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `${what}[${i}]: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(expected[i]))));
}

describe('the step-through computes what backpropagation by hand gives', () => {
  const cases = [
    { name: 'tanh → softmax, cross-entropy', layers: [{ units: 3, activation: 'tanh' as const }, { units: 2, activation: 'softmax' as const }], loss: 'cross-entropy' as const, x: [0.7, -1.2], t: [0, 1] },
    { name: 'relu, sigmoid → linear, mse', layers: [{ units: 4, activation: 'relu' as const }, { units: 3, activation: 'sigmoid' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const, x: [1.5, -0.4, 0.2], t: [0.8] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const net = new Network({ inputs: c.x.length, layers: c.layers, seed: 5 });
      const before = net.dense.map((l) => Array.from(l.weights.data));
      const lr = 0.1;
      const tr = traceExample(net, Float32Array.from(c.x), Float32Array.from(c.t), { loss: c.loss, lr, reg: 'none', regRate: 0, perceptron: false }, 0, 'row 1');
      const hand = byHand(net, c.x, c.t, c.loss);
      tr.layers.forEach((L, l) => {
        close(L.z, hand.z[l], `z${l}`);
        close(L.a, hand.a[l], `a${l}`);
        close(L.delta as number[], hand.delta[l], `δ${l}`);
        close(L.gw as number[], hand.gw[l], `∂L/∂w${l}`);
        close(L.gb as number[], hand.delta[l], `∂L/∂b${l}`);
        close(L.wAfter, L.w.map((w, i) => w - lr * hand.gw[l][i]), `w after${l}`);
      });
      expect(Math.abs(tr.lossValue - hand.value)).toBeLessThan(1e-6 * (1 + hand.value));
      // the network itself is untouched: the trace works on a copy
      net.dense.forEach((l, i) => expect(Array.from(l.weights.data)).toEqual(before[i]));
    });
  }

  it('L2 adds λ·w to the gradient; L1 then moves each weight η·λ towards 0, stopping at 0', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 2, activation: 'softmax' }], seed: 2 });
    const o = { loss: 'cross-entropy' as const, lr: 0.5, regRate: 0.2, perceptron: false };
    const plain = traceExample(net, Float32Array.of(1, -1), Float32Array.of(1, 0), { ...o, reg: 'none' }, 0, '');
    const l2 = traceExample(net, Float32Array.of(1, -1), Float32Array.of(1, 0), { ...o, reg: 'l2' }, 0, '');
    const l1 = traceExample(net, Float32Array.of(1, -1), Float32Array.of(1, 0), { ...o, reg: 'l1' }, 0, '');
    const L = plain.layers[0];
    close(l2.layers[0].wAfter, L.w.map((w, i) => w - 0.5 * ((L.gw as number[])[i] + 0.2 * w)), 'L2');
    close(l1.layers[0].wAfter, L.wAfter.map((w) => Math.sign(w) * Math.max(0, Math.abs(w) - 0.1)), 'L1');
    close(l1.layers[0].bAfter, L.bAfter, 'L1 leaves biases');
  });

  it('a step layer follows the perceptron rule: w + η·(t − y)·x', () => {
    const net = new Network({ inputs: 2, layers: [{ units: 1, activation: 'step' }], seed: 3 });
    const x = [0.5, -2];
    const tr = traceExample(net, Float32Array.from(x), Float32Array.of(1), { loss: 'mse', lr: 0.3, reg: 'none', regRate: 0, perceptron: true }, 0, '');
    const L = tr.layers[0];
    const y = L.z[0] >= 0 ? 1 : 0;
    expect(L.a[0]).toBe(y);
    close(L.wAfter, L.w.map((w, i) => w + 0.3 * (1 - y) * x[i]), 'perceptron w');
    expect(L.delta).toBeNull();
  });
});

describe('numbers as the page writes them', () => {
  it('losses below 5e-5 are not 0.0000; negatives in products get brackets', () => {
    expect(lossText(4.2e-5)).toBe('4.2e−5');
    expect(lossText(0.123456)).toBe('0.1235');
    expect(factor(-1.8)).toBe('(−1.8)');
    expect(`${factor(-1.8)}·${factor(-1.1)}`).toBe('(−1.8)·(−1.1)');
    expect(num(0.1 + 0.2)).toBe('0.3');
    expect(num(-0.000123456)).toBe('−1.23e−4');
  });

  it('the loss series keeps every batch in bounded memory, with exact means and extremes', () => {
    const s = new LossSeries();
    const rng = new Random(1);
    let sum = 0;
    let hi = -Infinity;
    for (let i = 0; i < 20_000; i++) {
      const v = rng.uniform(0, 1) + (i === 12_345 ? 50 : 0);
      sum += v;
      hi = Math.max(hi, v);
      s.push(v);
    }
    expect(s.mean.length).toBeLessThanOrEqual(4096);
    expect(s.steps).toBe(20_000);
    const total = s.mean.reduce((t, m, i) => t + m * Math.min(s.stride, s.steps - i * s.stride), 0);
    expect(total / 20_000).toBeCloseTo(sum / 20_000, 9);
    expect(Math.max(...s.max)).toBe(hi);
    expect(Math.max(...s.min)).toBeLessThan(50);
  });

  it('messages name the page\'s controls, not command-line options', () => {
    expect(forPage(new Error('a.csv: the target column y has only one class (1); classification needs at least two; check --target, or use --task regression for a numeric target')))
      .toBe('a.csv: the target column y has only one class (1); classification needs at least two; check the Label column, or choose "regression" under Task for a numeric target');
  });
});

describe('the gradient-descent view', () => {
  const run = (p: keyof typeof PRESETS, lr: number, steps: number) => minimize(PRESETS[p].f, PRESETS[p].start, { lr, steps });

  it('the slider has 1 and reaches both ends', () => {
    expect(RATES).toContain(1);
    expect(RATES[rateIndex(1)]).toBe(1);
    expect(rateIndex(0.1)).toBe(RATES.indexOf(0.1));
    expect([RATES[0], RATES[RATES.length - 1]]).toEqual([0.001, 2]);
  });

  it('judges the rate only after enough steps, and knows a local minimum and a bouncing valley', () => {
    expect(verdict(PRESETS.parabola, run('parabola', 0.1, 2), 0.1)).toMatch(/^On its way: 36 % of the way .* after 2 steps/);
    expect(verdict(PRESETS.parabola, run('parabola', 0.001, 2), 0.001)).toMatch(/^Too slow/);
    expect(verdict(PRESETS.parabola, run('parabola', 0.1, 40), 0.1)).toMatch(/^Converging smoothly/);
    expect(verdict(PRESETS.parabola, run('parabola', 1, 10), 1)).toMatch(/^Oscillating forever/);
    expect(verdict(PRESETS.parabola, run('parabola', 1.1, 3), 1.1)).toMatch(/^Diverging/);
    expect(verdict(PRESETS.local, run('local', 0.05, 30), 0.05)).toMatch(/^Stuck in a local minimum at x = 1.13/);
    expect(verdict(PRESETS.valley, run('valley', 0.1, 20), 0.1)).toMatch(/^Bouncing across the valley in y/);
  });

  it('contour levels include the start, and the f = 125 line of x² + y² passes at radius √125', () => {
    const n = 101;
    const values = new Float64Array(n * n);
    const at = (i: number) => -15 + (30 * i) / (n - 1);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) values[r * n + c] = at(c) ** 2 + at(r) ** 2;
    expect(contourLevels(values, 125)).toContain(125);
    const segs = marchingSquares(values, n, n, 125);
    expect(segs.length).toBeGreaterThan(40);
    for (const [c, r] of segs) expect(Math.abs(Math.hypot(at(c), at(r)) - Math.sqrt(125))).toBeLessThan(0.05);
  });

  it('a typed-in function goes through the command line\'s parser; errors give the column', () => {
    const f = customFunction('x^2 + 10*y^2', 'x=10, y=1');
    expect(f.names).toEqual(['x', 'y']);
    expect(minimize(f.f, f.start, { lr: 0.01, steps: 1 }).path[1].point).toEqual({ x: 9.8, y: 0.8 });
    expect(() => customFunction('x^2 - )', 'x=1')).toThrow(/column 7[\s\S]*\^/);
    expect(() => customFunction('x + y', 'x=1')).toThrow(/give a value for y/);
  });
});

describe('preparing data', () => {
  it('a 150,000-row table gets its plane without spreading its values (no stack overflow)', () => {
    const rng = new Random(4);
    const rows = Array.from({ length: 150_000 }, () => {
      const [x, y] = [rng.uniform(-3, 3), rng.uniform(0, 10)];
      return [x.toFixed(4), y.toFixed(4), x * (y - 5) > 0 ? 'a' : 'b'];
    });
    const table: Table = { source: 'big.csv', columns: ['u', 'v', 'label'], rows, lines: rows.map((_, i) => i + 2) };
    const p = prepare({ ...DEFAULTS, source: 'csv', featureX: 'u', featureY: 'v', target: 'label' }, table);
    expect(p.x.rows).toBe(150_000);
    const [x0, x1, y0, y1] = p.plane!.extent;
    expect(x0).toBeLessThan(-3 + 0.01);
    expect(x1).toBeGreaterThan(3 - 0.01);
    expect([y0 < 0.01, y1 > 9.99]).toEqual([true, true]);
    // a point of the plane is encoded as the preprocessing encodes the same row
    const row = p.x.data.subarray(0, 2);
    const encoded = encodePoint(p.plane!.inputs, Number(rows[0][0]), Number(rows[0][1]));
    expect(Math.abs(encoded[0] - row[0]) + Math.abs(encoded[1] - row[1])).toBeLessThan(1e-5);
  });
});
