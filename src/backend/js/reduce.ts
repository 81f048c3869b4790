import type { Data, ReduceOp } from '../kernels.js';

export function reduce(op: ReduceOp, out: Data, x: Data, outer: number, dim: number, inner: number): Data {
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * dim * inner + q;
      let acc = op === 'sum' ? 0 : -Infinity;
      for (let d = 0; d < dim; d++) {
        const v = x[base + d * inner];
        if (op === 'sum') acc += v;
        else if (v > acc || Number.isNaN(v)) acc = v;
      }
      out[o * inner + q] = acc;
    }
  }
  return out;
}

export function reduceBackward(op: ReduceOp, out: Data, x: Data, y: Data, dy: Data, outer: number, dim: number, inner: number): Data {
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * dim * inner + q;
      const g = dy[o * inner + q];
      if (op === 'sum') {
        for (let d = 0; d < dim; d++) out[base + d * inner] = g;
        continue;
      }
      // max: the gradient goes to the first element equal to the maximum, as argmax would pick
      let given = false;
      for (let d = 0; d < dim; d++) {
        const at = base + d * inner;
        const hit = !given && (x[at] === y[o * inner + q] || Number.isNaN(x[at]));
        out[at] = hit ? g : 0;
        if (hit) given = true;
      }
    }
  }
  return out;
}
