/**
 * The worker's side of `trainInWorker`: one call in a worker's script, and the worker trains
 * what it is sent (Note [training in a worker] in worker-protocol.ts).
 */
import { initBackend } from '../backend/init.js';
import { getBackend } from '../backend/registry.js';
import type { NeuriteError } from '../core/errors.js';
import { fitAsync } from './fit.js';
import { fromSnapshot, type FromWorker, listen, type MessageEnd, snapshot, type ToWorker } from './worker-protocol.js';

/**
 * Serves `trainInWorker` from inside a worker: trains the network it is sent, posting each
 * epoch's log (and batch progress when asked), stopping when told, and posting the trained weights. In a Web Worker call it with
 * no argument; in a Node worker thread give it `parentPort`.
 *
 * @param port where the messages come from (default the worker's global scope)
 * @example
 * ```ts
 * // train.worker.js, bundled as its own entry point
 * import { serveTraining } from 'neurite';
 * serveTraining();
 * ```
 */
export function serveTraining(port: MessageEnd = globalThis as unknown as MessageEnd): void {
  let stopped = false;
  const post = (m: FromWorker, transfer: Transferable[] = []) => (port.postMessage as (m: unknown, t: Transferable[]) => void)(m, transfer);
  listen(port, 'message', (data) => {
    const m = data as ToWorker;
    if (m.type === 'stop') {
      stopped = true;
      return;
    }
    stopped = false;
    void train(m).then(
      (done) => post(done, done.type === 'done' ? done.tensors.map((t) => t.buffer as ArrayBuffer) : []),
      (e: unknown) => {
        const err = e as NeuriteError;
        post({ type: 'error', name: err?.name ?? 'Error', message: err?.message ?? String(e), where: err?.where, expected: err?.expected, received: err?.received });
      },
    );
  });

  async function train(m: Extract<ToWorker, { type: 'train' }>): Promise<FromWorker> {
    if (getBackend().name !== m.backend) await initBackend(m.backend);
    const net = fromSnapshot(m.net);
    const stop = () => (stopped ? 'stop' : undefined);
    const { progressEveryMs: every, ...options } = m.options;
    let last = -Infinity;
    const result = await fitAsync(net, m.x, m.y, {
      ...options,
      onBatchEnd: ({ epoch, batch, batches, loss }) => {
        // throttled: a small network's batches come every few microseconds
        if (every !== undefined && performance.now() - last >= every) {
          last = performance.now();
          post({ type: 'batch', progress: { epoch, batch, batches, loss } });
        }
        return stop();
      },
      onEpochEnd: ({ log }) => {
        post({ type: 'epoch', log });
        return stop();
      },
    });
    return { type: 'done', result, tensors: snapshot(net).tensors };
  }
}
