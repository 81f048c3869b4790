/**
 * The network drawn as neurons and connections. A connection's colour is the sign of its weight
 * (or of its last gradient, or of its last change) and its thickness the size; each neuron shows
 * its own output over the plane as a small heat-map, and its bias as a small square at its corner.
 * Hit-testing finds the neuron, bias or connection under the pointer.
 */
import type { ColorBy } from '../settings.js';
import type { DataView, LayerView, Snapshot } from '../protocol.js';
import { NEURON_GRID } from '../protocol.js';
import { classColor, css, diverging, tint } from './colors.js';

/** A neuron's place: layer 0 is the inputs. */
export interface NeuronAt {
  readonly layer: number;
  readonly unit: number;
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** What is under the pointer; `layer` of a weight or bias is the dense layer (0 is the first after the inputs). */
export type Hit =
  | { kind: 'neuron'; neuron: NeuronAt }
  | { kind: 'weight'; layer: number; from: number; to: number }
  | { kind: 'bias'; layer: number; unit: number };

/** Room for the names of the inputs (left) and outputs (right). */
export interface Margins {
  readonly left: number;
  readonly right: number;
}

/** Where every neuron sits for a network of these widths in a canvas of this size. */
export function layout(widths: readonly number[], w: number, h: number, m: Margins): NeuronAt[][] {
  const inner = w - m.left - m.right;
  const gap = inner / widths.length;
  const largest = Math.max(1, ...widths);
  const size = Math.max(8, Math.min(40, (h - 20) / largest - 6));
  return widths.map((n, layer) => {
    const step = Math.min(size + 8, (h - 10) / n);
    const top = (h - step * (n - 1)) / 2;
    return Array.from({ length: n }, (_, unit) => ({ layer, unit, x: m.left + gap * (layer + 0.5), y: top + step * unit, size }));
  });
}

/** The values a colour mode shows for a layer's weights and biases (null: nothing known yet). */
function shown(l: LayerView, by: ColorBy): [Float32Array | null, Float32Array | null] {
  if (by === 'gradient') return [l.gradWeights, l.gradBias];
  if (by === 'change') return [l.changeWeights, l.changeBias];
  return [l.weights, l.bias];
}

/** The scale of each layer's colours: its own largest weight, or the largest gradient or change of the whole network (so small ones look small). */
function scales(layers: readonly LayerView[], by: ColorBy): number[] {
  const largest = (d: Float32Array | null) => (d ? d.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-12) : 1e-12);
  const own = layers.map((l) => Math.max(...shown(l, by).map(largest)));
  if (by === 'weight') return own;
  const all = Math.max(...own);
  return own.map(() => all);
}

const tile = typeof document === 'undefined' ? null : document.createElement('canvas');
if (tile) tile.width = tile.height = NEURON_GRID;

/** A neuron's heat-map: outputs scaled by their largest size (softmax and sigmoid outputs in their class colour). */
function heatMap(values: Float32Array, units: number, unit: number, probability: boolean, k: number): ImageData {
  const n = NEURON_GRID * NEURON_GRID;
  let scale = 1e-9;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(values[i * units + unit]));
  const img = new ImageData(NEURON_GRID, NEURON_GRID);
  for (let i = 0; i < n; i++) {
    const v = values[i * units + unit];
    const c = probability ? tint(classColor(k), v) : diverging(v / scale);
    img.data.set([c[0], c[1], c[2], 255], i * 4);
  }
  return img;
}

/** Where a connection starts and ends. */
const ends = (a: NeuronAt, b: NeuronAt): [number, number, number, number] => [a.x + a.size / 2, a.y, b.x - b.size / 2, b.y];

/** The corner square of a neuron's bias. */
export function biasBox(p: NeuronAt): [number, number, number] {
  const s = Math.max(5, p.size / 3);
  return [p.x - p.size / 2 - s * 0.6, p.y + p.size / 2 - s * 0.4, s];
}

