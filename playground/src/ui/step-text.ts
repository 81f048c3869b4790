/**
 * The step-through's stages and their text: the example, the forward pass layer by layer, the
 * loss, the backward pass from the output down, and the update, each written with its numbers.
 */
import type { DataView, Snapshot, Trace, TraceLayer } from '../protocol.js';
import { DERIVATIVE, DERIVATIVE_TEXT, neuronName } from './formula.js';
import { factor, inUnits, num, plusTerm } from './format.js';

export type Stage =
  | { kind: 'example' }
  | { kind: 'forward'; layer: number }
  | { kind: 'loss' }
  | { kind: 'backward'; layer: number }
  | { kind: 'update' };

/** The stages of a trace, in order (a perceptron has no backward pass: its rule uses the error directly). */
export function stagesOf(t: Trace): Stage[] {
  const n = t.layers.length;
  const forward = t.layers.map((_, layer): Stage => ({ kind: 'forward', layer }));
  const backward = t.perceptron ? [] : t.layers.map((_, i): Stage => ({ kind: 'backward', layer: n - 1 - i }));
  return [{ kind: 'example' }, ...forward, { kind: 'loss' }, ...backward, { kind: 'update' }];
}

/** How many inputs of a sum, and weights of a list, are written out before "…". */
const TERMS = 6;
const LISTED = 4;

interface Names {
  /** Name of unit `j` of network layer `l` (0: the inputs). */
  (l: number, j: number): string;
}

const namesOf = (data: DataView, snap: Snapshot): Names => (l, j) => neuronName(data, snap, l, j).replace(/^output /, '');

/** The stage's title and lines of text. */
export function stageText(s: Stage, t: Trace, data: DataView, snap: Snapshot): { title: string; lines: string[] } {
  const name = namesOf(data, snap);
  switch (s.kind) {
    case 'example': return exampleText(t, data, name);
    case 'forward': return forwardText(t, s.layer, name);
    case 'loss': return lossText(t, data, name);
    case 'backward': return backwardText(t, s.layer, name);
    case 'update': return updateText(t, name);
  }
}

function exampleText(t: Trace, data: DataView, name: Names): { title: string; lines: string[] } {
  return {
    title: 'The example',
    lines: [
      t.where,
      '',
      'The network sees its inputs scaled (x = (value − mean) / spread):',
      ...t.x.map((v, i) => `  ${name(0, i)}: x${i + 1} = ${num(v, 4)}`),
      `and learns to give the target t = [${t.t.map((v) => num(v, 4)).join(', ')}]` + (data.classes ? ` (the class ${classOf(t, data)})` : ''),
    ],
  };
}

function classOf(t: Trace, data: DataView): string {
  const k = t.t.length === 1 ? t.t[0] : t.t.indexOf(1);
  return `${data.target} = ${data.classes?.[k] ?? k}`;
}

const inputsOf = (t: Trace, l: number): number[] => (l === 0 ? t.x : t.layers[l - 1].a);

function sum(terms: string[]): string {
  return terms.length > TERMS ? `${terms.slice(0, TERMS).join(' + ')} + … (${terms.length - TERMS} more)` : terms.join(' + ');
}

function forwardText(t: Trace, l: number, name: Names): { title: string; lines: string[] } {
  const L = t.layers[l];
  const x = inputsOf(t, l);
  const lines = [`Each neuron adds up its inputs times their weights, plus its bias: z = Σ w·x + b; then a = ${L.activation}(z).`, ''];
  for (let j = 0; j < L.units; j++) {
    const terms = x.map((v, i) => `${factor(L.w[i * L.units + j])}·${factor(v)}`);
    lines.push(`${name(l + 1, j)}: z = ${sum(terms)} ${plusTerm(num(L.b[j]), L.b[j])} = ${num(L.z[j], 4)}`);
    const how = L.activation === 'softmax' ? `e^z${j + 1} / Σ e^z` : `${L.activation}(${num(L.z[j], 4)})`;
    lines.push(`${' '.repeat(name(l + 1, j).length)}  a = ${how} = ${num(L.a[j], 4)}`);
  }
  return { title: `Forward: layer ${l + 1} of ${t.layers.length}${l === t.layers.length - 1 ? ' (the output)' : ''}`, lines };
}

