/**
 * Training a map: each input finds its best-matching unit, and the winner (on a self-organizing
 * map, also its grid neighbours, weighted by a Gaussian of their grid distance) moves toward it.
 * Online training moves the units after every row with a learning rate that falls linearly to 0;
 * batch training sets each unit, once per epoch, to the neighbourhood-weighted mean of the rows
 * (for plain competitive learning that is k-means' Lloyd step). The neighbourhood's radius
 * shrinks geometrically from `radius` to `finalRadius`, so the map first unfolds, then settles.
 */
import { ArgumentError } from '../core/errors.js';
import { checkNumber } from '../core/assert.js';
import type { MatrixLike, Matrix } from '../core/matrix.js';
import { Random } from '../core/random.js';
import type { SelfOrganizingMap } from './som.js';

/** How a map is trained. */
export interface MapTrainOptions {
  /** Passes over the rows (default 100). */
  readonly epochs?: number;
  /** `online` (a step per row, default) or `batch` (a step per epoch). */
  readonly mode?: 'online' | 'batch';
  /** Online: the learning rate at the start, falling linearly to 0 (default 0.5). */
  readonly learningRate?: number;
  /** The neighbourhood's radius at the start, in grid steps (default half the grid's longer side, at least 1). */
  readonly radius?: number;
  /**
   * The radius at the end. Default: 1 on a grid of rows and columns, which keeps the map smooth
   * (a low topographic error); 0.25 on a chain (1 × K) or without a grid, where at the end only
   * the winner learns and the units settle where k-means' centres would.
   */
  readonly finalRadius?: number;
  /** Seed of the starting prototypes (distinct rows of the data) and of the row order (default 0). */
  readonly seed?: number;
}

/** A neighbourhood weight below this is not worth an update. */
const NEGLIGIBLE = 1e-6;

/**
 * Trains a map step by step (the playground draws it unfolding) or all at once ({@link run}).
 * Construction puts the prototypes on distinct rows of the data drawn from the seed.
 *
 * @throws ArgumentError for more units than distinct rows (all rows equal included)
 * @example
 * ```ts
 * const t = new MapTrainer(map, x, { epochs: 20, seed: 3 });
 * while (!t.done) t.step(10); // 10 rows per call online, or 10 epochs in batch mode
 * ```
 */
export class MapTrainer {
  readonly map: SelfOrganizingMap;
  readonly x: Matrix;
  readonly epochs: number;
  readonly mode: 'online' | 'batch';
  readonly learningRate: number;
  readonly radius: number;
  readonly finalRadius: number;
  /** Steps in all: rows × epochs online, epochs in batch mode. */
  readonly totalSteps: number;
  private readonly rng: Random;
  private order: Uint32Array;
  private t = 0;

  constructor(map: SelfOrganizingMap, x: MatrixLike, options: MapTrainOptions = {}) {
    this.map = map;
    this.x = map.matrix(x, 'MapTrainer.x');
    this.epochs = checkNumber('MapTrainer', 'epochs', options.epochs ?? 100, { min: 1, integer: true });
    this.mode = options.mode ?? 'online';
    if (this.mode !== 'online' && this.mode !== 'batch') {
      throw new ArgumentError(`MapTrainer: mode must be online or batch, got ${String(this.mode)}`, { where: 'MapTrainer.mode', expected: 'online or batch', received: String(this.mode) });
    }
    this.learningRate = checkNumber('MapTrainer', 'learningRate', options.learningRate ?? 0.5, { min: 0, max: 1, minExclusive: true });
    const side = map.grid === null ? 1 : Math.max(map.grid[0], map.grid[1]);
    this.radius = checkNumber('MapTrainer', 'radius', options.radius ?? Math.max(1, side / 2), { min: 0, minExclusive: true });
    const flat = map.grid === null || Math.min(map.grid[0], map.grid[1]) === 1;
    this.finalRadius = checkNumber('MapTrainer', 'finalRadius', options.finalRadius ?? Math.min(flat ? 0.25 : 1, this.radius), { min: 0, max: this.radius, minExclusive: true });
    this.rng = new Random(checkNumber('MapTrainer', 'seed', options.seed ?? 0, { integer: true }));
    this.totalSteps = this.mode === 'online' ? this.epochs * this.x.rows : this.epochs;
    this.order = Uint32Array.from({ length: this.x.rows }, (_, i) => i);
    this.initialise();
  }

  /** Steps done so far. */
  get steps(): number {
    return this.t;
  }

  /** Whether every step has been taken. */
  get done(): boolean {
    return this.t >= this.totalSteps;
  }

  /** The neighbourhood radius now (grid steps). */
  get currentRadius(): number {
    return this.radius * (this.finalRadius / this.radius) ** (this.t / this.totalSteps);
  }

