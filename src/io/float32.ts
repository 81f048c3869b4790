/**
 * The shortest decimal that reads back to the same float32: tries 1 to 9 significant digits
 * (9 always suffice for float32) and keeps the first that rounds to the same value.
 *
 * @example
 * ```ts
 * shortestFloat32(Math.fround(0.1)); // 0.1, not 0.10000000149011612
 * ```
 */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}
