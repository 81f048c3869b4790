import { checkNumber } from '../core/assert.js';
import type { Environment } from './environment.js';
import { discountedReturns } from './policy.js';
import { PolicyGradient, type PolicyGradientOptions } from './reinforce.js';
import { Rollout } from './rollout.js';

/** Options of {@link ActorCritic}. */
export interface ActorCriticOptions extends PolicyGradientOptions {
  /** Steps between updates (n of the n-step returns; 32). */
  readonly steps?: number;
  /** Standardise the advantages of each update (false: they are divided by 1 / (1 − γ) only). */
  readonly normalize?: boolean;
}

/**
 * Advantage actor-critic (A2C with one environment; Sutton and Barto §13.5 with n-step returns):
 * every `steps` steps, and at the end of an episode, the returns R_t = r_t + γr_{t+1} + … +
 * γⁿV(s_{t+n}) bootstrap from the critic (0 after a terminal state; V where a time limit cut
 * the episode), the actor moves along (R_t − V(s_t))·∇log π(a_t|s_t) plus an entropy bonus, and
 * the critic toward R_t.
 *
 * @example
 * ```ts
 * const agent = new ActorCritic(new CartPole(), { steps: 32, seed: 1 });
 * agent.runEpisode();
 * ```
 */
export class ActorCritic extends PolicyGradient {
  readonly algorithm = 'a2c';
  readonly steps: number;
  private readonly normalize: boolean;
  private readonly batch: Rollout;

  constructor(env: Environment, options: ActorCriticOptions = {}) {
    super(env, options, 'a2c', { lr: 0.001, entropy: 0.01 });
    this.steps = checkNumber('a2c', 'steps', options.steps ?? 32, { min: 1, integer: true });
    this.normalize = options.normalize ?? false;
    this.batch = new Rollout(this.env.observationSize, this.steps);
  }

  protected learn(observation: Float32Array, action: number, reward: number, next: Float32Array, terminated: boolean, truncated: boolean): void {
    this.batch.push(observation, action, reward);
    if (this.batch.length < this.steps && !terminated && !truncated) return;
    const last = terminated ? 0 : this.values(next, 1)[0];
    const returns = discountedReturns(this.batch.rewards(), this.gamma, last);
    this.update(this.batch, returns, this.values(this.batch.observations(), this.batch.length), this.normalize);
    this.batch.clear();
  }
}