function lossText(t: Trace, data: DataView, name: Names): { title: string; lines: string[] } {
  const out = t.layers[t.layers.length - 1];
  const a = out.a;
  const lines: string[] = [];
  const k = t.t.indexOf(1);
  switch (t.loss) {
    case 'cross-entropy':
      lines.push('Cross-entropy: L = −Σ t·log a, which is −log of the probability given to the true class:', `L = −log(${num(a[k], 4)}) = ${num(t.lossValue, 4)}`);
      break;
    case 'binary-cross-entropy':
      lines.push('Binary cross-entropy: L = −[t·log a + (1 − t)·log(1 − a)]:', `L = −[${num(t.t[0])}·log(${num(a[0], 4)}) + ${num(1 - t.t[0])}·log(${num(1 - a[0], 4)})] = ${num(t.lossValue, 4)}`);
      break;
    case 'mse':
      lines.push('Mean squared error: L = mean of (a − t)² over the outputs:', `L = ${a.map((v, j) => `(${num(v, 4)} − ${factor(t.t[j], 4)})²`).join(' + ')}${a.length > 1 ? ` / ${a.length}` : ''} = ${num(t.lossValue, 4)}`);
      break;
    case 'mae':
      lines.push('Mean absolute error: L = mean of |a − t| over the outputs:', `L = ${a.map((v, j) => `|${num(v, 4)} − ${factor(t.t[j], 4)}|`).join(' + ')}${a.length > 1 ? ` / ${a.length}` : ''} = ${num(t.lossValue, 4)}`);
      break;
    default:
      lines.push('A perceptron has no loss to differentiate: its rule uses the error e = t − y of each output.',
        ...a.map((v, j) => `${name(t.layers.length, j)}: e = ${num(t.t[j])} − ${num(v)} = ${num(t.t[j] - v)}`));
  }
  if (data.targetScale) {
    const u = (v: number) => inUnits(v * data.targetScale!.scale + data.targetScale!.center);
    lines.push('', `In ${data.target}'s units: the prediction ${u(a[0])}, the target ${u(t.t[0])}.`);
  }
  return { title: t.perceptron ? 'The error' : 'The loss for this example', lines };
}

/** The output layer's δ = ∂L/∂z, written for its loss. */
function outputDelta(t: Trace, j: number): string {
  const L = t.layers[t.layers.length - 1];
  const [a, z, tj, d] = [L.a[j], L.z[j], t.t[j], (L.delta as number[])[j]];
  const n = L.units > 1 ? `/${L.units}` : '';
  if (t.loss === 'cross-entropy' || t.loss === 'binary-cross-entropy') return `δ = a − t = ${num(a, 4)} − ${factor(tj, 4)} = ${num(d, 4)}`;
  const fp = DERIVATIVE[L.activation]?.(z, a) ?? 1;
  const dl = t.loss === 'mse' ? `2·(a − t)${n}` : `sign(a − t)${n}`;
  const value = t.loss === 'mse' ? `2·(${num(a, 4)} − ${factor(tj, 4)})${n}` : `sign(${num(a, 4)} − ${factor(tj, 4)})${n}`;
  return `δ = ${dl} · f′(z) = ${value} · ${num(fp, 4)} = ${num(d, 4)}`;
}

function gradientLines(t: Trace, l: number, j: number, name: Names): string[] {
  const L = t.layers[l];
  const x = inputsOf(t, l);
  const rows = x.slice(0, LISTED).map((v, i) =>
    `    ∂L/∂w(${name(l, i)} → ${name(l + 1, j)}) = ${factor(v, 4)} · ${factor((L.delta as number[])[j], 4)} = ${num((L.gw as number[])[i * L.units + j], 4)}`);
  if (x.length > LISTED) rows.push(`    … ${x.length - LISTED} more: hover a connection`);
  rows.push(`    ∂L/∂b = δ = ${num((L.gb as number[])[j], 4)}`);
  return rows;
}

