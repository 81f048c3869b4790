import type { BinaryOp, Broadcast, Data, UnaryOp } from '../kernels.js';
import { UNARY } from './derivatives.js';

export function fill(out: Data, value: number): Data {
  return out.fill(value);
}

export function copy(out: Data, x: Data): Data {
  out.set(x);
  return out;
}

export function affine(out: Data, x: Data, a: number, b: number): Data {
  for (let i = 0; i < x.length; i++) out[i] = x[i] * a + b;
  return out;
}

export function axpy(out: Data, a: number, x: Data): Data {
  for (let i = 0; i < x.length; i++) out[i] += a * x[i];
  return out;
}

export function unary(op: UnaryOp, out: Data, x: Data): Data {
  const f = UNARY[op].f;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

export function unaryBackward(op: UnaryOp, out: Data, x: Data, y: Data, dy: Data): Data {
  const df = UNARY[op].df;
  for (let i = 0; i < dy.length; i++) out[i] = df(x[i], y[i]) * dy[i];
  return out;
}

const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
};

/** Index of element (i, j) of an [m, n] output in an operand read as `mode`. */
function index(mode: Broadcast, i: number, j: number, n: number): number {
  switch (mode) {
    case 'full': return i * n + j;
    case 'row': return j;
    case 'col': return i;
    case 'scalar': return 0;
  }
}

export function binary(op: BinaryOp, out: Data, a: Data, aMode: Broadcast, b: Data, bMode: Broadcast, m: number, n: number): Data {
  const f = BINARY[op];
  if (aMode === 'full' && bMode === 'full') {
    for (let i = 0; i < m * n; i++) out[i] = f(a[i], b[i]);
    return out;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = f(a[index(aMode, i, j, n)], b[index(bMode, i, j, n)]);
  }
  return out;
}

export function allFinite(x: Data): boolean {
  // x − x is 0 for a finite x and NaN for NaN or ±∞, and NaN stays NaN through the sum
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] - x[i];
  return s === 0;
}

export function sumSquares(x: Data): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}
