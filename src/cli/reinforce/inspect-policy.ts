/**
 * What `neurite inspect` says about a policy learnt from rewards: its `reinforcement` record
 * (algorithm, environment, seed, episodes, when it was solved, the returns) and its value network.
 */
import { AVERAGE_OVER, fromPolicyFile } from '../../index.js';

/** A return to six significant digits, without trailing zeros. */
const metric = (v: number): string => String(Number(v.toPrecision(6)));

/** `4 → 64 → 1`: a flat network's widths. */
const widths = (inputs: number, units: readonly number[]): string => [inputs, ...units].join(' → ');

/**
 * The lines about a policy's reinforcement record, or null for a model without one. The record
 * is checked as `neurite play` checks it, so a broken one is the same clear error.
 *
 * @throws ModelFormatError for a bad reinforcement record
 * @example
 * ```ts
 * policySection(JSON.parse(text), 'policy.json'); // 'learnt from rewards: reinforce on cartpole, ...'
 * ```
 */
export function policySection(json: unknown, source: string): string | null {
  if (typeof json !== 'object' || json === null || !('reinforcement' in json)) return null;
  const { reinforcement: r, value } = fromPolicyFile(json, source);
  const options = r.environment.options && Object.keys(r.environment.options).length > 0 ? ` ${JSON.stringify(r.environment.options)}` : '';
  const returns = r.returns;
  const last = returns.slice(-AVERAGE_OVER);
  const mean = last.length ? last.reduce((a, b) => a + b, 0) / last.length : NaN;
  const lines = [
    `learnt from rewards: ${r.algorithm} on ${r.environment.name}${options}, seed ${r.seed}`,
    `  outputs: ${r.outputs === 'probabilities' ? 'action probabilities (a policy)' : 'a value per action'}; play takes the largest`,
    `  ${r.episodes} episodes; ${r.solvedAt === null ? 'not solved' : `solved after episode ${r.solvedAt}`}`,
  ];
  if (returns.length > 0) {
    lines.push(`  returns: first ${metric(returns[0])}, last ${metric(returns[returns.length - 1])}, best ${metric(Math.max(...returns))}, mean of the last ${last.length} ${metric(mean)}`);
  }
  if (value) {
    const units = value.layers.map((l) => l.outputShape.reduce((a, b) => a * b, 1));
    lines.push(`  value network: ${widths(value.inputs, units)}, ${value.parameterCount()} parameters${r.valueScale !== undefined && r.valueScale !== 1 ? `, outputs × ${metric(r.valueScale)}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
