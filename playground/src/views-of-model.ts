/**
 * What the worker computes for drawing, from the network as it is: outputs over the plane, each
 * neuron's output on a coarse grid, and the regression costs in the target's units.
 */
import { noGrad, scope, Tensor, type Network } from '../../src/index.js';
import type { Prepared } from './data.js';
import { encodePoint } from './features.js';
import type { Costs, Plane } from './protocol.js';

/** The network's inputs on an n × n grid over the plane, row by row from the top. */
export function gridInputs(plane: Plane, n: number): Float32Array {
  const [x0, x1, y0, y1] = plane.extent;
  const k = plane.inputs.kinds.length;
  const out = new Float32Array(n * n * k);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const x = x0 + ((c + 0.5) / n) * (x1 - x0);
      const y = y1 - ((r + 0.5) / n) * (y1 - y0);
      encodePoint(plane.inputs, x, y, out, k * (r * n + c));
    }
  }
  return out;
}

/** The outputs on a grid; a regression's in the target's own units, as the points are coloured. */
export function regionOf(net: Network, p: Prepared, grid: Float32Array, cells: number): Float32Array {
  const y = net.predictFlat(grid, cells);
  return p.preprocessor.task === 'regression' ? Float32Array.from(p.preprocessor.decodeTarget(y)) : y;
}

/** The inputs and every dense layer's outputs for rows of inputs (dropout is off outside training). */
export function layerOutputs(net: Network, x: Float32Array, rows: number): Float32Array[] {
  const out = [Float32Array.from(x)];
  scope(() => noGrad(() => {
    let h = new Tensor(x, [rows, net.inputs]);
    for (const l of net.dense) {
      h = l.forward(h);
      out.push(Float32Array.from(h.data));
    }
  }));
  return out;
}

/** The smallest and largest of some values, in one pass. */
export function valueRange(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Rows the costs are measured on at most (an even sample of a larger training part). */
const COST_ROWS = 2000;

/**
 * ME, MSE and MAE of a regression on (a sample of) the training rows, in the target's units.
 * The mean error lets positive and negative errors cancel, so it can be near 0 for a bad model.
 */
export function costsOf(net: Network, p: Prepared, train: Uint32Array): Costs | null {
  if (p.preprocessor.task !== 'regression') return null;
  const n = Math.min(COST_ROWS, train.length);
  const cols = p.x.cols;
  const x = new Float32Array(n * cols);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = train[Math.floor((i * train.length) / n)];
    x.set(p.x.data.subarray(row * cols, (row + 1) * cols), i * cols);
    truth[i] = p.values[row];
  }
  const y = p.preprocessor.decodeTarget(net.predictFlat(x, n));
  let me = 0;
  let mse = 0;
  let mae = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - truth[i];
    me += e;
    mse += e * e;
    mae += Math.abs(e);
  }
  return { me: me / n, mse: mse / n, mae: mae / n, rows: n };
}
