/**
 * Worker threads over the shared WebAssembly memory: each worker instantiates the same kernel
 * module on the same memory, so a matrix product is split into blocks of rows or columns with
 * no copying at all (weights, activations and gradients are already in the shared heap).
 *
 * The protocol is a few int32 words in the heap (Note [thread control block]); the caller blocks
 * until every block is done, so kernels stay synchronous.
 */
import type { Heap } from '../wasm/heap.js';

// Note [thread control block]: word 0 is the job generation (a worker waits for it to change;
// −1 tells it to exit), word 1 counts finished workers, words 2..9 are the matmul arguments and
// words 16 + 8w .. are worker w's block (scratch, i0, i1, j0, j1).
const GEN = 0;
const DONE = 1;
const ARGS = 2;
const BLOCKS = 16;
const WORDS = 16 + 8 * 64;

/** How long a worker spins on the generation word before it sleeps (cheap wake-ups between the many products of one step). */
const SPIN = 20000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctl, index, spin } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const w = new Int32Array(memory.buffer, ctl, ${WORDS});
let gen = 0;
for (;;) {
  for (let s = 0; s < spin && Atomics.load(w, 0) === gen; s++);
  Atomics.wait(w, 0, gen);
  gen = Atomics.load(w, 0);
  if (gen < 0) break;
  const b = ${BLOCKS} + 8 * index;
  ex.matmulBlock(w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[b], w[b + 1], w[b + 2], w[b + 3], w[b + 4]);
  Atomics.add(w, 1, 1);
  Atomics.notify(w, 1);
}
`;

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}

/** The matmulBlock export: (out, a, b, m, k, n, transA, transB, scratch, i0, i1, j0, j1). */
export type MatmulBlock = (out: number, a: number, b: number, m: number, k: number, n: number, transA: number, transB: number,
  scratch: number, i0: number, i1: number, j0: number, j1: number) => void;

/** A pool of `threads − 1` workers; the calling thread does the first block itself. */
export class ThreadPool {
  private readonly ctl: Int32Array;
  private generation = 0;

  private constructor(
    readonly threads: number,
    private readonly heap: Heap,
    private readonly ctlPtr: number,
    private readonly scratch: number[],
    private readonly workers: WorkerLike[],
  ) {
    this.ctl = new Int32Array(heap.memory.buffer, ctlPtr, WORDS);
  }

  /** Starts `threads − 1` Node worker threads on the module and shared memory of `heap`. */
  static async start(module: WebAssembly.Module, heap: Heap, threads: number, scratchBytes: number): Promise<ThreadPool> {
    const { Worker } = await import('node:worker_threads');
    const ctl = heap.reserveFixed(WORDS * 4);
    const scratch = Array.from({ length: threads }, () => heap.reserveFixed(scratchBytes));
    const workers = Array.from({ length: threads - 1 }, (_, i) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory: heap.memory, ctl, index: i + 1, spin: SPIN } });
      w.unref();
      return w;
    });
    return new ThreadPool(threads, heap, ctl, scratch, workers);
  }

  /**
   * Runs one matrix product split across the threads: by columns (multiples of 8) when n ≥ m,
   * else by rows (multiples of 4). `own` computes the calling thread's block.
   */
  matmul(own: MatmulBlock, out: number, a: number, b: number, m: number, k: number, n: number, transA: boolean, transB: number | boolean): void {
    const c = this.ctl;
    const t = this.threads;
    const byCols = n >= m;
    const unit = byCols ? 8 : 4;
    const total = byCols ? n : m;
    const chunk = Math.ceil(total / unit / t) * unit;
    c.set([out, a, b, m, k, n, transA ? 1 : 0, transB ? 1 : 0], ARGS);
    for (let w = 0; w < t; w++) {
      const lo = Math.min(total, w * chunk);
      const hi = Math.min(total, lo + chunk);
      const at = BLOCKS + 8 * w;
      c[at] = this.scratch[w];
      if (byCols) c.set([0, m, lo, hi], at + 1);
      else c.set([lo, hi, 0, n], at + 1);
    }
    Atomics.store(c, DONE, 0);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(c, GEN, this.generation);
    Atomics.notify(c, GEN);
    own(out, a, b, m, k, n, transA ? 1 : 0, transB ? 1 : 0, c[BLOCKS], c[BLOCKS + 1], c[BLOCKS + 2], c[BLOCKS + 3], c[BLOCKS + 4]);
    waitFor(c, t - 1);
  }

  /** The calling thread's scratch block. */
  get ownScratch(): number {
    return this.scratch[0];
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    Atomics.store(this.ctl, GEN, -1);
    Atomics.notify(this.ctl, GEN);
    await Promise.all(this.workers.map((w) => w.terminate()));
    void this.heap;
    void this.ctlPtr;
  }
}

function waitFor(c: Int32Array, count: number): void {
  let done = Atomics.load(c, DONE);
  for (let s = 0; done < count && s < SPIN; s++) done = Atomics.load(c, DONE);
  while (done < count) {
    // a browser's main thread may not block: there, keep spinning
    try {
      Atomics.wait(c, DONE, done, 50);
    } catch {
      /* spin */
    }
    done = Atomics.load(c, DONE);
  }
}
