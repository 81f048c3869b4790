/**
 * The decision regions: the network's output over the plane of the two features, with the data
 * points on top (training points as circles with a ring, validation points as squares), axis
 * ticks in the features' units, and the point under the pointer.
 */
import type { DataView, Snapshot } from '../protocol.js';
import { GRID } from '../protocol.js';
import { blank } from './canvas.js';
import { classColor, css, diverging, tint } from './colors.js';
import { num } from './format.js';
import { frameOf, niceTicks, type Frame } from './ticks.js';

const MARGINS = { left: 44, top: 6, right: 8, bottom: 32 };

/** The plot's frame inside the regions canvas. */
export const regionsFrame = (canvas: HTMLCanvasElement): Frame => frameOf(canvas.width, canvas.height, MARGINS);

/** The colour of one grid cell from the outputs there. */
function cellColor(out: Float32Array, i: number, units: number, data: DataView, lo: number, hi: number): [number, number, number] {
  if (data.task === 'regression') return diverging(((out[i] - lo) / (hi - lo || 1)) * 2 - 1);
  if (units === 1) {
    const p = out[i];
    return p >= 0.5 ? tint(classColor(1), (p - 0.5) * 1.4) : tint(classColor(0), (0.5 - p) * 1.4);
  }
  let best = 0;
  for (let j = 1; j < units; j++) if (out[i * units + j] > out[i * units + best]) best = j;
  const confidence = (out[i * units + best] - 1 / units) / (1 - 1 / units);
  return tint(classColor(best), 0.15 + 0.55 * confidence);
}

const cells = typeof document === 'undefined' ? null : document.createElement('canvas');
if (cells) cells.width = cells.height = GRID;

/** Draws the regions, points and axes; without a plane, says why there is no picture. */
export function drawRegions(canvas: HTMLCanvasElement, data: DataView, snap: Snapshot, mark: [number, number] | null = null): void {
  const { g, w, h } = blank(canvas);
  if (!data.plane || !snap.region || !data.points || !cells) {
    g.fillStyle = '#4a5360';
    g.font = '14px system-ui';
    g.fillText('No decision regions: the model uses', 16, h / 2 - 10);
    g.fillText(`${data.inputs.length} inputs, not two numeric features.`, 16, h / 2 + 10);
    return;
  }
  const f = regionsFrame(canvas);
  const units = snap.region.length / (GRID * GRID);
  const [lo, hi] = data.valueRange;
  const cg = cells.getContext('2d') as CanvasRenderingContext2D;
  const img = cg.createImageData(GRID, GRID);
  for (let i = 0; i < GRID * GRID; i++) {
    const c = cellColor(snap.region, i, units, data, lo, hi);
    img.data.set([c[0], c[1], c[2], 255], i * 4);
  }
  cg.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(cells, f.left, f.top, f.width, f.height);
  drawPoints(g, data, f, lo, hi);
  drawAxes(g, data, f);
  if (mark) {
    // the example being stepped through
    const [px, py] = toCanvas(data, f, mark[0], mark[1]);
    for (const [colour, width] of [['#fff', 5], ['#1b1f24', 2.5]] as const) {
      g.strokeStyle = colour;
      g.lineWidth = width;
      g.beginPath();
      g.arc(px, py, 9, 0, 2 * Math.PI);
      g.stroke();
    }
  }
}

/** Canvas position of a point in the plane's units. */
export function toCanvas(data: DataView, f: Frame, x: number, y: number): [number, number] {
  const [x0, x1, y0, y1] = data.plane!.extent;
  return [f.left + ((x - x0) / (x1 - x0)) * f.width, f.top + ((y1 - y) / (y1 - y0)) * f.height];
}

function drawPoints(g: CanvasRenderingContext2D, data: DataView, f: Frame, lo: number, hi: number): void {
  const pts = data.points!;
  const r = data.drawn.length > 1000 ? 2.5 : 3.5;
  for (let i = 0; i < data.drawn.length; i++) {
    const [px, py] = toCanvas(data, f, pts[2 * i], pts[2 * i + 1]);
    const v = data.values[i];
    g.fillStyle = css(data.task === 'regression' ? diverging(((v - lo) / (hi - lo || 1)) * 2 - 1) : classColor(v));
    g.beginPath();
    if (data.isValidation[i]) {
      g.rect(px - r, py - r, 2 * r, 2 * r);
      g.strokeStyle = '#111';
    } else {
      g.arc(px, py, r, 0, 2 * Math.PI);
      // a white ring stands out on class colours; values near the middle of a regression are white themselves
      g.strokeStyle = data.task === 'regression' ? '#333' : '#fff';
    }
    g.fill();
    g.lineWidth = 1.2;
    g.stroke();
  }
}

function drawAxes(g: CanvasRenderingContext2D, data: DataView, f: Frame): void {
  const [x0, x1, y0, y1] = data.plane!.extent;
  g.strokeStyle = '#8a94a3';
  g.lineWidth = 1;
  g.strokeRect(f.left, f.top, f.width, f.height);
  g.fillStyle = '#4a5360';
  g.font = '10px system-ui';
  g.textAlign = 'center';
  for (const v of niceTicks(x0, x1, 5)) {
    const [px] = toCanvas(data, f, v, y0);
    g.fillRect(px, f.top + f.height, 1, 4);
    g.fillText(num(v), px, f.top + f.height + 14);
  }
  g.textAlign = 'right';
  for (const v of niceTicks(y0, y1, 5)) {
    const [, py] = toCanvas(data, f, x0, v);
    g.fillRect(f.left - 4, py, 4, 1);
    g.fillText(num(v), f.left - 6, py + 3);
  }
  g.textAlign = 'center';
  g.font = '11px system-ui';
  g.fillText(`${data.plane!.names[0]} →`, f.left + f.width / 2, f.top + f.height + 27);
  g.save();
  g.translate(11, f.top + f.height / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(`${data.plane!.names[1]} →`, 0, 0);
  g.restore();
  g.textAlign = 'left';
}

/** The plane coordinates under a point of the canvas (in canvas pixels), or null outside the plot. */
export function planePoint(canvas: HTMLCanvasElement, data: DataView, px: number, py: number): [number, number] | null {
  if (!data.plane) return null;
  const f = regionsFrame(canvas);
  const u = (px - f.left) / f.width;
  const v = (py - f.top) / f.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  const [x0, x1, y0, y1] = data.plane.extent;
  return [x0 + u * (x1 - x0), y1 - v * (y1 - y0)];
}

/** The drawn data point nearest a canvas position, within `reach` pixels: its index in `data.drawn`. */
export function nearestPoint(canvas: HTMLCanvasElement, data: DataView, px: number, py: number, reach = 8): number | null {
  if (!data.plane || !data.points) return null;
  const f = regionsFrame(canvas);
  let best: number | null = null;
  let bestD = reach;
  for (let i = 0; i < data.drawn.length; i++) {
    const [x, y] = toCanvas(data, f, data.points[2 * i], data.points[2 * i + 1]);
    const d = Math.hypot(x - px, y - py);
    if (d < bestD) [best, bestD] = [i, d];
  }
  return best;
}
