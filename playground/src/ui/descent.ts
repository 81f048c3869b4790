/**
 * The gradient-descent view: the articles' two examples run through the library's `minimize`,
 * drawn as a curve (one variable) or a contour map (two), with every step, its slope, and a
 * verdict on the learning rate.
 */
import { minimize, type DescentResult, type Tensor } from '../../../src/index.js';

interface Preset {
  readonly formula: string;
  readonly f: (v: Readonly<Record<string, Tensor>>) => Tensor;
  readonly value: (x: number, y: number) => number;
  readonly start: Record<string, number>;
  /** The minimum, to judge convergence. */
  readonly best: Record<string, number>;
}

export const PRESETS: Record<'parabola' | 'bowl', Preset> = {
  parabola: {
    formula: 'f(x) = x² − x + 1', f: ({ x }) => x.mul(x).sub(x).add(1), value: (x) => x * x - x + 1, start: { x: 9 }, best: { x: 0.5 },
  },
  bowl: {
    formula: 'f(x, y) = x² + y²', f: ({ x, y }) => x.mul(x).add(y.mul(y)), value: (x, y) => x * x + y * y, start: { x: 5, y: 10 }, best: { x: 0, y: 0 },
  },
};

/** Runs the descent; the path is the library's, exact to 15 digits. */
export function runDescent(preset: keyof typeof PRESETS, lr: number, steps: number): DescentResult {
  const p = PRESETS[preset];
  return minimize(p.f, p.start, { lr, steps });
}

const distance = (p: Readonly<Record<string, number>>, best: Record<string, number>): number =>
  Math.hypot(...Object.keys(best).map((k) => p[k] - best[k]));

/** What the learning rate did: converged, crawled, oscillated or diverged. */
export function verdict(preset: keyof typeof PRESETS, r: DescentResult, lr: number): string {
  const best = PRESETS[preset].best;
  const d0 = distance(r.path[0].point, best);
  const last = r.path[r.path.length - 1];
  const d = distance(last.point, best);
  const first = Object.keys(best)[0];
  const flips = r.path.slice(1).some((s, i) => Math.sign(s.point[first] - best[first]) !== Math.sign(r.path[i].point[first] - best[first]));
  if (r.diverged || d > d0 * 1.000001) return `Diverging: each step overshoots further (learning rate ${lr} is too large).`;
  if (d > d0 * 0.999999 && flips) return `Oscillating forever between two points (learning rate ${lr}).`;
  if (d > d0 * 0.1) return `Too slow: after ${r.path.length - 1} steps still ${(100 * d / d0).toFixed(0)} % of the way from the minimum (learning rate ${lr} is small).`;
  return flips ? `Converging, zig-zagging across the minimum (learning rate ${lr} is large but below the limit).` : `Converging smoothly to the minimum (learning rate ${lr}).`;
}

function bounds(r: DescentResult, preset: keyof typeof PRESETS): [number, number, number, number] {
  const xs = r.path.map((s) => s.point.x).filter((v) => Math.abs(v) < 1e6);
  const ys = preset === 'bowl' ? r.path.map((s) => s.point.y).filter((v) => Math.abs(v) < 1e6) : [];
  const m = Math.max(11, ...xs.map(Math.abs), ...ys.map(Math.abs)) * 1.1;
  return [-m, m, -m, m];
}

/** Draws the function and the path. */
export function drawDescent(canvas: HTMLCanvasElement, preset: keyof typeof PRESETS, r: DescentResult): void {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  const [x0, x1, y0, y1] = bounds(r, preset);
  const sx = (x: number) => ((x - x0) / (x1 - x0)) * w;
  if (preset === 'bowl') return drawBowl(g, r, w, h, sx, (y) => ((y1 - y) / (y1 - y0)) * h, (x1 - x0) / w);
  const p = PRESETS.parabola;
  const top = p.value(x0, 0);
  const sy = (v: number) => h - 20 - (v / top) * (h - 40);
  g.strokeStyle = '#5b6470';
  g.lineWidth = 2;
  g.beginPath();
  for (let px = 0; px <= w; px += 2) {
    const x = x0 + (px / w) * (x1 - x0);
    px === 0 ? g.moveTo(px, sy(p.value(x, 0))) : g.lineTo(px, sy(p.value(x, 0)));
  }
  g.stroke();
  axis(g, w, sy(0), `x from ${x0.toPrecision(3)} to ${x1.toPrecision(3)}`);
  drawSteps(g, r, (s) => [sx(s.point.x), sy(s.value)], (s) => {
    // the tangent: slope f'(x) over ±1 unit of x, in canvas units
    const dx = (x1 - x0) / 20;
    return [[sx(s.point.x - dx), sy(s.value - s.gradient.x * dx)], [sx(s.point.x + dx), sy(s.value + s.gradient.x * dx)]];
  });
}

