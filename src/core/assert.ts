import { ArgumentError } from './errors.js';

/**
 * Checks a hyperparameter or option: throws `where: invalid NAME: VALUE (expected ...)` at once,
 * so a bad value is an error when it is given, not NaN later.
 *
 * @example
 * ```ts
 * checkNumber('sgd', 'lr', -1, { min: 0 }); // throws "sgd: invalid lr: -1 (expected a number >= 0)"
 * ```
 */
export function checkNumber(
  where: string,
  name: string,
  value: unknown,
  range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean } = {},
): number {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = range;
  const parts: string[] = [];
  if (integer) parts.push('an integer');
  else parts.push('a number');
  if (min !== undefined) parts.push(`${minExclusive ? '>' : '>='} ${min}`);
  if (max !== undefined) parts.push(`${min !== undefined ? 'and ' : ''}${maxExclusive ? '<' : '<='} ${max}`);
  const expected = parts.join(' ');
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    throw new ArgumentError(`${where}: invalid ${name}: ${String(value)} (expected ${expected})`, {
      where: `${where}.${name}`,
      expected,
      received: String(value),
    });
  }
  return value as number;
}

/** Checks that `value` is one of `choices`; the error lists them. */
export function checkChoice<T extends string>(where: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const expected = `one of ${choices.join(', ')}`;
    throw new ArgumentError(`${where}: unknown ${name} ${JSON.stringify(value)} (expected ${expected})`, {
      where: `${where}.${name}`,
      expected,
      received: String(value),
    });
  }
  return value as T;
}
