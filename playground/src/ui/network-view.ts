/**
 * The network drawn as neurons and connections: a connection's colour is its weight's sign and
 * its thickness the weight's size; each neuron shows its own output over the plane as a small
 * heat-map. Hit-testing finds the neuron or connection under the pointer.
 */
import type { DataView, Snapshot } from '../protocol.js';
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

/** What is under the pointer. */
export type Hit = { kind: 'neuron'; neuron: NeuronAt } | { kind: 'weight'; layer: number; from: number; to: number };

/** Where every neuron sits for a network of these widths in a canvas of this size. */
export function layout(widths: readonly number[], w: number, h: number): NeuronAt[][] {
  const gap = w / widths.length;
  const largest = Math.max(...widths);
  const size = Math.max(8, Math.min(40, (h - 20) / largest - 6));
  return widths.map((n, layer) => {
    const step = Math.min(size + 8, (h - 10) / n);
    const top = (h - step * (n - 1)) / 2;
    return Array.from({ length: n }, (_, unit) => ({ layer, unit, x: gap * (layer + 0.5), y: top + step * unit, size }));
  });
}

const tile = document.createElement('canvas');
tile.width = NEURON_GRID;
tile.height = NEURON_GRID;

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

/** Connections: colour by sign, thickness and strength relative to the layer's largest weight. */
function drawWeights(g: CanvasRenderingContext2D, at: NeuronAt[][], snap: Snapshot): void {
  snap.layers.forEach((layer, l) => {
    let largest = 1e-9;
    for (const v of layer.weights) largest = Math.max(largest, Math.abs(v));
    for (const a of at[l]) {
      for (const b of at[l + 1]) {
        const r = layer.weights[a.unit * layer.units + b.unit] / largest;
        g.strokeStyle = css(diverging(Math.sign(r) * (0.25 + 0.75 * Math.abs(r))));
        g.lineWidth = 0.3 + 4.5 * Math.abs(r) ** 1.5;
        g.beginPath();
        g.moveTo(a.x + a.size / 2, a.y);
        g.lineTo(b.x - b.size / 2, b.y);
        g.stroke();
      }
    }
  });
}

/** Draws the whole network; `selected` gets a highlight ring. */
export function drawNetwork(canvas: HTMLCanvasElement, data: DataView, snap: Snapshot, selected: NeuronAt | null): NeuronAt[][] {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const widths = [data.inputs.length, ...snap.layers.map((l) => l.units)];
  const at = layout(widths, canvas.width, canvas.height);
  g.clearRect(0, 0, canvas.width, canvas.height);
  drawWeights(g, at, snap);
  const last = at.length - 1;
  at.forEach((column, l) => {
    for (const p of column) {
      const x = p.x - p.size / 2;
      const y = p.y - p.size / 2;
      if (snap.neurons) {
        const units = widths[l];
        const probability = l === last && data.task === 'classification';
        const k = snap.layers[last - 1].units === 1 ? 1 : p.unit;
        tile.getContext('2d')!.putImageData(heatMap(snap.neurons[l], units, p.unit, probability, k), 0, 0);
        g.imageSmoothingEnabled = true;
        g.drawImage(tile, x, y, p.size, p.size);
      } else {
        g.fillStyle = '#e8ebf0';
        g.fillRect(x, y, p.size, p.size);
      }
      g.lineWidth = selected && selected.layer === l && selected.unit === p.unit ? 3 : 1;
      g.strokeStyle = g.lineWidth > 1 ? '#f5a623' : '#5b6470';
      g.strokeRect(x, y, p.size, p.size);
    }
  });
  drawLabels(g, at, data);
  return at;
}

function drawLabels(g: CanvasRenderingContext2D, at: NeuronAt[][], data: DataView): void {
  g.fillStyle = '#1b1f24';
  g.font = '11px system-ui';
  g.textAlign = 'right';
  at[0].forEach((p) => {
    if (p.size >= 14) g.fillText(data.inputs[p.unit].slice(0, 10), p.x - p.size / 2 - 4, p.y + 4);
  });
  g.textAlign = 'left';
  const out = at[at.length - 1];
  out.forEach((p) => {
    const label = data.classes ? (out.length === 1 ? `P(${data.classes[1]})` : data.classes[p.unit]) : data.target;
    if (p.size >= 14) g.fillText(label.slice(0, 12), p.x + p.size / 2 + 4, p.y + 4);
  });
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The neuron under a point of the canvas, else the nearest connection within 4 px. */
export function hitTest(at: NeuronAt[][], x: number, y: number): Hit | null {
  for (const column of at) {
    for (const p of column) if (Math.abs(x - p.x) <= p.size / 2 && Math.abs(y - p.y) <= p.size / 2) return { kind: 'neuron', neuron: p };
  }
  let best: Hit | null = null;
  let bestD = 4;
  for (let l = 0; l + 1 < at.length; l++) {
    for (const a of at[l]) {
      for (const b of at[l + 1]) {
        const d = segmentDistance(x, y, a.x + a.size / 2, a.y, b.x - b.size / 2, b.y);
        if (d < bestD) [bestD, best] = [d, { kind: 'weight', layer: l, from: a.unit, to: b.unit }];
      }
    }
  }
  return best;
}
