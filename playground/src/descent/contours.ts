/** Contour lines of a function sampled on a grid: the levels to draw, and marching squares. */

/**
 * Levels of a contour map that include the start's value: halving towards the lowest value on the
 * grid, and doubling above it while the grid reaches them.
 */
export function contourLevels(values: Float64Array, startValue: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(startValue) || !(hi > lo)) return [];
  const levels = [startValue];
  const gap = startValue - lo;
  if (gap > 0) for (let k = 1; k <= 7; k++) levels.push(lo + gap / 2 ** k);
  for (let k = 1; k <= 4; k++) {
    const up = lo + (gap > 0 ? gap : (hi - lo) / 8) * 2 ** k;
    if (up < hi) levels.push(up);
  }
  return levels;
}

/**
 * The segments where a grid of `cols × rows` values (row by row) crosses `level`, as
 * [col, row, col, row] in fractional grid units (linear interpolation along each cell edge).
 */
export function marchingSquares(values: Float64Array, cols: number, rows: number, level: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  const at = (c: number, r: number) => values[r * cols + c];
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c + 1 < cols; c++) {
      // corners clockwise from the top left, and where the level crosses each edge
      const v = [at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1)];
      if (v.some((x) => !Number.isFinite(x))) continue;
      const corners: [number, number][] = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      const cross: [number, number][] = [];
      for (let e = 0; e < 4; e++) {
        const [a, b] = [v[e], v[(e + 1) % 4]];
        if ((a < level) === (b < level)) continue;
        const t = (level - a) / (b - a);
        const [p, q] = [corners[e], corners[(e + 1) % 4]];
        cross.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
      if (cross.length >= 2) out.push([cross[0][0], cross[0][1], cross[1][0], cross[1][1]]);
      if (cross.length === 4) out.push([cross[2][0], cross[2][1], cross[3][0], cross[3][1]]);
    }
  }
  return out;
}
