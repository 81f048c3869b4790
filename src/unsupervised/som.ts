/**
 * A map of competing units: plain competitive learning (no grid) or Kohonen's self-organizing map
 * (units on a grid). It is a {@link Network} of one `competitive` layer, so it is saved, loaded and
 * inspected like any model; this class adds what a map is for: each row's best-matching unit, the
 * quantization and topographic errors and the U-matrix.
 */
import { ArgumentError } from '../core/errors.js';
import { type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { Competitive } from '../nn/competitive.js';
// builds a competitive layer by its type name: the kind must be registered (Note [kinds by entry])
import '../nn/layer-kinds.js';
import { Network } from '../nn/network.js';

/** What a map is made from: a grid (a self-organizing map) or a number of units (competitive learning). */
export interface MapSpec {
  /** Number of input values per row. */
  readonly inputs: number;
  /** `[rows, cols]` of a self-organizing map's grid. */
  readonly grid?: readonly [number, number];
  /** Number of units of plain competitive learning (no grid); give this or `grid`. */
  readonly units?: number;
  /** Seed of the initial prototypes (training starts from rows of the data instead). */
  readonly seed?: number;
}

/**
 * Units with prototype vectors, on a grid or not: `x: [rows, inputs] → ` one unit per row.
 *
 * @example
 * ```ts
 * const map = new SelfOrganizingMap({ inputs: 2, grid: [3, 4] });
 * new MapTrainer(map, x, { epochs: 50, seed: 1 }).run();
 * map.assign(x);            // Int32Array: the best-matching unit of each row
 * map.quantizationError(x); // mean distance from a row to its unit's prototype
 * ```
 */
export class SelfOrganizingMap {
  /** The network holding the map: one competitive layer, output = squared distances. */
  readonly network: Network;
  readonly layer: Competitive;

  constructor(spec: MapSpec | Network) {
    if (spec instanceof Network) {
      this.network = spec;
    } else {
      const { inputs, grid, units, seed } = spec;
      if ((grid === undefined) === (units === undefined)) {
        throw new ArgumentError(`SelfOrganizingMap: give either grid (a self-organizing map) or units (competitive learning), got ${grid === undefined ? 'neither' : 'both'}`, {
          where: 'SelfOrganizingMap', expected: 'grid or units', received: grid === undefined ? 'neither' : 'both',
        });
      }
      const n = units ?? (grid as readonly [number, number])[0] * (grid as readonly [number, number])[1];
      const layer = grid === undefined ? { type: 'competitive' as const, units: n } : { type: 'competitive' as const, units: n, grid };
      this.network = new Network({ inputs, layers: [layer], seed: seed ?? 0 });
    }
    const layers = this.network.layers;
    if (layers.length !== 1 || !(layers[0] instanceof Competitive)) {
      throw new ArgumentError(`SelfOrganizingMap: the network must be one competitive layer, got ${layers.map((l) => l.type).join(', ')}`, {
        where: 'SelfOrganizingMap.network', expected: 'one competitive layer', received: layers.map((l) => l.type).join(', '),
      });
    }
    this.layer = layers[0];
  }

  /** Number of input values per row. */
  get inputs(): number {
    return this.layer.inputs;
  }

  /** Number of units (clusters). */
  get units(): number {
    return this.layer.units;
  }

  /** `[rows, cols]` of the map's grid; null for plain competitive learning. */
  get grid(): readonly [number, number] | null {
    return this.layer.grid;
  }

  /** The prototypes, `[units, inputs]` row-major: the layer's own storage (training writes it). */
  get prototypes(): Float32Array {
    return this.layer.prototypes.data as Float32Array;
  }

  /** Checked input rows. */
  matrix(x: MatrixLike, where: string): Matrix {
    return toMatrix(x, where, this.inputs);
  }

  /**
   * The best-matching unit of row `i` of `x` (the nearest prototype, in float64; a tie goes to
   * the lower unit), and, when `second` is given, the runner-up written to `second[0]`.
   */
  bestUnit(x: Float32Array, i: number, second?: Int32Array): number {
    const w = this.prototypes;
    const d = this.inputs;
    let best = -1;
    let bestD = Infinity;
    let next = -1;
    let nextD = Infinity;
    for (let j = 0; j < this.units; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const v = x[i * d + k] - w[j * d + k];
        s += v * v;
      }
      if (s < bestD) {
        next = best;
        nextD = bestD;
        best = j;
        bestD = s;
      } else if (s < nextD) {
        next = j;
        nextD = s;
      }
    }
    if (second) second[0] = next;
    return best;
  }

  /**
   * The best-matching unit (cluster) of each row: `x: [rows, inputs] → [rows]`.
   *
   * @example
   * ```ts
   * map.assign([[0, 1], [5, 5]]); // Int32Array [2, 7]
   * ```
   */
  assign(x: MatrixLike): Int32Array {
    const m = this.matrix(x, 'assign');
    return Int32Array.from({ length: m.rows }, (_, i) => this.bestUnit(m.data, i));
  }

  /** The Euclidean distance from row `i` of `x` to the prototype of unit `j`. */
  distance(x: Float32Array, i: number, j: number): number {
    const w = this.prototypes;
    const d = this.inputs;
    let s = 0;
    for (let k = 0; k < d; k++) s += (x[i * d + k] - w[j * d + k]) ** 2;
    return Math.sqrt(s);
  }

  /**
   * The quantization error: the mean Euclidean distance from a row to its best-matching unit's
   * prototype (0 when every row sits on a prototype).
   */
  quantizationError(x: MatrixLike): number {
    const m = this.matrix(x, 'quantizationError');
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += this.distance(m.data, i, this.bestUnit(m.data, i));
    return m.rows === 0 ? 0 : s / m.rows;
  }

  /**
   * The topographic error: the share of rows whose best and second-best units are not
   * neighbours on the grid (4-neighbourhood), 0 for a map that keeps the data's topology; null
   * for plain competitive learning, whose units have no grid.
   */
  topographicError(x: MatrixLike): number | null {
    const m = this.matrix(x, 'topographicError');
    if (this.grid === null || m.rows === 0) return null;
    const second = new Int32Array(1);
    let errors = 0;
    for (let i = 0; i < m.rows; i++) {
      const best = this.bestUnit(m.data, i, second);
      if (second[0] >= 0 && !this.neighbours(best).includes(second[0])) errors++;
    }
    return errors / m.rows;
  }

  /** The units next to unit `u` on the grid (up, down, left, right); none without a grid. */
  neighbours(u: number): number[] {
    if (this.grid === null) return [];
    const [rows, cols] = this.grid;
    const r = Math.floor(u / cols);
    const c = u % cols;
    const out: number[] = [];
    if (r > 0) out.push(u - cols);
    if (r < rows - 1) out.push(u + cols);
    if (c > 0) out.push(u - 1);
    if (c < cols - 1) out.push(u + 1);
    return out;
  }

  /**
   * The U-matrix: for each unit, the mean distance from its prototype to its grid neighbours'
   * (high values are borders between clusters), `[rows × cols]` row-major.
   *
   * @throws ArgumentError for plain competitive learning (no grid)
   */
  uMatrix(): Float64Array {
    if (this.grid === null) {
      throw new ArgumentError('uMatrix: competitive learning has no grid; train a self-organizing map (a grid) for a U-matrix', {
        where: 'uMatrix', expected: 'a map with a grid', received: 'no grid',
      });
    }
    const w = this.prototypes;
    const d = this.inputs;
    return Float64Array.from({ length: this.units }, (_, u) => {
      const near = this.neighbours(u);
      let s = 0;
      for (const v of near) {
        let q = 0;
        for (let k = 0; k < d; k++) q += (w[u * d + k] - w[v * d + k]) ** 2;
        s += Math.sqrt(q);
      }
      return near.length === 0 ? 0 : s / near.length;
    });
  }
}
