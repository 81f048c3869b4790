/**
 * `neurite reinforce`: learns a policy in a built-in environment, with a progress line per
 * episode on stderr, stopping once the greedy policy is solved; writes the policy's model file
 * (and the returns' plot) atomically and prints a summary (one JSON object with --json).
 */
import { randomInt } from 'node:crypto';
import {
  type AlgorithmName, ALGORITHMS, ACTIVATIONS, type Activation, defaultAlgorithm, describeBackend, type EnvironmentName, type EnvironmentSpec,
  ENVIRONMENTS, type EpisodeLog, makeAgent, makeEnvironment, OPTIMIZERS, type OptimizerName, stringifyModel, toPolicyFile, trainAgent,
} from '../../index.js';
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { startBackend } from '../backend.js';
import { writeOutput } from '../io.js';
import { choice, hiddenLayers, integer, number } from '../values.js';
import { playCommand, type PlayOptions } from './play.js';
import { returnsSvg } from './plot.js';

/** The options of `neurite reinforce`, as commander parses them. */
export interface ReinforceOptions {
  env: EnvironmentName;
  algorithm?: AlgorithmName;
  episodes?: number;
  hidden?: number[];
  activation?: Activation;
  optimizer?: OptimizerName;
  lr?: number;
  gamma?: number;
  seed?: number;
  out: string;
  plot?: string;
  json?: boolean;
}

/** Episodes when --episodes is not given: enough for the defaults to solve with room to spare. */
export const DEFAULT_EPISODES: Record<EnvironmentName, number> = { cartpole: 2000, gridworld: 1000, bandit: 10 };

/**
 * Declares the options of `neurite reinforce` on a command.
 *
 * @example
 * ```ts
 * addReinforceOptions(program.command('reinforce'));
 * ```
 */
export function addReinforceOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--env <name>', `the environment: ${ENVIRONMENTS.join(', ')}`, choice(ENVIRONMENTS))
    .option('--algorithm <name>', `${ALGORITHMS.join(', ')} (default: reinforce for cartpole, dqn for gridworld, epsilon-greedy for bandit)`, choice(ALGORITHMS))
    .option('--episodes <n>', `episodes at most; training stops once solved (default: ${Object.entries(DEFAULT_EPISODES).map(([k, v]) => `${k} ${v}`).join(', ')})`, integer(1))
    .option('--hidden <widths>', 'hidden layer widths of the networks, e.g. 64 or 64,64 (default: 64; dqn 64,64)', hiddenLayers)
    .option('--activation <name>', 'activation of the hidden layers (default: relu)', choice(ACTIVATIONS))
    .option('--optimizer <name>', 'optimizer of the networks (default: adam)', choice(OPTIMIZERS))
    .option('--lr <rate>', 'learning rate (default: reinforce 0.005, a2c 0.001, dqn 0.001; gradient bandit: its step size 0.1)', number({ min: 0, minExclusive: true }))
    .option('--gamma <g>', 'discount factor (default: 0.99)', number({ min: 0, max: 1 }))
    .option('--seed <n>', 'seed of all randomness (default: a random seed, printed)', integer(0, 4294967295))
    .option('--out <file>', 'where to write the policy (a model file)', 'policy.json')
    .option('--plot <file.svg>', 'draw the return per episode and its moving average')
    .option('--json', 'print only a JSON summary on stdout');
}

/** The environment a run learns on, as the model file records it (the bandit's problem comes from the seed). */
function environmentSpec(name: EnvironmentName, seed: number): EnvironmentSpec {
  return name === 'bandit' ? { name, options: { seed } } : { name };
}

function progressLine(io: Io): (log: EpisodeLog, last: boolean) => void {
  return (log, last) => {
    const text = `episode ${log.episode}  return ${round(log.return)}  average ${round(log.movingAverage)}`;
    // a terminal gets one line rewritten in place; a log gets every 10th episode and the last
    if (io.errIsTTY) io.err(`\r${text}\x1b[K${last ? '\n' : ''}`);
    else if (log.episode % 10 === 0 || last) io.err(`${text}\n`);
  };
}

const round = (v: number): string => String(Math.round(v * 1000) / 1000);

/**
 * Declares `neurite reinforce` and `neurite play` with `command` (program.ts's maker of commands).
 *
 * @example
 * ```ts
 * declareReinforce(command, io);
 * ```
 */
