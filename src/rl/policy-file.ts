/**
 * Policies in the model file: the network the greedy policy reads is the file's network, and a
 * `reinforcement` field says how it was learnt, on what environment, and holds the value network.
 */
import { ModelFormatError } from '../core/errors.js';
import type { Network } from '../nn/network.js';
import { fromModelFile } from '../io/load.js';
import { type ModelFile, toModelFile } from '../io/model-file.js';
import type { Agent } from './agent.js';
import { ALGORITHMS, ENVIRONMENTS, type EnvironmentSpec } from './registry.js';

/** The `reinforcement` field of a policy's model file (docs/learning.md). */
export interface ReinforcementMeta {
  readonly algorithm: string;
  /** The environment it learnt on, to play it again. */
  readonly environment: EnvironmentSpec;
  /** What the outputs are: action `probabilities` (a policy) or `values` (Q-values, estimates). */
  readonly outputs: 'probabilities' | 'values';
  readonly seed: number;
  readonly episodes: number;
  /** The episode after which the greedy policy was found solved, or null. */
  readonly solvedAt: number | null;
  /** The return of every training episode. */
  readonly returns: readonly number[];
  /** The value network V(s) of REINFORCE's baseline and A2C's critic, as a model file. */
  readonly value?: ModelFile;
  /** What the value network's outputs are multiplied by to be returns. */
  readonly valueScale?: number;
}

/** A policy loaded from a model file. */
export interface LoadedPolicy {
  /** The network the greedy policy reads (largest output). */
  readonly network: Network;
  readonly value: Network | null;
  readonly reinforcement: ReinforcementMeta;
  /** The rest of the file's fields. */
  readonly meta: Record<string, unknown>;
}

/**
 * The model file of an agent's policy.
 *
 * @example
 * ```ts
 * const file = toPolicyFile(agent, { name: 'cartpole' }, { solvedAt: 412 });
 * ```
 */
export function toPolicyFile(agent: Agent, environment: EnvironmentSpec, extra: { readonly solvedAt?: number | null; readonly seed?: number } = {}): ModelFile {
  const critic = (agent as { value?: Network }).value;
  const scale = (agent as { valueScale?: number }).valueScale;
  const reinforcement: ReinforcementMeta = {
    algorithm: agent.algorithm,
    environment,
    outputs: agent.network.output.activation === 'softmax' ? 'probabilities' : 'values',
    seed: extra.seed ?? 0,
    episodes: agent.returns.length,
    solvedAt: extra.solvedAt ?? null,
    returns: [...agent.returns],
    ...(critic ? { value: toModelFile(critic), valueScale: scale ?? 1 } : {}),
  };
  return toModelFile(agent.network, { reinforcement: reinforcement as unknown as Record<string, unknown> });
}

/**
 * Loads a policy's model file; a model file without a `reinforcement` field (a classifier, say)
 * or with a bad one is refused with every problem listed.
 *
 * @throws ModelFormatError
 * @example
 * ```ts
 * const { network, reinforcement } = fromPolicyFile(JSON.parse(text), 'policy.json');
 * ```
 */
export function fromPolicyFile(json: unknown, source = 'policy'): LoadedPolicy {
  const { network, meta } = fromModelFile(json, source);
  const { reinforcement: r, ...rest } = meta as { reinforcement?: Record<string, unknown> };
  if (r === undefined || r === null || typeof r !== 'object') {
    throw new ModelFormatError([{ path: 'reinforcement', expected: 'a policy learnt from rewards (made by neurite reinforce)', received: 'a model without a reinforcement field' }], source);
  }
  const env = r.environment as Record<string, unknown> | undefined;
  const problems = [
    !ALGORITHMS.includes(r.algorithm as never) && { path: 'reinforcement.algorithm', expected: `one of ${ALGORITHMS.join(', ')}`, received: JSON.stringify(r.algorithm) },
    (typeof env !== 'object' || env === null || !ENVIRONMENTS.includes(env.name as never)) && { path: 'reinforcement.environment.name', expected: `one of ${ENVIRONMENTS.join(', ')}`, received: JSON.stringify(env?.name) },
    r.outputs !== 'probabilities' && r.outputs !== 'values' && { path: 'reinforcement.outputs', expected: '"probabilities" or "values"', received: JSON.stringify(r.outputs) },
  ].filter((p): p is { path: string; expected: string; received: string } => p !== false);
  if (problems.length > 0) throw new ModelFormatError(problems, source);
  const value = r.value === undefined ? null : fromModelFile(r.value, `${source} (reinforcement.value)`).network;
  return { network, value, reinforcement: r as unknown as ReinforcementMeta, meta: rest };
}
