/**
 * Draws a descent: a curve with its tangents (one variable), or contour lines with the same scale
 * on both axes (two), and the path with numbered steps and arrowheads. The start always stays in
 * view; steps that run away are counted at the edge.
 */
import type { DescentResult } from '../../../src/index.js';
import { num } from '../ui/format.js';
import { frameOf, niceTicks, type Frame } from '../ui/ticks.js';
import { valuesAt, type DescentFunction } from './functions.js';
import { contourLevels, marchingSquares } from './contours.js';

type Step = DescentResult['path'][number];

const MARGINS = { left: 46, top: 10, right: 12, bottom: 30 };
/** Path points farther than this many start-to-minimum distances are off the chart. */
const REACH = 3;

/** The plot's mapping: plane units to canvas pixels (the same scale on both axes in 2-D). */
interface View {
  readonly f: Frame;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly px: (x: number) => number;
  readonly py: (y: number) => number;
}

function viewOf(f: Frame, x0: number, x1: number, y0: number, y1: number): View {
  return {
    f, x0, x1, y0, y1,
    px: (x) => f.left + ((x - x0) / (x1 - x0)) * f.width,
    py: (y) => f.top + ((y1 - y) / (y1 - y0)) * f.height,
  };
}

/** The points to keep in view: the start, the known minima, and the steps that stay near them. */
function inView(fn: DescentFunction, path: readonly Step[]): Step['point'][] {
  const start = path[0].point;
  const anchors = [start, ...(fn.best ? [fn.best] : []), ...(fn.local ?? [])];
  const span = Math.max(1, ...anchors.map((a) => Math.hypot(...fn.names.map((n) => a[n] - start[n]))));
  const near = path.filter((s) => Number.isFinite(s.value) && Math.hypot(...fn.names.map((n) => s.point[n] - start[n])) <= REACH * span);
  return [...anchors, ...near.map((s) => s.point)];
}

function extent(values: number[], pad: number): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const m = (hi - lo || Math.abs(hi) || 1) * pad;
  return [lo - m, hi + m];
}

/** Draws the function and the first `shown` steps of the path. */
export function drawDescent(canvas: HTMLCanvasElement, fn: DescentFunction, r: DescentResult, shown: number): void {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.clearRect(0, 0, canvas.width, canvas.height);
  const f = frameOf(canvas.width, canvas.height, MARGINS);
  const path = r.path.slice(0, shown + 1);
  const keep = inView(fn, r.path);
  const [x0, x1] = extent(keep.map((p) => p[fn.names[0]]), 0.12);
  let v: View;
  if (fn.names.length === 1) {
    const xs = Float64Array.from({ length: 200 }, (_, i) => x0 + (i / 199) * (x1 - x0));
    const ys = valuesAt(fn, xs, xs);
    const [y0, y1] = extent([...ys, ...path.filter((s) => Number.isFinite(s.value)).map((s) => s.value)].filter((y) => Math.abs(y) < 1e12), 0.08);
    v = viewOf(f, x0, x1, y0, y1);
    curve(g, v, xs, ys);
  } else {
    const [a0, a1] = extent(keep.map((p) => p[fn.names[1]]), 0.12);
    // one unit is as long across as up: widen the narrower axis around its centre
    const unit = Math.max((x1 - x0) / f.width, (a1 - a0) / f.height);
    const [cx, cy] = [(x0 + x1) / 2, (a0 + a1) / 2];
    v = viewOf(f, cx - (unit * f.width) / 2, cx + (unit * f.width) / 2, cy - (unit * f.height) / 2, cy + (unit * f.height) / 2);
    contours(g, v, fn, r.path[0].value);
  }
  canvas.dataset.view = JSON.stringify({ x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1, left: f.left, top: f.top, width: f.width, height: f.height });
  axes(g, v, fn);
  g.save();
  g.beginPath();
  g.rect(f.left, f.top, f.width, f.height);
  g.clip();
  steps(g, v, fn, path);
  g.restore();
  const away = path.filter((s) => !Number.isFinite(s.value) || s.point[fn.names[0]] < v.x0 || s.point[fn.names[0]] > v.x1 ||
    (fn.names.length === 1 ? s.value < v.y0 || s.value > v.y1 : s.point[fn.names[1]] < v.y0 || s.point[fn.names[1]] > v.y1));
  if (away.length > 0) {
    g.fillStyle = '#a4262c';
    g.font = '12px system-ui';
    g.fillText(`${away.length} step${away.length === 1 ? ' is' : 's are'} off the chart, running away`, f.left + 8, f.top + 16);
  }
}

function curve(g: CanvasRenderingContext2D, v: View, xs: Float64Array, ys: Float64Array): void {
  g.strokeStyle = '#5b6470';
  g.lineWidth = 2;
  g.beginPath();
  xs.forEach((x, i) => (i === 0 ? g.moveTo(v.px(x), v.py(ys[i])) : g.lineTo(v.px(x), v.py(ys[i]))));
  g.stroke();
}

