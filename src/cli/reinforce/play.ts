/**
 * `neurite play`: runs a policy's greedy actions in its environment and reports the returns.
 */
import { ArgumentError, checkQ, type EnvironmentName, fromPolicyFile, makeEnvironment, play } from '../../index.js';
import type { Io } from '../io.js';
import { readText } from '../io.js';
import { CliError } from '../errors.js';

/** The options of `neurite play`. */
export interface PlayOptions {
  model: string;
  env?: EnvironmentName;
  episodes: number;
  seed: number;
  json?: boolean;
}

/**
 * Runs `neurite play`.
 *
 * @returns the exit status
 */
export function playCommand(io: Io, o: PlayOptions): number {
  const text = readText(o.model, '--model');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${o.model}: not valid JSON (${(e as Error).message}); give --model a policy written by neurite reinforce`);
  }
  const policy = fromPolicyFile(json, o.model);
  const learnt = policy.reinforcement.environment;
  if (o.env !== undefined && o.env !== learnt.name) {
    throw new CliError(`${o.model} is a policy for ${learnt.name}, not ${o.env}; play it with --env ${learnt.name} (or leave --env out)`);
  }
  const env = makeEnvironment(learnt);
  try {
    checkQ(policy.network, env, 'play');
  } catch (e) {
    if (e instanceof ArgumentError) throw new CliError(`${o.model}: ${e.message.replace(/^play: the Q network/, 'the policy network')}`);
    throw e;
  }
  const r = play(policy.network, env, { episodes: o.episodes, seed: o.seed });
  if (o.json) io.out(`${JSON.stringify({ episodes: r.episodes, meanReturn: r.meanReturn, minReturn: r.minReturn })}\n`);
  else io.out(`${r.episodes} episodes of ${learnt.name} (seed ${o.seed}): mean return ${round(r.meanReturn)}, min ${round(r.minReturn)}, max ${round(Math.max(...r.returns))}\n`);
  return 0;
}

const round = (v: number): string => String(Math.round(v * 1000) / 1000);
