/**
 * Training off the page's thread: `trainInWorker` sends a network and its rows to a worker
 * running `serveTraining` (a Web Worker, or a Node worker thread), streams each epoch back, can
 * stop it, and puts the trained weights into the caller's network (Note [training in a worker]
 * in worker-protocol.ts).
 */
import { getBackend } from '../backend/registry.js';
import { checkNumber } from '../core/assert.js';
import { checkOptionNames } from '../core/closest.js';
import { ArgumentError, NeuriteError } from '../core/errors.js';
import type { MatrixLike, Records } from '../core/matrix.js';
import type { Network } from '../nn/network.js';
import { FIT_OPTION_NAMES, FIT_OPTION_SYNONYMS, type EpochLog, type FitOptions, type FitResult } from './options.js';
import { fitInputs, type TargetsLike, toTargets } from './targets.js';
import { type BatchProgress, copyTensors, type FromWorker, listen, type MessageEnd, snapshot, type WorkerFitOptions } from './worker-protocol.js';

/** A worker to train in: a Web Worker or a Node `worker_threads` Worker whose script calls `serveTraining`. */
export interface TrainingWorker extends MessageEnd {
  terminate(): unknown;
}

/** Options of {@link trainInWorker}: fit's (callbacks run on the caller's thread), and the worker's. */
export interface WorkerTrainOptions extends Omit<FitOptions, 'onBatchEnd' | 'optimizer' | 'onEpochEnd'> {
  /** The worker, running `serveTraining()` (in Node, `trainingWorker()` from `neurite/node` makes one). */
  readonly worker: TrainingWorker;
  /** An optimizer's name (an Optimizer object cannot cross to a worker). */
  readonly optimizer?: Exclude<FitOptions['optimizer'], object>;
  /** Each epoch's log as it ends; return `false` or `'stop'` to stop. */
  readonly onEpochEnd?: (log: EpochLog) => void | boolean | 'stop';
  /** Where training is inside an epoch, after a batch, at most every `progressEveryMs`. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** How often `onProgress` is called at most, in milliseconds (default 100). */
  readonly progressEveryMs?: number;
  /** Leave the worker running when training ends, to train again (default: it is terminated). */
  readonly keepWorker?: boolean;
}

/** A training running in a worker. */
export interface WorkerTraining {
  /** Resolves when the worker is done, with fit's result; the network then holds the trained weights. */
  readonly done: Promise<FitResult & { readonly network: Network }>;
  /** Stops after the batch running now; `done` resolves with the weights so far (`stopped` true). */
  stop(): void;
}

const OPTION_NAMES = [...Object.keys(FIT_OPTION_NAMES).filter((k) => k !== 'onBatchEnd' && k !== 'yieldEveryMs'), 'worker', 'keepWorker', 'onProgress', 'progressEveryMs'];

/**
 * Trains `net` on rows `x` with targets `y` as {@link fit} does (the same arguments, the same
 * weights from the same seed and kernel set), in a worker, so the page or the process stays
 * free. Records and text labels are encoded here, before anything is sent.
 *
 * @param net the network: it keeps its weights until training ends, then holds the trained ones
 * @param x rows of numbers, or records (the network's preprocessor encodes them)
 * @param y the targets (text labels, class indices, values), or undefined for records that hold them
 * @param options fit's options, and `worker` (required)
 * @throws ArgumentError at once for bad rows, targets or options; `done` rejects with the worker's error
 * @example
 * ```ts
 * const run = trainInWorker(net, x, labels, { worker: new Worker(new URL('./train.worker.js', import.meta.url), { type: 'module' }), epochs: 50, onEpochEnd: (log) => console.log(log.loss) });
 * stopButton.onclick = () => run.stop();
 * await run.done; // net now holds the trained weights
 * ```
 */
export function trainInWorker(net: Network, x: MatrixLike | Records, y: TargetsLike | undefined, options: WorkerTrainOptions): WorkerTraining {
  checkOptionNames('trainInWorker', options, OPTION_NAMES, FIT_OPTION_SYNONYMS);
  const { worker, onEpochEnd, keepWorker, onProgress, progressEveryMs, ...rest } = options;
  if (typeof worker?.postMessage !== 'function' || typeof worker.terminate !== 'function') {
    throw new ArgumentError('trainInWorker: options.worker must be a Worker running serveTraining() (in Node: trainingWorker() from neurite/node)', { where: 'trainInWorker.worker', expected: 'a Worker', received: String(worker) });
  }
  if ((rest as FitOptions).optimizer !== undefined && typeof (rest as FitOptions).optimizer !== 'string') {
    throw new ArgumentError('trainInWorker: optimizer must be a name; an Optimizer object cannot cross to a worker', { where: 'trainInWorker.optimizer', expected: 'a name', received: 'an object' });
  }
  const train = fitInputs(net, x, y, 'trainInWorker');
  const v = rest.validationData ? fitInputs(net, rest.validationData.x, rest.validationData.y, 'trainInWorker.validationData', train.classes) : null;
  const { validationData: _v, ...plain } = rest;
  const sent: WorkerFitOptions = {
    ...plain,
    ...(onProgress ? { progressEveryMs: checkNumber('trainInWorker', 'progressEveryMs', progressEveryMs ?? 100, { min: 0 }) } : {}),
    ...(v ? { validationData: { x: v.x, y: toTargets(v.y, net, v.x.rows, 'trainInWorker.validationData.y') } } : {}),
  };
  const yt = toTargets(train.y, net, train.x.rows, 'trainInWorker.y');
  let settled = false;
  const end = () => {
    settled = true;
    if (!keepWorker) worker.terminate();
  };
  const done = new Promise<FitResult & { network: Network }>((resolve, reject) => {
    listen(worker, 'message', (data) => {
      const m = data as FromWorker;
      if (settled) return;
      if (m.type === 'batch') onProgress?.(m.progress);
      else if (m.type === 'epoch') {
        const r = onEpochEnd?.(m.log);
        if (r === false || r === 'stop') worker.postMessage({ type: 'stop' });
      } else if (m.type === 'done') {
        copyTensors(net, m.tensors);
        if (train.classes) net.classes = [...train.classes];
        end();
        resolve({ ...m.result, network: net });
      } else {
        end();
        // the worker's error, by its name (a DivergenceError's message names its epoch and batch)
        const e = new (m.name === 'ArgumentError' ? ArgumentError : NeuriteError)(m.message, { where: m.where, expected: m.expected, received: m.received });
        e.name = m.name;
        reject(e);
      }
    });
    listen(worker, 'error', (error) => {
      const e = error as { message?: string; error?: { message?: string } } | undefined;
      if (settled) return;
      end();
      reject(new NeuriteError(`trainInWorker: the worker failed: ${e?.error?.message ?? e?.message ?? 'it could not start (is its script serving serveTraining()?)'}`, { where: 'trainInWorker.worker' }));
    });
  });
  worker.postMessage({ type: 'train', net: snapshot(net), x: train.x, y: yt, options: sent, backend: getBackend().name });
  return { done, stop: () => settled || worker.postMessage({ type: 'stop' }) };
}
