/**
 * The picture of a map: for rows of two values, a chain of units or a map without a grid, the
 * units and their grid links over the rows, each row coloured by its cluster; for a map of rows
 * and columns over wider rows, its U-matrix (each unit shaded by the mean distance to its grid neighbours, darker = farther, with
 * the number of rows it won).
 */
import type { SelfOrganizingMap } from '../../index.js';
import { colour, esc, px, scale, svgDocument, tickLabel, ticks } from '../plot/svg.js';
import type { Unlabelled } from './data.js';

const PLOT = 480;
const LEFT = 60;
const TOP = 40;

function range(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
  const pad = (hi - lo || 1) * 0.08;
  return [lo - pad, hi + pad];
}

/** Values `k` of every row of a `[rows, cols]` array (0 when the rows have no such column). */
function column(data: ArrayLike<number>, rows: number, cols: number, k: number): Float64Array {
  return Float64Array.from({ length: rows }, (_, i) => (k < cols ? data[i * cols + k] : 0));
}

function axes(xr: [number, number], yr: [number, number], sx: (v: number) => number, sy: (v: number) => number, names: [string, string]): string[] {
  const parts: string[] = [];
  for (const v of ticks(xr[0], xr[1], 6).filter((t) => t >= xr[0] && t <= xr[1])) {
    parts.push(`<line x1="${px(sx(v))}" x2="${px(sx(v))}" y1="${TOP + PLOT}" y2="${TOP + PLOT + 5}" stroke="#333"/><text x="${px(sx(v))}" y="${TOP + PLOT + 18}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  for (const v of ticks(yr[0], yr[1], 6).filter((t) => t >= yr[0] && t <= yr[1])) {
    parts.push(`<line x1="${LEFT - 5}" x2="${LEFT}" y1="${px(sy(v))}" y2="${px(sy(v))}" stroke="#333"/><text x="${LEFT - 8}" y="${px(sy(v))}" text-anchor="end" dominant-baseline="middle">${tickLabel(v)}</text>`);
  }
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${px(LEFT + PLOT / 2)}" y="${TOP + PLOT + 40}" text-anchor="middle">${esc(names[0])}</text>`);
  parts.push(`<text transform="translate(16,${px(TOP + PLOT / 2)}) rotate(-90)" text-anchor="middle">${esc(names[1])}</text>`);
  return parts;
}

/** The rows (first two encoded inputs), coloured by cluster, with the units and their grid links on top. */
function unitsOverData(map: SelfOrganizingMap, d: Unlabelled, clusters: readonly number[]): string {
  const { data, rows, cols } = d.x;
  const [xs, ys] = [column(data, rows, cols, 0), column(data, rows, cols, 1)];
  const [ux, uy] = [column(map.prototypes, map.units, cols, 0), column(map.prototypes, map.units, cols, 1)];
  const xr = range([...xs, ...ux]);
  const yr = range([...ys, ...uy]);
  const sx = scale(xr[0], xr[1], LEFT, LEFT + PLOT);
  const sy = scale(yr[0], yr[1], TOP + PLOT, TOP);
  const features = d.preprocessor.features;
  const names: [string, string] = [`${features[0]} (scaled)`, cols > 1 ? `${features[1] ?? 'input 2'} (scaled)` : ''];
  const shown = cols > 2 ? ` (the first 2 of ${cols} inputs)` : '';
  const title = `${map.grid === null ? `${map.units} competitive units` : `a ${map.grid[0]}×${map.grid[1]} map`} over ${d.name}${shown}`;
  const parts = [`<text x="${px(LEFT + PLOT / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`, ...axes(xr, yr, sx, sy, names)];
  for (let i = 0; i < rows; i++) {
    parts.push(`<circle cx="${px(sx(xs[i]))}" cy="${px(sy(ys[i]))}" r="3" fill="${colour(clusters[i])}" fill-opacity="0.7"/>`);
  }
  for (let u = 0; u < map.units; u++) {
    for (const v of map.neighbours(u).filter((n) => n > u)) {
      parts.push(`<line x1="${px(sx(ux[u]))}" y1="${px(sy(uy[u]))}" x2="${px(sx(ux[v]))}" y2="${px(sy(uy[v]))}" stroke="#222" stroke-width="1.2"/>`);
    }
  }
  for (let u = 0; u < map.units; u++) {
    parts.push(`<circle cx="${px(sx(ux[u]))}" cy="${px(sy(uy[u]))}" r="5" fill="${colour(u)}" stroke="#000" stroke-width="1.5"/>`);
  }
  return svgDocument(LEFT + PLOT + 20, TOP + PLOT + 56, parts.join('\n'), title);
}

/** The U-matrix: one cell per unit, grey by the mean distance to its neighbours, with its row count. */
function uMatrixSvg(map: SelfOrganizingMap, d: Unlabelled, clusters: readonly number[]): string {
  const [rows, cols] = map.grid as readonly [number, number];
  const u = map.uMatrix();
  const hits = new Array<number>(map.units).fill(0);
  for (const c of clusters) hits[c]++;
  const [lo, hi] = [Math.min(...u), Math.max(...u)];
  const cell = Math.min(48, Math.floor(PLOT / Math.max(rows, cols)));
  const title = `U-matrix of a ${rows}×${cols} map of ${d.name}`;
  const parts = [`<text x="${LEFT}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`];
  for (let k = 0; k < map.units; k++) {
    const shade = Math.round(245 - 200 * ((u[k] - lo) / (hi - lo || 1)));
    const x = LEFT + (k % cols) * cell;
    const y = TOP + Math.floor(k / cols) * cell;
    const ink = shade < 140 ? '#fff' : '#000';
    parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},${shade})" stroke="#fff"/>`);
    if (cell >= 18) parts.push(`<text x="${px(x + cell / 2)}" y="${px(y + cell / 2)}" text-anchor="middle" dominant-baseline="middle" font-size="${Math.min(12, cell / 2.5)}" fill="${ink}">${hits[k]}</text>`);
  }
  const below = TOP + rows * cell + 24;
  parts.push(`<text x="${LEFT}" y="${below}">darker: farther from the neighbouring units (a border between clusters); numbers: rows won</text>`);
  parts.push(`<text x="${LEFT}" y="${below + 18}">mean distance to neighbours from ${lo.toPrecision(3)} (light) to ${hi.toPrecision(3)} (dark)</text>`);
  return svgDocument(Math.max(LEFT + cols * cell + 20, 620), below + 36, parts.join('\n'), title);
}

/**
 * The SVG of a trained map: the U-matrix for a map of rows and columns on data of more than two
 * columns; otherwise (two columns, a chain of units, competitive learning) the units over the rows.
 *
 * @example
 * ```ts
 * clusterSvg(map, data, Array.from(map.assign(data.x)));
 * ```
 */
export function clusterSvg(map: SelfOrganizingMap, d: Unlabelled, clusters: readonly number[]): string {
  const flat = map.grid === null || Math.min(map.grid[0], map.grid[1]) === 1;
  return !flat && d.x.cols > 2 ? uMatrixSvg(map, d, clusters) : unitsOverData(map, d, clusters);
}
