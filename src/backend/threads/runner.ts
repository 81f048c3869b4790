/**
 * The caller's side of the thread pool's jobs (Note [work sharing] in protocol.ts): a job's
 * arguments written by name, the job published, its blocks claimed beside the workers, the last
 * ones waited for; the pool's back-off after a stall, and a task run beside the workers. ThreadPool
 * (pool.ts) builds the kernels' jobs on it.
 */
import { backoffAfter, SpinPolicy } from './blocks.js';
import { CONTROL, type Job, type JobKernels, LAYOUT, writeJob } from './protocol.js';
import { machineIdleClock, processCpuClock, type WorkerLike } from './spawn.js';
import { StarvationGuard } from './starved.js';
import { runBlock } from './worker.js';

const { gen: GEN, next: NEXT, done: DONE, sleepers: SLEEPERS, spin: SPIN } = CONTROL;

/** How long the caller spins for the last blocks before it sleeps. */
const CALLER_SPIN = 2000;

// Note [scratch before start]: a worker reads its scratch block's address from the control block
// as soon as it runs (worker.ts), and a Web Worker runs before the pool has it: it says it started,
// then enters its loop, and the pool waits for that message. Written by this constructor, after the
// workers started, the address was still 0 for a worker that read it first: it packed its panels
// from address 0, over the heap's first page and the control block after it, and products came out
// wrong, then ran out of bounds ('memory access out of bounds' in runBlock, in Chromium; Node's
// worker threads start later than the constructor runs). So ThreadPool.start writes the addresses
// before it starts the workers.

/** Runs jobs on the calling thread and `threads − 1` workers that share a control block. */
export class JobRunner {
  protected readonly ctl: Int32Array;
  /** The control block's words as float32 (a job's float arguments). */
  private readonly f32: Float32Array;
  private generation = 0;
  /** Products to run on the caller alone, and the current back-off (Note [backing off]). */
  private skip = 0;
  private backoff = 0;
  private readonly spin: SpinPolicy;
  private readonly starved: StarvationGuard;
  private pending: (() => void) | null = null;
  /** True while a job runs (Note [work beside the workers]: a task run then may not start another; wanted). */
  private busy = false;

  /**
   * `scratch` holds each thread's scratch block (the caller's first), already written into the
   * control block at `ctlPtr` (Note [scratch before start]).
   */
  protected constructor(readonly threads: number, memory: WebAssembly.Memory, ctlPtr: number, private readonly scratch: number[],
    private readonly workers: WorkerLike[]) {
    this.ctl = new Int32Array(memory.buffer, ctlPtr, CONTROL.words);
    this.f32 = new Float32Array(memory.buffer, ctlPtr, CONTROL.words);
    this.spin = new SpinPolicy(threads, processCpuClock());
    this.starved = new StarvationGuard(threads, processCpuClock(), machineIdleClock());
    Atomics.store(this.ctl, SPIN, this.spin.spin);
  }

  /** How many blocks each thread other than the caller has done since the pool started. */
  workerBlocks(): number[] {
    return Array.from({ length: this.threads - 1 }, (_, i) => Atomics.load(this.ctl, CONTROL.blocksBy + i + 1));
  }

  /** Writes a job's kind and arguments into the control block (protocol.ts). */
  protected write<Name extends string>(job: Job<Name>, args: { readonly [K in Name]: number }): void {
    writeJob(this.ctl, this.f32, job, args);
  }

  /** Publishes the job whose arguments are written, in `count` blocks, works on it with `own`, waits for it. */
  protected run(own: JobKernels, count: number): void {
    this.busy = true;
    try {
      this.runJob(own, count);
    } finally {
      this.busy = false;
    }
  }

  private runJob(own: JobKernels, count: number): void {
    const c = this.ctl, f = this.f32, scratch = this.scratch[0];
    Atomics.store(c, DONE, 0);
    Atomics.store(c, NEXT, count << 16);
    this.generation = (this.generation + 1) & 0x3fffffff;
    Atomics.store(c, GEN, this.generation);
    if (Atomics.load(c, SLEEPERS) > 0) Atomics.notify(c, GEN);
    const side = this.pending;
    let failed: { error: unknown } | null = null;
    if (side) {
      this.pending = null;
      try {
        this.runTask(side);
      } catch (error) {
        // the job is published: finish it before the error leaves, or a worker still on one of
        // its blocks would count into the next job's DONE
        failed = { error };
      }
    }
    const t0 = performance.now();
    for (;;) {
      const v = Atomics.load(c, NEXT);
      const blk = v & 0xffff;
      if (blk >= count) break;
      if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
      runBlock(own, c, f, scratch, blk, LAYOUT);
      Atomics.add(c, DONE, 1);
    }
    const t1 = performance.now();
    waitFor(c, count);
    const t2 = performance.now();
    this.learn(t1 - t0, t2 - t1);
    this.starved.afterJob(t2);
    const spin = this.spin.afterJob(t2);
    if (spin !== c[SPIN]) Atomics.store(c, SPIN, spin);
    if (failed) throw failed.error;
  }

