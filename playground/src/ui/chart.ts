/**
 * The loss chart over steps: every batch's loss (grey: the range of the batches drawn in one
 * column and their mean), the training loss of each epoch (black) and the validation loss
 * (dashed orange), on a linear or log scale, with labelled axes.
 */
import type { EpochLog } from '../../../src/index.js';
import { blank } from './canvas.js';
import { num } from './format.js';
import type { LossSeries } from './loss-series.js';
import { frameOf, logTicks, niceTicks, type Frame } from './ticks.js';

const MARGINS = { left: 48, right: 10, top: 8, bottom: 32 };

interface Scale {
  readonly y: (v: number) => number;
  readonly ticks: number[];
}

function scaleOf(f: Frame, lo: number, hi: number, log: boolean): Scale {
  if (log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    return { y: (v) => f.top + (1 - (Math.log10(Math.max(v, lo)) - a) / (b - a || 1)) * f.height, ticks: logTicks(lo, hi) };
  }
  return { y: (v) => f.top + (1 - (v - lo) / (hi - lo || 1)) * f.height, ticks: niceTicks(lo, hi, 4) };
}

/** The range of the values drawn (for a log scale, of the positive ones). */
function rangeOf(series: LossSeries, epochs: readonly EpochLog[], log: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number | undefined) => {
    if (v === undefined || !Number.isFinite(v) || (log && v <= 0)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  series.min.forEach(see);
  series.max.forEach(see);
  epochs.forEach((e) => {
    see(e.loss);
    see(e.valLoss);
  });
  if (!Number.isFinite(lo)) return log ? [1e-3, 1] : [0, 1];
  if (log) return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + 1e-9)];
  return [0, hi * 1.05 || 1];
}

export function drawChart(canvas: HTMLCanvasElement, series: LossSeries, epochs: readonly EpochLog[], ends: readonly number[], log: boolean): void {
  const { g, w, h } = blank(canvas);
  g.font = '11px system-ui';
  g.fillStyle = '#4a5360';
  if (series.steps === 0) {
    g.fillText('Press play or step a batch to see the loss.', MARGINS.left, h / 2);
    return;
  }
  const f = frameOf(w, h, MARGINS);
  const [lo, hi] = rangeOf(series, epochs, log);
  const s = scaleOf(f, lo, hi, log);
  const steps = Math.max(series.steps, 2);
  const x = (step: number) => f.left + ((step - 1) / (steps - 1)) * f.width;
  axes(g, f, s, steps, x, log);
  // the batches: one column per pixel, the range of its batches and their mean
  const perPixel = Math.max(1, Math.ceil(series.mean.length / f.width));
  g.fillStyle = 'rgba(120, 128, 140, 0.35)';
  g.strokeStyle = '#9aa3af';
  g.lineWidth = 1;
  g.beginPath();
  for (let i = 0; i < series.mean.length; i += perPixel) {
    let mn = Infinity;
    let mx = -Infinity;
    let sum = 0;
    const end = Math.min(series.mean.length, i + perPixel);
    for (let j = i; j < end; j++) {
      mn = Math.min(mn, series.min[j]);
      mx = Math.max(mx, series.max[j]);
      sum += series.mean[j];
    }
    const px = x(1 + i * series.stride);
    if (Number.isFinite(mx) && mx > mn) g.fillRect(px, s.y(mx), Math.max(1, f.width / (series.mean.length / perPixel)), Math.max(1, s.y(mn) - s.y(mx)));
    const py = s.y(sum / (end - i));
    i === 0 ? g.moveTo(px, py) : g.lineTo(px, py);
  }
  g.stroke();
  const pts = (v: (e: EpochLog) => number | undefined): [number, number][] =>
    epochs.flatMap((e, i) => (v(e) === undefined ? [] : [[x(ends[i] ?? series.steps), s.y(v(e) as number)] as [number, number]]));
  line(g, pts((e) => e.loss), '#1b1f24', []);
  line(g, pts((e) => e.valLoss), '#c4560c', [5, 3]);
}

function axes(g: CanvasRenderingContext2D, f: Frame, s: Scale, steps: number, x: (step: number) => number, log: boolean): void {
  g.strokeStyle = '#c9ced6';
  g.lineWidth = 1;
  g.fillStyle = '#4a5360';
  g.font = '10px system-ui';
  g.textAlign = 'right';
  for (const v of s.ticks) {
    const py = s.y(v);
    g.beginPath();
    g.moveTo(f.left, py);
    g.lineTo(f.left + f.width, py);
    g.stroke();
    g.fillText(num(v, 2), f.left - 4, py + 3);
  }
  g.textAlign = 'center';
  for (const v of niceTicks(1, steps, 4).filter((t) => Number.isInteger(t))) g.fillText(num(v, 3), x(v), f.top + f.height + 12);
  g.font = '11px system-ui';
  g.fillText('step (one batch each) →', f.left + f.width / 2, f.top + f.height + 26);
  g.save();
  g.translate(11, f.top + f.height / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(log ? 'loss (log scale)' : 'loss', 0, 0);
  g.restore();
  g.textAlign = 'left';
  g.strokeStyle = '#8a94a3';
  g.strokeRect(f.left, f.top, f.width, f.height);
}

function line(g: CanvasRenderingContext2D, pts: [number, number][], color: string, dash: number[]): void {
  if (pts.length === 0) return;
  g.strokeStyle = color;
  g.fillStyle = color;
  g.lineWidth = 2;
  g.setLineDash(dash);
  g.beginPath();
  pts.forEach(([px, py], i) => (i === 0 ? g.moveTo(px, py) : g.lineTo(px, py)));
  g.stroke();
  g.setLineDash([]);
  if (pts.length <= 40) for (const [px, py] of pts) g.fillRect(px - 2, py - 2, 4, 4);
}
