import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { checkAction, type Environment, type Step } from './environment.js';

/**
 * The default grid: `S` start, `G` goal (+1, ends the episode), `P` pit (−1, ends it), `#` wall,
 * `.` floor. The shortest safe path takes 8 steps; the pit lies beside it.
 */
export const DEFAULT_GRID: readonly string[] = [
  'S....',
  '.##..',
  '...#.',
  '.#P..',
  '...#G',
];

/** The moves, in action order: up, right, down, left, as [row, column] steps. */
export const GRID_MOVES: readonly (readonly [number, number])[] = [[-1, 0], [0, 1], [1, 0], [0, -1]];

/** Options of a {@link GridWorld}. */
export interface GridWorldOptions {
  /** The rows of the grid, made of `S`, `G`, `P`, `#` and `.` (default {@link DEFAULT_GRID}). */
  readonly layout?: readonly string[];
  /** Reward of every step that does not end at the goal or the pit (−0.01). */
  readonly stepReward?: number;
  /** Probability that a move goes to a random side instead (0: the moves are exact). */
  readonly slip?: number;
  /** Steps after which an episode is truncated (50: wandering that long costs −0.5, less than the pit). */
  readonly maxSteps?: number;
}

/**
 * A grid world: the agent starts at `S` and moves up, right, down or left (actions 0–3); walls
 * and the edge keep it in place; reaching `G` pays +1 and reaching `P` −1, both ending the
 * episode, and every other step pays `stepReward`. The observation is the one-hot code of the
 * agent's cell (rows × columns values), so a linear network on it is a table.
 *
 * @example
 * ```ts
 * const grid = new GridWorld();
 * grid.reset();
 * grid.step(1).reward; // −0.01: one step right
 * ```
 */
export class GridWorld implements Environment {
  readonly name = 'gridworld';
  readonly actions = 4;
  readonly observationSize: number;
  readonly rows: number;
  readonly columns: number;
  /** The layout, one string per row. */
  readonly layout: readonly string[];
  readonly stepReward: number;
  readonly slip: number;
  readonly maxSteps: number;
  /** The return of the shortest path to the goal (less 1e-9), when the moves are exact: the solved threshold. */
  readonly solvedReturn?: number;
  private readonly start: number;
  private rng = new Random(0);
  private at = 0;
  private steps = 0;
  private ended = true;

  constructor(options: GridWorldOptions = {}) {
    this.layout = checkLayout(options.layout ?? DEFAULT_GRID);
    this.rows = this.layout.length;
    this.columns = this.layout[0].length;
    this.observationSize = this.rows * this.columns;
    this.stepReward = checkNumber('gridworld', 'stepReward', options.stepReward ?? -0.01, {});
    this.slip = checkNumber('gridworld', 'slip', options.slip ?? 0, { min: 0, max: 1 });
    this.maxSteps = checkNumber('gridworld', 'maxSteps', options.maxSteps ?? 50, { min: 1, integer: true });
    this.start = this.layout.join('').indexOf('S');
    const shortest = this.shortestPath();
    // the shortest path's return, less a rounding margin: the sum of a path's rewards may differ from it in the last bit
    if (this.slip === 0 && shortest !== null && shortest <= this.maxSteps) this.solvedReturn = 1 + (shortest - 1) * this.stepReward - 1e-9;
  }

  /** The cell's kind: `S`, `G`, `P`, `#` or `.`. */
  cell(row: number, column: number): string {
    return this.layout[row][column];
  }

  /** The agent's cell, as [row, column]. */
  get position(): [number, number] {
    return [Math.floor(this.at / this.columns), this.at % this.columns];
  }

  /** The observation of standing on a cell: its one-hot code. */
  observationAt(row: number, column: number): Float32Array {
    const o = new Float32Array(this.observationSize);
    o[row * this.columns + column] = 1;
    return o;
  }

  reset(seed?: number): Float32Array {
    if (seed !== undefined) this.rng = new Random(seed);
    this.at = this.start;
    this.steps = 0;
    this.ended = false;
    return this.observationAt(...this.position);
  }

  step(action: number): Step {
    checkAction(this.name, action, this.actions);
    if (this.ended) throw new ArgumentError('gridworld: the episode has ended; call reset() before step()', { where: 'gridworld.step', expected: 'reset() first' });
    // a slip turns the move 90° to a random side
    const move = this.slip > 0 && this.rng.float() < this.slip ? (action + (this.rng.int(2) === 0 ? 1 : 3)) % 4 : action;
    this.at = this.moveFrom(this.at, move);
    this.steps++;
    const kind = this.layout[Math.floor(this.at / this.columns)][this.at % this.columns];
    const terminated = kind === 'G' || kind === 'P';
    const truncated = !terminated && this.steps >= this.maxSteps;
    this.ended = terminated || truncated;
    return { observation: this.observationAt(...this.position), reward: kind === 'G' ? 1 : kind === 'P' ? -1 : this.stepReward, terminated, truncated };
  }

  private moveFrom(at: number, move: number): number {
    const r = Math.floor(at / this.columns) + GRID_MOVES[move][0];
    const c = (at % this.columns) + GRID_MOVES[move][1];
    if (r < 0 || r >= this.rows || c < 0 || c >= this.columns || this.layout[r][c] === '#') return at;
    return r * this.columns + c;
  }

  /** Moves on the shortest path from the start to the goal that avoids the pit (breadth first), or null. */
  private shortestPath(): number | null {
    const dist = new Map([[this.start, 0]]);
    const queue = [this.start];
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i];
      const kind = this.layout.join('')[at];
      if (kind === 'G') return dist.get(at) as number;
      if (kind === 'P') continue;
      for (let m = 0; m < 4; m++) {
        const next = this.moveFrom(at, m);
        if (!dist.has(next)) {
          dist.set(next, (dist.get(at) as number) + 1);
          queue.push(next);
        }
      }
    }
    return null;
  }
}

function checkLayout(layout: readonly string[]): readonly string[] {
  const problems: string[] = [];
  if (!Array.isArray(layout) || layout.length === 0 || typeof layout[0] !== 'string' || layout[0].length === 0) {
    problems.push('it must be a non-empty list of rows');
  } else {
    layout.forEach((row, i) => {
      if (typeof row !== 'string' || row.length !== layout[0].length) problems.push(`row ${i + 1} has ${String(row?.length)} cells, not ${layout[0].length}`);
      else if (/[^SGP#.]/.test(row)) problems.push(`row ${i + 1} has ${JSON.stringify(/[^SGP#.]/.exec(row)?.[0])}`);
    });
    const all = layout.join('');
    if (all.split('S').length !== 2) problems.push(`it needs exactly one S (start), found ${all.split('S').length - 1}`);
    if (!all.includes('G')) problems.push('it needs a G (goal)');
  }
  if (problems.length > 0) {
    throw new ArgumentError(`gridworld: bad layout: ${problems.join('; ')} (cells are S start, G goal, P pit, # wall, . floor)`, {
      where: 'gridworld.layout', expected: 'equal rows of S, G, P, #, . with one S and a G', received: problems[0],
    });
  }
  return [...layout];
}
