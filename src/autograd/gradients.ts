import type { Data, ReduceOp, UnaryOp } from '../backend/kernels.js';
import { UNARY_OPS } from '../backend/kernels.js';
import type { ConvWindow, Window2d } from '../backend/window.js';
import { kernels } from '../backend/registry.js';
import { NeuriteError } from '../core/errors.js';
import type { BroadcastPlan } from '../ops/broadcast.js';
import type { ReducePlan } from '../ops/reduce.js';
import { allocate } from '../tensor/memory.js';
import type { Node, Tensor } from '../tensor/tensor.js';
import { reduceTo } from './reduce-to.js';

/** A derivative rule: given the node, its output y and dL/dy, the gradient for each input (null: none). */
export type GradientRule = (node: Node, y: Tensor, dy: Data) => (Data | null)[];

const k = () => kernels();
const like = (x: Tensor): Data => allocate(x.size, x.dtype);

/** dy ∘ f(a, b) over the broadcast output, then summed back to the operand's shape. */
function times(node: Node, dy: Data, f: (out: Data, p: BroadcastPlan) => void, which: 0 | 1): Data {
  const p = node.saved.plan as BroadcastPlan;
  const full = allocate(p.m * p.n, node.inputs[0].dtype);
  f(full, p);
  k().binary('mul', full, full, 'full', dy, 'full', p.m, p.n);
  return reduceTo(full, which === 0 ? p.aMode : p.bMode, p.m, p.n, node.inputs[which]);
}

function unaryRule(op: UnaryOp): GradientRule {
  return ({ inputs: [x] }, y, dy) => {
    if (op === 'step') {
      throw new NeuriteError(
        'step has no gradient: its derivative is 0 wherever it exists, so backpropagation cannot train through it; ' +
          'use sigmoid or tanh, or a single-layer network, which trains with the perceptron rule',
        { where: 'step', expected: 'a differentiable activation', received: 'step' },
      );
    }
    return [k().unaryBackward(op, like(x), x.data, y.data, dy)];
  };
}

function reduceRule(op: ReduceOp): GradientRule {
  return ({ inputs: [x], saved }, y, dy) => {
    const { outer, dim, inner } = saved.view as ReducePlan;
    return [k().reduceBackward(op, like(x), x.data, y.data, dy, outer, dim, inner)];
  };
}

