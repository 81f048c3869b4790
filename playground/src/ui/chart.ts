/** The loss chart: training (solid) and validation (dashed) loss per epoch. */
import type { EpochLog } from '../../../src/index.js';

const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

/** Points drawn per line at most: a long history is thinned to every k-th epoch (and the last). */
const MAX_POINTS = 400;

export function drawChart(canvas: HTMLCanvasElement, all: readonly EpochLog[]): void {
  const k = Math.ceil(all.length / MAX_POINTS);
  const history = k <= 1 ? all : all.filter((_, i) => i % k === 0 || i === all.length - 1);
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  g.font = '11px system-ui';
  g.fillStyle = '#4a5360';
  if (history.length === 0) {
    g.fillText('Press play or step an epoch to see the loss.', PAD.left, h / 2);
    return;
  }
  const values = history.flatMap((e) => [e.loss, e.valLoss ?? e.loss]).filter(Number.isFinite);
  const hi = Math.max(...values) * 1.05 || 1;
  const n = history.length;
  const x = (i: number) => PAD.left + (n === 1 ? 0.5 : i / (n - 1)) * (w - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / hi) * (h - PAD.top - PAD.bottom);
  g.strokeStyle = '#c9ced6';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(PAD.left, PAD.top);
  g.lineTo(PAD.left, h - PAD.bottom);
  g.lineTo(w - PAD.right, h - PAD.bottom);
  g.stroke();
  g.textAlign = 'right';
  g.fillText(hi.toPrecision(3), PAD.left - 4, PAD.top + 8);
  g.fillText('0', PAD.left - 4, h - PAD.bottom);
  g.textAlign = 'center';
  g.fillText(`epoch ${all.length}`, w - 40, h - 6);
  line(g, history.map((e, i) => [x(i), y(e.loss)]), '#1b1f24', []);
  if (history[0].valLoss !== undefined) line(g, history.map((e, i) => [x(i), y(e.valLoss ?? 0)]), '#c4560c', [5, 3]);
}

function line(g: CanvasRenderingContext2D, pts: [number, number][], color: string, dash: number[]): void {
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.setLineDash(dash);
  g.beginPath();
  pts.forEach(([px, py], i) => (i === 0 ? g.moveTo(px, py) : g.lineTo(px, py)));
  if (pts.length === 1) g.arc(pts[0][0], pts[0][1], 2, 0, 2 * Math.PI);
  g.stroke();
  g.setLineDash([]);
}
