/**
 * The pictures of the rewards view: the cart and its pole, the grid world with the policy's
 * arrows and the values of its cells, and the return of every episode.
 */
import { CARTPOLE, GRID_MOVES, type GridWorld } from '../../../src/index.js';
import { blank, levelLine } from '../ui/canvas.js';
import { css, diverging } from '../ui/colors.js';
import { num } from '../ui/format.js';
import { frameOf, niceTicks } from '../ui/ticks.js';

/**
 * The cart-pole in state [x, ẋ, θ, θ̇]: the track (±2.4 marked), the cart and the pole (drawn
 * twice its half-length, leaning by θ), red once past 12°.
 */
export function drawCartPole(canvas: HTMLCanvasElement, state: readonly number[], caption: string): void {
  const { g, w, h } = blank(canvas);
  const scale = (w - 40) / (2 * CARTPOLE.xThreshold * 1.1);
  const ground = h - 40;
  const cx = w / 2 + state[0] * scale;
  g.strokeStyle = '#4a5360';
  g.lineWidth = 2;
  g.beginPath();
  g.moveTo(10, ground);
  g.lineTo(w - 10, ground);
  g.stroke();
  for (const edge of [-CARTPOLE.xThreshold, CARTPOLE.xThreshold]) {
    g.fillStyle = '#c8ccd2';
    g.fillRect(w / 2 + edge * scale - 1, ground - 12, 3, 24);
  }
  g.fillStyle = '#1f4f82';
  g.fillRect(cx - 30, ground - 26, 60, 24);
  const pole = 2 * CARTPOLE.length * scale * 0.9;
  const fallen = Math.abs(state[2]) > CARTPOLE.thetaThreshold;
  g.strokeStyle = fallen ? '#c8282d' : '#e67814';
  g.lineWidth = 8;
  g.lineCap = 'round';
  g.beginPath();
  g.moveTo(cx, ground - 26);
  g.lineTo(cx + pole * Math.sin(state[2]), ground - 26 - pole * Math.cos(state[2]));
  g.stroke();
  g.fillStyle = '#4a5360';
  g.font = '12px system-ui';
  g.fillText(caption, 10, 18);
}

const ARROWS = ['↑', '→', '↓', '←'];

/**
 * The grid world: walls dark, the goal and the pit marked, every other cell coloured by its value
 * (blue above 0, orange below, scaled by the largest |value|) with the greedy action's arrow, and
 * the agent where it stands.
 */
export function drawGrid(canvas: HTMLCanvasElement, grid: GridWorld, actions: readonly number[], values: readonly number[], at: readonly [number, number] | null): void {
  const { g, w, h } = blank(canvas);
  const size = Math.min(w / grid.columns, h / grid.rows);
  const top = Math.max(...values.map(Math.abs), 1e-9);
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0; c < grid.columns; c++) {
      const kind = grid.cell(r, c);
      const [x, y] = [c * size, r * size];
      const i = r * grid.columns + c;
      g.fillStyle = kind === '#' ? '#4a5360' : kind === 'G' ? '#3c963c' : kind === 'P' ? '#c8282d' : css(diverging(values[i] / top));
      g.fillRect(x + 1, y + 1, size - 2, size - 2);
      g.fillStyle = kind === '#' ? '#4a5360' : '#1b1f24';
      if (kind === 'G' || kind === 'P') {
        g.fillStyle = '#fff';
        g.font = `bold ${Math.round(size / 3)}px system-ui`;
        g.fillText(kind === 'G' ? '+1' : '−1', x + size / 2, y + size / 2);
      } else if (kind !== '#') {
        g.font = `${Math.round(size / 2.6)}px system-ui`;
        g.fillText(ARROWS[actions[i]], x + size / 2, y + size / 2 - size / 10);
        g.font = `${Math.round(size / 7)}px system-ui`;
        g.fillText(num(values[i], 2), x + size / 2, y + size - size / 7);
      }
    }
  }
  if (at) {
    g.strokeStyle = '#1b1f24';
    g.lineWidth = 3;
    g.beginPath();
    g.arc(at[1] * size + size / 2, at[0] * size + size / 2, size / 2.6, 0, 2 * Math.PI);
    g.stroke();
  }
}

/** The arrows as text, one row of the grid a line (walls `#`, goal `G`, pit `P`): what the picture shows, for reading aloud and for tests. */
export function policyText(grid: GridWorld, actions: readonly number[]): string {
  return grid.layout.map((row, r) => [...row].map((kind, c) => (kind === '#' || kind === 'G' || kind === 'P' ? kind : ARROWS[actions[r * grid.columns + c]])).join('')).join('\n');
}

/** Where the greedy policy leads from the start, step by step, until the goal, the pit or a cell seen twice. */
export function followPolicy(grid: GridWorld, actions: readonly number[]): string {
  let [r, c] = [grid.layout.findIndex((row) => row.includes('S')), 0];
  c = grid.layout[r].indexOf('S');
  const seen = new Set<number>();
  while (!seen.has(r * grid.columns + c)) {
    seen.add(r * grid.columns + c);
    const kind = grid.cell(r, c);
    if (kind === 'G' || kind === 'P') return kind;
    const [dr, dc] = GRID_MOVES[actions[r * grid.columns + c]];
    const [nr, nc] = [r + dr, c + dc];
    if (nr >= 0 && nr < grid.rows && nc >= 0 && nc < grid.columns && grid.cell(nr, nc) !== '#') [r, c] = [nr, nc];
  }
  return 'loop';
}

/** The return of each episode (light), the mean of the last 100 (dark) and the solved threshold (dashed). */
export function drawReturns(canvas: HTMLCanvasElement, returns: readonly number[], averages: readonly number[], threshold: number | undefined): void {
  const { g, w, h } = blank(canvas);
  g.font = '11px system-ui';
  g.fillStyle = '#4a5360';
  if (returns.length === 0) {
    g.fillText('Press Learn to see the return of each episode.', 48, h / 2);
    return;
  }
  const f = frameOf(w, h, { left: 48, right: 10, top: 8, bottom: 30 });
  const all = [...returns, ...(threshold !== undefined ? [threshold] : [])];
  const [lo, hi] = [Math.min(0, ...all), Math.max(...all, 1e-9)];
  const ticks = niceTicks(lo, hi, 4);
  const [y0, y1] = [Math.min(lo, ticks[0]), Math.max(hi, ticks[ticks.length - 1])];
  const x = (i: number) => f.left + (returns.length < 2 ? 0 : (i / (returns.length - 1)) * f.width);
  const y = (v: number) => f.top + (1 - (v - y0) / (y1 - y0 || 1)) * f.height;
  g.strokeStyle = '#e1e4e8';
  g.lineWidth = 1;
  for (const t of ticks) {
    g.beginPath();
    g.moveTo(f.left, y(t));
    g.lineTo(f.left + f.width, y(t));
    g.stroke();
    g.fillText(num(t, 3), 4, y(t) + 4);
  }
  g.fillText(`episode ${returns.length}`, f.left + f.width - 70, h - 8);
  const line = (vs: readonly number[], colour: string, width: number, dash: number[] = []) => {
    g.strokeStyle = colour;
    g.lineWidth = width;
    g.setLineDash(dash);
    g.beginPath();
    vs.forEach((v, i) => (i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v))));
    g.stroke();
    g.setLineDash([]);
  };
  if (threshold !== undefined) levelLine(g, f, y(threshold));
  line(returns, '#a0c4e4', 1);
  line(averages, '#1f4f82', 2.5);
}