/** The derivative table: one rule per op, the calculus in the comment. */
export const GRADIENTS: Record<string, GradientRule> = {
  // d(a + b) = da + db; a broadcast operand sums the gradient over the axes it was repeated on
  add: (node, _y, dy) => {
    const p = node.saved.plan as BroadcastPlan;
    return [reduceTo(dy, p.aMode, p.m, p.n, node.inputs[0]), reduceTo(dy, p.bMode, p.m, p.n, node.inputs[1])];
  },
  // d(a − b) = da − db
  sub: (node, _y, dy) => {
    const p = node.saved.plan as BroadcastPlan;
    const db = reduceTo(dy, p.bMode, p.m, p.n, node.inputs[1]);
    return [reduceTo(dy, p.aMode, p.m, p.n, node.inputs[0]), k().affine(db, db, -1, 0)];
  },
  // d(a·b) = b·da + a·db
  mul: (node, _y, dy) => {
    const [a, b] = node.inputs;
    return [
      a.requiresGrad ? times(node, dy, (o, p) => expand(o, b.data, p.bMode, p), 0) : null,
      b.requiresGrad ? times(node, dy, (o, p) => expand(o, a.data, p.aMode, p), 1) : null,
    ];
  },
  // d(a/b) = (1/b)·da − (a/b²)·db = (1/b)·da − (y/b)·db
  div: (node, y, dy) => {
    const [a, b] = node.inputs;
    return [
      a.requiresGrad ? times(node, dy, (o, p) => k().binary('div', o, expand(o, ONE, 'scalar', p), 'full', b.data, p.bMode, p.m, p.n), 0) : null,
      b.requiresGrad ? times(node, dy, (o, p) => k().affine(o, k().binary('div', o, y.data, 'full', b.data, p.bMode, p.m, p.n), -1, 0), 1) : null,
    ];
  },
  // d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·ln a·db
  pow: (node, y, dy) => {
    const [a, b] = node.inputs;
    return [
      a.requiresGrad ? times(node, dy, (o, p) => {
        k().affine(o, expand(o, b.data, p.bMode, p), 1, -1); // b − 1
        k().binary('pow', o, a.data, p.aMode, o, 'full', p.m, p.n); // aᵇ⁻¹
        k().binary('mul', o, o, 'full', b.data, p.bMode, p.m, p.n); // b·aᵇ⁻¹
      }, 0) : null,
      b.requiresGrad ? times(node, dy, (o, p) => {
        k().unary('log', o, expand(o, a.data, p.aMode, p)); // ln a
        k().binary('mul', o, o, 'full', y.data, 'full', p.m, p.n); // aᵇ·ln a
      }, 1) : null,
    ];
  },
  // C = op(A)·op(B): dop(A) = dC·op(B)ᵀ, dop(B) = op(A)ᵀ·dC (stored transposed when A or B was)
  matmul: ({ inputs: [a, b], saved }, _y, dy) => {
    const { m, k: kk, n, transposeA: tA, transposeB: tB } = saved as { m: number; k: number; n: number; transposeA: boolean; transposeB: boolean };
    const da = a.requiresGrad
      ? tA ? k().matmul(like(a), b.data, dy, kk, n, m, tB, true) : k().matmul(like(a), dy, b.data, m, n, kk, false, !tB)
      : null;
    const db = b.requiresGrad
      ? tB ? k().matmul(like(b), dy, a.data, n, m, kk, true, tA) : k().matmul(like(b), a.data, dy, kk, m, n, !tA, false)
      : null;
    return [da, db];
  },
  sum: reduceRule('sum'),
  max: reduceRule('max'),
  // d(c·x) = c·dx
  scale: ({ inputs: [x], saved }, _y, dy) => [k().affine(like(x), dy, saved.factor as number, 0)],
  // softmax: dx = y ∘ (dy − Σ dy·y), row by row
  softmax: ({ inputs: [x], saved }, y, dy) => [k().softmaxBackward(like(x), y.data, dy, saved.m as number, saved.n as number)],
  // L = −(1/m) Σ t·log softmax(z): dL/dz = (softmax(z) − t)/m when each row of t sums to 1;
  // dL/dt = −log softmax(z)/m
  softmaxCrossEntropy: ({ inputs: [z, t], saved }, _y, dy) => {
    const probs = (saved.probs as Tensor).data;
    const scale = dy[0] / (saved.m as number);
    const dz = k().binary('sub', like(z), probs, 'full', t.data, 'full', 1, z.size);
    return [k().affine(dz, dz, scale, 0), t.requiresGrad ? logGrad(like(t), probs, -scale) : null];
  },
  // L = mean(max(z,0) − z·t + log(1+e^−|z|)): dL/dz = (σ(z) − t)/N, dL/dt = −z/N
  sigmoidCrossEntropy: ({ inputs: [z, t], saved }, _y, dy) => {
    const scale = dy[0] / z.size;
    const dz = k().binary('sub', like(z), (saved.probs as Tensor).data, 'full', t.data, 'full', 1, z.size);
    return [k().affine(dz, dz, scale, 0), t.requiresGrad ? k().affine(like(t), z.data, -scale, 0) : null];
  },
  // L = mean((y − t)²): dL/dy = 2(y − t)/N, which the kernel wrote beside the loss; dL/dt = −dL/dy
  meanSquaredError: ({ inputs: [y, t], saved }, _y, dy) => {
    const g = (saved.dy as Tensor).data;
    return [k().binary('mul', like(y), g, 'full', dy, 'scalar', 1, y.size), t.requiresGrad ? k().affine(like(t), g, -dy[0], 0) : null];
  },
  // a reshape moves no values: the gradient is dy itself
  reshape: ({ inputs: [x] }, _y, dy) => [k().copy(like(x), dy)],
  // y[p, f] = Σ_{cells q of p's window, c} x[q, c]·w[q − p, c, f]: dx[q, c] = Σ_{p, f} dy[p, f]·w[q − p, c, f]
  // over the windows p covering q, dw[r, c, f] = Σ_p x[p + r, c]·dy[p, f]
  conv2d: ({ inputs: [x, w], saved }, _y, dy) => {
    const g = saved.window as ConvWindow;
    return [
      x.requiresGrad ? k().conv2dBackwardInput(like(x), dy, w.data, g) : null,
      w.requiresGrad ? k().conv2dBackwardFilter(like(w), x.data, dy, g) : null,
    ];
  },
  // y[p] = max over p's window: dx = dy at the (first) cell holding the maximum, 0 elsewhere
  maxPool2d: ({ inputs: [x], saved }, y, dy) => [k().maxPool2dBackward(like(x), x.data, y.data, dy, saved.window as Window2d)],
  // y[p] = (1/n_p) Σ x over p's n_p cells inside the image: each of them gets dy[p]/n_p
  avgPool2d: ({ inputs: [x], saved }, _y, dy) => [k().avgPool2dBackward(like(x), dy, saved.window as Window2d)],
};
for (const op of UNARY_OPS) GRADIENTS[op] = unaryRule(op);

const ONE = new Float64Array([1]);
const ZERO = new Float64Array([0]);

/** Writes x, read as `mode`, over the whole [m, n] output o. */
function expand(o: Data, x: Data, mode: BroadcastPlan['aMode'], p: BroadcastPlan): Data {
  return k().binary('add', o, x, mode, ZERO, 'scalar', p.m, p.n);
}

function logGrad(out: Data, probs: Data, scale: number): Data {
  for (let i = 0; i < out.length; i++) out[i] = scale * Math.log(probs[i]);
  return out;
}
