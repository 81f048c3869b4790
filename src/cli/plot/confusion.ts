/**
 * The confusion matrix as a picture: rows are the true classes, columns the predicted ones, each
 * cell shaded by the share of its row (the recall) and labelled with its count.
 */
import { esc, px, svgDocument } from './svg.js';

/** A shade of blue for a share in [0, 1]. */
function shade(share: number): string {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * share);
  return `rgb(${mix(247, 8)},${mix(251, 48)},${mix(255, 107)})`;
}

/** The most classes a confusion matrix shows (Note: a picture of 1,000 × 1,000 cells helps nobody and weighs 100 MB). */
export const MAX_SHOWN_CLASSES = 50;

/**
 * The `k` classes with the most rows (ties: the earlier class), in class order.
 *
 * @param confusion `[classes][classes]` counts, rows = true class
 * @param k how many
 * @example
 * ```ts
 * topClasses([[5, 0, 0], [0, 1, 0], [0, 0, 9]], 2); // [0, 2]
 * ```
 */
export function topClasses(confusion: readonly (readonly number[])[], k: number): number[] {
  const totals = confusion.map((row, i) => [row.reduce((a, b) => a + b, 0), i] as const);
  return totals.sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i).sort((a, b) => a - b);
}

/**
 * The SVG of a confusion matrix; of more than {@link MAX_SHOWN_CLASSES} classes, those with the
 * most rows (the title says so).
 *
 * @param confusion `[classes][classes]` counts, rows = true class
 * @param classes the class labels in order
 * @param title e.g. `validation rows`
 * @example
 * ```ts
 * confusionSvg([[5, 1], [0, 6]], ['no', 'yes'], 'validation');
 * ```
 */
export function confusionSvg(confusion: readonly (readonly number[])[], classes: readonly string[], title: string): string {
  if (classes.length > MAX_SHOWN_CLASSES) {
    const top = topClasses(confusion, MAX_SHOWN_CLASSES);
    const shown = top.map((i) => top.map((j) => confusion[i][j]));
    return confusionSvg(shown, top.map((i) => classes[i]), `${title}; the ${MAX_SHOWN_CLASSES} of ${classes.length} classes with the most rows`);
  }
  const n = classes.length;
  const cell = Math.max(22, Math.min(70, Math.floor(480 / n)));
  const label = Math.min(140, 12 + 7 * Math.max(...classes.map((c) => Math.min(c.length, 18))));
  const left = label + 40;
  // rotated column labels need room above the matrix in proportion to their length
  const top = 70 + 4.5 * Math.max(...classes.map((c) => Math.min(c.length, 18)));
  const parts: string[] = [
    `<text x="${px(left + (n * cell) / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">confusion matrix: ${esc(title)}</text>`,
    `<text x="${px(left + (n * cell) / 2)}" y="46" text-anchor="middle">predicted class</text>`,
    `<text transform="translate(16,${px(top + (n * cell) / 2)}) rotate(-90)" text-anchor="middle">true class</text>`,
  ];
  const short = (c: string) => esc(c.length > 18 ? `${c.slice(0, 17)}…` : c);
  const fontSize = cell < 30 ? 9 : 12;
  confusion.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${px(left - 8)}" y="${px(top + i * cell + cell / 2)}" text-anchor="end" dominant-baseline="middle">${short(classes[i])}</text>`);
    row.forEach((count, j) => {
      const share = total === 0 ? 0 : count / total;
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(`<rect x="${px(x)}" y="${px(y)}" width="${cell}" height="${cell}" fill="${shade(share)}" stroke="#ffffff"/>`);
      parts.push(`<text x="${px(x + cell / 2)}" y="${px(y + cell / 2)}" text-anchor="middle" dominant-baseline="middle" font-size="${fontSize}" fill="${share > 0.5 ? '#ffffff' : '#222222'}">${count}</text>`);
    });
  });
  classes.forEach((c, j) => {
    const x = left + j * cell + cell / 2;
    parts.push(`<text transform="translate(${px(x)},${top - 8}) rotate(-35)" text-anchor="start">${short(c)}</text>`);
  });
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  const all = confusion.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  parts.push(`<text x="${px(left)}" y="${px(top + n * cell + 24)}">${correct} of ${all} right (${all === 0 ? 0 : ((100 * correct) / all).toFixed(1)}%); shade = share of the true class's rows</text>`);
  return svgDocument(Math.max(left + n * cell + 60, 460), Math.round(top + n * cell + 44), parts.join('\n'), `confusion matrix: ${title}`);
}
