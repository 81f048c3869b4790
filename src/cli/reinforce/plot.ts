/**
 * `neurite reinforce --plot FILE.svg`: the return of every episode and its moving average, with
 * the solved threshold when the task has one.
 */
import type { EpisodeLog } from '../../index.js';
import { esc, px, scale, svgDocument, tickLabel, ticks } from '../plot/svg.js';

const W = 720;
const H = 360;
const M = { left: 64, right: 20, top: 40, bottom: 48 };

/**
 * The SVG of the returns per episode.
 *
 * @example
 * ```ts
 * returnsSvg(result.episodes, 'cartpole, reinforce', 475);
 * ```
 */
export function returnsSvg(episodes: readonly EpisodeLog[], title: string, threshold?: number): string {
  const values = episodes.flatMap((e) => [e.return, e.movingAverage]);
  if (threshold !== undefined) values.push(threshold);
  const lo = Math.min(0, ...values);
  const hi = Math.max(lo + 1e-9, ...values);
  const yt = ticks(lo, hi, 5);
  const last = Math.max(2, episodes.length);
  const xt = ticks(1, last, 6).filter((v) => v >= 1 && Number.isInteger(v));
  const sx = scale(1, last, M.left, W - M.right);
  const sy = scale(yt[0], yt[yt.length - 1], H - M.bottom, M.top);
  const path = (key: 'return' | 'movingAverage'): string => episodes.map((e, i) => `${i === 0 ? 'M' : 'L'}${px(sx(e.episode))},${px(sy(e[key]))}`).join(' ');
  const parts = [`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`];
  for (const v of yt) parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${px(sy(v))}" y2="${px(sy(v))}" stroke="#e5e5e5"/><text x="${M.left - 6}" y="${px(sy(v))}" text-anchor="end" dominant-baseline="middle" fill="#333">${tickLabel(v)}</text>`);
  for (const v of xt) parts.push(`<text x="${px(sx(v))}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#333">${tickLabel(v)}</text>`);
  parts.push(`<path d="M${M.left},${M.top} V${H - M.bottom} H${W - M.right}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">episode</text>`);
  parts.push(`<text transform="translate(18,${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">return</text>`);
  if (threshold !== undefined) parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${px(sy(threshold))}" y2="${px(sy(threshold))}" stroke="#59a14f" stroke-dasharray="6 4"/>`);
  if (episodes.length > 0) {
    parts.push(`<path d="${path('return')}" fill="none" stroke="#a0c4e4" stroke-width="1"/>`);
    parts.push(`<path d="${path('movingAverage')}" fill="none" stroke="#1f77b4" stroke-width="2.5"/>`);
  }
  const legend: [string, string, string][] = [['#a0c4e4', '', 'return'], ['#1f77b4', '', 'mean of the last 100'], ...(threshold !== undefined ? [['#59a14f', '6 4', `solved (${tickLabel(threshold)})`] as [string, string, string]] : [])];
  legend.forEach(([c, dash, name], i) => {
    const y = M.top + 10 + i * 18;
    parts.push(`<line x1="${M.left + 12}" x2="${M.left + 36}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/><text x="${M.left + 42}" y="${y}" dominant-baseline="middle">${esc(name)}</text>`);
  });
  return svgDocument(W, H, parts.join('\n'), `returns: ${title}`);
}
