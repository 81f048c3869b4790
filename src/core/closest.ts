/**
 * The known name closest to a misspelt one, for "did you mean" in errors (option keys, kernel
 * set names, choices on the command line).
 */

/**
 * The name of `names` within edit distance 2 of `word` (case ignored), the closest first, if any.
 *
 * @example
 * ```ts
 * closestName('epoch', ['epochs', 'lr']); // 'epochs'
 * ```
 */
export function closestName(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of names) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}
