/**
 * Drawing the "pictures" view: the pad (the 32 × 32 bitmap, or a held-out example as its 8 × 8
 * blocks), what the network sees (the 8 × 8 image), the feature maps of a convolution layer, and
 * the class probabilities as bars.
 */
import { css, diverging } from '../ui/colors.js';
import { BITMAP, BLOCK } from './bitmap.js';
import type { LayerOutput } from './run.js';

/** Maps per row, and the pixels per value of a `[h, w, maps]` output's maps: about 80 pixels a map, 4 to 14 a value. */
export const MAPS_PER_ROW = 8;
export const mapCell = (shape: readonly number[]): number => Math.max(4, Math.min(14, Math.round(80 / shape[1])));

/** The grey of a value from 0 (white) to `max` (black); a layer's maps share one `max`, so they compare. */
export const shade = (v: number, max: number): number => (max > 0 ? Math.round(255 * (1 - Math.min(1, Math.max(0, v / max)))) : 255);

/** Where map `k` of a `[h, w, maps]` output sits: its top-left pixel on the canvas, `cell` pixels a value. */
export function mapOrigin(k: number, shape: readonly number[], cell: number, perRow: number): { x: number; y: number } {
  const [h, w] = shape;
  return { x: MAP_GAP + (k % perRow) * (w * cell + MAP_GAP), y: MAP_LABEL + Math.floor(k / perRow) * (h * cell + MAP_LABEL + MAP_GAP) };
}

/** Room between maps and above each for its label. */
const MAP_GAP = 8;
const MAP_LABEL = 14;

/** The canvas size that holds all maps of an output. */
export function mapsSize(shape: readonly number[], cell: number, perRow: number): { width: number; height: number } {
  const [h, w, maps] = shape;
  const rows = Math.ceil(maps / perRow);
  return { width: MAP_GAP + perRow * (w * cell + MAP_GAP), height: rows * (h * cell + MAP_LABEL + MAP_GAP) };
}

const context = (c: HTMLCanvasElement): CanvasRenderingContext2D => c.getContext('2d') as CanvasRenderingContext2D;

/** A square picture (values 0…1, side² of them) filling the canvas, with a light grid between its pixels. */
export function drawImage(canvas: HTMLCanvasElement, image: Float32Array, grid = true): void {
  const g = context(canvas);
  const side = Math.round(Math.sqrt(image.length));
  const cell = canvas.width / side;
  for (let i = 0; i < side * side; i++) {
    const s = shade(image[i], 1);
    g.fillStyle = `rgb(${s},${s},${s})`;
    g.fillRect((i % side) * cell, Math.floor(i / side) * cell, cell, cell);
  }
  if (grid) drawGrid(g, canvas.width, side);
}

function drawGrid(g: CanvasRenderingContext2D, size: number, n: number): void {
  g.strokeStyle = 'rgba(10, 95, 180, 0.25)';
  g.lineWidth = 1;
  g.beginPath();
  for (let i = 1; i < n; i++) {
    const p = Math.round((i * size) / n) + 0.5;
    g.moveTo(p, 0);
    g.lineTo(p, size);
    g.moveTo(0, p);
    g.lineTo(size, p);
  }
  g.stroke();
}

/** The pad: the bitmap's ink in black, and the 4 × 4 blocks that become the network's pixels outlined. */
export function drawBitmap(canvas: HTMLCanvasElement, bitmap: Uint8Array): void {
  const g = context(canvas);
  const cell = canvas.width / BITMAP;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000';
  for (let i = 0; i < bitmap.length; i++) if (bitmap[i]) g.fillRect((i % BITMAP) * cell, Math.floor(i / BITMAP) * cell, cell, cell);
  drawGrid(g, canvas.width, BITMAP / BLOCK);
}

