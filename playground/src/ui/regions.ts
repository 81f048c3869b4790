/**
 * The decision regions: the network's output over the plane of the two features, with the data
 * points on top (training points as circles with a white ring, validation points as squares).
 */
import type { DataView, Snapshot } from '../protocol.js';
import { GRID } from '../protocol.js';
import { classColor, css, diverging, tint } from './colors.js';

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

function valueRange(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

const cells = document.createElement('canvas');
cells.width = GRID;
cells.height = GRID;

/** Draws the regions and points; without a plane, says why there is no picture. */
export function drawRegions(canvas: HTMLCanvasElement, data: DataView, snap: Snapshot): void {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  if (!data.plane || !snap.region || !data.points) {
    g.fillStyle = '#4a5360';
    g.font = '14px system-ui';
    g.fillText('No decision regions: the model uses', 16, h / 2 - 10);
    g.fillText(`${data.inputs.length} inputs, not two numeric features.`, 16, h / 2 + 10);
    return;
  }
  const units = snap.region.length / (GRID * GRID);
  const [lo, hi] = valueRange(data.values);
  const cg = cells.getContext('2d') as CanvasRenderingContext2D;
  const img = cg.createImageData(GRID, GRID);
  for (let i = 0; i < GRID * GRID; i++) {
    const c = cellColor(snap.region, i, units, data, lo, hi);
    img.data.set([c[0], c[1], c[2], 255], i * 4);
  }
  cg.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(cells, 0, 0, w, h);
  drawPoints(g, data, w, h, lo, hi);
}

function drawPoints(g: CanvasRenderingContext2D, data: DataView, w: number, h: number, lo: number, hi: number): void {
  const [x0, x1, y0, y1] = data.plane!.extent;
  const pts = data.points!;
  for (let i = 0; i < data.values.length; i++) {
    const px = ((pts[2 * i] - x0) / (x1 - x0)) * w;
    const py = ((y1 - pts[2 * i + 1]) / (y1 - y0)) * h;
    const v = data.values[i];
    g.fillStyle = css(data.task === 'regression' ? diverging(((v - lo) / (hi - lo || 1)) * 2 - 1) : classColor(v));
    g.beginPath();
    if (data.isValidation[i]) {
      g.rect(px - 3.5, py - 3.5, 7, 7);
      g.strokeStyle = '#111';
    } else {
      g.arc(px, py, 3.5, 0, 2 * Math.PI);
      // a white ring stands out on class colours; values near the middle of a regression are white themselves
      g.strokeStyle = data.task === 'regression' ? '#333' : '#fff';
    }
    g.fill();
    g.lineWidth = 1.2;
    g.stroke();
  }
}

/** The raw plane coordinates under a canvas pixel. */
export function planePoint(canvas: HTMLCanvasElement, data: DataView, px: number, py: number): [number, number] | null {
  if (!data.plane) return null;
  const [x0, x1, y0, y1] = data.plane.extent;
  return [x0 + (px / canvas.clientWidth) * (x1 - x0), y1 - (py / canvas.clientHeight) * (y1 - y0)];
}
