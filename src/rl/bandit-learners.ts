/**
 * The bandit learners of Sutton and Barto's chapter 2: action values with ε-greedy or UCB action
 * selection, and the gradient bandit's preferences; and the testbed that averages them over many
 * problems (their figures 2.2, 2.4 and 2.5).
 */
import { checkNumber } from '../core/assert.js';
import { Random } from '../core/random.js';
import { Bandit } from './bandit.js';

/** A learner of a k-armed bandit: it picks arms and learns from the rewards they pay. */
export interface BanditLearner {
  readonly arms: number;
  /** The numbers it acts on: value estimates Q(a), or the gradient bandit's preferences H(a). */
  readonly estimates: readonly number[];
  /** The arm to pull now (exploring or not). */
  act(rng: Random): number;
  /** Learns from the reward that pulling `action` paid. */
  learn(action: number, reward: number): void;
}

/** The index of the largest value, ties broken at random (as the book's testbed does). */
export function argmaxRandomTies(values: ArrayLike<number>, rng: Random): number {
  let best = -Infinity;
  let count = 0;
  let pick = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > best) {
      best = values[i];
      count = 1;
      pick = i;
    } else if (values[i] === best && rng.int(++count) === 0) {
      pick = i; // reservoir sampling: each of the tied arms is kept with probability 1/count
    }
  }
  return pick;
}

/** Options of the action-value learners. */
export interface ActionValueOptions {
  /** Constant step size α; without it, sample averages (step 1/n). */
  readonly stepSize?: number;
  /** Initial estimates Q1(a) (0; 5 gives the book's optimistic start). */
  readonly initial?: number;
}

abstract class ActionValues implements BanditLearner {
  readonly estimates: number[];
  protected readonly counts: number[];
  private readonly stepSize?: number;

  constructor(readonly arms: number, options: ActionValueOptions, where: string) {
    checkNumber(where, 'arms', arms, { min: 1, integer: true });
    if (options.stepSize !== undefined) this.stepSize = checkNumber(where, 'stepSize', options.stepSize, { min: 0, max: 1, minExclusive: true });
    this.estimates = new Array<number>(arms).fill(checkNumber(where, 'initial', options.initial ?? 0, {}));
    this.counts = new Array<number>(arms).fill(0);
  }

  abstract act(rng: Random): number;

  learn(action: number, reward: number): void {
    this.counts[action]++;
    // Q ← Q + α (R − Q), with α = 1/n for sample averages (§2.4)
    this.estimates[action] += (reward - this.estimates[action]) * (this.stepSize ?? 1 / this.counts[action]);
  }
}

/**
 * ε-greedy action selection over action-value estimates: a random arm with probability ε, else
 * the arm with the highest estimate (§2.2–2.4).
 *
 * @example
 * ```ts
 * const learner = new EpsilonGreedy(10, { epsilon: 0.1 });
 * const a = learner.act(rng); learner.learn(a, bandit.step(a).reward);
 * ```
 */
export class EpsilonGreedy extends ActionValues {
  readonly epsilon: number;

  constructor(arms: number, options: ActionValueOptions & { readonly epsilon?: number } = {}) {
    super(arms, options, 'epsilon-greedy');
    this.epsilon = checkNumber('epsilon-greedy', 'epsilon', options.epsilon ?? 0.1, { min: 0, max: 1 });
  }

  act(rng: Random): number {
    // the exploration draw is made only when ε > 0, so a greedy learner's draws are its ties alone
    if (this.epsilon > 0 && rng.float() < this.epsilon) return rng.int(this.arms);
    return argmaxRandomTies(this.estimates, rng);
  }
}

/**
 * Upper-confidence-bound action selection: the arm maximising Q(a) + c·√(ln t / N(a)), every arm
 * once first (§2.7).
 *
 * @example
 * ```ts
 * const learner = new Ucb(10, { c: 2 });
 * ```
 */
export class Ucb extends ActionValues {
  readonly c: number;
  private t = 0;
  private readonly bounds: number[];

  constructor(arms: number, options: ActionValueOptions & { readonly c?: number } = {}) {
    super(arms, options, 'ucb');
    this.c = checkNumber('ucb', 'c', options.c ?? 2, { min: 0 });
    this.bounds = new Array<number>(arms).fill(0);
  }

