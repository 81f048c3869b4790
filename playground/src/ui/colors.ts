/** The page's colours: one per class, and a diverging scale for signed values. */

/** Class colours (orange, blue, green, red, purple, brown), distinguishable and dark enough on white. */
export const CLASS_COLORS: readonly [number, number, number][] = [
  [230, 120, 20], [20, 110, 190], [40, 150, 60], [200, 40, 45], [130, 90, 180], [140, 90, 70],
];

const WHITE: [number, number, number] = [255, 255, 255];
const NEGATIVE: [number, number, number] = [230, 120, 20];
const POSITIVE: [number, number, number] = [20, 110, 190];

/** Mixes a colour with white: `amount` 0 is white, 1 the colour. */
export function tint(c: readonly number[], amount: number): [number, number, number] {
  const a = Math.max(0, Math.min(1, amount));
  return [WHITE[0] + (c[0] - 255) * a, WHITE[1] + (c[1] - 255) * a, WHITE[2] + (c[2] - 255) * a];
}

/** A value in [−1, 1] as orange (negative) through white to blue (positive). */
export function diverging(v: number): [number, number, number] {
  return v < 0 ? tint(NEGATIVE, -v) : tint(POSITIVE, v);
}

export const css = (c: readonly number[]): string => `rgb(${c.map(Math.round).join(',')})`;

export const classColor = (k: number): [number, number, number] => CLASS_COLORS[k % CLASS_COLORS.length];
