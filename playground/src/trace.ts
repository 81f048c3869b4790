/**
 * One training example through the network, step by step, computed by the library itself: the
 * forward pass layer by layer (z = x·W + b, a = f(z)), the loss, backpropagation by autograd
 * (δ = ∂L/∂z of every layer, ∂L/∂W, ∂L/∂b) and one update of plain gradient descent by the
 * library's `sgd` optimizer, on a copy of the network so the real one changes only when asked.
 */
import {
  activate, backward, lossFromLogits, Network, Optimizer, scope, Tensor, Trainer, type Dense, type Loss,
} from '../../src/index.js';
import type { Trace, TraceLayer } from './protocol.js';
import type { Regularizer } from './settings.js';

/** How the example is trained. */
export interface TraceOptions {
  readonly loss: Loss;
  readonly lr: number;
  readonly reg: Regularizer;
  readonly regRate: number;
  readonly perceptron: boolean;
}

/** The network's dense layers alone (dropout is off for one example), with the same weights. */
function copyOf(net: Network): Network {
  const copy = new Network({ inputs: net.inputs, layers: net.dense.map((d) => ({ units: d.units, activation: d.activation })) });
  copy.dense.forEach((d, i) => {
    d.weights.data.set(net.dense[i].weights.data);
    d.bias.data.set(net.dense[i].bias.data);
  });
  return copy;
}

/** L1's step: every weight moves η·λ towards 0 and stops there (the gradient of λ·|w|, not past 0). */
export function shrinkL1(layers: readonly Dense[], amount: number): void {
  for (const l of layers) {
    const w = l.weights.data;
    for (let i = 0; i < w.length; i++) w[i] = Math.sign(w[i]) * Math.max(0, Math.abs(w[i]) - amount);
  }
}

const list = (d: ArrayLike<number> | null): number[] | null => (d === null ? null : Array.from(d));

/** Forward, loss, backward and update of one example (`x`: its inputs, `t`: its targets as the outputs see them). */
export function traceExample(
  net: Network, x: Float32Array, t: Float32Array, o: TraceOptions, row: number, where: string, point: [number, number] | null = null,
): Trace {
  const copy = copyOf(net);
  const layers = copy.dense;
  const before = layers.map((l) => ({ w: Array.from(l.weights.data), b: Array.from(l.bias.data) }));
  const optimizer = o.perceptron ? null : new Optimizer('sgd', copy.parameters(), { lr: o.lr, weightDecay: o.reg === 'l2' ? o.regRate : 0 });
  const found = scope(() => {
    let h = new Tensor(Float32Array.from(x), [1, copy.inputs]);
    const z: Tensor[] = [];
    const a: Tensor[] = [];
    for (const l of layers) {
      z.push(l.linear(h));
      a.push(activate(l.activation, z[z.length - 1]));
      h = a[a.length - 1];
    }
    const forward = { z: z.map((v) => Array.from(v.data)), a: a.map((v) => Array.from(v.data)) };
    if (!optimizer) return { ...forward, value: NaN, delta: layers.map(() => null) };
    optimizer.zeroGrad();
    const loss = lossFromLogits(o.loss, copy.output.activation, z[z.length - 1], new Tensor(Float32Array.from(t), [1, copy.outputs]));
    backward(loss);
    return { ...forward, value: loss.item(), delta: z.map((v) => list(v.grad)) };
  });
  const grads = layers.map((l) => ({ w: optimizer ? list(l.weights.grad) : null, b: optimizer ? list(l.bias.grad) : null }));
  if (optimizer) {
    optimizer.step();
    if (o.reg === 'l1') shrinkL1(layers, o.lr * o.regRate);
  } else {
    // the perceptron rule, as the library's training applies it: one row, one step
    new Trainer(copy, { data: x, rows: 1, cols: copy.inputs }, { data: t, rows: 1, cols: copy.outputs }, { lr: o.lr, batchSize: 1, shuffle: false }).step();
  }
  const traced: TraceLayer[] = layers.map((l, i) => ({
    activation: l.activation, inputs: l.inputs, units: l.units, w: before[i].w, b: before[i].b, z: found.z[i], a: found.a[i],
    delta: found.delta[i], gw: grads[i].w, gb: grads[i].b, wAfter: Array.from(l.weights.data), bAfter: Array.from(l.bias.data),
  }));
  let value = found.value;
  if (o.perceptron) {
    // the perceptron's own measure: the squared error of its 0/1 outputs
    const y = found.a[found.a.length - 1];
    value = y.reduce((s, v, j) => s + (t[j] - v) ** 2, 0) / y.length;
  }
  return {
    row, where, point, x: Array.from(x), t: Array.from(t), loss: o.perceptron ? 'perceptron' : o.loss, lossValue: value, lr: o.lr,
    reg: o.perceptron ? 'none' : o.reg, regRate: o.regRate, perceptron: o.perceptron, layers: traced,
  };
}