  act(rng: Random): number {
    this.t++;
    const lnT = Math.log(this.t);
    for (let a = 0; a < this.arms; a++) {
      // an arm never pulled is a maximising arm (N(a) = 0)
      this.bounds[a] = this.counts[a] === 0 ? Infinity : this.estimates[a] + this.c * Math.sqrt(lnT / this.counts[a]);
    }
    return argmaxRandomTies(this.bounds, rng);
  }
}

/**
 * The gradient bandit: preferences H(a), actions drawn from π = softmax(H), and after each reward
 * H(a) += α (R − R̄)(1[a = A] − π(a)), R̄ the average reward so far (the baseline; §2.8).
 *
 * @example
 * ```ts
 * const learner = new GradientBandit(10, { alpha: 0.1 });
 * ```
 */
export class GradientBandit implements BanditLearner {
  readonly estimates: number[];
  readonly alpha: number;
  readonly baseline: boolean;
  private readonly probs: number[];
  private average = 0;
  private t = 0;

  constructor(readonly arms: number, options: { readonly alpha?: number; readonly baseline?: boolean } = {}) {
    checkNumber('gradient bandit', 'arms', arms, { min: 1, integer: true });
    this.alpha = checkNumber('gradient bandit', 'alpha', options.alpha ?? 0.1, { min: 0, minExclusive: true });
    this.baseline = options.baseline ?? true;
    this.estimates = new Array<number>(arms).fill(0);
    this.probs = new Array<number>(arms).fill(1 / arms);
  }

  /** The policy π(a) = softmax(H)(a). */
  get policy(): readonly number[] {
    return this.probs;
  }

  act(rng: Random): number {
    let u = rng.float();
    for (let a = 0; a < this.arms - 1; a++) {
      u -= this.probs[a];
      if (u < 0) return a;
    }
    return this.arms - 1;
  }

  learn(action: number, reward: number): void {
    this.t++;
    // the baseline includes this reward, as the book's own code does
    this.average += (reward - this.average) / this.t;
    const advantage = reward - (this.baseline ? this.average : 0);
    for (let a = 0; a < this.arms; a++) this.estimates[a] += this.alpha * advantage * ((a === action ? 1 : 0) - this.probs[a]);
    const max = Math.max(...this.estimates);
    let sum = 0;
    for (let a = 0; a < this.arms; a++) sum += this.probs[a] = Math.exp(this.estimates[a] - max);
    for (let a = 0; a < this.arms; a++) this.probs[a] /= sum;
  }
}

/** Options of {@link banditTestbed}. */
export interface TestbedOptions {
  /** Independent problems averaged over (2000). */
  readonly runs?: number;
  /** Pulls per problem (1000). */
  readonly steps?: number;
  readonly arms?: number;
  /** Mean of the true values (0). */
  readonly mean?: number;
  readonly seed?: number;
}

/** The testbed's curves: per step, the reward averaged over runs and the fraction of runs that took the best arm. */
export interface TestbedResult {
  readonly averageReward: Float64Array;
  readonly optimalAction: Float64Array;
}

/**
 * Sutton and Barto's 10-armed testbed: runs a fresh learner on each of `runs` random bandit
 * problems for `steps` pulls and averages, step by step, the reward and whether the best arm was
 * pulled (their figure 2.2 for ε-greedy learners).
 *
 * @example
 * ```ts
 * const { averageReward } = banditTestbed((arms) => new EpsilonGreedy(arms, { epsilon: 0.1 }), { runs: 200 });
 * ```
 */
export function banditTestbed(makeLearner: (arms: number) => BanditLearner, options: TestbedOptions = {}): TestbedResult {
  const runs = checkNumber('testbed', 'runs', options.runs ?? 2000, { min: 1, integer: true });
  const steps = checkNumber('testbed', 'steps', options.steps ?? 1000, { min: 1, integer: true });
  const seeds = new Random(options.seed ?? 0);
  const averageReward = new Float64Array(steps);
  const optimalAction = new Float64Array(steps);
  for (let r = 0; r < runs; r++) {
    const bandit = new Bandit({ arms: options.arms, steps, mean: options.mean, seed: seeds.uint32() });
    const rng = new Random(seeds.uint32());
    const learner = makeLearner(bandit.actions);
    bandit.reset(seeds.uint32());
    for (let t = 0; t < steps; t++) {
      const a = learner.act(rng);
      const { reward } = bandit.step(a);
      learner.learn(a, reward);
      averageReward[t] += reward / runs;
      if (a === bandit.best) optimalAction[t] += 1 / runs;
    }
  }
  return { averageReward, optimalAction };
}
