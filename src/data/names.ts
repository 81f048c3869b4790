/**
 * Suggesting the name that was meant when a column name is misspelt ("did you mean").
 */

/** Levenshtein distance between two strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * The name closest to a misspelt one: the same but for case, or within about a third of its
 * letters of edits (at least 2); undefined when nothing is that close.
 *
 * @param name the name given
 * @param names the names there are
 * @example
 * ```ts
 * closestName('spcies', ['sepal_length', 'species']); // 'species'
 * closestName('colour', ['x', 'y']);                  // undefined
 * ```
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = names.find((n) => n.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3));
  for (const n of names) {
    const d = distance(lower, n.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}
