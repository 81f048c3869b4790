/**
 * The loop every learner shares: act, step the environment, learn, and keep the returns; one
 * step at a time (for a page that draws each one) or one episode at a time.
 */
import { checkNumber } from '../core/assert.js';
import { Random } from '../core/random.js';
import type { Network } from '../nn/network.js';
import { checkedEnvironment, type Environment, type Observation } from './environment.js';
import { argmax } from './policy.js';

/** What an episode came to. */
export interface EpisodeLog {
  /** Its number, from 1. */
  readonly episode: number;
  /** The sum of its rewards. */
  readonly return: number;
  readonly steps: number;
  /** The mean return of the last 100 episodes (of all of them before the 100th). */
  readonly movingAverage: number;
}

/** What one {@link Agent.step} did. */
export interface AgentStep {
  /** The observation the action was taken from. */
  readonly observation: Float32Array;
  readonly action: number;
  readonly reward: number;
  /** The observation that followed. */
  readonly next: Float32Array;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** The episode's record when this step ended it. */
  readonly episode: EpisodeLog | null;
}

/** Options every agent takes. */
export interface AgentOptions {
  /** Seed of everything random: the networks, the actions and the environment's episodes (0). */
  readonly seed?: number;
  /** Steps after which an episode is cut off (truncated) if the environment has not ended it (100,000). */
  readonly maxSteps?: number;
}

/** Episodes the moving average covers: CartPole-v1's "100 consecutive episodes". */
export const AVERAGE_OVER = 100;

/**
 * A learner acting in an environment. Subclasses choose actions and learn from what follows;
 * the base class runs the loop and keeps the record. Its `network` gives one output per action,
 * and the greedy policy takes the largest (a policy's probabilities or a Q-network's values).
 */
export abstract class Agent {
  /** The environment, wrapped so that whatever it returns is checked. */
  readonly env: Environment;
  /** The return of every episode so far. */
  readonly returns: number[] = [];
  /** The random numbers of the actions and of learning. */
  protected readonly rng: Random;
  protected readonly seed: number;
  private readonly maxSteps: number;
  private current: Float32Array | null = null;
  private episodeReturn = 0;
  private episodeSteps = 0;
  private sum = 0;

  constructor(env: Environment, options: AgentOptions) {
    this.env = checkedEnvironment(env);
    this.seed = checkNumber('agent', 'seed', options.seed ?? 0, { integer: true });
    this.maxSteps = checkNumber('agent', 'maxSteps', options.maxSteps ?? 100000, { min: 1, integer: true });
    this.rng = new Random(this.seed);
  }

  /** The name of the algorithm, as in model files. */
  abstract readonly algorithm: string;
  /** The network the greedy policy reads: one output per action. */
  abstract readonly network: Network;

  /** The observation the next step acts from (null between episodes). */
  get observation(): Float32Array | null {
    return this.current;
  }

  /** Takes one step in the environment (starting an episode first if none is under way) and learns from it. */
  step(): AgentStep {
    if (this.current === null) {
      // the first episode reseeds the environment; the others go on with its random numbers
      this.current = Float32Array.from(this.env.reset(this.returns.length === 0 ? this.seed : undefined));
      this.episodeReturn = 0;
      this.episodeSteps = 0;
    }
    const observation = this.current;
    const action = this.choose(observation);
    const s = this.env.step(action);
    const next = Float32Array.from(s.observation);
    this.episodeReturn += s.reward;
    this.episodeSteps++;
    const truncated = s.truncated || (!s.terminated && this.episodeSteps >= this.maxSteps);
    this.learn(observation, action, s.reward, next, s.terminated, truncated);
    let episode: EpisodeLog | null = null;
    if (s.terminated || truncated) {
      episode = this.record();
      this.current = null;
    } else {
      this.current = next;
    }
    return { observation, action, reward: s.reward, next, terminated: s.terminated, truncated, episode };
  }

  /** Runs steps to the end of the episode; its record. */
  runEpisode(): EpisodeLog {
    for (;;) {
      const s = this.step();
      if (s.episode) return s.episode;
    }
  }

  /** The greedy action for an observation: the network's largest output. */
  act(observation: Observation): number {
    return greedyAction(this.network, observation);
  }

  /** The action to take while learning (exploring). */
  protected abstract choose(observation: Float32Array): number;

  /** Learns from one transition; `terminated` and `truncated` say whether and how the episode ended. */
  protected abstract learn(observation: Float32Array, action: number, reward: number, next: Float32Array, terminated: boolean, truncated: boolean): void;

  private record(): EpisodeLog {
    this.returns.push(this.episodeReturn);
    this.sum += this.episodeReturn;
    const n = this.returns.length;
    if (n > AVERAGE_OVER) this.sum -= this.returns[n - 1 - AVERAGE_OVER];
    return { episode: n, return: this.episodeReturn, steps: this.episodeSteps, movingAverage: this.sum / Math.min(n, AVERAGE_OVER) };
  }
}

/**
 * The greedy action of a network for one observation: the index of its largest output.
 *
 * @example
 * ```ts
 * greedyAction(policy, [0.01, 0, -0.02, 0.03]); // 0 or 1
 * ```
 */
export function greedyAction(network: Network, observation: Observation): number {
  return argmax(network.predictFlat(Float32Array.from(observation), 1));
}
