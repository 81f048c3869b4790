import { ArgumentError } from '../core/errors.js';
import type { Network } from '../nn/network.js';
import type { Environment } from './environment.js';

/**
 * The steps an on-policy learner gathers between updates: observations, actions and rewards in
 * growing typed arrays (doubled when full, so a long episode costs amortised O(1) per step).
 */
export class Rollout {
  private obs: Float32Array;
  private acts: Int32Array;
  private rews: Float64Array;
  private n = 0;

  constructor(readonly observationSize: number, capacity = 256) {
    this.obs = new Float32Array(capacity * observationSize);
    this.acts = new Int32Array(capacity);
    this.rews = new Float64Array(capacity);
  }

  /** Number of steps held. */
  get length(): number {
    return this.n;
  }

  push(observation: Float32Array, action: number, reward: number): void {
    if (this.n === this.acts.length) this.grow();
    this.obs.set(observation, this.n * this.observationSize);
    this.acts[this.n] = action;
    this.rews[this.n] = reward;
    this.n++;
  }

  /** The observations, `[length, observationSize]` row-major (a view, valid until the next push). */
  observations(): Float32Array {
    return this.obs.subarray(0, this.n * this.observationSize);
  }

  actions(): Int32Array {
    return this.acts.subarray(0, this.n);
  }

  rewards(): Float64Array {
    return this.rews.subarray(0, this.n);
  }

  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const obs = new Float32Array(this.obs.length * 2);
    obs.set(this.obs);
    const acts = new Int32Array(this.acts.length * 2);
    acts.set(this.acts);
    const rews = new Float64Array(this.rews.length * 2);
    rews.set(this.rews);
    [this.obs, this.acts, this.rews] = [obs, acts, rews];
  }
}

function checkShape(net: Network, env: Environment, where: string, role: string, outputs: number, what: string): void {
  const problems: string[] = [];
  if (net.inputs !== env.observationSize) problems.push(`${net.inputs} inputs, but ${env.name}'s observations have ${env.observationSize} values`);
  if (net.outputs !== outputs) problems.push(`${net.outputs} outputs, but it needs ${outputs} (${what})`);
  if (problems.length > 0) {
    throw new ArgumentError(`${where}: the ${role} network has ${problems.join('; and ')}`, {
      where: `${where}.${role}`, expected: `${env.observationSize} inputs and ${outputs} outputs`, received: `${net.inputs} inputs and ${net.outputs} outputs`,
    });
  }
}

/** Checks that a network can be a policy for `env`: its observations in, a softmax over its actions out. */
export function checkPolicy(net: Network, env: Environment, where: string): Network {
  checkShape(net, env, where, 'policy', env.actions, 'one per action');
  if (net.output.activation !== 'softmax') {
    throw new ArgumentError(`${where}: the policy network's output activation is ${net.output.activation}; a policy needs softmax (one probability per action)`, {
      where: `${where}.policy`, expected: 'a softmax output', received: net.output.activation,
    });
  }
  return net;
}

/** Checks that a network can be a value function for `env`: its observations in, one value out. */
export function checkValue(net: Network, env: Environment, where: string): Network {
  checkShape(net, env, where, 'value', 1, 'the value of the state');
  return net;
}

/** Checks that a network can be a Q-function for `env`: its observations in, one value per action out. */
export function checkQ(net: Network, env: Environment, where: string): Network {
  checkShape(net, env, where, 'Q', env.actions, 'one value per action');
  return net;
}
