/**
 * The search space of `tune`: for each setting a fixed value, a list of choices or a range
 * (log-uniform where orders of magnitude matter), with a default space for tables of a few
 * hundred to a few hundred thousand rows, validated field by field with every problem listed.
 */
import { describe, ModelFormatError, type Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import { ACTIVATIONS, type Activation } from '../nn/activations.js';
import { OPTIMIZERS, type OptimizerName } from '../optim/optimizer.js';
import type { NetworkSettings } from './trial.js';

/** A range of numbers: uniform, or log-uniform with `log` (rounded for integer settings). */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly log?: boolean;
}

/** One setting's values: a fixed value, choices (drawn with equal chance), or a range. */
export type Dimension<T> = T | readonly T[] | Range;

/** What `tune` searches; each key is one setting (docs/tune.md). */
export interface SearchSpace {
  /** Hidden layers. */
  readonly depth: Dimension<number>;
  /** Units of each hidden layer, drawn per layer. */
  readonly width: Dimension<number>;
  readonly activation: Dimension<Activation>;
  readonly optimizer: Dimension<OptimizerName>;
  readonly lr: Dimension<number>;
  readonly batchSize: Dimension<number>;
  readonly weightDecay: Dimension<number>;
  readonly dropout: Dimension<number>;
  /** Epochs of the last rung of successive halving (the longest any trial trains). */
  readonly epochs: number;
}

/**
 * The default space: 0 to 3 hidden layers of 8 to 256 units, three activations, Adam's learning
 * rate over two orders of magnitude, four batch sizes, weight decay and dropout from none to strong.
 * No hidden layer (a linear or logistic model) and weight decay 0.1 are there for small, noisy
 * tables, where the default network overfits and a linear model wins (docs/tables.md, docs/tune.md).
 */
export const DEFAULT_SPACE: SearchSpace = {
  depth: { min: 0, max: 3 },
  width: { min: 8, max: 256, log: true },
  activation: ['relu', 'tanh', 'elu'],
  optimizer: 'adam',
  lr: { min: 0.0003, max: 0.03, log: true },
  batchSize: [16, 32, 64, 128],
  weightDecay: [0, 0.00001, 0.0001, 0.001, 0.01, 0.1],
  dropout: [0, 0.1, 0.2, 0.3],
  epochs: 100,
};

