import type { MatrixLike, Records } from '../core/matrix.js';
import type { Network } from '../nn/network.js';
import { PAUSE } from './evaluate.js';
import { trainLoop } from './loop.js';
import { plan, planInParts } from './setup.js';
import type { FitOptions, FitResult } from './options.js';
import { fitArguments, type FitArguments, type TargetsLike } from './targets.js';

/**
 * Trains a network by backpropagation and gradient descent on rows `x: [rows, inputs]` with
 * targets `y` (class indices for a classifier, values for a regressor, or rows of outputs).
 * If the loss or the gradients become NaN or infinite it throws a DivergenceError naming the
 * epoch, and the network keeps the weights it had before that step.
 *
 * Text labels (`['cat', 'dog', …]`) train a classifier: the classes are inferred (numeric labels
 * by value, others by code unit) and kept in `net.classes`, for {@link Network.classify} and the
 * model file. Records (plain objects) go through the network's preprocessor, and without `y` their
 * targets come from its target field: `fit(net, records, options)`.
 *
 * @example
 * ```ts
 * const net = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'tanh' }], seed: 1 });
 * fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 500, batchSize: 'full', optimizer: 'adam', lr: 0.05, loss: 'mse' });
 * ```
 */
export function fit(net: Network, x: MatrixLike | Records, y: TargetsLike, options?: FitOptions): FitResult;
export function fit(net: Network, records: Records, options?: FitOptions): FitResult;
export function fit(net: Network, x: MatrixLike | Records, ...rest: FitArguments): FitResult {
  const [y, options] = fitArguments(x, rest);
  const loop = trainLoop(net, plan(net, x, y, options), options);
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link fit} that gives the event loop a turn at least every `yieldEveryMs` milliseconds
 * (default 16), so a page stays responsive while it trains: between batches, and inside the setup
 * and the epoch-end evaluation, which run in parts. One training step is never split, so a
 * stretch without a turn lasts at most the longer of `yieldEveryMs` and one step: on a page, pick
 * a batch size whose step fits the interval.
 */
export async function fitAsync(net: Network, x: MatrixLike | Records, y: TargetsLike, options?: FitOptions & { yieldEveryMs?: number }): Promise<FitResult>;
export async function fitAsync(net: Network, records: Records, options?: FitOptions & { yieldEveryMs?: number }): Promise<FitResult>;
export async function fitAsync(net: Network, x: MatrixLike | Records, ...rest: FitArguments<{ yieldEveryMs?: number }>): Promise<FitResult> {
  const [y, options] = fitArguments(x, rest);
  const loop = training(net, x, y, options);
  const clock = new TurnClock(options.yieldEveryMs ?? 16);
  for (;;) {
    const result = stepsUntilTurn(loop, clock);
    if (result !== undefined) return result;
    await aTurn();
    clock.turnTaken();
  }
}

/** Setup and training as one generator: the setup's long work yields pauses too (Note [setup in parts] in setup.ts). */
function* training(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, options: FitOptions): ReturnType<typeof trainLoop> {
  return yield* trainLoop(net, yield* planInParts(net, x, y, options, 'fitAsync'), options);
}

/**
 * Runs steps until training ends (its result) or the event loop's turn is due (undefined). A
 * plain function, not part of the async one: V8 optimizes a long loop while it runs (on-stack
 * replacement) only outside async functions and generators.
 */
function stepsUntilTurn(loop: ReturnType<typeof trainLoop>, clock: TurnClock): FitResult | undefined {
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
    // a pause comes after a part of an epoch's end, which takes as long as many steps: read the clock
    if (r.value === PAUSE ? clock.dueNow() : clock.due()) return undefined;
  }
}

/**
 * Resolves after the event loop has had a turn (timers and I/O run): by setImmediate where there is
 * one, since Node's 0 ms timer waits at least 1 ms (1 % of the time when a turn is due every
 * 100 ms), else by a 0 ms timer.
 */
function aTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

// Note [clock reads]: a small network's step takes a few microseconds, so the clock is read every
// `stride` steps: the stride doubles while reads come less than every/16 apart and halves when
// they come more than every/4 apart, so a turn still comes within about every · 1.25 (a step
// longer than that delays it, as it always did) for a fraction of the reads.

/** The most steps between two reads of the clock (Note [clock reads]). */
const MAX_STRIDE = 256;

/** When the event loop's next turn is due, reading the clock every few steps. */
class TurnClock {
  private last = performance.now();
  private read = this.last;
  private stride = 1;
  private countdown = 1;

  constructor(private readonly every: number) {}

  /** Called after each step: whether `every` ms have passed since the last turn. */
  due(): boolean {
    if (--this.countdown > 0) return false;
    const now = performance.now();
    if (now - this.read < this.every / 16) this.stride = Math.min(2 * this.stride, MAX_STRIDE);
    else if (now - this.read > this.every / 4) this.stride = Math.max(this.stride >> 1, 1);
    this.countdown = this.stride;
    this.read = now;
    return now - this.last >= this.every;
  }

  /** Whether `every` ms have passed since the last turn, reading the clock now; the next read comes after one step. */
  dueNow(): boolean {
    this.countdown = 1;
    this.stride = 1;
    return this.due();
  }

  turnTaken(): void {
    this.last = this.read = performance.now();
  }
}
