/**
 * Two plain charts for tune and explain: lines or dots over x (score against trial, partial
 * dependence with its ICE curves), and horizontal bars with error bars (permutation importance).
 * Every label is escaped: column and class names come from the user's file.
 */
import { colour, esc, px, scale, svgDocument, tickLabel, ticks } from './svg.js';

/** One series of an x–y chart. */
export interface XySeries {
  readonly name?: string;
  readonly colour: string;
  readonly points: readonly (readonly [number, number])[];
  /** Dots instead of a line. */
  readonly dots?: boolean;
  readonly width?: number;
  readonly opacity?: number;
}

/** An x–y chart: axes, ticks, series and a legend of the named series. */
export interface XyChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly XySeries[];
  /** Names of x = 0, 1, ... (a categorical column) instead of numeric ticks. */
  readonly xNames?: readonly string[];
}

const W = 560;
const H = 380;
const M = { left: 70, right: 150, top: 40, bottom: 50 };

/**
 * The SVG of an x–y chart.
 *
 * @example
 * ```ts
 * xyChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ colour: '#000', points: [[0, 1], [1, 2]] }] });
 * ```
 */
export function xyChart(c: XyChart): string {
  const xs = c.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = c.series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const yt = ticks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 5);
  const xt = c.xNames ? c.xNames.map((_, i) => i) : ticks(x0, x1, 6);
  const lo = c.xNames ? -0.5 : xt[0];
  const hi = c.xNames ? c.xNames.length - 0.5 : xt[xt.length - 1];
  const sx = scale(lo, hi, M.left, W - M.right);
  const sy = scale(yt[0], yt[yt.length - 1], H - M.bottom, M.top);
  const parts = [`<text x="${px((M.left + W - M.right) / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(c.title)}</text>`];
  for (const v of yt) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${px(sy(v))}" y2="${px(sy(v))}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${px(sy(v))}" text-anchor="end" dominant-baseline="middle" fill="#333">${tickLabel(v)}</text>`);
  }
  xt.forEach((v, i) => {
    parts.push(`<line x1="${px(sx(v))}" x2="${px(sx(v))}" y1="${H - M.bottom}" y2="${H - M.bottom + 5}" stroke="#333"/>`);
    parts.push(`<text x="${px(sx(v))}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#333">${esc(c.xNames ? c.xNames[i] : tickLabel(v))}</text>`);
  });
  parts.push(`<path d="M${M.left},${M.top} V${H - M.bottom} H${W - M.right}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${px((M.left + W - M.right) / 2)}" y="${H - 10}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  parts.push(`<text transform="translate(18,${px((M.top + H - M.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  for (const s of c.series) {
    const op = s.opacity !== undefined ? ` opacity="${s.opacity}"` : '';
    const pts = s.points.filter((p) => Number.isFinite(p[1]));
    if (s.dots) {
      parts.push(...pts.map(([x, y]) => `<circle cx="${px(sx(x))}" cy="${px(sy(y))}" r="3.5" fill="${s.colour}"${op}/>`));
    } else if (pts.length > 0) {
      const d = pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(sx(x))},${px(sy(y))}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="${s.width ?? 2}"${op}/>`);
    }
  }
  c.series.filter((s) => s.name !== undefined).forEach((s, i) => {
    const y = M.top + 8 + i * 18;
    const mark = s.dots ? `<circle cx="${W - M.right + 22}" cy="${y}" r="4" fill="${s.colour}"/>` : `<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${y}" y2="${y}" stroke="${s.colour}" stroke-width="2.5"/>`;
    parts.push(`${mark}<text x="${W - M.right + 38}" y="${y}" dominant-baseline="middle">${esc(s.name as string)}</text>`);
  });
  return svgDocument(W, H, parts.join('\n'), c.title);
}

/** One bar: a value and its error (± err). */
export interface Bar {
  readonly name: string;
  readonly value: number;
  readonly err: number;
}

/**
 * The SVG of horizontal bars with error bars, top to bottom in the order given.
 *
 * @example
 * ```ts
 * barChart('importance', 'drop in accuracy', [{ name: 'petal_length', value: 0.4, err: 0.05 }]);
 * ```
 */
export function barChart(title: string, xLabel: string, bars: readonly Bar[]): string {
  const left = 40 + Math.min(200, 7 * Math.max(4, ...bars.map((b) => [...b.name].length)));
  const row = 22;
  const h = 70 + bars.length * row + 40;
  const w = left + 420;
  const vals = bars.flatMap((b) => [b.value - b.err, b.value + b.err]);
  const xt = ticks(Math.min(0, ...vals), Math.max(0, ...vals, 1e-9), 6);
  const sx = scale(xt[0], xt[xt.length - 1], left, w - 30);
  const top = 50;
  const bottom = top + bars.length * row;
  const parts = [`<text x="${px(w / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`];
  for (const v of xt) {
    parts.push(`<line x1="${px(sx(v))}" x2="${px(sx(v))}" y1="${top}" y2="${bottom}" stroke="${v === 0 ? '#333' : '#e5e5e5'}"/>`);
    parts.push(`<text x="${px(sx(v))}" y="${bottom + 16}" text-anchor="middle" fill="#333">${tickLabel(v)}</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * row;
    const [a, z] = [sx(Math.min(0, b.value)), sx(Math.max(0, b.value))];
    parts.push(`<text x="${left - 8}" y="${y + row / 2}" text-anchor="end" dominant-baseline="middle">${esc(b.name)}</text>`);
    parts.push(`<rect x="${px(a)}" y="${y + 4}" width="${px(Math.max(0.5, z - a))}" height="${row - 8}" fill="${colour(0)}"/>`);
    const e0 = px(sx(b.value - b.err));
    const e1 = px(sx(b.value + b.err));
    parts.push(`<path d="M${e0},${y + row / 2} H${e1} M${e0},${y + 7} V${y + row - 7} M${e1},${y + 7} V${y + row - 7}" stroke="#222" fill="none"/>`);
  });
  parts.push(`<text x="${px((left + w - 30) / 2)}" y="${bottom + 36}" text-anchor="middle">${esc(xLabel)}</text>`);
  return svgDocument(w, h, parts.join('\n'), title);
}