type Key = Exclude<keyof SearchSpace, 'epochs'>;
interface Rule {
  /** Whether a single value is allowed, or undefined; otherwise what was expected. */
  readonly check: (v: unknown) => string | undefined;
  readonly integer: boolean;
  /** Ranges allowed (numbers), and log-uniform by default. */
  readonly range?: { readonly log: boolean; readonly min: number; readonly max: number; readonly minExclusive?: boolean };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numberIn = (lo: number, hi: number, integer: boolean, loOpen = false, hiOpen = false) => (v: unknown) =>
  isNumber(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi) && (!integer || Number.isInteger(v))
    ? undefined
    : `${integer ? 'an integer' : 'a number'} ${loOpen ? '>' : '≥'} ${lo}${Number.isFinite(hi) ? ` and ${hiOpen ? '<' : '≤'} ${hi}` : ''}`;
const oneOf = (names: readonly string[]) => (v: unknown) => (typeof v === 'string' && names.includes(v) ? undefined : `one of ${names.join(', ')}`);

/** One rule per setting: the values it takes, and whether ranges of it are drawn on a log scale. */
const RULES: Record<Key, Rule> = {
  depth: { check: numberIn(0, 20, true), integer: true, range: { log: false, min: 0, max: 20 } },
  width: { check: numberIn(1, 100000, true), integer: true, range: { log: true, min: 1, max: 100000 } },
  activation: { check: oneOf(ACTIVATIONS.filter((a) => a !== 'softmax')), integer: false },
  optimizer: { check: oneOf(OPTIMIZERS), integer: false },
  lr: { check: numberIn(0, 10, false, true), integer: false, range: { log: true, min: 0, max: 10, minExclusive: true } },
  batchSize: { check: numberIn(1, 1e9, true), integer: true, range: { log: true, min: 1, max: 1e9 } },
  weightDecay: { check: numberIn(0, 1, false), integer: false, range: { log: true, min: 0, max: 1 } },
  dropout: { check: numberIn(0, 1, false, false, true), integer: false, range: { log: false, min: 0, max: 0.99 } },
};

const isRange = (v: unknown): v is Range => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkDimension(key: Key, v: unknown, problems: Problem[]): void {
  const rule = RULES[key];
  if (Array.isArray(v)) {
    if (v.length === 0) problems.push({ path: key, expected: 'at least one choice', received: 'an empty list' });
    v.forEach((c, i) => {
      const expected = rule.check(c);
      if (expected) problems.push({ path: `${key}[${i}]`, expected, received: describe(c) });
    });
    return;
  }
  if (!isRange(v)) {
    const expected = rule.check(v);
    if (expected) problems.push({ path: key, expected: `${expected}, a list of them, or { "min", "max" }`, received: describe(v) });
    return;
  }
  if (!rule.range) return void problems.push({ path: key, expected: `a value or a list of choices (${rule.check(undefined)})`, received: 'a range' });
  for (const k of Object.keys(v)) if (!['min', 'max', 'log'].includes(k)) problems.push({ path: `${key}.${k}`, expected: 'only min, max and log in a range', received: JSON.stringify(k) });
  for (const end of ['min', 'max'] as const) {
    const expected = rule.check(v[end]);
    if (expected) problems.push({ path: `${key}.${end}`, expected, received: describe(v[end]) });
  }
  if (v.log !== undefined && typeof v.log !== 'boolean') problems.push({ path: `${key}.log`, expected: 'true or false', received: describe(v.log) });
  if (isNumber(v.min) && isNumber(v.max) && v.min > v.max) problems.push({ path: `${key}.max`, expected: `a number ≥ min (${v.min})`, received: String(v.max) });
  if ((v.log ?? rule.range.log) && isNumber(v.min) && v.min <= 0 && !rule.check(v.min)) problems.push({ path: `${key}.min`, expected: 'a number > 0 on a log scale (give "log": false, or a list of choices with 0 in it)', received: String(v.min) });
}

/** The closest known key to a misspelt one (edit distance at most 3). */
function closest(word: string, words: readonly string[]): string | undefined {
  const d = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const t = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = t;
      }
    }
    return row[b.length];
  };
  const best = words.map((w) => [w, d(word, w)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= 3 ? best[0] : undefined;
}

/**
 * Checks a search space given as JSON (every key optional) and merges it into the default one.
 *
 * @param json the parsed file
 * @param source the file's name, for the error
 * @throws ModelFormatError listing every problem: unknown keys (with the closest known one), values of the wrong type or out of range
 * @example
 * ```ts
 * searchSpace({ depth: [1, 2], lr: { min: 0.001, max: 0.1 } }).width; // the default width range
 * ```
 */
export function searchSpace(json: unknown, source = 'search space'): SearchSpace {
  const problems: Problem[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError([{ path: '(file)', expected: 'a JSON object of settings, e.g. {"depth": [1, 2]}', received: describe(json) }], source, 'search space');
  }
  const o = json as Record<string, unknown>;
  const keys = [...Object.keys(RULES), 'epochs'];
  for (const k of Object.keys(o)) {
    if (keys.includes(k)) continue;
    const near = closest(k, keys);
    problems.push({ path: k, expected: near ? `a known setting (did you mean "${near}"?)` : `one of ${keys.join(', ')}`, received: 'an unknown setting' });
  }
  for (const k of Object.keys(RULES) as Key[]) if (o[k] !== undefined) checkDimension(k, o[k], problems);
  if (o.epochs !== undefined && numberIn(1, 1e6, true)(o.epochs)) problems.push({ path: 'epochs', expected: 'an integer from 1 to 1000000', received: describe(o.epochs) });
  if (problems.length > 0) throw new ModelFormatError(problems, source, 'search space');
  return { ...DEFAULT_SPACE, ...(o as Partial<SearchSpace>) };
}

function draw<T>(d: Dimension<T>, rng: Random, key: Key): T {
  if (Array.isArray(d)) return d[rng.int(d.length)] as T;
  if (!isRange(d)) return d as T;
  const rule = RULES[key];
  const log = d.log ?? rule.range?.log ?? false;
  // integers: each value from min to max gets an equal width on the chosen scale
  const top = rule.integer ? d.max + 1 : d.max;
  const v = log ? Math.exp(rng.uniform(Math.log(d.min), Math.log(top))) : rng.uniform(d.min, top);
  if (rule.integer) return Math.min(d.max, Math.floor(v)) as T;
  // three significant digits: a learning rate of 0.00213, not 0.0021347781
  return Number(v.toPrecision(3)) as T;
}

/**
 * Draws one setting from the space: the depth, then a width per layer, then the rest in a fixed
 * order, so the same generator state gives the same settings.
 *
 * @example
 * ```ts
 * sampleSettings(DEFAULT_SPACE, new Random(1)); // { hidden: [57, 12], activation: 'tanh', ... }
 * ```
 */
export function sampleSettings(space: SearchSpace, rng: Random): NetworkSettings {
  const depth = draw(space.depth, rng, 'depth');
  const hidden = Array.from({ length: depth }, () => draw(space.width, rng, 'width'));
  const activation = draw(space.activation, rng, 'activation');
  const optimizer = draw(space.optimizer, rng, 'optimizer');
  const lr = draw(space.lr, rng, 'lr');
  const batchSize = draw(space.batchSize, rng, 'batchSize');
  const weightDecay = draw(space.weightDecay, rng, 'weightDecay');
  const dropout = draw(space.dropout, rng, 'dropout');
  return { hidden, activation, optimizer, lr, batchSize, weightDecay, dropout, epochs: space.epochs };
}
