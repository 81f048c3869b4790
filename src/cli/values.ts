/**
 * Parsers of option values. Each returns the parsed value or throws commander's
 * InvalidArgumentError, which commander reports as
 * `error: option '--lr <rate>' argument 'fast' is invalid. expected a number > 0` (exit 2).
 */
import { closestName } from '../index.js';
import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';
import type { ScheduleSpec } from '../index.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(text: string, expected: string): number {
  const v = NUMBER.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`expected ${expected}`);
  return v;
}

/**
 * A number parser with bounds, for commander's `argParser`.
 *
 * @example
 * ```ts
 * number({ min: 0, minExclusive: true })('0.01'); // 0.01
 * ```
 */
export function number(range: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {}): (text: string) => number {
  const { min, max, minExclusive = false, maxExclusive = false } = range;
  const parts = ['a number'];
  if (min !== undefined) parts.push(`${minExclusive ? '>' : '>='} ${min}`);
  if (max !== undefined) parts.push(`${min !== undefined ? 'and ' : ''}${maxExclusive ? '<' : '<='} ${max}`);
  const expected = parts.join(' ');
  return (text) => {
    const v = toNumber(text, expected);
    const low = min === undefined || (minExclusive ? v > min : v >= min);
    const high = max === undefined || (maxExclusive ? v < max : v <= max);
    if (!low || !high) throw new InvalidArgumentError(`expected ${expected}`);
    return v;
  };
}

/**
 * An integer parser with a lower bound.
 *
 * @example
 * ```ts
 * integer(1)('20'); // 20
 * ```
 */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  const expected = `an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`;
  return (text) => {
    const v = toNumber(text, expected);
    if (!Number.isInteger(v) || v < min || v > max) throw new InvalidArgumentError(`expected ${expected}`);
    return v;
  };
}

/**
 * A parser that accepts one of `choices`, suggesting the closest on a typo.
 *
 * @example
 * ```ts
 * choice(['adam', 'sgd'])('adma'); // throws "expected one of adam, sgd (did you mean adam?)"
 * ```
 */
export function choice<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if ((choices as readonly string[]).includes(text)) return text as T;
    const near = closest(text, choices);
    throw new InvalidArgumentError(`expected one of ${choices.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`);
  };
}

/** The choice within edit distance 2 of `text`, if any (the library's closestName). */
export const closest: (text: string, choices: readonly string[]) => string | undefined = closestName;

/**
 * `--hidden`: comma-separated layer widths, or `none` for no hidden layer.
 *
 * @example
 * ```ts
 * hiddenLayers('16,8'); // [16, 8]
 * hiddenLayers('none'); // []
 * ```
 */
export function hiddenLayers(text: string): number[] {
  if (text.trim().toLowerCase() === 'none') return [];
  const parts = text.split(',').map((s) => s.trim());
  const widths = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (parts.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 100000)) {
    throw new InvalidArgumentError('expected layer widths such as 16 or 32,16 (positive integers separated by commas), or none');
  }
  return widths;
}

/**
 * `--batch-size`: a positive integer, or `full` for the whole training set.
 *
 * @example
 * ```ts
 * batchSize('full'); // 'full'
 * ```
 */
export function batchSize(text: string): number | 'full' {
  if (text === 'full') return 'full';
  try {
    return integer(1)(text);
  } catch {
    throw new InvalidArgumentError('expected a positive integer (rows per step) or full');
  }
}

const SCHEDULE_HELP = 'expected step:EPOCHS[:GAMMA], exponential:GAMMA, cosine[:EPOCHS[:MIN_LR]] or plateau[:PATIENCE[:FACTOR]]';

/**
 * `--lr-schedule`: `step:10:0.5`, `exponential:0.95`, `cosine`, `cosine:50:0.0001`, `plateau:5:0.5`.
 * A cosine schedule without a length anneals over all epochs (`tMax` 0 here, filled in later).
 *
 * @example
 * ```ts
 * schedule('step:10:0.5'); // { type: 'step', stepSize: 10, gamma: 0.5 }
 * ```
 */
export function schedule(text: string): ScheduleSpec {
  const [type, ...args] = text.split(':');
  const n = args.map((a) => toNumber(a, SCHEDULE_HELP));
  const positive = (v: number | undefined) => v === undefined || v > 0;
  if (type === 'step' && (n.length === 1 || n.length === 2) && Number.isInteger(n[0]) && n[0] >= 1 && positive(n[1])) {
    return { type: 'step', stepSize: n[0], ...(n[1] !== undefined ? { gamma: n[1] } : {}) };
  }
  if (type === 'exponential' && n.length === 1 && n[0] > 0) return { type: 'exponential', gamma: n[0] };
  if (type === 'cosine' && n.length <= 2 && (n[0] === undefined || (Number.isInteger(n[0]) && n[0] >= 1)) && (n[1] === undefined || n[1] >= 0)) {
    return { type: 'cosine', tMax: n[0] ?? 0, ...(n[1] !== undefined ? { etaMin: n[1] } : {}) };
  }
  if (type === 'plateau' && n.length <= 2 && (n[0] === undefined || (Number.isInteger(n[0]) && n[0] >= 0)) && (n[1] === undefined || (n[1] > 0 && n[1] < 1))) {
    return { type: 'plateau', ...(n[0] !== undefined ? { patience: n[0] } : {}), ...(n[1] !== undefined ? { factor: n[1] } : {}) };
  }
  throw new InvalidArgumentError(SCHEDULE_HELP);
}

/**
 * `--start`: `x=9` or `x=5,y=10`, the start point of a descent.
 *
 * @example
 * ```ts
 * startPoint('x=5,y=10'); // { x: 5, y: 10 }
 * ```
 */
export function startPoint(text: string): Record<string, number> {
  const point = new Map<string, number>();
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m || !NUMBER.test(m[2]) || !Number.isFinite(Number(m[2]))) {
      throw new InvalidArgumentError(`expected NAME=NUMBER pairs separated by commas, such as x=9 or x=5,y=10; got ${JSON.stringify(part)}`);
    }
    if (point.has(m[1])) throw new InvalidArgumentError(`variable ${m[1]} is given twice`);
    point.set(m[1], Number(m[2]));
  }
  // own data properties (not assignments), so x=1,constructor=2,__proto__=3 are three variables
  return Object.fromEntries(point);
}

/**
 * A host to listen on: an IPv4 address (each part 0 to 255), an IPv6 address (brackets allowed)
 * or a host name of letters, digits, `-` and `.` (RFC 1123). Returns it without brackets.
 *
 * @example
 * ```ts
 * host('127.0.0.1'); // '127.0.0.1'
 * host('256.1.1.1'); // throws: expected an IPv4 or IPv6 address or a host name
 * ```
 */
export function host(text: string): string {
  const h = text.trim().replace(/^\[(.*)\]$/, '$1');
  const label = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
  // digits and dots only is an IPv4 address or nothing: 256.1.1.1 is no host name
  const ok = isIP(h) !== 0 || (!/^[\d.]+$/.test(h) && h.length <= 253 && h.replace(/\.$/, '').split('.').every((l) => label.test(l)));
  if (!ok) throw new InvalidArgumentError('expected an IPv4 or IPv6 address (such as 127.0.0.1 or ::1) or a host name (such as localhost)');
  return h;
}
