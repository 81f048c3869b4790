/**
 * How well clusters agree with known groups.
 */
import { ArgumentError } from '../core/errors.js';

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * The adjusted Rand index of two labelings of the same items (Hubert and Arabie, 1985): 1 when
 * they group the items the same way (whatever the labels are called), about 0 for labelings no
 * better than chance. Computed from the contingency table as scikit-learn's
 * `adjusted_rand_score`; two labelings that each put every item in its own group, or every item
 * in one group, agree perfectly (1).
 *
 * @param a one label per item, `[items]`
 * @param b another labeling of the same items, `[items]`
 * @throws ArgumentError when the lengths differ
 * @example
 * ```ts
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * ```
 */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (a.length !== b.length) {
    throw new ArgumentError(`adjustedRandIndex: ${a.length} and ${b.length} labels; expected one per item in both`, {
      where: 'adjustedRandIndex', expected: `${a.length} labels`, received: `${b.length}`,
    });
  }
  const n = a.length;
  const cells = new Map<string, number>();
  const rows = new Map<number | string, number>();
  const cols = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const c of cells.values()) index += pairs(c);
  let sumA = 0;
  for (const c of rows.values()) sumA += pairs(c);
  let sumB = 0;
  for (const c of cols.values()) sumB += pairs(c);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  // both labelings trivial (all one group, or all apart): they agree, and the formula is 0/0
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
