import { checkNumber } from '../core/assert.js';
import { backward } from '../autograd/backward.js';
import { mean } from '../ops/reduce.js';
import { sub } from '../ops/binary.js';
import { square } from '../ops/unary.js';
import type { Network } from '../nn/network.js';
import { Optimizer, type OptimizerName } from '../optim/optimizer.js';
import { clipGradNorm } from '../optim/clip.js';
import { scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { Agent, type AgentOptions } from './agent.js';
import type { Environment } from './environment.js';
import { checkGamma, denseNetwork, discountedReturns, type NetworkOptions, policyLoss, sample, standardize } from './policy.js';
import { checkPolicy, checkValue, Rollout } from './rollout.js';

/** Options of the policy-gradient learners ({@link Reinforce}, {@link ActorCritic}). */
export interface PolicyGradientOptions extends AgentOptions, NetworkOptions {
  /** Discount γ (0.99). */
  readonly gamma?: number;
  /** Learning rate of the policy (REINFORCE 0.005, A2C 0.001); the value network's is the same unless `valueLr` says. */
  readonly lr?: number;
  readonly valueLr?: number;
  /** Optimizer of both networks (adam). */
  readonly optimizer?: OptimizerName;
  /** Weight of the entropy bonus that keeps the policy exploring (0 for REINFORCE, 0.01 for A2C). */
  readonly entropy?: number;
  /** Clip each update's gradients to this global norm (none). */
  readonly clipNorm?: number;
  /** The policy: any network with a softmax output of one unit per action (default: built from `hidden`). */
  readonly policy?: Network;
  /** The value function: any network with one linear output (default: built from `hidden`). */
  readonly value?: Network;
}

/**
 * The machinery both policy-gradient learners share: a softmax policy and a value network, each
 * with its optimizer, and the update from a batch of states, actions, returns and values.
 * The value network predicts returns times `valueScale` (1 − γ, so CartPole's returns of up to
 * 100 are targets of up to 1); the advantages are standardised per update, which keeps the
 * step size of the policy the same whatever the scale of the rewards.
 */
export abstract class PolicyGradient extends Agent {
  readonly network: Network;
  /** The value function V(s) (scaled by `valueScale`). */
  readonly value: Network;
  readonly gamma: number;
  /** What the value network's outputs are multiplied by to be returns: 1 / (1 − γ), or 1 for γ = 1. */
  readonly valueScale: number;
  protected readonly entropy: number;
  private readonly clipNorm?: number;
  private readonly policyOpt: Optimizer;
  private readonly valueOpt: Optimizer;

  constructor(env: Environment, o: PolicyGradientOptions, where: string, defaults: { readonly lr: number; readonly entropy: number }) {
    super(env, o);
    this.gamma = checkGamma(where, o.gamma ?? 0.99);
    this.valueScale = this.gamma < 1 ? 1 / (1 - this.gamma) : 1;
    this.entropy = checkNumber(where, 'entropy', o.entropy ?? defaults.entropy, { min: 0 });
    if (o.clipNorm !== undefined) this.clipNorm = checkNumber(where, 'clipNorm', o.clipNorm, { min: 0, minExclusive: true });
    const seeds = this.rng.fork();
    this.network = checkPolicy(o.policy ?? denseNetwork(this.env.observationSize, this.env.actions, o, 'softmax', seeds.uint32()), this.env, where);
    this.value = checkValue(o.value ?? zeroOutput(denseNetwork(this.env.observationSize, 1, o, 'linear', seeds.uint32())), this.env, where);
    const lr = checkNumber(where, 'lr', o.lr ?? defaults.lr, { min: 0, minExclusive: true });
    this.policyOpt = new Optimizer(o.optimizer ?? 'adam', this.network.parameters(), { lr });
    this.valueOpt = new Optimizer(o.optimizer ?? 'adam', this.value.parameters(), { lr: checkNumber(where, 'valueLr', o.valueLr ?? lr, { min: 0, minExclusive: true }) });
  }

  protected choose(observation: Float32Array): number {
    return sample(this.network.predictFlat(observation, 1), this.rng);
  }

  /** V(s) of each row of `x: [rows, observationSize]`, as returns. */
  protected values(x: Float32Array, rows: number): Float64Array {
    const v = this.value.predictFlat(x, rows);
    return Float64Array.from(v, (y) => y * this.valueScale);
  }

  /**
   * One update of both networks: the policy along −mean(A·log π(a|s)) − entropy·H(π), A the
   * standardised advantages `returns − values`; the value network toward the returns (mean
   * squared error, scaled).
   */
  protected update(batch: Rollout, returns: Float64Array, values: Float64Array, normalize: boolean): void {
    const rows = batch.length;
    const advantages = returns.map((g, i) => (g - values[i]) / this.valueScale);
    // one row has no spread to standardise by (an episode of one step): it keeps its scaled value
    if (normalize && rows > 1) standardize(advantages);
    scope(() => {
      const x = new Tensor(batch.observations(), [rows, this.env.observationSize]);
      this.descend(this.policyOpt, policyLoss(this.network.forward(x).z, batch.actions(), Float32Array.from(advantages), this.entropy));
      const targets = new Tensor(Float32Array.from(returns, (g) => g / this.valueScale), [rows, 1]);
      this.descend(this.valueOpt, mean(square(sub(this.value.forward(x).y, targets))));
    });
  }

  private descend(opt: Optimizer, loss: Tensor): void {
    opt.zeroGrad();
    backward(loss);
    if (this.clipNorm !== undefined) clipGradNorm(opt.params, this.clipNorm);
    opt.step();
  }
}

/**
 * Zeroes a network's output layer, so a critic starts at V = 0 everywhere: its first advantages
 * are the returns themselves rather than the noise of random weights (which, standardised,
 * pushed the policy of a task whose first rewards are all 0 into a corner it never left).
 */
function zeroOutput(net: Network): Network {
  for (const p of net.output.parameters('output')) p.tensor.data.fill(0);
  return net;
}

/**
 * REINFORCE with a learned baseline (Sutton and Barto §13.4): after each episode (or each
 * `episodes` episodes), the policy moves along (G_t − V(s_t))·∇log π(a_t|s_t), G_t the
 * discounted return from step t, and V toward G_t.
 *
 * @example
 * ```ts
 * const agent = new Reinforce(new CartPole(), { hidden: [64], lr: 0.01, seed: 1 });
 * for (let i = 0; i < 10; i++) agent.runEpisode().return;
 * ```
 */
export class Reinforce extends PolicyGradient {
  readonly algorithm = 'reinforce';
  /** Episodes per update. */
  readonly episodes: number;
  private readonly batch: Rollout;
  private readonly returnsOf: number[] = [];
  private done = 0;

  constructor(env: Environment, options: PolicyGradientOptions & { readonly episodes?: number } = {}) {
    super(env, options, 'reinforce', { lr: 0.005, entropy: 0 });
    this.episodes = checkNumber('reinforce', 'episodes', options.episodes ?? 1, { min: 1, integer: true });
    this.batch = new Rollout(this.env.observationSize);
  }

  protected learn(observation: Float32Array, action: number, reward: number, _next: Float32Array, terminated: boolean, truncated: boolean): void {
    this.batch.push(observation, action, reward);
    if (!terminated && !truncated) return;
    // the returns of this episode, from its own rewards (an episode cut off counts only what it got)
    const start = this.returnsOf.length;
    const g = discountedReturns(this.batch.rewards().subarray(start), this.gamma);
    for (const v of g) this.returnsOf.push(v);
    if (++this.done < this.episodes) return;
    const rows = this.batch.length;
    this.update(this.batch, Float64Array.from(this.returnsOf), this.values(this.batch.observations(), rows), true);
    this.batch.clear();
    this.returnsOf.length = 0;
    this.done = 0;
  }
}
