import type { MatrixLike, Records } from '../core/matrix.js';
import type { Network } from '../nn/network.js';
import { trainLoop } from './loop.js';
import { plan } from './setup.js';
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
 * (default 16), so a page stays responsive while it trains.
 */
export async function fitAsync(net: Network, x: MatrixLike | Records, y: TargetsLike, options?: FitOptions & { yieldEveryMs?: number }): Promise<FitResult>;
export async function fitAsync(net: Network, records: Records, options?: FitOptions & { yieldEveryMs?: number }): Promise<FitResult>;
export async function fitAsync(net: Network, x: MatrixLike | Records, ...rest: FitArguments<{ yieldEveryMs?: number }>): Promise<FitResult> {
  const [y, options] = fitArguments(x, rest);
  const loop = trainLoop(net, plan(net, x, y, options), options);
  const every = options.yieldEveryMs ?? 16;
  let last = performance.now();
  for (;;) {
    const r = loop.next();
    if (r.done) return r.value;
    if (performance.now() - last >= every) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}
