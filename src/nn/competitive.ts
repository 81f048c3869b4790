import type { Data } from '../backend/kernels.js';
import { checkNumber } from '../core/assert.js';
import { ArgumentError, describe, type Problem } from '../core/errors.js';
import type { Random } from '../core/random.js';
import type { Shape } from '../core/shape.js';
import { add, mul, sub } from '../ops/binary.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/reduce.js';
import { square } from '../ops/unary.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import type { Layer, LayerKind, Parameter } from './layer.js';

/**
 * A competitive layer in a network spec: `units` prototypes, and for a self-organizing map the
 * grid they sit on (`grid: [rows, cols]`, rows × cols = units).
 */
export interface CompetitiveSpec {
  readonly type: 'competitive';
  readonly units: number;
  readonly grid?: readonly [number, number];
}

/**
 * A layer of units that compete for each input: unit j keeps a prototype vector w_j, and its
 * output is the squared Euclidean distance ‖x − w_j‖², so the best-matching unit (the winner) is
 * the one with the smallest output. Competitive learning and Kohonen's self-organizing map
 * (src/unsupervised) train it; on a map the units also sit on a grid. `x: [batch, inputs] →
 * [batch, units]`; `prototypes: [units, inputs]`, one row per unit.
 *
 * @example
 * ```ts
 * const net = new Network({ inputs: 2, layers: [{ type: 'competitive', units: 3 }] });
 * net.predict([[0, 1]]); // [[d0, d1, d2]], squared distances to the 3 prototypes
 * ```
 */
export class Competitive implements Layer {
  readonly type = 'competitive';
  readonly inputs: number;
  readonly units: number;
  /** `[rows, cols]` of a self-organizing map; null for plain competitive learning. */
  readonly grid: readonly [number, number] | null;
  readonly activation = 'linear';
  readonly prototypes: Tensor;

  /**
   * Makes the layer with prototypes drawn from N(0, 1), the spread of standard-scaled features
   * (training starts from rows of the data anyway). `storage` holds `units × inputs` values.
   */
  constructor(inputs: number, units: number, grid: readonly [number, number] | null, rng: Random, storage?: Data) {
    this.inputs = checkNumber('competitive', 'inputs', inputs, { min: 1, integer: true });
    this.units = checkNumber('competitive', 'units', units, { min: 1, integer: true });
    if (grid !== null && grid[0] * grid[1] !== units) {
      throw new ArgumentError(`competitive: a grid of ${grid[0]} × ${grid[1]} does not hold ${units} units`, {
        where: 'competitive.grid', expected: `rows × cols = ${units}`, received: `${grid[0]} × ${grid[1]}`,
      });
    }
    this.grid = grid === null ? null : [grid[0], grid[1]];
    if (storage && storage.length !== units * inputs) {
      throw new ArgumentError(`competitive: storage of ${storage.length} values does not fit ${units} × ${inputs} prototypes`, {
        where: 'competitive.storage', expected: `${units * inputs} values`, received: `${storage.length}`,
      });
    }
    this.prototypes = (storage ? new Tensor(storage, [units, inputs]) : zeros([units, inputs])).variable();
    const w = this.prototypes.data;
    for (let i = 0; i < w.length; i++) w[i] = rng.normal();
  }

  get inputShape(): Shape {
    return [this.inputs];
  }

  get outputShape(): Shape {
    return [this.units];
  }

  /** `prototypes` (no weight decay: a prototype is a point in the data's space). */
  parameters(prefix: string): Parameter[] {
    return [{ name: `${prefix}.prototypes`, tensor: this.prototypes, decay: false }];
  }

  /** None. */
  buffers(): Parameter[] {
    return [];
  }

  /**
   * Squared distances, as ‖x‖² − 2·x·wᵀ + ‖w‖² (a matrix product instead of a `[batch, units,
   * inputs]` difference): `x: [batch, inputs] → [batch, units]`.
   */
  preActivation(x: Tensor): Tensor {
    const xx = sum(square(x), 1, true);
    const ww = sum(square(this.prototypes), 1);
    return add(sub(xx, mul(matmul(x, this.prototypes, { transposeB: true }), 2)), ww);
  }

  /** The same as {@link Competitive.preActivation}: the layer has no activation. */
  forward(x: Tensor): Tensor {
    return this.preActivation(x);
  }

  /** `{ units }`, and `{ grid }` for a map. */
  config(): Record<string, unknown> {
    return this.grid === null ? { units: this.units } : { units: this.units, grid: [...this.grid] };
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/**
 * The competitive kind: `{ type: 'competitive', units, grid? }` on a flat input, keeping
 * `prototypes` `[units, inputs]`. Model file version 2.
 */
export const competitiveKind: LayerKind<CompetitiveSpec> = {
  type: 'competitive',
  version: 2,
  fields: ['units', 'grid'],
  check(json, at, problems: Problem[]) {
    const { units, grid } = json;
    if (!isCount(units)) {
      problems.push({ path: `${at}.units`, expected: 'a positive integer', received: describe(units) });
      return null;
    }
    if (grid === undefined) return { type: 'competitive', units };
    if (!Array.isArray(grid) || grid.length !== 2 || !grid.every(isCount)) {
      problems.push({ path: `${at}.grid`, expected: '[rows, cols] of positive integers', received: describe(grid) });
    } else if (grid[0] * grid[1] !== units) {
      problems.push({ path: `${at}.grid`, expected: `[rows, cols] with rows × cols = ${units} (units)`, received: `[${grid.join(', ')}]` });
    } else {
      return { type: 'competitive', units, grid: [grid[0], grid[1]] };
    }
    // the shapes do not depend on the grid: check the prototypes too
    return { type: 'competitive', units };
  },
  outputShape: (spec, input) => (input.length === 1 ? [spec.units] : 'competitive needs a flat input [features]; add a flatten layer before it'),
  parameterShapes: (spec, input) => [{ name: 'prototypes', shape: [spec.units, input[0]], decay: false, rows: 'one per unit' }],
  create: (spec, input, storage, rng) => new Competitive(input[0], spec.units, spec.grid ?? null, rng, storage[0]),
};
