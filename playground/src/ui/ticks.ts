/** Axis ticks at round numbers (1, 2 or 5 times a power of ten), and the plot frame of a canvas. */

/** About `count` round values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Powers of ten covering [lo, hi] (both > 0), for a log axis. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out.filter((v) => v >= lo * 0.999 && v <= hi * 1.001);
}

/** The inner rectangle of a canvas where the data is drawn, leaving room for the axes. */
export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A frame inset in a canvas by the given margins. */
export function frameOf(w: number, h: number, m: { left: number; top: number; right: number; bottom: number }): Frame {
  return { left: m.left, top: m.top, width: w - m.left - m.right, height: h - m.top - m.bottom };
}
