/**
 * The text of a tooltip: a connection's weight, last gradient and last change; a bias; or a
 * neuron's weighted sum, bias and activation written out with the current values at a probe point.
 */
import { ACTIVATION_TABLE, ACTIVATIONS, type Activation, type ActivationEntry } from '../../../src/index.js';
import type { DataView, Snapshot } from '../protocol.js';
import { factor, num, plusTerm } from './format.js';
import type { Hit } from './network-view.js';

/** The element-wise activations' entries of the library's activation table (softmax is done across the layer). */
const ELEMENTWISE = ACTIVATIONS.flatMap((a) => {
  const { f, df } = ACTIVATION_TABLE[a] as ActivationEntry;
  return f && df ? [{ a, f, df }] : [];
});

/** Each activation as a float64 function, to write the values out: the library's reference (step(0) is 1). */
export const ACT: Record<string, (z: number) => number> = Object.fromEntries(ELEMENTWISE.map((e) => [e.a, e.f]));

/** Each activation's derivative f'(z), from z and a = f(z) (softmax's is taken with its loss, not here). */
export const DERIVATIVE: Record<string, (z: number, a: number) => number> = Object.fromEntries(ELEMENTWISE.map((e) => [e.a, e.df]));

/** The derivative written as a formula, for the step-through. */
export const DERIVATIVE_TEXT: Record<string, string> = Object.fromEntries(ACTIVATIONS.map((a) => [a, ACTIVATION_TABLE[a].formula.df]));

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
    `${l.activation}(z) = ${ACTIVATION_TABLE[l.activation as Activation]?.formula.f ?? '?'}`,
    `at ${where}:`,
    `z = ${shown.join(' + ')} ${plusTerm(num(l.bias[unit]), l.bias[unit])}`,
    `  = ${num(z[layer - 1][unit])}`,
    `a = ${act} = ${num(a[layer][unit])}`,
  ].join('\n');
}
