/**
 * The pictures of the "learning without labels" view: a self-organizing map over its 2-D points
 * (the units and their grid links), and the conditioning neuron with the history of its bell
 * weight.
 */
import type { PavlovNeuron, PavlovTrial, SelfOrganizingMap } from '../../../src/index.js';
import { blank, levelLine } from '../ui/canvas.js';
import { num } from '../ui/format.js';
import { frameOf } from '../ui/ticks.js';

/** The square the points and units are drawn in: the points' range with a margin, the same scale on both axes. */
function plotScale(points: Float32Array, w: number, h: number): { x: (v: number) => number; y: (v: number) => number } {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    [x0, x1] = [Math.min(x0, points[i]), Math.max(x1, points[i])];
    [y0, y1] = [Math.min(y0, points[i + 1]), Math.max(y1, points[i + 1])];
  }
  const span = Math.max(x1 - x0, y1 - y0, 1e-9) * 1.1;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const side = Math.min(w, h) - 20;
  return { x: (v) => w / 2 + ((v - cx) / span) * side, y: (v) => h / 2 - ((v - cy) / span) * side };
}

/**
 * The points (grey), the links between units that are neighbours on the map's grid (dark), and
 * the units (orange) where their prototypes are: the net unfolds over the points as it learns.
 */
export function drawMap(canvas: HTMLCanvasElement, points: Float32Array, map: SelfOrganizingMap, caption: string): void {
  const { g, w, h } = blank(canvas);
  const s = plotScale(points, w, h);
  g.fillStyle = '#b4bac2';
  for (let i = 0; i < points.length; i += 2) g.fillRect(s.x(points[i]) - 1.5, s.y(points[i + 1]) - 1.5, 3, 3);
  const p = map.prototypes;
  g.strokeStyle = '#1f4f82';
  g.lineWidth = 1.5;
  g.beginPath();
  for (let u = 0; u < map.units; u++) {
    for (const v of map.neighbours(u)) {
      if (v < u) continue;
      g.moveTo(s.x(p[2 * u]), s.y(p[2 * u + 1]));
      g.lineTo(s.x(p[2 * v]), s.y(p[2 * v + 1]));
    }
  }
  g.stroke();
  g.fillStyle = '#e67814';
  g.strokeStyle = '#1b1f24';
  g.lineWidth = 1;
  for (let u = 0; u < map.units; u++) {
    g.beginPath();
    g.arc(s.x(p[2 * u]), s.y(p[2 * u + 1]), 4, 0, 2 * Math.PI);
    g.fill();
    g.stroke();
  }
  g.fillStyle = '#4a5360';
  g.font = '12px system-ui';
  g.fillText(caption, 10, 16);
}

/** A labelled input node of the conditioning picture. */
function node(g: CanvasRenderingContext2D, x: number, y: number, label: string, on: boolean): void {
  g.beginPath();
  g.arc(x, y, 22, 0, 2 * Math.PI);
  g.fillStyle = on ? '#f0c040' : '#eef0f3';
  g.fill();
  g.strokeStyle = '#4a5360';
  g.lineWidth = 1.5;
  g.stroke();
  g.fillStyle = '#1b1f24';
  g.font = '13px system-ui';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(label, x, y);
}

/**
 * The neuron: bell and food on the left, their connections to salivation (as thick as their
 * weights; the bell's labelled with its value), salivation lit when the last trial made it fire.
 */
export function drawPavlov(canvas: HTMLCanvasElement, dog: PavlovNeuron, last: PavlovTrial | null): void {
  const { g, w, h } = blank(canvas);
  const [bell, food, out] = [{ x: 70, y: h * 0.3 }, { x: 70, y: h * 0.72 }, { x: w - 110, y: h / 2 }];
  const link = (from: { x: number; y: number }, weight: number, label: string, above: boolean) => {
    g.strokeStyle = weight > 0 ? '#1f4f82' : '#c8ccd2';
    g.lineWidth = 1 + 10 * weight;
    g.setLineDash(weight > 0 ? [] : [4, 4]);
    g.beginPath();
    g.moveTo(from.x + 22, from.y);
    g.lineTo(out.x - 30, out.y);
    g.stroke();
    g.setLineDash([]);
    g.fillStyle = '#1b1f24';
    g.font = '12px system-ui';
    g.textAlign = 'center';
    g.textBaseline = above ? 'bottom' : 'top';
    g.fillText(label, (from.x + out.x) / 2, (from.y + out.y) / 2 + (above ? -10 : 10));
  };
  link(bell, dog.bellWeight, `w_bell = ${num(dog.bellWeight, 3)} (learnt)`, true);
  link(food, dog.foodWeight, `w_food = ${num(dog.foodWeight, 3)} (innate, fixed)`, false);
  node(g, bell.x, bell.y, 'bell', last?.bell ?? false);
  node(g, food.x, food.y, 'food', last?.food ?? false);
  g.beginPath();
  g.arc(out.x, out.y, 30, 0, 2 * Math.PI);
  g.fillStyle = last?.salivates ? '#3c963c' : '#eef0f3';
  g.fill();
  g.strokeStyle = '#1b1f24';
  g.lineWidth = 2;
  g.stroke();
  g.fillStyle = last?.salivates ? '#fff' : '#1b1f24';
  g.font = '12px system-ui';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText('saliva', out.x, out.y);
  g.fillStyle = '#4a5360';
  g.textAlign = 'left';
  g.fillText(`fires when the drive ≥ ${num(dog.threshold, 3)}`, out.x - 70, out.y + 48);
}

/** The bell weight after each trial, the threshold (dashed) and a dot per trial coloured by what was shown. */
export function drawBellWeights(canvas: HTMLCanvasElement, trials: readonly PavlovTrial[], threshold: number): void {
  const { g, w, h } = blank(canvas);
  const f = frameOf(w, h, { left: 40, right: 10, top: 10, bottom: 24 });
  const n = Math.max(trials.length, 10);
  const x = (i: number) => f.left + (i / n) * f.width;
  const y = (v: number) => f.top + (1 - v) * f.height;
  g.font = '11px system-ui';
  g.fillStyle = '#4a5360';
  g.textAlign = 'right';
  for (const t of [0, 0.5, 1]) g.fillText(String(t), f.left - 6, y(t) + 4);
  g.textAlign = 'left';
  g.fillText('trial', f.left + f.width - 24, h - 6);
  levelLine(g, f, y(threshold));
  g.strokeStyle = '#1f4f82';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(x(0), y(0));
  trials.forEach((t, i) => g.lineTo(x(i + 1), y(t.bellWeight)));
  g.stroke();
  trials.forEach((t, i) => {
    g.fillStyle = t.bell && t.food ? '#1f4f82' : t.bell ? '#e67814' : '#b4bac2';
    g.beginPath();
    g.arc(x(i + 1), y(t.bellWeight), 3.5, 0, 2 * Math.PI);
    g.fill();
  });
}
