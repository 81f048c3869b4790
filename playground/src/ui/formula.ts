/**
 * The text of a tooltip: a connection's weight, last gradient and last change; a bias; or a
 * neuron's weighted sum, bias and activation written out with the current values at a probe point.
 */
import type { DataView, Snapshot } from '../protocol.js';
import { factor, num, plusTerm } from './format.js';
import type { Hit } from './network-view.js';

/** Each activation as a float64 function, to write the values out (softmax is done across the layer). */
export const ACT: Record<string, (z: number) => number> = {
  linear: (z) => z,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  'leaky-relu': (z) => (z > 0 ? z : 0.01 * z),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
  softplus: (z) => Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0),
  // the library's step is 1 at 0, as the perceptron rule counts z ≥ 0 as firing
  step: (z) => (z >= 0 ? 1 : 0),
};

/** Each activation's derivative f'(z), from z and a = f(z) (softmax's is taken with its loss, not here). */
export const DERIVATIVE: Record<string, (z: number, a: number) => number> = {
  linear: () => 1,
  sigmoid: (_, a) => a * (1 - a),
  tanh: (_, a) => 1 - a * a,
  relu: (z) => (z > 0 ? 1 : 0),
  'leaky-relu': (z) => (z > 0 ? 1 : 0.01),
  elu: (z, a) => (z > 0 ? 1 : a + 1),
  softplus: (z) => 1 / (1 + Math.exp(-z)),
  step: () => 0,
};

/** The derivative written as a formula, for the step-through. */
export const DERIVATIVE_TEXT: Record<string, string> = {
  linear: '1', sigmoid: 'a·(1 − a)', tanh: '1 − a²', relu: '1 if z > 0, else 0', 'leaky-relu': '1 if z > 0, else 0.01',
  elu: '1 if z > 0, else a + 1', softplus: 'sigmoid(z)', step: '0',
};

/** Every layer's pre-activations z and outputs a at one input row, in float64. */
export function forwardAt(snap: Snapshot, input: readonly number[]): { z: number[][]; a: number[][] } {
  const z: number[][] = [];
  const a: number[][] = [Array.from(input)];
  for (const layer of snap.layers) {
    const x = a[a.length - 1];
    const zl = Array.from({ length: layer.units }, (_, j) => x.reduce((s, v, i) => s + v * layer.weights[i * layer.units + j], layer.bias[j]));
    let al: number[];
    if (layer.activation === 'softmax') {
      const m = zl.reduce((p, v) => Math.max(p, v), -Infinity);
      const e = zl.map((v) => Math.exp(v - m));
      const sum = e.reduce((s, v) => s + v, 0);
      al = e.map((v) => v / sum);
    } else al = zl.map(ACT[layer.activation] ?? ((v: number) => v));
    z.push(zl);
    a.push(al);
  }
  return { z, a };
}

/** A neuron's name: the input's, `h2.3` (layer 2, neuron 3, both from 1) or the output's. */
export function neuronName(data: DataView, snap: Snapshot, layer: number, unit: number): string {
  const layers = snap.layers.length;
  if (layer === 0) return data.inputs[unit];
  if (layer < layers) return `h${layer}.${unit + 1}`;
  if (!data.classes) return `output ${data.target}`;
  return snap.layers[layers - 1].units === 1 ? `output P(${data.classes[1]})` : `output ${data.classes[unit]}`;
}

/** The last gradient and change of a weight or bias, in words. */
function history(grad: Float32Array | null, change: Float32Array | null, i: number, what: string): string[] {
  return [
    grad ? `last gradient ∂L/∂${what} = ${num(grad[i], 4)}` : `last gradient ∂L/∂${what}: none yet (train a step)`,
    change ? `last change Δ${what} = ${num(change[i], 4)}` : `last change Δ${what}: none yet`,
    'click to change it',
  ];
}

/** The tooltip text for what is under the pointer; `where` describes the probe point. */
export function describe(hit: Hit, data: DataView, snap: Snapshot, input: readonly number[], where: string): string {
  if (hit.kind === 'weight') {
    const l = snap.layers[hit.layer];
    const i = hit.from * l.units + hit.to;
    return [
      `weight ${neuronName(data, snap, hit.layer, hit.from)} → ${neuronName(data, snap, hit.layer + 1, hit.to)}`,
      `w = ${num(l.weights[i], 4)}`,
      ...history(l.gradWeights, l.changeWeights, i, 'w'),
    ].join('\n');
  }
  if (hit.kind === 'bias') {
    const l = snap.layers[hit.layer];
    return [`bias of ${neuronName(data, snap, hit.layer + 1, hit.unit)}`, `b = ${num(l.bias[hit.unit], 4)}`, ...history(l.gradBias, l.changeBias, hit.unit, 'b')].join('\n');
  }
  const { layer, unit } = hit.neuron;
  const { z, a } = forwardAt(snap, input);
  const label = neuronName(data, snap, layer, unit);
  if (layer === 0) return `input ${label}\nat ${where}: x = ${num(a[0][unit])} (scaled)`;
  const l = snap.layers[layer - 1];
  const x = a[layer - 1];
  const terms = x.map((v, i) => `${factor(l.weights[i * l.units + unit])}·${factor(v)}`);
  const shown = terms.length > 8 ? [...terms.slice(0, 8), `… (${terms.length - 8} more)`] : terms;
  const act = l.activation === 'softmax' ? `softmax(z)[${unit + 1}]` : `${l.activation}(z)`;
  return [
    `${label}: ${l.activation}, bias b = ${num(l.bias[unit])}`,
    'z = Σ wᵢ·xᵢ + b',
    `at ${where}:`,
    `z = ${shown.join(' + ')} ${plusTerm(num(l.bias[unit]), l.bias[unit])}`,
    `  = ${num(z[layer - 1][unit])}`,
    `a = ${act} = ${num(a[layer][unit])}`,
  ].join('\n');
}
