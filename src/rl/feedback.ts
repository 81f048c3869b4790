/**
 * Learning a classifier from right-or-wrong feedback alone, the articles' reinforcement learning:
 * the network sees a row, picks a class, and is told only whether it was right (reward 1) or
 * wrong (0), never which class was.
 */
import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { type MatrixLike, type Matrix, toMatrix } from '../core/matrix.js';
import { Random } from '../core/random.js';
import type { Network } from '../nn/network.js';
import { Optimizer, type OptimizerName } from '../optim/optimizer.js';
import { backward } from '../autograd/backward.js';
import { add, mul, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { exp, log } from '../ops/unary.js';
import { scope } from '../tensor/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { checkAction, checkedEnvironment, type Environment, type Step } from './environment.js';
import { logSoftmax, oneHot, pick, sample } from './policy.js';
import { checkPolicy } from './rollout.js';

/**
 * Right-or-wrong feedback on a data set: each episode is one row (drawn without replacement,
 * reshuffled after every pass), the observation its features, the action a class, and the reward
 * 1 when the class is the row's own and 0 otherwise. The labels are held in a private field: an
 * agent can learn only from the rewards.
 *
 * @example
 * ```ts
 * const env = new FeedbackEnvironment([[5.1, 3.5, 1.4, 0.2], [7, 3.2, 4.7, 1.4]], [0, 1], 3);
 * env.reset(1); env.step(0).reward; // 1 or 0
 * ```
 */
export class FeedbackEnvironment implements Environment {
  readonly name = 'feedback';
  readonly observationSize: number;
  readonly actions: number;
  readonly #labels: Int32Array;
  private readonly x: Matrix;
  private readonly order: Uint32Array;
  private rng: Random;
  private next: number;
  private row = -1;

  /** @param labels each row's class index in [0, classes) */
  constructor(x: MatrixLike, labels: ArrayLike<number>, classes: number, seed = 0) {
    this.x = toMatrix(x, 'feedback');
    this.actions = checkNumber('feedback', 'classes', classes, { min: 2, integer: true });
    this.observationSize = this.x.cols;
    if (labels.length !== this.x.rows) {
      throw new ArgumentError(`feedback: ${this.x.rows} rows but ${labels.length} labels`, { where: 'feedback.labels', expected: `${this.x.rows} labels`, received: String(labels.length) });
    }
    this.#labels = Int32Array.from(labels, (c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= classes) {
        throw new ArgumentError(`feedback: the label of row ${i + 1} is ${c}; expected a class index from 0 to ${classes - 1}`, { where: 'feedback.labels', expected: `0 to ${classes - 1}`, received: String(c) });
      }
      return c;
    });
    this.order = Uint32Array.from({ length: this.x.rows }, (_, i) => i);
    this.rng = new Random(seed);
    this.next = this.x.rows;
  }

  /** Number of rows (the episodes of one pass). */
  get rows(): number {
    return this.x.rows;
  }

  reset(seed?: number): Float32Array {
    if (seed !== undefined) {
      this.rng = new Random(seed);
      this.next = this.x.rows;
    }
    if (this.next >= this.x.rows) {
      this.rng.shuffle(this.order);
      this.next = 0;
    }
    this.row = this.order[this.next++];
    return this.x.data.subarray(this.row * this.x.cols, (this.row + 1) * this.x.cols);
  }

  step(action: number): Step {
    checkAction(this.name, action, this.actions);
    if (this.row < 0) throw new ArgumentError('feedback: no row is shown; call reset() before step()', { where: 'feedback.step', expected: 'reset() first' });
    const reward = this.#labels[this.row] === action ? 1 : 0;
    const observation = this.x.data.subarray(this.row * this.x.cols, (this.row + 1) * this.x.cols);
    this.row = -1;
    return { observation, reward, terminated: true, truncated: false };
  }
}