/** The maps of one convolution layer's output `[h, w, maps]`: map k's cell (r, c) is value (r·w + c)·maps + k. */
export function drawMaps(canvas: HTMLCanvasElement, out: LayerOutput, cell: number, perRow: number): void {
  const [h, w, maps] = out.shape;
  const size = mapsSize(out.shape, cell, perRow);
  canvas.width = size.width;
  canvas.height = size.height;
  const g = context(canvas);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  let max = 0;
  for (const v of out.values) max = Math.max(max, v);
  g.font = '11px system-ui, sans-serif';
  for (let k = 0; k < maps; k++) {
    const o = mapOrigin(k, out.shape, cell, perRow);
    g.fillStyle = '#4a5360';
    g.fillText(`${k + 1}`, o.x, o.y - 3);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const s = shade(out.values[(r * w + c) * maps + k], max);
        g.fillStyle = `rgb(${s},${s},${s})`;
        g.fillRect(o.x + c * cell, o.y + r * cell, cell, cell);
      }
    }
    g.strokeStyle = '#c9ced6';
    g.strokeRect(o.x - 0.5, o.y - 0.5, w * cell + 1, h * cell + 1);
  }
}

/**
 * The first convolution's filters, `weights` `[kh, kw, 1, filters]`, each above its map (same
 * columns as {@link drawMaps} with `cell` pixels per map value): blue positive, orange negative,
 * on one scale for all of them.
 */
export function drawFilters(canvas: HTMLCanvasElement, weights: Float32Array, shape: readonly number[], mapShape: readonly number[], cell: number, perRow: number): void {
  const [kh, kw, , filters] = shape;
  const k = Math.floor((mapShape[1] * cell) / kw);
  canvas.width = mapsSize(mapShape, cell, perRow).width;
  canvas.height = MAP_LABEL + Math.ceil(filters / perRow) * (kh * k + MAP_GAP);
  const g = context(canvas);
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  let max = 0;
  for (const v of weights) max = Math.max(max, Math.abs(v));
  for (let f = 0; f < filters; f++) {
    const x = mapOrigin(f, mapShape, cell, perRow).x;
    const y = MAP_LABEL + Math.floor(f / perRow) * (kh * k + MAP_GAP);
    for (let i = 0; i < kh * kw; i++) {
      g.fillStyle = css(diverging(max > 0 ? weights[i * filters + f] / max : 0));
      g.fillRect(x + (i % kw) * k, y + Math.floor(i / kw) * k, k, k);
    }
    g.strokeStyle = '#c9ced6';
    g.strokeRect(x - 0.5, y - 0.5, kw * k + 1, kh * k + 1);
  }
}

/** Which map and cell of `[h, w, maps]` a canvas point falls on, or null between maps. */
export function cellAt(px: number, py: number, shape: readonly number[], cell: number, perRow: number): { map: number; row: number; col: number } | null {
  const [h, w, maps] = shape;
  for (let map = 0; map < maps; map++) {
    const o = mapOrigin(map, shape, cell, perRow);
    const [col, row] = [Math.floor((px - o.x) / cell), Math.floor((py - o.y) / cell)];
    if (col >= 0 && col < w && row >= 0 && row < h) return { map, row, col };
  }
  return null;
}

/** The class probabilities as bars, the most likely class marked; written as text, never as HTML. */
export function drawBars(list: HTMLElement, probabilities: Float32Array, names: readonly string[], truth: number | null): void {
  const best = probabilities.indexOf(Math.max(...probabilities));
  const rows: HTMLElement[] = [];
  for (let k = 0; k < names.length; k++) {
    const row = document.createElement('li');
    row.className = k === best ? 'best' : '';
    const name = document.createElement('span');
    name.className = 'class';
    name.textContent = names[k];
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.width = `${(100 * probabilities[k]).toFixed(2)}%`;
    bar.append(fill);
    const p = document.createElement('span');
    p.className = 'p';
    p.textContent = `${(100 * probabilities[k]).toFixed(1)} %${k === truth ? ' (true class)' : ''}`;
    row.append(name, bar, p);
    rows.push(row);
  }
  list.replaceChildren(...rows);
}
