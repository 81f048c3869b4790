/**
 * What `trainInWorker` and `serveTraining` say to each other (Note [training in a worker]): the
 * network as its layer settings and tensors, the rows already encoded as numbers, and back the
 * epochs as they end and the trained tensors. Everything is structured-clone data: no function,
 * no class instance, so a Web Worker and a Node worker thread read it alike.
 *
 * Note [training in a worker]: the caller's thread encodes records and text labels (fitInputs)
 * and resolves the targets, so the worker needs no preprocessor and trains on exactly the
 * numbers fit would; it trains with fitAsync, which gives its event loop a turn every 16 ms, so
 * a stop message is read between batches. The worker's network starts from the caller's
 * weights bit for bit, and the kernels are the caller's kernel set, so the weights that come
 * back are those fit would give on the caller's thread.
 */
import type { Matrix } from '../core/matrix.js';
import { Network } from '../nn/network.js';
import type { LayerSpec } from '../nn/layers.js';
import type { Loss } from '../nn/losses.js';
import type { EpochLog, FitOptions, FitResult } from './options.js';

/** A network as data: its settings and each tensor's values (parameters, then buffers). */
export interface NetworkSnapshot {
  readonly inputShape: readonly number[];
  readonly layers: readonly Record<string, unknown>[];
  readonly loss?: Loss;
  readonly tensors: readonly Float32Array[];
}

/** The options that cross to the worker: fit's, without callbacks or an Optimizer object. */
export type WorkerFitOptions = Omit<FitOptions, 'onBatchEnd' | 'onEpochEnd' | 'optimizer' | 'validationData'> & {
  readonly optimizer?: Exclude<FitOptions['optimizer'], object>;
  readonly validationData?: { readonly x: Matrix; readonly y: Matrix };
  /** Post a {@link BatchProgress} at most this often (ms); none when undefined. */
  readonly progressEveryMs?: number;
};

/** Where a training in a worker is, posted after a batch (at most every `progressEveryMs`). */
export interface BatchProgress {
  /** The epoch in progress (1-based). */
  readonly epoch: number;
  /** Batches done in this epoch, this one included. */
  readonly batch: number;
  readonly batches: number;
  /** This batch's loss, before its update. */
  readonly loss: number;
}

/** Caller → worker. */
export type ToWorker =
  | { readonly type: 'train'; readonly net: NetworkSnapshot; readonly x: Matrix; readonly y: Matrix; readonly options: WorkerFitOptions; readonly backend: string }
  | { readonly type: 'stop' };

/** Worker → caller. */
export type FromWorker =
  | { readonly type: 'epoch'; readonly log: EpochLog }
  | { readonly type: 'batch'; readonly progress: BatchProgress }
  | { readonly type: 'done'; readonly result: FitResult; readonly tensors: readonly Float32Array[] }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly where?: string; readonly expected?: string; readonly received?: string };

/** The tensors of a network, parameters then buffers. */
function tensorsOf(net: Network): Float32Array[] {
  return [...net.parameters(), ...net.buffers()].map((p) => p.tensor.data as Float32Array);
}

/** A network as data (copies of its tensors). */
export function snapshot(net: Network): NetworkSnapshot {
  return {
    inputShape: [...net.inputShape],
    layers: net.layers.map((l) => ({ type: l.type, ...l.config() })),
    ...(net.loss ? { loss: net.loss } : {}),
    tensors: tensorsOf(net).map((t) => t.slice()),
  };
}

/** The network a snapshot holds. */
export function fromSnapshot(s: NetworkSnapshot): Network {
  const net = new Network({ inputShape: [...s.inputShape], layers: s.layers as unknown as LayerSpec[], loss: s.loss });
  copyTensors(net, s.tensors);
  return net;
}

/** Writes tensors (in {@link snapshot}'s order) into a network's own. */
export function copyTensors(net: Network, tensors: readonly Float32Array[]): void {
  tensorsOf(net).forEach((t, i) => t.set(tensors[i]));
}

/**
 * One end of a worker's channel: a Web Worker or its global scope (`addEventListener`), or a
 * Node worker thread or `parentPort` (`on`).
 */
export interface MessageEnd {
  postMessage(message: unknown): void;
  /** Node's way to listen. */
  readonly on?: unknown;
  /** The browsers' way to listen. */
  readonly addEventListener?: unknown;
}

type Listen = (event: string, listener: (arg: unknown) => void) => unknown;

/** Calls `listener` on each `event` (`message`: with its data; `error`: with the error or event), whichever kind of end it is. */
export function listen(end: MessageEnd, event: 'message' | 'error', listener: (data: unknown) => void): void {
  if (typeof end.on === 'function') (end.on as Listen).call(end, event, listener);
  else if (typeof end.addEventListener === 'function') (end.addEventListener as Listen).call(end, event, (e) => listener(event === 'message' ? (e as MessageEvent).data : e));
  else throw new TypeError('expected a Worker, a worker thread or a MessagePort');
}
