import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { checkAction, type Environment, type Step } from './environment.js';

/**
 * CartPole-v1's constants, as in Gymnasium's `classic_control/cartpole.py`: `length` is half the
 * pole's length, `tau` the seconds between steps (Euler integration).
 */
export const CARTPOLE = {
  gravity: 9.8,
  masscart: 1.0,
  masspole: 0.1,
  length: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  /** 12 degrees, in radians. */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
  /** CartPole-v1's time limit (Gymnasium's TimeLimit wrapper). */
  maxSteps: 500,
  /** The return over 100 consecutive episodes that counts as solved. */
  solvedReturn: 475,
} as const;

/** A cart-pole state: position, velocity, pole angle (radians), angular velocity. */
export type CartPoleState = readonly [x: number, xDot: number, theta: number, thetaDot: number];

/**
 * CartPole-v1: push a cart left (action 0) or right (action 1) to keep a pole upright. The
 * dynamics, constants, start (each state value uniform in [−0.05, 0.05)), termination (pole beyond
 * 12°, cart beyond 2.4) and reward (1 per step, the last included) are Gymnasium's; episodes are
 * truncated at 500 steps. The state is kept in float64, observations are float32 as Gymnasium's.
 *
 * @example
 * ```ts
 * const env = new CartPole();
 * let obs = env.reset(42);
 * const { observation, reward, terminated } = env.step(1);
 * ```
 */
export class CartPole implements Environment {
  readonly name = 'cartpole';
  readonly observationSize = 4;
  readonly actions = 2;
  readonly solvedReturn = CARTPOLE.solvedReturn;
  private rng: Random;
  private s: [number, number, number, number] = [0, 0, 0, 0];
  private steps = 0;
  private ended = true;

  /** @param seed seeds the start states of episodes reset without a seed (default 0) */
  constructor(seed = 0) {
    this.rng = new Random(seed);
  }

  /** The current state, in float64. */
  get state(): CartPoleState {
    return [...this.s];
  }

  /** Starts an episode from a given state (for tests and replays); the step count restarts. */
  setState(state: CartPoleState): Float32Array {
    if (state.length !== 4 || state.some((v) => !Number.isFinite(v))) {
      throw new ArgumentError(`cartpole: a state is 4 finite numbers [x, xDot, theta, thetaDot]; got ${JSON.stringify(state)}`, {
        where: 'cartpole.setState', expected: '4 finite numbers', received: JSON.stringify(state),
      });
    }
    this.s = [state[0], state[1], state[2], state[3]];
    this.steps = 0;
    this.ended = false;
    return Float32Array.from(this.s);
  }

  reset(seed?: number): Float32Array {
    if (seed !== undefined) this.rng = new Random(seed);
    return this.setState([0, 1, 2, 3].map(() => this.rng.uniform(-0.05, 0.05)) as unknown as CartPoleState);
  }

  step(action: number): Step {
    checkAction(this.name, action, this.actions);
    if (this.ended) {
      throw new ArgumentError('cartpole: the episode has ended; call reset() before step()', { where: 'cartpole.step', expected: 'reset() first' });
    }
    const c = CARTPOLE;
    const [x, xDot, theta, thetaDot] = this.s;
    const force = action === 1 ? c.forceMag : -c.forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const totalMass = c.masspole + c.masscart;
    const polemassLength = c.masspole * c.length;
    // Gymnasium's equations (Florian's corrected form of Barto, Sutton and Anderson 1983), in its order
    const temp = (force + polemassLength * (thetaDot * thetaDot) * sin) / totalMass;
    const thetaAcc = (c.gravity * sin - cos * temp) / (c.length * (4.0 / 3.0 - (c.masspole * (cos * cos)) / totalMass));
    const xAcc = temp - (polemassLength * thetaAcc * cos) / totalMass;
    this.s = [x + c.tau * xDot, xDot + c.tau * xAcc, theta + c.tau * thetaDot, thetaDot + c.tau * thetaAcc];
    this.steps++;
    const terminated = Math.abs(this.s[0]) > c.xThreshold || Math.abs(this.s[2]) > c.thetaThreshold;
    const truncated = !terminated && this.steps >= c.maxSteps;
    this.ended = terminated || truncated;
    return { observation: Float32Array.from(this.s), reward: 1, terminated, truncated };
  }
}