/** Options of {@link learnFromFeedback}. */
export interface FeedbackOptions {
  /** Passes over the rows (100). */
  readonly epochs?: number;
  /** Rows per update (32). */
  readonly batchSize?: number;
  /** Learning rate (0.01). */
  readonly lr?: number;
  /** Optimizer (adam). */
  readonly optimizer?: OptimizerName;
  readonly seed?: number;
  /** Called after each pass with its number and the share of right answers in it; return 'stop' to stop. */
  readonly onEpoch?: (epoch: number, rewardRate: number) => void | 'stop';
}

/**
 * The loss of right-or-wrong feedback: −mean[r·log π(a|x) + (1 − r)·log(1 − π(a|x))], the
 * negative log-likelihood of the rewards when the softmax π(a|x) is read as the probability that
 * class a would be judged right. A right answer pulls π(a|x) up as a label would; a wrong one
 * pushes it down, by π/(1 − π): hardest where the network was most sure. `z: [rows, classes]`
 * are the logits, `rewards` 1 or 0 (1e-6 keeps log(1 − π) finite when π rounds to 1).
 *
 * @example
 * ```ts
 * backward(feedbackLoss(net.forward(x).z, [3, 1], new Float32Array([1, 0])));
 * ```
 */
export function feedbackLoss(z: Tensor, actions: ArrayLike<number>, rewards: Float32Array): Tensor {
  const logPa = pick(logSoftmax(z), oneHot(actions, z.shape[1]));
  const r = new Tensor(rewards, [rewards.length]);
  const wrong = new Tensor(rewards.map((v) => 1 - v), [rewards.length]);
  return mean(add(mul(r, logPa), mul(wrong, log(add(sub(1, exp(logPa)), 1e-6))))).neg();
}

/**
 * Trains `network` (a softmax classifier) from right-or-wrong feedback alone: for each row, a
 * class drawn from the network's own probabilities (so it explores as much as it is unsure), the
 * environment's reward, and after every `batchSize` rows a step on {@link feedbackLoss}. The
 * network is trained in place; it never sees a label.
 *
 * @returns the share of right answers (the mean reward) of each pass
 * @example
 * ```ts
 * const rates = learnFromFeedback(net, new FeedbackEnvironment(x, labels, 3), { epochs: 50, seed: 1 });
 * ```
 */
export function learnFromFeedback(network: Network, env: FeedbackEnvironment, options: FeedbackOptions = {}): number[] {
  const epochs = checkNumber('feedback', 'epochs', options.epochs ?? 100, { min: 1, integer: true });
  const size = checkNumber('feedback', 'batchSize', options.batchSize ?? 32, { min: 1, integer: true });
  const e = checkedEnvironment(env);
  checkPolicy(network, e, 'feedback');
  const rng = new Random(options.seed ?? 0);
  const opt = new Optimizer(options.optimizer ?? 'adam', network.parameters(), { lr: options.lr ?? 0.01 });
  const d = env.observationSize;
  const x = new Float32Array(size * d);
  const actions = new Int32Array(size);
  const rewards = new Float32Array(size);
  const rates: number[] = [];
  // the first reset seeds the order of the rows
  let seed: number | undefined = rng.uint32();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let right = 0;
    for (let start = 0; start < env.rows; start += size) {
      const n = Math.min(size, env.rows - start);
      for (let i = 0; i < n; i++) {
        x.set(e.reset(seed), i * d);
        seed = undefined;
        actions[i] = sample(network.predictFlat(x.subarray(i * d, (i + 1) * d), 1), rng);
        right += rewards[i] = e.step(actions[i]).reward;
      }
      scope(() => {
        const loss = feedbackLoss(network.forward(new Tensor(x.subarray(0, n * d), [n, d])).z, actions.subarray(0, n), rewards.subarray(0, n));
        opt.zeroGrad();
        backward(loss);
        opt.step();
      });
    }
    rates.push(right / env.rows);
    if (options.onEpoch?.(epoch, right / env.rows) === 'stop') break;
  }
  return rates;
}
