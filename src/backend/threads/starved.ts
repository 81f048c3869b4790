/**
 * When the workers are starved by other processes, the caller runs every job alone for a while,
 * and tries the workers again later (Note [starved workers]).
 */

// Note [starved workers]: beside one other busy process on two cores, two threads and the other
// process share the cores three ways: the caller and the worker each get about two thirds of one,
// and a product waits for whichever of them the scheduler left out, while one thread alone would
// have a core to itself: W1 ran slower on two threads than on one (bench/notes.md, Note [starved
// workers]). Note [backing off] reacts to each stall, but products without one halve its back-off,
// so with the worker only sometimes preempted the pool keeps using it. Two things together show
// starvation over a window of at least 100 ms and 50 jobs: the process uses less than 75 % of its
// threads' cores (with the workers spinning between products a quiet machine gives it nearly all,
// Note [spinning workers]), and the caller spends at least 5 % of the window stalled, waiting for
// a worker's last blocks (a low share alone may be the caller's own work between products, with
// the workers asleep). Then the caller runs every job alone for 2 s and tries the workers for a
// window again; each window still starved doubles the time alone (up to 16 s), one that is not
// starts again from 2 s. A gap of 250 ms without jobs (idle time between fits) starts a new window.
// The results are the same bits whoever computes a block (Note [work sharing] in protocol.ts).

/** A window of jobs lasts at least this long (ms) and holds at least this many jobs. */
const WINDOW_MS = 100;
const WINDOW_JOBS = 50;
/** A gap between jobs longer than this (ms) is idle time: the window starts over. */
const IDLE_MS = 250;
/** Below this share of `threads` cores busy, with stalls, the workers are starved. */
const STARVED_SHARE = 0.75;
/** The least share of a window stalled for it to count as starved. */
const STALLED_SHARE = 0.05;
/** The first time alone (ms), and the longest. */
const FIRST_ALONE_MS = 2000;
const MAX_ALONE_MS = 16000;

/**
 * Decides when the caller runs jobs alone because the workers are starved (Note [starved workers]).
 * `cpuMs` reads the CPU time of the whole process in ms (all threads), or is null where no clock
 * tells it (browsers): then the workers are always used.
 *
 * @example
 * ```ts
 * const g = new StarvationGuard(2, () => process.cpuUsage().user / 1000);
 * g.afterJob(performance.now(), 0.02); // after each job: the wall clock and how long it stalled
 * g.alone(performance.now()); // false until a window shows starvation
 * ```
 */
export class StarvationGuard {
  private windowStart = -1;
  private cpuStart = 0;
  private jobs = 0;
  private stalled = 0;
  private lastJob = -Infinity;
  private aloneUntil = 0;
  private aloneFor = FIRST_ALONE_MS;

  constructor(private readonly threads: number, private readonly cpuMs: (() => number) | null) {}

  /** Called after each job with the wall clock (ms) and the time the caller stalled on it (ms). */
  afterJob(now: number, stalledMs: number): void {
    const cpuMs = this.cpuMs;
    if (!cpuMs) return;
    const idle = now - this.lastJob > IDLE_MS;
    this.lastJob = now;
    if (this.windowStart < 0 || idle) {
      this.start(now, cpuMs());
      return;
    }
    this.jobs++;
    this.stalled += stalledMs;
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS || this.jobs < WINDOW_JOBS) return;
    const cpu = cpuMs();
    const starved = cpu - this.cpuStart < STARVED_SHARE * this.threads * elapsed && this.stalled >= STALLED_SHARE * elapsed;
    if (starved) {
      this.aloneUntil = now + this.aloneFor;
      this.aloneFor = Math.min(MAX_ALONE_MS, 2 * this.aloneFor);
      this.windowStart = -1;
      return;
    }
    this.aloneFor = FIRST_ALONE_MS;
    this.start(now, cpu);
  }

  /** Whether the caller runs the next job alone at wall clock `now` (ms). */
  alone(now: number): boolean {
    if (this.aloneUntil === 0) return false;
    if (now < this.aloneUntil) return true;
    this.aloneUntil = 0;
    return false;
  }

  private start(now: number, cpu: number): void {
    this.windowStart = now;
    this.cpuStart = cpu;
    this.jobs = 0;
    this.stalled = 0;
  }
}
