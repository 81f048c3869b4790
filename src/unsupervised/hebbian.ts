/**
 * Hebbian learning: "neurons that fire together, wire together". A linear neuron y = w · x sees
 * the rows one at a time, and each connection grows with the product of its input and the
 * output. Plain Hebb's rule, Δw = η·y·x, only grows: the weights turn toward the direction of
 * largest variance (of uncentred data: of largest mean square) while their length grows without
 * bound. Oja's rule, Δw = η·y·(x − y·w), adds a forgetting term that keeps ‖w‖ near 1, and w
 * converges to the first principal component of centred data (Oja, 1982).
 */
import { ArgumentError, DivergenceError } from '../core/errors.js';
import { checkNumber } from '../core/assert.js';
import { type MatrixLike, toMatrix } from '../core/matrix.js';
import { Random } from '../core/random.js';

/** The Hebbian rules: plain Hebb and Oja's. */
export const HEBBIAN_RULES = ['oja', 'hebb'] as const;
/** One of {@link HEBBIAN_RULES}. */
export type HebbianRule = (typeof HEBBIAN_RULES)[number];

/** How {@link hebbian} learns. */
export interface HebbianOptions {
  /** `oja` (default) or `hebb`. */
  readonly rule?: HebbianRule;
  /** Passes over the rows, each in a new seeded order (default 20). */
  readonly epochs?: number;
  /** The learning rate η (default 0.01). */
  readonly lr?: number;
  /** Seed of the starting weights (a random unit vector) and of the row order (default 0). */
  readonly seed?: number;
}

/** What {@link hebbian} learnt. */
export interface HebbianResult {
  /** The weights, one per input. */
  readonly weights: Float64Array;
  /** ‖w‖ after each epoch (Oja's settles near 1; plain Hebb's grows). */
  readonly norms: Float64Array;
}

/**
 * One step of a Hebbian rule on one input: updates `w` in place and returns the output y = w · x.
 *
 * @example
 * ```ts
 * const w = Float64Array.of(1, 0);
 * hebbianStep(w, [1, 1], 0.5, 'hebb'); // 1; w is now [1.5, 0.5]
 * ```
 */
export function hebbianStep(w: Float64Array, x: ArrayLike<number>, lr: number, rule: HebbianRule): number {
  let y = 0;
  for (let k = 0; k < w.length; k++) y += w[k] * x[k];
  if (rule === 'hebb') {
    for (let k = 0; k < w.length; k++) w[k] += lr * y * x[k];
  } else {
    for (let k = 0; k < w.length; k++) w[k] += lr * y * (x[k] - y * w[k]);
  }
  return y;
}

/**
 * Trains one linear neuron on the rows by a Hebbian rule.
 *
 * @param x the rows, `[rows, inputs]` (centre them, e.g. with standard scaling, for Oja's rule to
 *   find the principal component)
 * @throws ArgumentError for fewer than two inputs or no rows; DivergenceError when the weights
 *   overflow (plain Hebb's grow exponentially: fewer epochs or a lower rate)
 * @example
 * ```ts
 * const { weights } = hebbian(x, { rule: 'oja', epochs: 20, lr: 0.01, seed: 1 });
 * ```
 */
export function hebbian(x: MatrixLike, options: HebbianOptions = {}): HebbianResult {
  const m = toMatrix(x, 'hebbian');
  const rule = options.rule ?? 'oja';
  if (!HEBBIAN_RULES.includes(rule)) {
    throw new ArgumentError(`hebbian: unknown rule ${JSON.stringify(rule)} (expected one of ${HEBBIAN_RULES.join(', ')})`, { where: 'hebbian.rule', expected: HEBBIAN_RULES.join(', '), received: String(rule) });
  }
  if (m.cols < 2 || m.rows < 1) {
    throw new ArgumentError(`hebbian: ${m.rows} rows of ${m.cols} inputs; a Hebbian neuron needs rows of at least 2 inputs (one weight has no direction to learn)`, {
      where: 'hebbian.x', expected: 'at least 1 row of at least 2 inputs', received: `[${m.rows}, ${m.cols}]`,
    });
  }
  const epochs = checkNumber('hebbian', 'epochs', options.epochs ?? 20, { min: 1, integer: true });
  const lr = checkNumber('hebbian', 'lr', options.lr ?? 0.01, { min: 0, minExclusive: true });
  const rng = new Random(checkNumber('hebbian', 'seed', options.seed ?? 0, { integer: true }));
  // a random unit vector: the zero vector never moves under either rule (y = 0)
  const w = Float64Array.from({ length: m.cols }, () => rng.normal());
  const start = Math.hypot(...w);
  for (let k = 0; k < w.length; k++) w[k] /= start;
  const order = Uint32Array.from({ length: m.rows }, (_, i) => i);
  const norms = new Float64Array(epochs);
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    for (let n = 0; n < m.rows; n++) {
      const i = order[n];
      hebbianStep(w, m.data.subarray(i * m.cols, (i + 1) * m.cols), lr, rule);
      // a step is a row here: the "batch" of the error is the row within the epoch
      if (!w.every(Number.isFinite)) throw diverged(rule, e + 1, n + 1);
    }
    norms[e] = Math.hypot(...w);
  }
  return { weights: w, norms };
}

// plain Hebb's weights grow without bound whatever the rate, so the cure is Oja's rule or fewer
// epochs; Oja's rule diverges only when a step overshoots: a lower rate or smaller inputs
function diverged(rule: HebbianRule, epoch: number, row: number): DivergenceError {
  if (rule === 'hebb') {
    return new DivergenceError(epoch, row, "weights of plain Hebb's rule (which grow without bound)",
      "use Oja's rule (rule 'oja', --rule oja), which keeps them at length 1, or fewer epochs or a lower learning rate");
  }
  return new DivergenceError(epoch, row, "weights of Oja's rule", 'try a lower learning rate (e.g. --lr divided by 10) or scaling the inputs');
}
