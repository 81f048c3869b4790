/**
 * Small helpers for writing SVG by hand: escaping text, nice axis ticks, a linear scale and the
 * document wrapper. No plotting dependency: a chart here is a few dozen elements.
 */

/** Ten distinguishable colours (the Tableau 10 palette), one per class. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * The colour of class `i`; past ten, hues spread around the circle.
 *
 * @example
 * ```ts
 * colour(0); // '#4e79a7'
 * ```
 */
export function colour(i: number): string {
  return i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.5) % 360)}, 55%, 50%)`;
}

/**
 * Escapes text for SVG content and attribute values (text from the user's file included).
 *
 * @example
 * ```ts
 * esc('a<b & "c"'); // 'a&lt;b &amp; &quot;c&quot;'
 * ```
 */
export function esc(text: string): string {
  // characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/FFFF) become U+FFFD
  return text.replace(/[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten.
 *
 * @example
 * ```ts
 * ticks(0, 0.93, 5); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 0.5; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1] < hi) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

/**
 * A linear map from data values to pixels.
 *
 * @example
 * ```ts
 * scale(0, 10, 50, 450)(5); // 250
 * ```
 */
export function scale(d0: number, d1: number, p0: number, p1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (p1 - p0) / (d1 - d0);
  return (v) => p0 + (v - d0) * k;
}

/**
 * A tick label: integers as they are, other values with up to 3 significant digits.
 *
 * @example
 * ```ts
 * tickLabel(0.30000000000000004); // '0.3'
 * ```
 */
export function tickLabel(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

/**
 * A whole SVG document with a white background and a sans-serif font.
 *
 * @example
 * ```ts
 * svgDocument(400, 300, '<circle cx="10" cy="10" r="5"/>');
 * ```
 */
export function svgDocument(width: number, height: number, body: string, title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">
<title>${esc(title)}</title>
<rect width="${width}" height="${height}" fill="#ffffff"/>
${body}
</svg>
`;
}

/** Rounds a coordinate to 0.1 px, which keeps the files small. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);
