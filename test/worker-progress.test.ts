// trainInWorker's progress inside an epoch (#27 point 6: "streams progress"): after batches, at most
// every progressEveryMs, with the worker side (serveTraining) on the other end of a MessageChannel.
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { type BatchProgress, fit, Network, Random, serveTraining, trainInWorker } from '../src/index.js';

const rng = new Random(5);
const x = Array.from({ length: 2000 }, () => [rng.normal(), rng.normal()]);
const y = x.map(([a, b]) => (a * b > 0 ? 1 : 0));
const make = (): Network => new Network({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
const OPTIONS = { epochs: 3, batchSize: 10, seed: 1 };

/** A worker made of a MessageChannel: serveTraining on one port, trainInWorker's worker the other. */
function channelWorker(): { postMessage: (m: unknown) => void; on: (e: string, f: (d: unknown) => void) => unknown; terminate: () => void } {
  const { port1, port2 } = new MessageChannel();
  serveTraining(port2);
  return { postMessage: (m) => port1.postMessage(m), on: (e, f) => port1.on(e, f), terminate: () => { port1.close(); port2.close(); } };
}

describe('trainInWorker progress', () => {
  it('posts batch progress in order (every batch with progressEveryMs 0) and trains as fit does', async () => {
    const seen: BatchProgress[] = [];
    const net = make();
    const r = await trainInWorker(net, x, y, { ...OPTIONS, worker: channelWorker(), progressEveryMs: 0, onProgress: (p) => void seen.push(p) }).done;
    expect(seen).toHaveLength(3 * 200);
    expect(seen[0]).toMatchObject({ epoch: 1, batch: 1, batches: 200 });
    expect(seen[599]).toMatchObject({ epoch: 3, batch: 200, batches: 200 });
    expect(seen.every((p) => Number.isFinite(p.loss))).toBe(true);
    const ref = make();
    const rf = fit(ref, x, y, OPTIONS);
    expect(r.history).toEqual(rf.history);
    expect(net.parameters().map((p) => Array.from(p.tensor.data))).toEqual(ref.parameters().map((p) => Array.from(p.tensor.data)));
  });

  it('throttles: with a long interval, one post for 600 batches; none without onProgress', async () => {
    const seen: BatchProgress[] = [];
    await trainInWorker(make(), x, y, { ...OPTIONS, worker: channelWorker(), progressEveryMs: 1e6, onProgress: (p) => void seen.push(p) }).done;
    expect(seen).toEqual([expect.objectContaining({ epoch: 1, batch: 1 })]);
    const worker = channelWorker();
    const posted: unknown[] = [];
    await trainInWorker(make(), x, y, { ...OPTIONS, worker: { ...worker, on: (e: string, f: (d: unknown) => void) => worker.on(e, (d) => { posted.push(d); f(d); }) } }).done;
    expect(posted.filter((m) => (m as { type: string }).type === 'batch')).toHaveLength(0);
  });

  it('rejects a negative interval', () => {
    const worker = channelWorker();
    expect(() => trainInWorker(make(), x, y, { ...OPTIONS, worker, progressEveryMs: -1, onProgress: () => {} })).toThrow(/progressEveryMs/);
    worker.terminate();
  });
});
