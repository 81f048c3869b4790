/**
 * The built-in environments and algorithms by name: one table each, for the command line, the
 * model file and the playground.
 */
import { checkChoice } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import type { Activation } from '../nn/activations.js';
import type { Network } from '../nn/network.js';
import type { OptimizerName } from '../optim/optimizer.js';
import { ActorCritic } from './a2c.js';
import type { Agent } from './agent.js';
import { Bandit, type BanditOptions } from './bandit.js';
import { BanditAgent } from './bandit-agent.js';
import { EpsilonGreedy, GradientBandit, Ucb } from './bandit-learners.js';
import { CartPole } from './cartpole.js';
import { Dqn } from './dqn.js';
import type { Environment } from './environment.js';
import { GridWorld, type GridWorldOptions } from './gridworld.js';
import { Reinforce } from './reinforce.js';

/** The built-in environments. */
export const ENVIRONMENTS = ['cartpole', 'bandit', 'gridworld'] as const;
/** The name of a built-in environment. */
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** A built-in environment and its options, as a model file stores it. */
export interface EnvironmentSpec {
  readonly name: EnvironmentName;
  readonly options?: BanditOptions | GridWorldOptions;
}

const MAKERS: Record<EnvironmentName, (options: Record<string, unknown>) => Environment> = {
  cartpole: () => new CartPole(),
  bandit: (o) => new Bandit(o as BanditOptions),
  gridworld: (o) => new GridWorld(o as GridWorldOptions),
};

/**
 * A built-in environment by name.
 *
 * @throws ArgumentError for an unknown name, listing the known ones
 * @example
 * ```ts
 * makeEnvironment({ name: 'bandit', options: { arms: 10, seed: 3 } });
 * ```
 */
export function makeEnvironment(spec: EnvironmentSpec): Environment {
  const name = checkChoice('environment', 'environment', spec.name, ENVIRONMENTS);
  return MAKERS[name]({ ...(spec.options ?? {}) });
}

/** The learning algorithms. */
export const ALGORITHMS = ['reinforce', 'a2c', 'dqn', 'epsilon-greedy', 'ucb', 'gradient'] as const;
/** The name of a learning algorithm. */
export type AlgorithmName = (typeof ALGORITHMS)[number];
/** The algorithms that learn tables of one bandit's arms, not networks. */
export const BANDIT_ALGORITHMS: readonly AlgorithmName[] = ['epsilon-greedy', 'ucb', 'gradient'];

/** The options {@link makeAgent} passes on; each algorithm takes those that apply to it. */
export interface AgentSettings {
  readonly seed?: number;
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly optimizer?: OptimizerName;
  readonly lr?: number;
  readonly gamma?: number;
  /** ε of epsilon-greedy (0.1). */
  readonly epsilon?: number;
  /** A network to start from: the policy (reinforce, a2c) or the Q-network (dqn). */
  readonly network?: Network;
}

/** The algorithm used when none is named: REINFORCE for CartPole, DQN for the grid world (whose goal on-policy exploration finds late), ε-greedy for the bandit. */
export function defaultAlgorithm(env: string): AlgorithmName {
  return env === 'bandit' ? 'epsilon-greedy' : env === 'gridworld' ? 'dqn' : 'reinforce';
}

/**
 * An agent of the named algorithm on `env`.
 *
 * @throws ArgumentError for an unknown algorithm, or a bandit algorithm on an environment that is
 *   not a bandit
 * @example
 * ```ts
 * const agent = makeAgent('reinforce', new CartPole(), { seed: 1 });
 * ```
 */
export function makeAgent(algorithm: string, env: Environment, s: AgentSettings = {}): Agent {
  const name = checkChoice('agent', 'algorithm', algorithm, ALGORITHMS);
  const seed = s.seed === undefined ? {} : { seed: s.seed };
  if (BANDIT_ALGORITHMS.includes(name) && !(env instanceof Bandit)) {
    throw new ArgumentError(`${name} learns the arms of a bandit, not ${env.name}; use it with the bandit environment, or choose reinforce, a2c or dqn`, {
      where: 'algorithm', expected: 'reinforce, a2c or dqn', received: name,
    });
  }
  const lr = s.lr === undefined ? {} : { lr: s.lr };
  const net = { ...(s.hidden ? { hidden: s.hidden } : {}), ...(s.activation ? { activation: s.activation } : {}), ...(s.optimizer ? { optimizer: s.optimizer } : {}), ...(s.gamma !== undefined ? { gamma: s.gamma } : {}), ...lr, ...seed };
  switch (name) {
    case 'reinforce': return new Reinforce(env, { ...net, ...(s.network ? { policy: s.network } : {}) });
    case 'a2c': return new ActorCritic(env, { ...net, ...(s.network ? { policy: s.network } : {}) });
    case 'dqn': return new Dqn(env, { ...net, ...(s.network ? { q: s.network } : {}) });
    case 'epsilon-greedy': return new BanditAgent(env, new EpsilonGreedy(env.actions, { epsilon: s.epsilon ?? 0.1 }), name, seed);
    case 'ucb': return new BanditAgent(env, new Ucb(env.actions), name, seed);
    case 'gradient': return new BanditAgent(env, new GradientBandit(env.actions, s.lr === undefined ? {} : { alpha: s.lr }), name, seed);
  }
}