  /** The online learning rate now. */
  get currentLearningRate(): number {
    return this.learningRate * (1 - this.t / this.totalSteps);
  }

  /**
   * Takes up to `n` steps (rows online, epochs in batch mode); returns how many it took.
   */
  step(n = 1): number {
    let taken = 0;
    for (; taken < n && !this.done; taken++) {
      if (this.mode === 'online') this.onlineStep();
      else this.batchStep();
      this.t++;
    }
    return taken;
  }

  /** Trains to the end and returns the map. */
  run(): SelfOrganizingMap {
    this.step(Infinity);
    return this.map;
  }

  /** The weight of unit `j` for a winner `b`: 1 for the winner, a Gaussian of their grid distance on a map. */
  private weight(b: number, j: number, radius: number): number {
    if (j === b) return 1;
    const grid = this.map.grid;
    if (grid === null) return 0;
    const cols = grid[1];
    const dr = Math.floor(b / cols) - Math.floor(j / cols);
    const dc = (b % cols) - (j % cols);
    const h = Math.exp(-(dr * dr + dc * dc) / (2 * radius * radius));
    return h < NEGLIGIBLE ? 0 : h;
  }

  private onlineStep(): void {
    const rows = this.x.rows;
    const at = this.t % rows;
    if (at === 0) this.rng.shuffle(this.order);
    const i = this.order[at];
    const { data } = this.x;
    const w = this.map.prototypes;
    const d = this.map.inputs;
    const b = this.map.bestUnit(data, i);
    const radius = this.currentRadius;
    const rate = this.currentLearningRate;
    for (let j = 0; j < this.map.units; j++) {
      const h = this.weight(b, j, radius) * rate;
      if (h === 0) continue;
      for (let k = 0; k < d; k++) w[j * d + k] += h * (data[i * d + k] - w[j * d + k]);
    }
  }

  private batchStep(): void {
    const { data, rows } = this.x;
    const w = this.map.prototypes;
    const d = this.map.inputs;
    const units = this.map.units;
    const radius = this.currentRadius;
    const sums = new Float64Array(units * d);
    const weights = new Float64Array(units);
    for (let i = 0; i < rows; i++) {
      const b = this.map.bestUnit(data, i);
      for (let j = 0; j < units; j++) {
        const h = this.weight(b, j, radius);
        if (h === 0) continue;
        weights[j] += h;
        for (let k = 0; k < d; k++) sums[j * d + k] += h * data[i * d + k];
      }
    }
    // a unit no row chose, even as a neighbour, stays where it is
    for (let j = 0; j < units; j++) if (weights[j] > 0) for (let k = 0; k < d; k++) w[j * d + k] = sums[j * d + k] / weights[j];
  }

  /**
   * Prototypes on distinct rows chosen by k-means++ seeding (Arthur and Vassilvitskii, 2007): the
   * first at random, each next one with a probability proportional to its squared distance from
   * the nearest chosen, which spreads the units over the data and keeps batch training out of
   * most poor local optima. Refuses more units than distinct rows.
   */
  private initialise(): void {
    const { data, rows } = this.x;
    const d = this.map.inputs;
    const units = this.map.units;
    if (units > rows) {
      throw new ArgumentError(`MapTrainer: ${units} units need at least ${units} rows, got ${rows}; use fewer units (clusters) or more rows`, {
        where: 'MapTrainer.x', expected: `at least ${units} rows`, received: `${rows}`,
      });
    }
    const w = this.map.prototypes;
    const nearest = new Float64Array(rows).fill(Infinity);
    let chosen = this.rng.int(rows);
    for (let j = 0; j < units; j++) {
      w.set(data.subarray(chosen * d, (chosen + 1) * d), j * d);
      let total = 0;
      for (let i = 0; i < rows; i++) {
        nearest[i] = Math.min(nearest[i], this.map.distance(data, i, j) ** 2);
        total += nearest[i];
      }
      if (j === units - 1) break;
      if (total === 0) throw this.tooFewDistinct(units);
      let r = this.rng.float() * total;
      chosen = 0;
      while (chosen < rows - 1 && (nearest[chosen] === 0 || r >= nearest[chosen])) r -= nearest[chosen++];
    }
  }

  private tooFewDistinct(units: number): ArgumentError {
    const { data, rows } = this.x;
    const d = this.map.inputs;
    const distinct = new Set(Array.from({ length: rows }, (_, i) => data.subarray(i * d, (i + 1) * d).join(','))).size;
    const what = distinct === 1 ? 'all rows are equal' : `only ${distinct} rows differ`;
    return new ArgumentError(`MapTrainer: ${what}, too few for ${units} units (each starts on a different row); use at most ${distinct} units, or data whose rows differ`, {
      where: 'MapTrainer.x', expected: `at least ${units} distinct rows`, received: `${distinct}`,
    });
  }
}