/** What the step-through highlights: one layer's neurons or connections. */
export interface Highlight {
  readonly neurons?: number;
  readonly connections?: number;
  /** Numbers written beside the neurons of one layer (a, or δ). */
  readonly labels?: { readonly layer: number; readonly text: readonly string[] };
}

function drawConnections(g: CanvasRenderingContext2D, at: NeuronAt[][], snap: Snapshot, by: ColorBy, hi: Highlight | null): void {
  const scale = scales(snap.layers, by);
  snap.layers.forEach((layer, l) => {
    const [values] = shown(layer, by);
    const dim = hi !== null && hi.connections !== l;
    for (const a of at[l]) {
      for (const b of at[l + 1]) {
        const r = values ? values[a.unit * layer.units + b.unit] / scale[l] : 0;
        g.globalAlpha = dim ? 0.25 : 1;
        g.strokeStyle = values ? css(diverging(Math.sign(r) * (0.25 + 0.75 * Math.abs(r)))) : '#d5d9df';
        g.lineWidth = 0.3 + 4.5 * Math.abs(r) ** 1.5;
        const [x0, y0, x1, y1] = ends(a, b);
        g.beginPath();
        g.moveTo(x0, y0);
        g.lineTo(x1, y1);
        g.stroke();
      }
    }
  });
  g.globalAlpha = 1;
}

function drawNeuron(g: CanvasRenderingContext2D, p: NeuronAt, data: DataView, snap: Snapshot, widths: number[]): void {
  const x = p.x - p.size / 2;
  const y = p.y - p.size / 2;
  const last = widths.length - 1;
  if (snap.neurons && tile) {
    const probability = p.layer === last && data.task === 'classification';
    const k = widths[last] === 1 ? 1 : p.unit;
    tile.getContext('2d')!.putImageData(heatMap(snap.neurons[p.layer], widths[p.layer], p.unit, probability, k), 0, 0);
    g.imageSmoothingEnabled = true;
    g.drawImage(tile, x, y, p.size, p.size);
  } else {
    g.fillStyle = '#e8ebf0';
    g.fillRect(x, y, p.size, p.size);
  }
}

function drawBias(g: CanvasRenderingContext2D, p: NeuronAt, snap: Snapshot, by: ColorBy, scale: number[]): void {
  const layer = snap.layers[p.layer - 1];
  const [, values] = shown(layer, by);
  const [bx, by0, s] = biasBox(p);
  const r = values ? values[p.unit] / scale[p.layer - 1] : 0;
  g.fillStyle = values ? css(diverging(Math.max(-1, Math.min(1, r)))) : '#fff';
  g.fillRect(bx, by0, s, s);
  g.lineWidth = 1;
  g.strokeStyle = '#5b6470';
  g.strokeRect(bx, by0, s, s);
}

/** Draws the whole network; `selected` gets a ring, `hi` dims what the step-through is not showing. */
export function drawNetwork(
  canvas: HTMLCanvasElement, data: DataView, snap: Snapshot, selected: NeuronAt | null, by: ColorBy, hi: Highlight | null,
): NeuronAt[][] {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.font = '11px system-ui';
  const names = labelsOf(data, snap);
  const margins = { left: textWidth(g, names.inputs) + 8, right: textWidth(g, names.outputs) + 8 };
  const widths = [data.inputs.length, ...snap.layers.map((l) => l.units)];
  const at = layout(widths, canvas.width, canvas.height, margins);
  g.clearRect(0, 0, canvas.width, canvas.height);
  drawConnections(g, at, snap, by, hi);
  const scale = scales(snap.layers, by);
  at.forEach((column) => {
    for (const p of column) {
      g.globalAlpha = hi && hi.neurons !== undefined && hi.neurons !== p.layer ? 0.35 : 1;
      drawNeuron(g, p, data, snap, widths);
      if (p.layer > 0) drawBias(g, p, snap, by, scale);
      const ring = selected && selected.layer === p.layer && selected.unit === p.unit;
      g.lineWidth = ring ? 3 : hi?.neurons === p.layer ? 2 : 1;
      g.strokeStyle = ring ? '#f5a623' : hi?.neurons === p.layer ? '#0a5fb4' : '#5b6470';
      g.strokeRect(p.x - p.size / 2, p.y - p.size / 2, p.size, p.size);
    }
  });
  g.globalAlpha = 1;
  drawLabels(g, at, names);
  if (hi?.labels) drawValues(g, at[hi.labels.layer] ?? [], hi.labels.text, hi.labels.layer === at.length - 1);
  return at;
}

