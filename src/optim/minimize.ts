import { backward } from '../autograd/backward.js';
import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { tensor, type Tensor } from '../tensor/tensor.js';

/** One point of a descent: where it was, the function's value and its gradient there. */
export interface DescentStep {
  readonly point: Readonly<Record<string, number>>;
  readonly value: number;
  readonly gradient: Readonly<Record<string, number>>;
}

/** The result of {@link minimize}. */
export interface DescentResult {
  /** steps + 1 entries: the start and the point after each step (fewer if it diverged). */
  readonly path: readonly DescentStep[];
  /** True when the value or gradient stopped being finite (the learning rate is too large). */
  readonly diverged: boolean;
}

// Note [decimal rounding]: the path is computed in float64 and every number is rounded to 15
// significant digits, the precision float64 guarantees through a decimal round trip. Without it
// 7.3 − 0.1·13.6 is 5.9399999999999995; with it 5.94, as on paper, so the worked examples learners
// check by hand come out exactly. The descent continues from the rounded point.
const round15 = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(15)) : v);

/**
 * Plain gradient descent on any function of named scalar variables, in float64, recording the
 * whole path: x ← x − lr · ∂f/∂x, `steps` times (numbers rounded as Note [decimal rounding]).
 *
 * @param f maps the variables (scalar tensors) to a scalar tensor.
 * @example
 * ```ts
 * const { path } = minimize(({ x }) => x.mul(x).sub(x).add(1), { x: 9 }, { lr: 0.1, steps: 2 });
 * path.map((s) => s.point.x); // [9, 7.3, 5.94]
 * ```
 */
export function minimize(
  f: (v: Readonly<Record<string, Tensor>>) => Tensor,
  start: Readonly<Record<string, number>>,
  options: { readonly lr: number; readonly steps: number },
): DescentResult {
  const lr = checkNumber('minimize', 'lr', options.lr, { min: 0, minExclusive: true });
  const steps = checkNumber('minimize', 'steps', options.steps, { min: 0, integer: true });
  const names = Object.keys(start);
  if (names.length === 0) throw new ArgumentError('minimize: the start point names no variable', { where: 'minimize.start', expected: 'at least one variable', received: 'none' });
  let point: Record<string, number> = { ...start };
  const path: DescentStep[] = [];
  for (let s = 0; s <= steps; s++) {
    // built with fromEntries (own data properties), so a variable named __proto__ is one like any other
    const vars: Record<string, Tensor> = Object.fromEntries(names.map((n) => [n, tensor(point[n], [], 'float64').variable()]));
    const y = f(vars);
    if (y.size !== 1) throw new ArgumentError('minimize: f must return a scalar', { where: 'minimize.f', expected: 'one value', received: `${y.size} values` });
    if (y.requiresGrad) backward(y);
    const gradient: Record<string, number> = Object.fromEntries(names.map((n) => [n, round15(vars[n].grad?.[0] ?? 0)]));
    const value = round15(y.item());
    path.push({ point, value, gradient });
    const finite = Number.isFinite(value) && names.every((n) => Number.isFinite(gradient[n]));
    if (!finite) return { path, diverged: true };
    if (s < steps) point = Object.fromEntries(names.map((n) => [n, round15(point[n] - lr * gradient[n])]));
  }
  return { path, diverged: false };
}
