/**
 * The text of a tooltip: a connection's weight, or a neuron's weighted sum, bias and activation
 * written out with the current values at a probe point.
 */
import type { DataView, Snapshot } from '../protocol.js';
import type { Hit } from './network-view.js';

const ACT: Record<string, (z: number) => number> = {
  linear: (z) => z,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  'leaky-relu': (z) => (z > 0 ? z : 0.01 * z),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
  softplus: (z) => Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0),
  step: (z) => (z > 0 ? 1 : 0),
};

const f = (v: number): string => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

/** Every layer's pre-activations z and outputs a at one input row, in float64. */
export function forwardAt(snap: Snapshot, input: readonly number[]): { z: number[][]; a: number[][] } {
  const z: number[][] = [];
  const a: number[][] = [Array.from(input)];
  for (const layer of snap.layers) {
    const x = a[a.length - 1];
    const zl = Array.from({ length: layer.units }, (_, j) => x.reduce((s, v, i) => s + v * layer.weights[i * layer.units + j], layer.bias[j]));
    let al: number[];
    if (layer.activation === 'softmax') {
      const m = Math.max(...zl);
      const e = zl.map((v) => Math.exp(v - m));
      const sum = e.reduce((s, v) => s + v, 0);
      al = e.map((v) => v / sum);
    } else al = zl.map(ACT[layer.activation] ?? ((v: number) => v));
    z.push(zl);
    a.push(al);
  }
  return { z, a };
}

function name(data: DataView, layer: number, unit: number, snap: Snapshot): string {
  const layers = snap.layers.length;
  if (layer === 0) return data.inputs[unit];
  if (layer < layers) return `h${layer}.${unit + 1}`;
  if (!data.classes) return `output ${data.target}`;
  return snap.layers[layers - 1].units === 1 ? `output P(${data.classes[1]})` : `output ${data.classes[unit]}`;
}

/** The tooltip text for what is under the pointer; `where` describes the probe point. */
export function describe(hit: Hit, data: DataView, snap: Snapshot, input: readonly number[], where: string): string {
  if (hit.kind === 'weight') {
    const l = snap.layers[hit.layer];
    const w = l.weights[hit.from * l.units + hit.to];
    return `weight ${name(data, hit.layer, hit.from, snap)} → ${name(data, hit.layer + 1, hit.to, snap)}\nw = ${w}`;
  }
  const { layer, unit } = hit.neuron;
  const { z, a } = forwardAt(snap, input);
  const label = name(data, layer, unit, snap);
  if (layer === 0) return `input ${label}\nat ${where}: x = ${f(a[0][unit])} (scaled)`;
  const l = snap.layers[layer - 1];
  const x = a[layer - 1];
  const terms = x.map((v, i) => `${f(l.weights[i * l.units + unit])}·${f(v)}`);
  const shown = terms.length > 8 ? [...terms.slice(0, 8), `… (${terms.length - 8} more)`] : terms;
  const act = l.activation === 'softmax' ? `softmax(z)[${unit + 1}]` : `${l.activation}(z)`;
  return [
    `${label}: ${l.activation}, bias b = ${f(l.bias[unit])}`,
    `z = Σ wᵢ·xᵢ + b`,
    `at ${where}:`,
    `z = ${shown.join(' + ')} + ${f(l.bias[unit])}`,
    `  = ${f(z[layer - 1][unit])}`,
    `a = ${act} = ${f(a[layer][unit])}`,
  ].join('\n');
}
