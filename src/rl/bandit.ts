import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { checkAction, type Environment, type Step } from './environment.js';

/** Options of a {@link Bandit}. */
export interface BanditOptions {
  /** Number of arms (10). */
  readonly arms?: number;
  /** Pulls per episode (1000, as in Sutton and Barto's testbed). */
  readonly steps?: number;
  /** Seed of the problem: the arms' true values (0). */
  readonly seed?: number;
  /** Mean of the true values (0; Sutton and Barto's figure 2.5 uses 4). */
  readonly mean?: number;
}

const OBSERVATION = new Float32Array([1]);

/**
 * A k-armed bandit of Sutton and Barto's testbed (Reinforcement Learning, 2nd ed., §2.3): each
 * arm a has a true value q*(a) ~ N(mean, 1), drawn once from the problem's seed, and pulling it
 * pays a reward ~ N(q*(a), 1). Every observation is the constant [1]; an episode is `steps` pulls
 * (then truncated). `reset(seed)` reseeds the rewards, not the problem.
 *
 * @example
 * ```ts
 * const bandit = new Bandit({ seed: 3 });
 * bandit.reset(1);
 * bandit.step(bandit.best).reward; // around bandit.values[bandit.best]
 * ```
 */
export class Bandit implements Environment {
  readonly name = 'bandit';
  readonly observationSize = 1;
  readonly actions: number;
  /** Pulls per episode. */
  readonly steps: number;
  /** The true values q*(a). */
  readonly values: readonly number[];
  /** The arm with the highest true value. */
  readonly best: number;
  private rng: Random;
  private pulls = 0;

  constructor(options: BanditOptions = {}) {
    this.actions = checkNumber('bandit', 'arms', options.arms ?? 10, { min: 1, integer: true });
    this.steps = checkNumber('bandit', 'steps', options.steps ?? 1000, { min: 1, integer: true });
    const mean = checkNumber('bandit', 'mean', options.mean ?? 0, {});
    const rng = new Random(options.seed ?? 0);
    this.values = Array.from({ length: this.actions }, () => mean + rng.normal());
    this.best = this.values.indexOf(Math.max(...this.values));
    this.rng = rng;
  }

  reset(seed?: number): Float32Array {
    if (seed !== undefined) this.rng = new Random(seed);
    this.pulls = 0;
    return OBSERVATION;
  }

  step(action: number): Step {
    checkAction(this.name, action, this.actions);
    if (this.pulls >= this.steps) {
      throw new ArgumentError(`bandit: the episode of ${this.steps} pulls has ended; call reset() before step()`, { where: 'bandit.step', expected: 'reset() first' });
    }
    this.pulls++;
    return { observation: OBSERVATION, reward: this.values[action] + this.rng.normal(), terminated: false, truncated: this.pulls >= this.steps };
  }
}
