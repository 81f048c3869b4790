// A pool whose workers run before it is made (Note [scratch before start] in
// src/backend/threads/runner.ts): a Web Worker says it started and enters its loop before the pool
// has it, so in Chromium a worker could read its scratch block's address as 0, pack its panels over
// the control block, and give wrong products, then 'memory access out of bounds'. Node's workers
// start later; here the host is made to wait, as a browser's does, until every worker is in its
// loop (it counts itself a sleeper only after reading its scratch address) before the pool is made.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { host } from '../src/backend/host/node.js';
import { jsBackend } from '../src/backend/js/index.js';
import { CONTROL } from '../src/backend/threads/protocol.js';
import { SPLITS } from '../src/backend/threads/splits.js';
import { createWasmBackend, wasmSupported, type WasmBackend } from '../src/backend/wasm/index.js';

const made: WasmBackend[] = [];
afterAll(async () => {
  for (const b of made) await b.stop();
  vi.restoreAllMocks();
});

describe.skipIf(!wasmSupported('simd'))('a thread pool whose workers run before it is made', () => {
  it('gives every worker its scratch block, and every product its exact value', async () => {
    const start = host.startWorkers.bind(host);
    let scratchSeen: number[] = [];
    vi.spyOn(host, 'startWorkers').mockImplementation(async (count, body, data) => {
      const workers = await start(count, body, data);
      const { memory, ctl } = data(0);
      const words = new Int32Array(memory.buffer, ctl, CONTROL.words);
      // as in a browser: the pool is made only once every worker has read its scratch address and waits for a job
      const t0 = Date.now();
      while (Atomics.load(words, CONTROL.sleepers) < count && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
      expect(Atomics.load(words, CONTROL.sleepers)).toBe(count);
      scratchSeen = Array.from(words.subarray(CONTROL.scratch, CONTROL.scratch + count + 1));
      return workers;
    });
    const two = await createWasmBackend('simd', 2);
    made.push(two);
    expect(two.threads).toBe(2);
    // every thread's scratch address was in the control block when the workers started
    expect(scratchSeen.every((p) => p > 0)).toBe(true);
    // rows of A packed per block (128 rows x 512 x 4 bytes) are larger than the heap's first page
    const [m, k, n] = [256, 512, 96];
    const alloc = (size: number): Float32Array => (two.allocate as (size: number) => Float32Array)(size);
    const a = alloc(m * k), b = alloc(k * n);
    for (let i = 0; i < a.length; i++) a[i] = (i % 7) - 3;
    for (let i = 0; i < b.length; i++) b[i] = (i % 5) - 2;
    // small integers: every sum is exact, so any order of summation gives the reference's bits
    const want = jsBackend.kernels.matmul(new Float32Array(m * n), a, b, m, k, n, false, false);
    for (const split of SPLITS) {
      two.forceSplit(split);
      for (let rep = 0; rep < 3; rep++) {
        const out = alloc(m * n);
        two.kernels.matmul(out, a, b, m, k, n, false, false);
        expect(Array.from(out), `${split}, product ${rep}`).toEqual(Array.from(want));
      }
    }
    expect(two.workerBlocks()[0]).toBeGreaterThan(0);
  });
});