export function declareReinforce(command: (name: string, description: string, action: (cmd: Command) => number | Promise<number>) => Command, io: Io): void {
  addReinforceOptions(command('reinforce', 'learn a policy from rewards in an environment (cartpole, bandit, gridworld) and write it as a model file', (cmd) =>
    reinforceCommand(io, cmd.opts() as ReinforceOptions)));
  command('play', "run a policy's greedy actions in its environment and report the returns", (cmd) => playCommand(io, cmd.opts() as PlayOptions))
    .requiredOption('--model <file>', 'a policy written by neurite reinforce')
    .option('--env <name>', "the environment (default: the policy's own; another is an error)", choice(ENVIRONMENTS))
    .option('--episodes <n>', 'episodes to play', integer(1), 100)
    .option('--seed <n>', 'seed of the episodes', integer(0, 4294967295), 0)
    .option('--json', 'print {"episodes", "meanReturn", "minReturn"}');
}

/**
 * Runs `neurite reinforce`.
 *
 * @returns the exit status
 */
export async function reinforceCommand(io: Io, o: ReinforceOptions): Promise<number> {
  const started = performance.now();
  await startBackend();
  const seed = o.seed ?? randomInt(0, 4294967295);
  const algorithm = o.algorithm ?? defaultAlgorithm(o.env);
  const spec = environmentSpec(o.env, seed);
  const agent = makeAgent(algorithm, makeEnvironment(spec), {
    seed, ...(o.hidden ? { hidden: o.hidden } : {}), ...(o.activation ? { activation: o.activation } : {}), ...(o.optimizer ? { optimizer: o.optimizer } : {}),
    ...(o.lr !== undefined ? { lr: o.lr } : {}), ...(o.gamma !== undefined ? { gamma: o.gamma } : {}),
  });
  const episodes = o.episodes ?? DEFAULT_EPISODES[o.env];
  const threshold = agent.env.solvedReturn;
  io.err(`learning ${o.env} with ${algorithm}: up to ${episodes} episodes, seed ${seed}, ${describeBackend()}${threshold !== undefined ? `; solved at a mean return of ${round(threshold)} over 100 episodes` : ''}\n`);
  const line = progressLine(io);
  const result = trainAgent(agent, {
    episodes,
    ...(threshold !== undefined ? { solved: { return: threshold, env: makeEnvironment(spec) } } : {}),
    onEpisode: (log) => line(log, log.episode === episodes),
  });
  const last = result.episodes[result.episodes.length - 1];
  if (result.solvedAt !== null && last.episode !== episodes) line(last, true);
  writeOutput(o.out, stringifyModel(toPolicyFile(agent, spec, { solvedAt: result.solvedAt, seed })), '--out');
  if (o.plot !== undefined) writeOutput(o.plot, returnsSvg(result.episodes, `${o.env}, ${algorithm}, seed ${seed}`, threshold), '--plot');
  const summary = {
    env: o.env, algorithm, seed, episodes: result.episodes.length, solved: result.solvedAt !== null, solvedAt: result.solvedAt,
    lastReturn: last.return, movingAverage: last.movingAverage,
    ...(result.evaluation ? { evaluation: { episodes: result.evaluation.episodes, meanReturn: result.evaluation.meanReturn, minReturn: result.evaluation.minReturn } } : {}),
    seconds: Math.round((performance.now() - started) / 10) / 100, out: o.out, ...(o.plot !== undefined ? { plot: o.plot } : {}),
  };
  if (o.json) {
    io.out(`${JSON.stringify(summary)}\n`);
  } else {
    const solved = result.solvedAt !== null
      ? `solved after ${result.solvedAt} episodes (greedy policy: mean return ${round(result.evaluation?.meanReturn ?? 0)} over ${result.evaluation?.episodes} episodes)`
      : threshold !== undefined ? `not solved in ${episodes} episodes (mean of the last 100: ${round(last.movingAverage)}; solved is ${round(threshold)})` : `${episodes} episodes, mean return of the last 100: ${round(last.movingAverage)}`;
    io.out(`${solved}\nwrote ${o.out}${o.plot !== undefined ? ` and ${o.plot}` : ''} in ${summary.seconds} s\n`);
  }
  return 0;
}
