import { checkNumber } from '../core/assert.js';
import type { Random } from '../core/random.js';

/** Row indices of a training part and a validation part. */
export interface Split {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * Splits rows 0..n−1 at random into training and validation parts, never just the tail.
 * With `labels` (one class index per row) the split is stratified: each class gives
 * round(fraction · its count) rows to validation, so both parts keep the class proportions.
 * Rows keep their original order inside each part.
 *
 * @example
 * ```ts
 * const { train, validation } = splitIndices(150, 0.2, new Random(1), labels); // 120 / 30
 * ```
 */
export function splitIndices(n: number, fraction: number, rng: Random, labels?: ArrayLike<number>): Split {
  checkNumber('split', 'fraction', fraction, { min: 0, max: 1, maxExclusive: true });
  const groups = rowsByLabel(n, labels);
  const isValidation = new Uint8Array(n);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(groups.get(key) as number[]) as number[];
    const take = Math.round(fraction * rows.length);
    for (let j = 0; j < take; j++) isValidation[rows[j]] = 1;
  }
  const validation: number[] = [];
  const train: number[] = [];
  for (let i = 0; i < n; i++) (isValidation[i] ? validation : train).push(i);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}

/**
 * Rows 0..n−1 grouped by label, in row order within each group (one group, 0, without labels).
 *
 * @example
 * ```ts
 * rowsByLabel(4, [1, 0, 1, 1]); // Map { 1 => [0, 2, 3], 0 => [1] }
 * ```
 */
export function rowsByLabel(n: number, labels?: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = labels ? labels[i] : 0;
    let rows = groups.get(g);
    if (!rows) groups.set(g, (rows = []));
    rows.push(i);
  }
  return groups;
}
