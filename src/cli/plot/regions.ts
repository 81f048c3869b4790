/**
 * Decision regions of a classifier with two numeric inputs: the plane coloured by the predicted
 * class, with the data points on top coloured by their true class.
 */
import { colour, esc, px, scale, svgDocument, tickLabel, ticks } from './svg.js';

/** What to draw: the raw points, their classes, and a classifier of raw points. */
export interface RegionsInput {
  readonly xName: string;
  readonly yName: string;
  /** Raw feature values of each point. */
  readonly px: Float64Array;
  readonly py: Float64Array;
  /** True class index of each point. */
  readonly labels: ArrayLike<number>;
  readonly classes: readonly string[];
  /** Predicted class index of each raw point `(x, y)`, for `[count, 2]` flat values. */
  readonly classify: (points: Float32Array, count: number) => ArrayLike<number>;
  readonly title: string;
}

const SIZE = { plot: 480, left: 60, top: 40, grid: 120 };

function range(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  const pad = (hi - lo || 1) * 0.08;
  return [lo - pad, hi + pad];
}

/** Rows of same-class grid cells merged into one rectangle each, which keeps the file small. */
function regionRects(r: RegionsInput, xr: [number, number], yr: [number, number], sx: (v: number) => number, sy: (v: number) => number): string[] {
  const g = SIZE.grid;
  const pts = new Float32Array(g * g * 2);
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      pts[(i * g + j) * 2] = xr[0] + ((j + 0.5) / g) * (xr[1] - xr[0]);
      pts[(i * g + j) * 2 + 1] = yr[1] - ((i + 0.5) / g) * (yr[1] - yr[0]);
    }
  }
  const predicted = r.classify(pts, g * g);
  const w = (xr[1] - xr[0]) / g;
  const h = (yr[1] - yr[0]) / g;
  const rects: string[] = [];
  for (let i = 0; i < g; i++) {
    let j = 0;
    while (j < g) {
      const k = predicted[i * g + j];
      let end = j + 1;
      while (end < g && predicted[i * g + end] === k) end++;
      const x = sx(xr[0] + j * w);
      const y = sy(yr[1] - i * h);
      rects.push(`<rect x="${px(x)}" y="${px(y)}" width="${px(sx(xr[0] + end * w) - x + 0.3)}" height="${px(sy(yr[1] - (i + 1) * h) - y + 0.3)}" fill="${colour(k)}" fill-opacity="0.28"/>`);
      j = end;
    }
  }
  return rects;
}

/**
 * The SVG of decision regions with the points.
 *
 * @example
 * ```ts
 * regionsSvg({ xName: 'x', yName: 'y', px, py, labels, classes, classify, title: 'moons' });
 * ```
 */
export function regionsSvg(r: RegionsInput): string {
  const { plot, left, top } = SIZE;
  const xr = range(r.px);
  const yr = range(r.py);
  const sx = scale(xr[0], xr[1], left, left + plot);
  const sy = scale(yr[0], yr[1], top + plot, top);
  const parts = [`<text x="${px(left + plot / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">decision regions: ${esc(r.title)}</text>`];
  // crisp edges: anti-aliased neighbouring rows would leave faint seams between them
  parts.push(`<g shape-rendering="crispEdges">`, ...regionRects(r, xr, yr, sx, sy), '</g>');
  for (const v of ticks(xr[0], xr[1], 6).filter((t) => t >= xr[0] && t <= xr[1])) {
    parts.push(`<line x1="${px(sx(v))}" x2="${px(sx(v))}" y1="${top + plot}" y2="${top + plot + 5}" stroke="#333"/><text x="${px(sx(v))}" y="${top + plot + 18}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  for (const v of ticks(yr[0], yr[1], 6).filter((t) => t >= yr[0] && t <= yr[1])) {
    parts.push(`<line x1="${left - 5}" x2="${left}" y1="${px(sy(v))}" y2="${px(sy(v))}" stroke="#333"/><text x="${left - 8}" y="${px(sy(v))}" text-anchor="end" dominant-baseline="middle">${tickLabel(v)}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plot}" height="${plot}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${px(left + plot / 2)}" y="${top + plot + 40}" text-anchor="middle">${esc(r.xName)}</text>`);
  parts.push(`<text transform="translate(16,${px(top + plot / 2)}) rotate(-90)" text-anchor="middle">${esc(r.yName)}</text>`);
  for (let i = 0; i < r.px.length; i++) {
    parts.push(`<circle cx="${px(sx(r.px[i]))}" cy="${px(sy(r.py[i]))}" r="3.5" fill="${colour(r.labels[i])}" stroke="#222" stroke-width="0.7"/>`);
  }
  r.classes.forEach((c, k) => {
    const y = top + 10 + k * 20;
    parts.push(`<circle cx="${left + plot + 22}" cy="${y}" r="5" fill="${colour(k)}" stroke="#222" stroke-width="0.7"/><text x="${left + plot + 32}" y="${y}" dominant-baseline="middle">${esc(c)}</text>`);
  });
  const legendWidth = 40 + 7 * Math.max(...r.classes.map((c) => c.length));
  return svgDocument(left + plot + legendWidth + 20, top + plot + 56, parts.join('\n'), `decision regions: ${r.title}`);
}