function axis(g: CanvasRenderingContext2D, w: number, y: number, text: string): void {
  g.strokeStyle = '#c9ced6';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(0, y);
  g.lineTo(w, y);
  g.stroke();
  g.fillStyle = '#4a5360';
  g.font = '12px system-ui';
  g.fillText(text, 8, y - 6);
}

type Step = DescentResult['path'][number];

function drawSteps(g: CanvasRenderingContext2D, r: DescentResult, at: (s: Step) => [number, number], tangent: (s: Step) => [number, number][]): void {
  const pts = r.path.filter((s) => Number.isFinite(s.value) && Math.abs(s.point.x) < 1e6).map(at);
  g.strokeStyle = '#0a5fb4';
  g.lineWidth = 1.5;
  g.beginPath();
  pts.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
  g.stroke();
  r.path.slice(0, pts.length).forEach((s, i) => {
    const t = tangent(s);
    g.strokeStyle = 'rgba(196, 86, 12, 0.8)';
    g.beginPath();
    g.moveTo(t[0][0], t[0][1]);
    g.lineTo(t[1][0], t[1][1]);
    g.stroke();
    g.fillStyle = i === 0 ? '#1b1f24' : '#0a5fb4';
    g.beginPath();
    g.arc(pts[i][0], pts[i][1], 4, 0, 2 * Math.PI);
    g.fill();
  });
}

function drawBowl(g: CanvasRenderingContext2D, r: DescentResult, w: number, h: number, sx: (x: number) => number, sy: (y: number) => number, unit: number): void {
  const cx = sx(0);
  const cy = sy(0);
  for (let k = 1; k <= 12; k++) {
    const radius = (k * Math.max(w, h)) / 16;
    g.strokeStyle = `rgba(10, 95, 180, ${0.12 + 0.04 * (12 - k)})`;
    g.lineWidth = 1;
    g.beginPath();
    g.arc(cx, cy, radius, 0, 2 * Math.PI);
    g.stroke();
    g.fillStyle = '#4a5360';
    g.font = '11px system-ui';
    g.fillText(`f=${((radius * unit) ** 2).toPrecision(2)}`, cx + radius * 0.7 + 2, cy - radius * 0.7);
  }
  axis(g, w, cy, 'contours of x² + y²; the path follows −gradient');
  drawSteps(g, r, (s) => [sx(s.point.x), sy(s.point.y)], (s) => {
    // the gradient's direction at each point, drawn as a short arrow shaft
    const n = Math.hypot(s.gradient.x, s.gradient.y) || 1;
    const x = sx(s.point.x);
    const y = sy(s.point.y);
    return [[x, y], [x + (s.gradient.x / n) * 24, y - (s.gradient.y / n) * 24]];
  });
}

/** The table of steps: point, value, slope. */
export function fillTable(table: HTMLTableElement, r: DescentResult): void {
  const names = Object.keys(r.path[0].point);
  const head = ['step', ...names, 'f', ...names.map((n) => `∂f/∂${n}`)];
  table.tHead!.innerHTML = `<tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr>`;
  const fmt = (v: number) => String(Math.abs(v) > 1e9 ? v.toExponential(3) : Number(v.toPrecision(8)));
  table.tBodies[0].innerHTML = r.path
    .map((s, i) => `<tr><td>${i}</td>${names.map((n) => `<td>${fmt(s.point[n])}</td>`).join('')}<td>${fmt(s.value)}</td>${names.map((n) => `<td>${fmt(s.gradient[n])}</td>`).join('')}</tr>`)
    .join('');
}
