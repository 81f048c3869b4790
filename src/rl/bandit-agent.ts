import type { Data } from '../backend/kernels.js';
import { Network } from '../nn/network.js';
import { Agent, type AgentOptions } from './agent.js';
import type { BanditLearner } from './bandit-learners.js';
import type { Environment } from './environment.js';

/**
 * A bandit learner ({@link EpsilonGreedy}, {@link Ucb}, {@link GradientBandit}) run as an agent,
 * so that it trains, saves and plays like the others. It ignores observations (a bandit has one
 * state); its `network` is its table: one input fixed at 1, no weights that matter, and the
 * estimates as biases, so the greedy policy is the arm with the largest estimate.
 *
 * @example
 * ```ts
 * const agent = new BanditAgent(new Bandit({ seed: 1 }), new Ucb(10), 'ucb');
 * agent.runEpisode(); // 1,000 pulls
 * ```
 */
export class BanditAgent extends Agent {
  readonly algorithm: string;
  private readonly table: Network;

  constructor(env: Environment, readonly learner: BanditLearner, algorithm: string, options: AgentOptions = {}) {
    super(env, options);
    this.algorithm = algorithm;
    this.table = new Network({ inputs: this.env.observationSize, layers: [{ units: learner.arms, activation: 'linear' }] });
    const [weights, bias] = ['weights', 'bias'].map((name) => this.table.parameters().find((p) => p.name === `layers.0.${name}`)?.tensor.data as Data);
    weights.fill(0);
    this.bias = bias;
  }

  private readonly bias: Data;

  /** The estimates as a network (its biases), brought up to date when asked for. */
  get network(): Network {
    this.bias.set(this.learner.estimates);
    return this.table;
  }

  protected choose(): number {
    return this.learner.act(this.rng);
  }

  protected learn(_observation: Float32Array, action: number, reward: number): void {
    this.learner.learn(action, reward);
  }
}
