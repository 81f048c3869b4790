/**
 * The environment interface every learner in `rl/` talks to, Gymnasium's in small: `reset(seed)`
 * gives the first observation, `step(action)` the next one with its reward and whether the episode
 * ended (terminated: a state the task ends in; truncated: cut off by a time limit).
 */
import { ArgumentError } from '../core/errors.js';

/** An observation: a fixed number of numbers (a network's input). */
export type Observation = ArrayLike<number>;

/** What one {@link Environment.step} returns. */
export interface Step {
  readonly observation: Observation;
  readonly reward: number;
  /** The episode reached a state it ends in (the pole fell, the goal was reached). */
  readonly terminated: boolean;
  /** The episode was cut off (a time limit), though it could have gone on. */
  readonly truncated: boolean;
}

/**
 * An environment with `actions` discrete actions (numbered 0 … actions − 1) and observations of
 * `observationSize` numbers. Anyone can write one; the learners check what it returns.
 *
 * @example
 * ```ts
 * // a corridor: start at 0, step left (0) or right (1), reward 1 at position 3
 * class Corridor implements Environment {
 *   readonly name = 'corridor'; readonly observationSize = 1; readonly actions = 2;
 *   private at = 0;
 *   reset(): number[] { this.at = 0; return [0]; }
 *   step(action: number): Step {
 *     this.at = Math.max(0, this.at + (action === 1 ? 1 : -1));
 *     return { observation: [this.at], reward: this.at === 3 ? 1 : 0, terminated: this.at === 3, truncated: false };
 *   }
 * }
 * ```
 */
export interface Environment {
  /** A short name, used in error messages and model files. */
  readonly name: string;
  /** Number of values in every observation. */
  readonly observationSize: number;
  /** Number of discrete actions. */
  readonly actions: number;
  /** The mean return over 100 episodes that counts as solved, if the task has one (CartPole-v1: 475). */
  readonly solvedReturn?: number;
  /** Starts an episode and returns its first observation; a seed reseeds the environment's randomness. */
  reset(seed?: number): Observation;
  /** Takes `action` (an integer in [0, actions)) and returns what followed. */
  step(action: number): Step;
}

/**
 * Refuses an action that is not an integer in [0, actions): the check every built-in environment
 * makes, for user-written ones to share.
 *
 * @throws ArgumentError naming the environment, the action and the range
 * @example
 * ```ts
 * checkAction('cartpole', 1, 2); // fine
 * ```
 */
export function checkAction(env: string, action: number, actions: number): void {
  if (!Number.isInteger(action) || action < 0 || action >= actions) {
    throw new ArgumentError(`${env}: action ${String(action)} is out of range; expected an integer from 0 to ${actions - 1}`, {
      where: `${env}.step`, expected: `an integer in [0, ${actions - 1}]`, received: String(action),
    });
  }
}

function checkObservation(env: Environment, o: unknown, from: string): Observation {
  const obs = o as Observation | null | undefined;
  const bad = obs === null || obs === undefined || typeof obs.length !== 'number' ? 'no array of numbers'
    : obs.length !== env.observationSize ? `${obs.length} values`
      : Array.prototype.some.call(obs, (v: unknown) => typeof v !== 'number' || !Number.isFinite(v)) ? 'a value that is not a finite number' : null;
  if (bad !== null) {
    throw new ArgumentError(`environment ${env.name}: ${from} returned ${bad}; expected an observation of ${env.observationSize} finite numbers (its observationSize)`, {
      where: `${env.name}.${from}`, expected: `${env.observationSize} finite numbers`, received: bad,
    });
  }
  return obs as Observation;
}

/**
 * Checks an environment's declared sizes, then wraps it so that every action it is given and
 * every observation, reward and flag it returns is checked: a user-written environment that
 * misbehaves is stopped at its first mistake with an error naming it, never trained on.
 *
 * @throws ArgumentError for a bad `actions` or `observationSize`, and later for a bad step
 * @example
 * ```ts
 * const env = checkedEnvironment(new CartPole());
 * env.step(2); // ArgumentError: cartpole: action 2 is out of range; expected an integer from 0 to 1
 * ```
 */
export function checkedEnvironment(env: Environment): Environment {
  const name = typeof env.name === 'string' && env.name !== '' ? env.name : 'environment';
  for (const key of ['actions', 'observationSize'] as const) {
    const v = env[key];
    if (!Number.isInteger(v) || v < 1) {
      throw new ArgumentError(`environment ${name}: ${key} is ${String(v)}; expected a positive integer`, {
        where: `${name}.${key}`, expected: 'a positive integer', received: String(v),
      });
    }
  }
  return {
    name,
    observationSize: env.observationSize,
    actions: env.actions,
    ...(env.solvedReturn !== undefined ? { solvedReturn: env.solvedReturn } : {}),
    reset: (seed) => checkObservation(env, env.reset(seed), 'reset'),
    step: (action) => {
      checkAction(name, action, env.actions);
      const s = env.step(action);
      if (s === null || typeof s !== 'object') {
        throw new ArgumentError(`environment ${name}: step returned ${String(s)}; expected { observation, reward, terminated, truncated }`, { where: `${name}.step` });
      }
      checkObservation(env, s.observation, 'step');
      if (typeof s.reward !== 'number' || !Number.isFinite(s.reward)) {
        throw new ArgumentError(`environment ${name}: step returned the reward ${String(s.reward)}; expected a finite number`, {
          where: `${name}.step`, expected: 'a finite number', received: String(s.reward),
        });
      }
      if (typeof s.terminated !== 'boolean' || typeof s.truncated !== 'boolean') {
        throw new ArgumentError(`environment ${name}: step returned terminated ${String(s.terminated)} and truncated ${String(s.truncated)}; expected two booleans`, {
          where: `${name}.step`, expected: 'booleans', received: `${typeof s.terminated}, ${typeof s.truncated}`,
        });
      }
      return s;
    },
  };
}
