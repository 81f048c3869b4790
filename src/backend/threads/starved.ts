/**
 * When the workers are starved by other processes, the caller runs every job alone for a while if
 * that is faster, and tries the workers again later (Note [starved workers]).
 */

// Note [starved workers]: beside one other busy process on two cores, two threads and the other
// process share the cores three ways: the caller and the worker each get about two thirds of one,
// and a product waits for whichever of them the scheduler left out, while one thread alone would
// have a core to itself: W1 ran slower on two threads than on one (bench/notes.md, Note [starved
// workers]). Note [backing off] reacts to each stall, but products without one halve its back-off,
// so with the worker only sometimes preempted the pool keeps using it. On a machine loaded with
// more than one other process, though, two threads get more CPU time than one, and may be faster.
// So the guard suspects starvation from a window (at least 100 ms and 50 jobs) in which the
// process used less than 75 % of its threads' cores and the caller spent at least 5 % of the time
// stalled on a worker (a low share alone may be the caller's own work between products), and then
// measures: a window alone, against the window with the workers, in shareable kernel calls a
// millisecond (a training loop makes the same calls every step). Alone is kept only when faster:
// for 2 s, then a window with the workers again; alone still faster doubles the time (up to 16 s),
// slower returns to the workers. A trial that loses waits 2 s before the next (doubling, up to
// 16 s). A gap of 250 ms without calls (idle time between fits) starts the window over. The
// results are the same bits whoever computes a block (Note [work sharing] in protocol.ts).

/** A window lasts at least this long (ms) and holds at least this many jobs or calls. */
const WINDOW_MS = 100;
const WINDOW_COUNT = 50;
/** A gap between calls longer than this (ms) is idle time: the window starts over. */
const IDLE_MS = 250;
/** Below this share of `threads` cores busy, with stalls, the workers may be starved. */
const STARVED_SHARE = 0.75;
/** The least share of a window stalled for it to count. */
const STALLED_SHARE = 0.05;
/** The first time alone, or between trials (ms), and the longest. */
const FIRST_MS = 2000;
const MAX_MS = 16000;

type Mode = 'together' | 'trial-alone' | 'alone' | 'trial-together';

/**
 * Decides when the caller runs jobs alone because the workers are starved (Note [starved workers]).
 * `cpuMs` reads the CPU time of the whole process in ms (all threads), or is null where no clock
 * tells it (browsers): then the workers are always used.
 *
 * @example
 * ```ts
 * const g = new StarvationGuard(2, () => process.cpuUsage().user / 1000);
 * g.alone(performance.now()); // before each shareable kernel call: false until alone is faster
 * g.afterJob(performance.now(), 0.02); // after each shared job: the wall clock and the stall (ms)
 * ```
 */
export class StarvationGuard {
  private mode: Mode = 'together';
  private windowStart = -1;
  private cpuStart = 0;
  private jobs = 0;
  private calls = 0;
  private stalled = 0;
  private lastCall = -Infinity;
  /** Calls a ms in the last window with the workers, and alone. */
  private rateTogether = 0;
  private rateAlone = 0;
  private until = 0;
  private aloneFor = FIRST_MS;
  private trialWait = FIRST_MS;

  constructor(private readonly threads: number, private readonly cpuMs: (() => number) | null) {}

  /** Called before each shareable kernel call at wall clock `now` (ms): whether it runs alone. */
  alone(now: number): boolean {
    if (!this.cpuMs) return false;
    if (now - this.lastCall > IDLE_MS) this.start(now);
    this.lastCall = now;
    this.calls++;
    const elapsed = now - this.windowStart;
    const full = elapsed >= WINDOW_MS && this.calls >= WINDOW_COUNT;
    switch (this.mode) {
      case 'together':
        return false;
      case 'trial-alone':
        if (full) this.endTrialAlone(now, this.calls / elapsed);
        break;
      case 'alone':
        if (now >= this.until) this.switch('trial-together', now);
        break;
      case 'trial-together':
        if (full) this.endTrialTogether(now, this.calls / elapsed);
        break;
    }
    return this.mode === 'trial-alone' || this.mode === 'alone';
  }

  /** Called after each shared job with the wall clock (ms) and the time the caller stalled on it (ms). */
  afterJob(now: number, stalledMs: number): void {
    const cpuMs = this.cpuMs;
    if (!cpuMs || this.mode !== 'together') return;
    this.jobs++;
    this.stalled += stalledMs;
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS || this.jobs < WINDOW_COUNT) return;
    const cpu = cpuMs();
    const suspect = cpu - this.cpuStart < STARVED_SHARE * this.threads * elapsed && this.stalled >= STALLED_SHARE * elapsed;
    if (suspect && now >= this.until) {
      this.rateTogether = this.calls / elapsed;
      this.switch('trial-alone', now);
      return;
    }
    if (!suspect) this.trialWait = FIRST_MS;
    this.start(now);
  }

  private endTrialAlone(now: number, rate: number): void {
    this.rateAlone = rate;
    if (rate > this.rateTogether) {
      this.until = now + this.aloneFor;
      this.aloneFor = Math.min(MAX_MS, 2 * this.aloneFor);
      this.switch('alone', now);
    } else {
      this.until = now + this.trialWait;
      this.trialWait = Math.min(MAX_MS, 2 * this.trialWait);
      this.switch('together', now);
    }
  }

  private endTrialTogether(now: number, rate: number): void {
    this.rateTogether = rate;
    if (rate >= this.rateAlone) {
      this.aloneFor = FIRST_MS;
      this.switch('together', now);
    } else {
      this.until = now + this.aloneFor;
      this.aloneFor = Math.min(MAX_MS, 2 * this.aloneFor);
      this.switch('alone', now);
    }
  }

  private switch(mode: Mode, now: number): void {
    this.mode = mode;
    this.start(now);
  }

  private start(now: number): void {
    this.windowStart = now;
    this.cpuStart = this.cpuMs ? this.cpuMs() : 0;
    this.jobs = 0;
    this.calls = 0;
    this.stalled = 0;
  }
}