  // Note [work beside the workers]: some of the caller's work between products does not depend on
  // them, like copying the next batch's rows. Given to beside(), it runs once the workers have been
  // told of the next job and before the caller claims blocks of it: the workers claim the blocks
  // the caller would have, so the task costs the step about half its time instead of all of it.
  // The caller's time on it is not counted as its own work on the job (Note [backing off]).

  /**
   * Runs `task` at the start of the next shared job (Note [work beside the workers]). A task still
   * pending when another comes is run first.
   */
  beside(task: () => void): void {
    if (this.pending) this.settle(this.pending);
    this.pending = task;
  }

  /** Runs the pending task now, if there is one: a product run on the caller alone owes it what a job would have run. */
  protected runPending(): void {
    const task = this.pending;
    if (task) this.settle(task);
  }

  /** Runs `task` now if it is the one pending. */
  settle(task: () => void): void {
    if (this.pending !== task) return;
    this.pending = null;
    this.runTask(task);
  }

  /** Whether a task given to {@link beside} waits for the next shared job. */
  hasTask(): boolean {
    return this.pending !== null;
  }

  /** Runs a task given to {@link beside} (a pool whose kernels keep per-call state wraps it). */
  protected runTask(task: () => void): void {
    task();
  }

  /**
   * False while the pool backs off after a stall (Note [backing off]) or its workers are starved
   * (Note [starved workers] in starved.ts), and while a job runs (a
   * task given to {@link beside} runs inside one, and a second job would overwrite its words): the
   * kernel then runs on the caller alone. `beside`: asked for a product too small to share, which a
   * worker would take beside the caller's task (Note [small products beside a task] in
   * wasm/product.ts).
   */
  wanted(beside = false): boolean {
    // asked inside a job too (a task beside the workers), so the guard counts the same calls a
    // step alone and with the workers; not counted when asked for a product beside a task, which
    // is asked only while a task waits, more often alone (Note [fair duels] in starved.ts)
    const alone = this.starved.alone(performance.now(), !beside);
    if (this.busy || alone) return false;
    if (this.skip === 0) return true;
    this.skip--;
    return false;
  }

  // Note [backing off]: a worker that another process preempts in the middle of a block holds the
  // caller up for the rest of a scheduler time slice (milliseconds), far longer than the block. When
  // the caller waited for the last blocks longer than half the time it worked on its own share, it
  // runs the next products alone, 4 of them, then 8, 16, ... up to 256 after repeated stalls, and
  // then tries the workers again; a product without a stall halves the back-off. So a loaded
  // machine costs about what one thread costs, and a quiet one keeps both.
  private learn(ownMs: number, waitedMs: number): void {
    const next = backoffAfter(this.backoff, ownMs, waitedMs);
    if (next > this.backoff) this.skip = next;
    this.backoff = next;
  }

  /** The calling thread's scratch block. */
  get ownScratch(): number {
    return this.scratch[0];
  }

  /** Stops the workers. */
  async stop(): Promise<void> {
    Atomics.store(this.ctl, GEN, -1);
    Atomics.notify(this.ctl, GEN);
    await Promise.all(this.workers.map(async (w) => w.terminate()));
  }
}

/** Waits until `count` blocks are done: a short spin (the last block is usually almost done), then sleeps. */
function waitFor(c: Int32Array, count: number): void {
  let done = Atomics.load(c, DONE);
  for (let s = 0; done < count && s < CALLER_SPIN; s++) done = Atomics.load(c, DONE);
  while (done < count) {
    // a browser's main thread may not block: there, keep spinning
    try {
      Atomics.wait(c, DONE, done, 20);
    } catch {
      /* spin */
    }
    done = Atomics.load(c, DONE);
  }
}