function contours(g: CanvasRenderingContext2D, v: View, fn: DescentFunction, startValue: number): void {
  const cols = Math.ceil(v.f.width / 4);
  const rows = Math.ceil(v.f.height / 4);
  const xs = new Float64Array((cols + 1) * (rows + 1));
  const ys = new Float64Array(xs.length);
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= cols; c++) {
      xs[r * (cols + 1) + c] = v.x0 + (c / cols) * (v.x1 - v.x0);
      ys[r * (cols + 1) + c] = v.y1 - (r / rows) * (v.y1 - v.y0);
    }
  }
  const values = valuesAt(fn, xs, ys);
  const toPx = (c: number, r: number): [number, number] => [v.f.left + (c / cols) * v.f.width, v.f.top + (r / rows) * v.f.height];
  const labels: [number, number][] = [];
  for (const level of contourLevels(values, startValue)) {
    const start = level === startValue;
    g.strokeStyle = start ? '#0a3d73' : 'rgba(10, 95, 180, 0.45)';
    g.lineWidth = start ? 2 : 1;
    const segs = marchingSquares(values, cols + 1, rows + 1, level);
    g.beginPath();
    for (const [a, b, c, d] of segs) {
      const [p, q] = [toPx(a, b), toPx(c, d)];
      g.moveTo(p[0], p[1]);
      g.lineTo(q[0], q[1]);
    }
    g.stroke();
    // the label where the line is furthest up and right, unless another label is near
    const label = segs.reduce<number[] | null>((best, s) => (best === null || s[0] - s[1] > best[0] - best[1] ? s : best), null);
    const [lx, ly] = label ? toPx(label[0], label[1]) : [0, 0];
    if (label && (start || labels.every(([x, y]) => Math.hypot(x - lx, y - ly) > 40))) {
      labels.push([lx, ly]);
      g.fillStyle = start ? '#0a3d73' : '#4a5360';
      g.font = start ? 'bold 11px system-ui' : '10px system-ui';
      g.fillText(`f = ${num(level)}`, Math.min(lx + 3, v.f.left + v.f.width - 50), Math.max(v.f.top + 10, ly - 3));
    }
  }
}

function axes(g: CanvasRenderingContext2D, v: View, fn: DescentFunction): void {
  g.strokeStyle = '#8a94a3';
  g.lineWidth = 1;
  g.strokeRect(v.f.left, v.f.top, v.f.width, v.f.height);
  g.fillStyle = '#4a5360';
  g.font = '10px system-ui';
  g.textAlign = 'center';
  for (const t of niceTicks(v.x0, v.x1, 8)) {
    g.fillRect(v.px(t), v.f.top + v.f.height, 1, 4);
    g.fillText(num(t), v.px(t), v.f.top + v.f.height + 14);
  }
  g.textAlign = 'right';
  for (const t of niceTicks(v.y0, v.y1, 6)) {
    g.fillRect(v.f.left - 4, v.py(t), 4, 1);
    g.fillText(num(t), v.f.left - 6, v.py(t) + 3);
  }
  g.textAlign = 'center';
  g.font = '11px system-ui';
  g.fillText(`${fn.names[0]} →`, v.f.left + v.f.width / 2, v.f.top + v.f.height + 27);
  g.save();
  g.translate(12, v.f.top + v.f.height / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(fn.names.length === 1 ? `f(${fn.names[0]}) →` : `${fn.names[1]} →`, 0, 0);
  g.restore();
  g.textAlign = 'left';
}

function arrow(g: CanvasRenderingContext2D, ax: number, ay: number, bx: number, by: number): void {
  const len = Math.hypot(bx - ax, by - ay);
  if (len < 2) return;
  const [ux, uy] = [(bx - ax) / len, (by - ay) / len];
  const head = Math.min(9, len / 2);
  g.beginPath();
  g.moveTo(ax, ay);
  g.lineTo(bx, by);
  g.stroke();
  g.beginPath();
  g.moveTo(bx, by);
  g.lineTo(bx - head * ux - head * 0.5 * uy, by - head * uy + head * 0.5 * ux);
  g.lineTo(bx - head * ux + head * 0.5 * uy, by - head * uy - head * 0.5 * ux);
  g.closePath();
  g.fill();
}

function steps(g: CanvasRenderingContext2D, v: View, fn: DescentFunction, path: readonly Step[]): void {
  const two = fn.names.length === 2;
  const at = (s: Step): [number, number] => [v.px(s.point[fn.names[0]]), two ? v.py(s.point[fn.names[1]]) : v.py(s.value)];
  const ok = path.filter((s) => Number.isFinite(s.value));
  g.strokeStyle = '#0a5fb4';
  g.fillStyle = '#0a5fb4';
  g.lineWidth = 1.5;
  for (let i = 1; i < ok.length; i++) arrow(g, ...at(ok[i - 1]), ...at(ok[i]));
  // numbers where they do not overlap the last one written
  let written: [number, number] | null = null;
  ok.forEach((s, i) => {
    const [x, y] = at(s);
    if (!two) tangent(g, v, s, fn.names[0]);
    g.fillStyle = i === 0 ? '#1b1f24' : '#0a5fb4';
    g.beginPath();
    g.arc(x, y, i === 0 ? 5 : 3.5, 0, 2 * Math.PI);
    g.fill();
    if (written === null || Math.hypot(x - written[0], y - written[1]) > 16) {
      g.fillStyle = '#1b1f24';
      g.font = '11px system-ui';
      g.fillText(String(i), x + 6, y - 6);
      written = [x, y];
    }
  });
}

/** The slope at a step, drawn as a short tangent in the curve's units. */
function tangent(g: CanvasRenderingContext2D, v: View, s: Step, name: string): void {
  const dx = (v.x1 - v.x0) / 20;
  const x = s.point[name];
  g.strokeStyle = 'rgba(196, 86, 12, 0.8)';
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(v.px(x - dx), v.py(s.value - s.gradient[name] * dx));
  g.lineTo(v.px(x + dx), v.py(s.value + s.gradient[name] * dx));
  g.stroke();
}