function backwardText(t: Trace, l: number, name: Names): { title: string; lines: string[] } {
  const L = t.layers[l];
  const last = l === t.layers.length - 1;
  const lines = last
    ? ['The error term δ = ∂L/∂z of each output neuron comes straight from the loss.', 'Each weight\'s gradient is ∂L/∂w = (the input it multiplies) · δ.', '']
    : [`δ flows back: δ = f′(z) · Σ (weight to the next layer) · (its δ), with f′(z) = ${DERIVATIVE_TEXT[L.activation] ?? '?'} for ${L.activation}.`, 'Then ∂L/∂w = (the input it multiplies) · δ.', ''];
  const next = t.layers[l + 1];
  for (let j = 0; j < L.units; j++) {
    if (last) lines.push(`${name(l + 1, j)}: ${outputDelta(t, j)}`);
    else {
      const fp = DERIVATIVE[L.activation]?.(L.z[j], L.a[j]) ?? 0;
      const terms = (next.delta as number[]).map((d, k) => `${factor(next.w[j * next.units + k])}·${factor(d, 4)}`);
      lines.push(`${name(l + 1, j)}: δ = ${num(fp, 4)} · [${sum(terms)}] = ${num((L.delta as number[])[j], 4)}`);
    }
    lines.push(...gradientLines(t, l, j, name));
  }
  return { title: `Backward: layer ${l + 1} of ${t.layers.length}${last ? ' (the output)' : ''}`, lines };
}

function updateText(t: Trace, name: Names): { title: string; lines: string[] } {
  const eta = num(t.lr);
  const rule = t.perceptron
    ? `The perceptron rule: w ← w + η·(t − y)·x and b ← b + η·(t − y), with η = ${eta}.`
    : `Gradient descent: w ← w − η·∂L/∂w, with the learning rate η = ${eta}.`;
  const reg = t.reg === 'l2' ? ` L2 adds λ·w to each weight's gradient (λ = ${num(t.regRate)}).`
    : t.reg === 'l1' ? ` Then L1 moves each weight η·λ = ${num(t.lr * t.regRate)} towards 0.` : '';
  const lines = [rule + reg, ''];
  t.layers.forEach((L: TraceLayer, l) => {
    lines.push(`Layer ${l + 1}:`);
    const shown = Math.min(L.w.length, LISTED + 2);
    for (let i = 0; i < shown; i++) {
      const [from, to] = [Math.floor(i / L.units), i % L.units];
      lines.push(`  w(${name(l, from)} → ${name(l + 1, to)}): ${updateOf(t, L, l, i)}`);
    }
    if (L.w.length > shown) lines.push(`  … ${L.w.length - shown} more weights: hover a connection`);
    lines.push(`  biases: ${L.b.map((b, j) => `${num(b, 4)} → ${num(L.bAfter[j], 5)}`).slice(0, 4).join(', ')}${L.units > 4 ? ', …' : ''}`);
  });
  return { title: 'The update', lines };
}

/** One weight's update written out: w − η·g (with L2's λ·w), then L1's pull towards 0. */
function updateOf(t: Trace, L: TraceLayer, l: number, i: number): string {
  const [from, to] = [Math.floor(i / L.units), i % L.units];
  const eta = num(t.lr);
  if (!L.gw) return `${num(L.w[i], 4)} + ${eta}·${factor(t.t[to] - L.a[to])}·${factor(inputsOf(t, l)[from], 4)} = ${num(L.wAfter[i], 5)}`;
  if (t.reg === 'l2') return `${num(L.w[i], 4)} − ${eta}·(${num(L.gw[i], 4)} ${plusTerm(`${num(t.regRate)}·${factor(L.w[i], 4)}`, 1)}) = ${num(L.wAfter[i], 5)}`;
  const plain = `${num(L.w[i], 4)} − ${eta}·${factor(L.gw[i], 4)}`;
  if (t.reg === 'l1') return `${plain} = ${num(L.w[i] - t.lr * L.gw[i], 5)}, towards 0: ${num(L.wAfter[i], 5)}`;
  return `${plain} = ${num(L.wAfter[i], 5)}`;
}
