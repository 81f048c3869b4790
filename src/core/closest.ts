/**
 * The known name closest to a misspelt one, for "did you mean" in errors (option keys, kernel
 * set names, choices on the command line).
 */
import { ArgumentError, describe } from './errors.js';

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

/**
 * Throws on an option name that is not one of `names`, suggesting the one meant (a synonym from
 * another library, or the closest name), so a misspelt option is an error in plain JavaScript too
 * instead of being ignored; also when `options` is not an object.
 *
 * @param where the function, for the message (`fit`)
 * @param options what the caller gave
 * @param names the known option names
 * @param synonyms other libraries' names for them, e.g. `{ learningRate: 'lr' }`
 * @throws ArgumentError `fit: unknown option "epoch" (did you mean "epochs"?); the options are …`
 * @example
 * ```ts
 * checkOptionNames('fit', { epoch: 3 }, ['epochs', 'lr']); // throws: … (did you mean "epochs"?) …
 * ```
 */
export function checkOptionNames(where: string, options: unknown, names: readonly string[], synonyms: Readonly<Record<string, string>> = {}): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${where}: options must be an object, got ${describe(options)}`, { where: `${where}.options`, expected: 'an object', received: describe(options) });
  }
  for (const key of Object.keys(options)) {
    if (names.includes(key)) continue;
    const near = Object.hasOwn(synonyms, key) ? synonyms[key] : closestName(key, names);
    throw new ArgumentError(`${where}: unknown option ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; the options are ${names.join(', ')}`, {
      where: `${where}.${key}`, expected: near ? `"${near}"` : names.join(', '), received: key,
    });
  }
}
