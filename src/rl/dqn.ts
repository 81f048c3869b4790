import { checkNumber } from '../core/assert.js';
import { backward } from '../autograd/backward.js';
import type { Network } from '../nn/network.js';
import { Optimizer, type OptimizerName } from '../optim/optimizer.js';
import { clipGradNorm } from '../optim/clip.js';
import { fromModelFile } from '../io/load.js';
import { toModelFile } from '../io/model-file.js';
import { scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { Agent, type AgentOptions } from './agent.js';
import type { Environment } from './environment.js';
import { argmax, checkGamma, denseNetwork, type NetworkOptions, qLoss, qTargets } from './policy.js';
import { ReplayBuffer } from './replay.js';
import { checkQ } from './rollout.js';

/**
 * Options of {@link Dqn}. The defaults solved CartPole-v1 for 4 seeds of 5 in 500-633 episodes
 * (bench/rl.mjs); an update every step, a copy every 500 steps and ε over 10,000 steps took
 * longer and forgot more (docs/learning.md).
 */
export interface DqnOptions extends AgentOptions, NetworkOptions {
  /** Discount γ (0.99). */
  readonly gamma?: number;
  /** Learning rate (0.001). */
  readonly lr?: number;
  readonly optimizer?: OptimizerName;
  /** Transitions kept for replay (50,000). */
  readonly replay?: number;
  /** Transitions per update (64). */
  readonly batchSize?: number;
  /** Steps taken at random before learning starts (1,000). */
  readonly learningStarts?: number;
  /** Steps between updates (2). */
  readonly trainEvery?: number;
  /** Steps between copies of the network into the target network (250). */
  readonly targetUpdate?: number;
  /** Instead of copies, move the target a fraction τ toward the network after every update (Polyak averaging; 0: copies). */
  readonly tau?: number;
  /** Double DQN (van Hasselt et al. 2016): the network picks the next action, the target values it (false). */
  readonly double?: boolean;
  /** The ε schedule: from `epsilonStart` (1) to `epsilonEnd` (0.05), linearly over `explorationSteps` steps (5,000). */
  readonly epsilonStart?: number;
  readonly epsilonEnd?: number;
  readonly explorationSteps?: number;
  /** Clip each update's gradients to this global norm (10). */
  readonly clipNorm?: number;
  /** The Q-network: any network with one linear output per action (default: built from `hidden`). */
  readonly q?: Network;
}

/**
 * Deep Q-learning (Mnih et al. 2015): ε-greedy actions from a Q-network, transitions kept in a
 * replay buffer, and after each step an update on a random batch toward r + γ·max_a' Q⁻(s', a')
 * (Q⁻ the target network, copied from Q every `targetUpdate` steps; no bootstrap after a terminal
 * state, but one after a time limit), with the Huber loss and clipped gradients.
 *
 * @example
 * ```ts
 * const agent = new Dqn(new CartPole(), { hidden: [64, 64], seed: 1 });
 * agent.runEpisode();
 * ```
 */
export class Dqn extends Agent {
  readonly algorithm = 'dqn';
  readonly network: Network;
  /** The target network Q⁻. */
  readonly target: Network;
  readonly gamma: number;
  private readonly o: Required<Omit<DqnOptions, 'q' | 'hidden' | 'activation' | 'seed' | 'maxSteps' | 'optimizer' | 'double'>>;
  private readonly double: boolean;
  private readonly replay: ReplayBuffer;
  private readonly opt: Optimizer;
  private steps = 0;

  constructor(env: Environment, options: DqnOptions = {}) {
    super(env, options);
    const num = (key: keyof DqnOptions, dflt: number, range: Parameters<typeof checkNumber>[3]) => checkNumber('dqn', key, options[key] ?? dflt, range);
    const int = { min: 1, integer: true };
    this.gamma = checkGamma('dqn', options.gamma ?? 0.99);
    this.o = {
      gamma: this.gamma, lr: num('lr', 0.001, { min: 0, minExclusive: true }), replay: num('replay', 50000, int), batchSize: num('batchSize', 64, int),
      learningStarts: num('learningStarts', 1000, { min: 0, integer: true }), trainEvery: num('trainEvery', 2, int), targetUpdate: num('targetUpdate', 250, int),
      epsilonStart: num('epsilonStart', 1, { min: 0, max: 1 }), epsilonEnd: num('epsilonEnd', 0.05, { min: 0, max: 1 }),
      explorationSteps: num('explorationSteps', 5000, int), clipNorm: num('clipNorm', 10, { min: 0, minExclusive: true }),
      tau: num('tau', 0, { min: 0, max: 1 }),
    };
    this.double = options.double ?? false;
    this.network = checkQ(options.q ?? denseNetwork(this.env.observationSize, this.env.actions, { ...options, hidden: options.hidden ?? [64, 64] }, 'linear', this.rng.fork().uint32()), this.env, 'dqn');
    // the target starts as a copy: the same kind of network, through the model file
    this.target = fromModelFile(toModelFile(this.network)).network;
    this.replay = new ReplayBuffer(this.env.observationSize, this.o.replay);
    this.opt = new Optimizer(options.optimizer ?? 'adam', this.network.parameters(), { lr: this.o.lr });
  }

  /** The exploration rate of the next step. */
  get epsilon(): number {
    const f = Math.min(1, this.steps / this.o.explorationSteps);
    return this.o.epsilonStart + f * (this.o.epsilonEnd - this.o.epsilonStart);
  }

  protected choose(observation: Float32Array): number {
    if (this.rng.float() < this.epsilon) return this.rng.int(this.env.actions);
    return argmax(this.network.predictFlat(observation, 1));
  }

  protected learn(observation: Float32Array, action: number, reward: number, next: Float32Array, terminated: boolean): void {
    this.steps++;
    this.replay.push(observation, action, reward, next, terminated);
    if (this.steps >= this.o.learningStarts && this.steps % this.o.trainEvery === 0) this.update();
    if (this.o.tau === 0 && this.steps % this.o.targetUpdate === 0) syncTarget(this.network, this.target);
  }

  private update(): void {
    const n = this.o.batchSize;
    const k = this.env.actions;
    const b = this.replay.sample(n, this.rng);
    // the targets r + γ(1 − terminal)·max_a' Q⁻(s', a'), without gradients
    const after = this.target.predictFlat(b.next, n);
    const y = qTargets(b.rewards, b.terminal, after, this.double ? this.network.predictFlat(b.next, n) : after, k, this.gamma);
    scope(() => {
      const loss = qLoss(this.network.forward(new Tensor(b.observations, [n, this.env.observationSize])).y, b.actions, y);
      this.opt.zeroGrad();
      backward(loss);
      clipGradNorm(this.opt.params, this.o.clipNorm);
      this.opt.step();
    });
    if (this.o.tau > 0) syncTarget(this.network, this.target, this.o.tau);
  }
}

/** Moves every parameter of `to` a fraction `tau` toward `from` (1: a copy); the networks share an architecture. */
export function syncTarget(from: Network, to: Network, tau = 1): void {
  const src = from.parameters();
  to.parameters().forEach((p, i) => {
    if (tau === 1) p.tensor.data.set(src[i].tensor.data);
    else {
      const w = p.tensor.data;
      const s = src[i].tensor.data;
      for (let j = 0; j < w.length; j++) w[j] += tau * (s[j] - w[j]);
    }
  });
}
