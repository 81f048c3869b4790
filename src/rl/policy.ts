/**
 * What the network learners share: networks made from a few options, log π(a|s) as ops, the
 * returns of an episode, and acting from a network's outputs.
 */
import { checkNumber } from '../core/assert.js';
import type { Random } from '../core/random.js';
import { add, mul, sub } from '../ops/binary.js';
import { max, mean, sum } from '../ops/reduce.js';
import { exp, log, abs, relu, square } from '../ops/unary.js';
import type { Activation } from '../nn/activations.js';
import { Network, type LayerSpec } from '../nn/network.js';
import { noGrad } from '../autograd/backward.js';
import { Tensor } from '../tensor/tensor.js';

/** The networks a learner builds when it is not given its own. */
export interface NetworkOptions {
  /** Hidden layer widths. */
  readonly hidden?: readonly number[];
  /** Activation of the hidden layers. */
  readonly activation?: Activation;
}

/**
 * A dense network `inputs → hidden… → outputs` with the given output activation.
 *
 * @example
 * ```ts
 * const policy = denseNetwork(4, 2, { hidden: [64] }, 'softmax', 1);
 * ```
 */
export function denseNetwork(inputs: number, outputs: number, o: NetworkOptions, output: Activation, seed: number): Network {
  const layers: LayerSpec[] = [...(o.hidden ?? [64]).map((units) => ({ units, activation: o.activation ?? 'relu' })), { units: outputs, activation: output }];
  return new Network({ inputs, layers, seed, ...(output === 'softmax' ? { loss: 'cross-entropy' as const } : { loss: 'mse' as const }) });
}

/**
 * log softmax over the last axis, from logits `z: [m, n] → [m, n]`: z − max − log Σ exp(z − max).
 * The row maxima are taken as constants (their gradients cancel), so large logits cannot overflow.
 */
export function logSoftmax(z: Tensor): Tensor {
  const m = noGrad(() => max(z, 1, true));
  const shifted = sub(z, m);
  return sub(shifted, log(sum(exp(shifted), 1, true)));
}

/** Σ over the last axis of `x · mask`: picks one value per row with a one-hot mask. `[m, n] → [m]`. */
export function pick(x: Tensor, mask: Tensor): Tensor {
  return sum(mul(x, mask), 1);
}

/**
 * The Huber loss of differences d, elementwise (δ = 1, PyTorch's smooth L1): ½d² where |d| ≤ 1,
 * |d| − ½ beyond. Written as ½c² + relu(|d| − 1) with c = |d| − relu(|d| − 1) = min(|d|, 1), so it
 * is made of ops that have gradients.
 */
export function huber(d: Tensor): Tensor {
  const a = abs(d);
  const over = relu(sub(a, 1));
  return add(mul(square(sub(a, over)), 0.5), over);
}

/**
 * The policy-gradient loss of a batch: −mean(A·log π(a|s)) − entropy·mean(H(π)), from the
 * policy's logits `z: [rows, actions]`, the actions taken and their advantages (constants).
 * Its gradient moves π toward actions with positive advantages; the entropy term keeps π spread.
 *
 * @example
 * ```ts
 * backward(policyLoss(policy.forward(x).z, [0, 1], new Float32Array([0.5, -1]), 0.01));
 * ```
 */
export function policyLoss(z: Tensor, actions: ArrayLike<number>, advantages: Float32Array, entropy = 0): Tensor {
  const logp = logSoftmax(z);
  const loss = mean(mul(pick(logp, oneHot(actions, z.shape[1])), new Tensor(advantages, [advantages.length]))).neg();
  if (entropy === 0) return loss;
  // H(π) = −Σ π log π per row, so −entropy·H = +entropy·mean(Σ π log π)
  return add(loss, mul(mean(sum(mul(exp(logp), logp), 1)), entropy));
}

/**
 * The DQN loss: mean Huber loss of Q(s, a) (`q: [rows, actions]`, the actions taken) against
 * `targets` (constants).
 */
export function qLoss(q: Tensor, actions: ArrayLike<number>, targets: Float32Array): Tensor {
  return mean(huber(sub(pick(q, oneHot(actions, q.shape[1])), new Tensor(targets, [targets.length]))));
}

/**
 * The targets of Q-learning, r + γ(1 − terminal)·Q⁻(s', a*), a* the action with the largest
 * value in `chooser` (the target network's own values; the online network's for double DQN).
 * `next`, `chooser`: `[rows, actions]` row-major.
 */
export function qTargets(rewards: ArrayLike<number>, terminal: ArrayLike<number>, next: ArrayLike<number>, chooser: ArrayLike<number>, actions: number, gamma: number): Float32Array {
  const y = new Float32Array(rewards.length);
  for (let i = 0; i < rewards.length; i++) y[i] = rewards[i] + (1 - terminal[i]) * gamma * next[i * actions + argmax(chooser, i * actions, actions)];
  return y;
}

/** One-hot rows for `actions`: `[actions.length, n]`. */
export function oneHot(actions: ArrayLike<number>, n: number): Tensor {
  const data = new Float32Array(actions.length * n);
  for (let i = 0; i < actions.length; i++) data[i * n + actions[i]] = 1;
  return new Tensor(data, [actions.length, n]);
}

/**
 * Discounted returns G_t = r_t + γ G_{t+1}, from the end; `last` is the value the sequence
 * continues with (0 at a terminal state, V(s) where it was cut off).
 *
 * @example
 * ```ts
 * discountedReturns([1, 1, 1], 0.5); // [1.75, 1.5, 1]
 * ```
 */
export function discountedReturns(rewards: ArrayLike<number>, gamma: number, last = 0): Float64Array {
  const out = new Float64Array(rewards.length);
  let g = last;
  for (let t = rewards.length - 1; t >= 0; t--) out[t] = g = rewards[t] + gamma * g;
  return out;
}

/** The index of the largest value (the first of equal ones): the greedy action. */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (values[offset + a] > values[offset + best]) best = a;
  return best;
}

/** An action drawn from the probabilities `p[offset … offset + n)`. */
export function sample(p: ArrayLike<number>, rng: Random, offset = 0, n = p.length - offset): number {
  let u = rng.float();
  for (let a = 0; a < n - 1; a++) {
    u -= p[offset + a];
    if (u < 0) return a;
  }
  return n - 1;
}

/** Checks a discount factor γ in [0, 1]. */
export function checkGamma(where: string, gamma: number): number {
  return checkNumber(where, 'gamma', gamma, { min: 0, max: 1 });
}

/** Standardises `x` in place to mean 0 and standard deviation 1 (left centred when it is constant). */
export function standardize(x: Float64Array): Float64Array {
  if (x.length === 0) return x;
  let mean = 0;
  for (const v of x) mean += v / x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2 / x.length;
  const sd = Math.sqrt(variance);
  for (let i = 0; i < x.length; i++) x[i] = sd > 1e-8 ? (x[i] - mean) / sd : x[i] - mean;
  return x;
}
