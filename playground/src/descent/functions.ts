/**
 * The functions of the gradient-descent view: the articles' examples, an elongated valley, one
 * with a local minimum, and any function typed in, read by the same parser as `neurite descend`.
 */
import {
  ExpressionError, noGrad, parseExpression, tensor, toFunction, variablesOf, type Tensor,
} from '../../../src/index.js';
import type { PresetId, Settings } from '../settings.js';

type Fn = (v: Readonly<Record<string, Tensor>>) => Tensor;

/** A function to descend, where to start, and its lowest point when known. */
export interface DescentFunction {
  readonly formula: string;
  readonly names: readonly string[];
  readonly f: Fn;
  readonly start: Readonly<Record<string, number>>;
  /** The global minimum (to judge a descent), when known. */
  readonly best?: Readonly<Record<string, number>>;
  /** Other minima, where a descent can get stuck. */
  readonly local?: readonly Readonly<Record<string, number>>[];
}

export const PRESETS: Record<Exclude<PresetId, 'custom'>, DescentFunction & { readonly label: string }> = {
  parabola: {
    label: 'f(x) = x² − x + 1, from x = 9', formula: 'x² − x + 1', names: ['x'],
    f: ({ x }) => x.mul(x).sub(x).add(1), start: { x: 9 }, best: { x: 0.5 },
  },
  bowl: {
    label: 'f(x, y) = x² + y², from (5, 10)', formula: 'x² + y²', names: ['x', 'y'],
    f: ({ x, y }) => x.mul(x).add(y.mul(y)), start: { x: 5, y: 10 }, best: { x: 0, y: 0 },
  },
  valley: {
    label: 'f(x, y) = x² + 10y², a narrow valley, from (10, 1)', formula: 'x² + 10y²', names: ['x', 'y'],
    f: ({ x, y }) => x.mul(x).add(y.mul(y).mul(10)), start: { x: 10, y: 1 }, best: { x: 0, y: 0 },
  },
  local: {
    // f′(x) = 4x³ − 6x + 1: minima at x ≈ −1.30 (f ≈ −3.51) and x ≈ 1.131 (f ≈ −1.07)
    label: 'f(x) = x⁴ − 3x² + x, two valleys, from x = 2', formula: 'x⁴ − 3x² + x', names: ['x'],
    f: ({ x }) => x.pow(4).sub(x.mul(x).mul(3)).add(x), start: { x: 2 }, best: { x: -1.3008396 }, local: [{ x: 1.1309011 }],
  },
};

/** A start such as `x=2, y=-1`, for the variables of the function. */
function parseStart(text: string, names: readonly string[]): Record<string, number> {
  const start: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(\S+)$/.exec(part);
    const v = m ? Number(m[2].replace('−', '-')) : NaN;
    if (!m || !Number.isFinite(v)) throw new Error(`start: write each variable as name=number, such as x=2, y=-1 (got "${part}")`);
    start[m[1]] = v;
  }
  const missing = names.filter((n) => !(n in start));
  if (missing.length > 0) throw new Error(`start: give a value for ${missing.join(' and ')} (such as ${missing.map((n) => `${n}=1`).join(', ')})`);
  return Object.fromEntries(names.map((n) => [n, start[n]]));
}

/** A typed-in function: its parse error says the column. */
export function customFunction(fn: string, from: string): DescentFunction {
  let tree;
  try {
    tree = parseExpression(fn);
  } catch (e) {
    if (e instanceof ExpressionError) throw new Error(`f: ${e.message}\n   ${fn}\n   ${' '.repeat(e.column - 1)}^`);
    throw e;
  }
  const names = [...variablesOf(tree).keys()];
  if (names.length === 0) throw new Error('f: the function has no variable; write it in x (and y), such as x^2 + 3*y^2');
  if (names.length > 2) throw new Error(`f: the page draws functions of one or two variables; this one has ${names.length} (${names.join(', ')})`);
  return { formula: fn, names, f: toFunction(tree), start: parseStart(from, names) };
}

/** The function the settings describe. */
export function functionOf(s: Settings): DescentFunction {
  return s.preset === 'custom' ? customFunction(s.fn, s.from) : PRESETS[s.preset];
}

/** The function's values at many points at once (one evaluation on vectors). */
export function valuesAt(fn: DescentFunction, xs: Float64Array, ys: Float64Array): Float64Array {
  return noGrad(() => {
    const vars: Record<string, Tensor> = { [fn.names[0]]: tensor(xs, [xs.length], 'float64') };
    if (fn.names[1]) vars[fn.names[1]] = tensor(ys, [ys.length], 'float64');
    const out = fn.f(vars);
    return out.size === xs.length ? Float64Array.from(out.data) : new Float64Array(xs.length).fill(out.item());
  });
}

/** The learning rates of the slider: round values, 1 among them, finer near the limits of the examples. */
export const RATES = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1, 1.01, 1.05, 1.1, 1.2, 1.5, 2];

/** The slider position of a rate (the nearest one the slider has). */
export function rateIndex(lr: number): number {
  let best = 0;
  RATES.forEach((r, i) => {
    if (Math.abs(Math.log(r / lr)) < Math.abs(Math.log(RATES[best] / lr))) best = i;
  });
  return best;
}