/** The step-through's numbers beside its layer's neurons, on a white ground so they read over the lines. */
function drawValues(g: CanvasRenderingContext2D, column: NeuronAt[], text: readonly string[], rightmost: boolean): void {
  g.font = 'bold 11px ui-monospace, monospace';
  column.forEach((p, i) => {
    const t = text[i] ?? '';
    const w = g.measureText(t).width + 4;
    // beside the neuron, towards the next layer (before it, for the output layer, whose names are after it)
    const x = rightmost ? p.x - p.size / 2 - w - 10 : p.x + p.size / 2 + 2;
    g.fillStyle = 'rgba(255,255,255,0.92)';
    g.fillRect(x, p.y - 7, w, 14);
    g.fillStyle = '#0a3d73';
    g.fillText(t, x + 2, p.y + 4);
  });
}

/** The names beside the input and output neurons. */
function labelsOf(data: DataView, snap: Snapshot): { inputs: string[]; outputs: string[] } {
  const units = snap.layers[snap.layers.length - 1]?.units ?? 0;
  const outputs = Array.from({ length: units }, (_, k) =>
    data.classes ? (units === 1 ? `P(${data.classes[1]})` : data.classes[k]) : data.target);
  return { inputs: data.inputs.map(short), outputs: outputs.map(short) };
}

/** Long names are cut in the middle (the tooltip has them whole). */
const short = (s: string): string => (s.length > 18 ? `${s.slice(0, 9)}…${s.slice(-7)}` : s);

const textWidth = (g: CanvasRenderingContext2D, names: string[]): number => Math.max(0, ...names.map((n) => g.measureText(n).width));

function drawLabels(g: CanvasRenderingContext2D, at: NeuronAt[][], names: { inputs: string[]; outputs: string[] }): void {
  g.fillStyle = '#1b1f24';
  g.font = '11px system-ui';
  g.textAlign = 'right';
  at[0].forEach((p) => {
    if (p.size >= 10) g.fillText(names.inputs[p.unit], p.x - p.size / 2 - 4, p.y + 4);
  });
  g.textAlign = 'left';
  at[at.length - 1].forEach((p) => {
    if (p.size >= 10) g.fillText(names.outputs[p.unit], p.x + p.size / 2 + 4, p.y + 4);
  });
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The bias or neuron under a point of the canvas, else the nearest connection within 4 px. */
export function hitTest(at: NeuronAt[][], x: number, y: number): Hit | null {
  for (const column of at) {
    for (const p of column) {
      if (p.layer > 0) {
        const [bx, by, s] = biasBox(p);
        if (x >= bx - 1 && x <= bx + s + 1 && y >= by - 1 && y <= by + s + 1) return { kind: 'bias', layer: p.layer - 1, unit: p.unit };
      }
      if (Math.abs(x - p.x) <= p.size / 2 && Math.abs(y - p.y) <= p.size / 2) return { kind: 'neuron', neuron: p };
    }
  }
  let best: Hit | null = null;
  let bestD = 4;
  for (let l = 0; l + 1 < at.length; l++) {
    for (const a of at[l]) {
      for (const b of at[l + 1]) {
        const d = segmentDistance(x, y, ...ends(a, b));
        if (d < bestD) [bestD, best] = [d, { kind: 'weight', layer: l, from: a.unit, to: b.unit }];
      }
    }
  }
  return best;
}
