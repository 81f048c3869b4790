import type { Data } from '../kernels.js';

// Note [stable softmax]: softmax(z) = e^(z − max z) / Σ e^(z − max z). Subtracting the row's
// maximum changes nothing mathematically but keeps every exponent ≤ 0, so nothing overflows; and
// log softmax = (z − max) − log Σ e^(z − max) never takes the log of an underflowed 0.

export function softmax(out: Data, x: Data, m: number, n: number): Data {
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j] > max) max = x[o + j];
    let s = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[o + j] - max);
      out[o + j] = e;
      s += e;
    }
    for (let j = 0; j < n; j++) out[o + j] /= s;
  }
  return out;
}

export function softmaxBackward(out: Data, y: Data, dy: Data, m: number, n: number): Data {
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let dot = 0;
    for (let j = 0; j < n; j++) dot += dy[o + j] * y[o + j];
    for (let j = 0; j < n; j++) out[o + j] = y[o + j] * (dy[o + j] - dot);
  }
  return out;
}

export function softmaxCrossEntropy(probs: Data, z: Data, t: Data, m: number, n: number): number {
  let total = 0;
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (z[o + j] > max) max = z[o + j];
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(z[o + j] - max);
    const logSum = Math.log(s);
    for (let j = 0; j < n; j++) {
      const logP = z[o + j] - max - logSum;
      probs[o + j] = Math.exp(logP);
      if (t[o + j] !== 0) total -= t[o + j] * logP;
    }
  }
  return total / m;
}

export function sigmoidCrossEntropy(probs: Data, z: Data, t: Data): number {
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    const x = z[i];
    // log(1 + e^−|x|) + max(x, 0) − x·t is −[t log σ(x) + (1 − t) log(1 − σ(x))] without overflow
    total += Math.max(x, 0) - x * t[i] + Math.log1p(Math.exp(-Math.abs(x)));
    probs[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
  return total / z.length;
}

const same = (v: number): number => v;

export function mse(dy: Data, y: Data, t: Data): number {
  // float32 data rounds where float32 ops would, float64 data nowhere (Note [mse rounding])
  const r = y instanceof Float32Array ? Math.fround : same;
  const g = r(1 / y.length);
  let s = 0;
  for (let j = 0; j < y.length; j++) {
    const d = r(y[j] - t[j]);
    s += r(d * d);
    dy[j] = 2 * d * g;
  }
  return r(r(s) * (1 / y.length));
}
