/**
 * The training curves: loss and the metric (accuracy or mean absolute error) per epoch, for the
 * training rows and the validation rows, as two panels with axes, ticks, labels and a legend.
 */
import type { EpochLog } from '../../index.js';
import { esc, px, scale, svgDocument, tickLabel, ticks } from './svg.js';

interface Series {
  readonly name: string;
  readonly colour: string;
  readonly dash?: string;
  readonly points: [number, number][];
}

const PANEL = { width: 440, height: 320, left: 62, right: 16, top: 40, bottom: 48 };

function points(history: readonly EpochLog[], key: keyof EpochLog): [number, number][] {
  return history.filter((e) => typeof e[key] === 'number' && Number.isFinite(e[key])).map((e) => [e.epoch, e[key] as number]);
}

function axes(x0: number, title: string, yLabel: string, xt: number[], yt: number[], sx: (v: number) => number, sy: (v: number) => number): string {
  const { top, height, bottom, left, width, right } = PANEL;
  const yBottom = top + height - top - bottom;
  const parts = [`<text x="${px(x0 + width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`];
  for (const v of yt) {
    const y = px(sy(v));
    parts.push(`<line x1="${px(x0 + left)}" x2="${px(x0 + width - right)}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${px(x0 + left - 6)}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${tickLabel(v)}</text>`);
  }
  for (const v of xt) {
    const x = px(sx(v));
    parts.push(`<line x1="${x}" x2="${x}" y1="${px(yBottom)}" y2="${px(yBottom + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${x}" y="${px(yBottom + 18)}" text-anchor="middle" fill="#333">${tickLabel(v)}</text>`);
  }
  parts.push(`<path d="M${px(x0 + left)},${px(top)} V${px(yBottom)} H${px(x0 + width - right)}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${px(x0 + (left + width - right) / 2)}" y="${px(height - 8)}" text-anchor="middle">epoch</text>`);
  parts.push(`<text transform="translate(${px(x0 + 16)},${px((top + yBottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return parts.join('\n');
}

function legend(x: number, y: number, series: readonly Series[]): string {
  return series.map((s, i) => {
    const yy = y + i * 18;
    return `<line x1="${px(x)}" x2="${px(x + 24)}" y1="${px(yy)}" y2="${px(yy)}" stroke="${s.colour}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>` +
      `<text x="${px(x + 30)}" y="${px(yy)}" dominant-baseline="middle">${esc(s.name)}</text>`;
  }).join('\n');
}

function panel(x0: number, title: string, yLabel: string, series: Series[], epochs: number, unitRange: boolean): string {
  const all = series.flatMap((s) => s.points.map((p) => p[1]));
  if (all.length === 0) return '';
  const lo = unitRange ? 0 : Math.min(0, ...all);
  const hi = unitRange ? 1 : Math.max(...all);
  const yt = ticks(lo, hi, 5);
  const xt = ticks(1, Math.max(2, epochs), 6).filter((v) => v >= 0 && Number.isInteger(v));
  const { left, right, top, height, bottom, width } = PANEL;
  const sx = scale(Math.min(1, xt[0]), xt[xt.length - 1], x0 + left, x0 + width - right);
  const sy = scale(yt[0], yt[yt.length - 1], height - bottom, top);
  const lines = series.filter((s) => s.points.length > 0).map((s) => {
    const d = s.points.map(([e, v], i) => `${i === 0 ? 'M' : 'L'}${px(sx(e))},${px(sy(v))}`).join(' ');
    const dot = s.points.length === 1 ? `<circle cx="${px(sx(s.points[0][0]))}" cy="${px(sy(s.points[0][1]))}" r="3" fill="${s.colour}"/>` : '';
    return `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>${dot}`;
  });
  const shown = series.filter((s) => s.points.length > 0);
  const legendY = unitRange ? height - bottom - 12 - 18 * (shown.length - 1) : top + 12;
  return [axes(x0, title, yLabel, xt, yt, sx, sy), ...lines, legend(x0 + width - right - 130, legendY, shown)].join('\n');
}

/**
 * The SVG of the loss and metric curves of a training history.
 *
 * @param history one log per epoch
 * @param title shown on top of the picture
 * @param maeUnits what the history's mae is measured in, for the axis label: `train` records it in
 *   the target's units (inTargetUnits), an autoencoder in the scaled units of its inputs
 * @example
 * ```ts
 * writeFileSync('run.svg', trainingCurves(result.history, 'iris'));
 * ```
 */
export function trainingCurves(history: readonly EpochLog[], title: string, maeUnits = 'scaled units'): string {
  const classification = history.some((e) => e.accuracy !== undefined);
  const epochs = history.length > 0 ? history[history.length - 1].epoch : 1;
  const train = { name: 'training', colour: '#1f77b4' };
  const val = { name: 'validation', colour: '#ff7f0e', dash: '6 4' };
  const loss = [{ ...train, points: points(history, 'loss') }, { ...val, points: points(history, 'valLoss') }];
  const metric = classification
    ? [{ ...train, points: points(history, 'accuracy') }, { ...val, points: points(history, 'valAccuracy') }]
    : [{ ...train, points: points(history, 'mae') }, { ...val, points: points(history, 'valMae') }];
  const body = [
    `<text x="${PANEL.width}" y="${PANEL.height + 22}" text-anchor="middle" fill="#555">${esc(title)}</text>`,
    panel(0, 'loss', 'loss', loss, epochs, false),
    panel(PANEL.width, classification ? 'accuracy' : 'mean absolute error', classification ? 'accuracy' : `mae (${maeUnits})`, metric, epochs, classification),
  ].join('\n');
  return svgDocument(PANEL.width * 2, PANEL.height + 34, body, `training curves: ${title}`);
}
