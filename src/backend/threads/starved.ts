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
// So the guard suspects starvation from two windows in a row (each at least 100 ms and 50 jobs)
// in which the process used less than 75 % of its threads' cores, and then measures both ways in
// a duel (Note [fair duels]), in shareable kernel calls a millisecond (a training loop makes the
// same calls every step). Alone is kept unless the workers are faster (by a margin): for 2 s,
// then a duel again; alone winning again doubles the time (up to 16 s), losing returns to the
// workers. A duel that alone loses waits 2 s before the next (doubling, up to 16 s). A gap of
// 250 ms without calls (idle time between fits) starts the window over. The results are the same
// bits whoever computes a block (Note [work sharing] in protocol.ts).

// Note [fair duels]: the guard compares the two ways in a duel of two windows, the other way
// first, then the way it was in, each measured after settling from the change of way: alone from
// 150 ms after it, for 200 ms; with the workers from 50 ms, for 100 ms.
// A guard that compared a trial alone with the window that raised the suspicion chose alone from
// a biased pair: the first window of a fit holds its warm-up (first calls, each product shape's
// trials of its splits: Note [splits per machine] in splits.ts), at about a third of the later
// rate (bench/notes.md, Note [fair duels]), so on a crowded machine, where the workers are faster,
// it ran the first 2 s alone; and going back, it compared a fresh window with the workers against
// the rate alone from up to 16 s before. A step must also count the same calls both ways: a call
// made by a task beside the workers (Note [work beside the workers] in runner.ts) runs inside a
// job, and left out, W1's steps counted a quarter fewer calls with the workers than alone
// (bench/notes.md), which made alone look faster than it was. And each window settles first:
// beside two busy processes, the caller ran at twice its steady rate alone for the first ~100 ms
// after the worker stopped, until the scheduler moved the threads, and in spells at that rate
// later (bench/notes.md), so windows of 100 ms right after the change had alone as fast as the
// workers, which were 1.4 times faster over seconds; with the workers the first ~40 ms after the
// change ran no slower than later (bench/notes.md), and their window is the one a duel spends
// beside one busy process, where alone is right, so it is the shorter. A duel spends 350 ms alone
// or 150 ms with the workers in the way it does not keep; a duel of three windows (the current way on both sides of the other) would cancel a drift
// in the machine's load, but spent 550 ms with the workers at the start of a fit beside one busy
// process, where alone is right. The workers win a duel only when more than 5 % faster: beside one
// busy process they are about as fast as alone, faster or slower by where the scheduler happens to
// put the threads (bench/notes.md), and alone is never slower than one thread, which is what a
// pool on a busy machine must not be; beside two or more they were 1.4 times faster or more. And
// a win can be luck that ends: beside one busy process, the workers won a duel at 1.2 times alone's
// rate and ran at 0.9 times it for the next 2 s (bench/notes.md), so a window with the workers
// slower than alone was in the duel they won starts the next duel at once. A guard that also
// waited for 5 % of a window stalled on a worker (a low CPU share may be the caller's own work
// between products) missed the case it is for: beside one busy process the worker, sharing the
// caller's core, still did half the blocks, and the caller stalled 3 % of the time (bench/notes.md);
// with duels and the margin, a low share without starvation costs a duel now and then. But not
// at every fit's start: a fit's first window is its warm-up, at a low share even on a quiet
// machine, where a duel cost W1 on two threads 350 ms alone (bench/notes.md); a duel needs two
// windows at a low share in a row. Alone, the guard also watches the machine's idle time where a
// clock tells it (Node: os.cpus()): a window in which the cores were idle half a core's time or
// more means a core is free (the busy process stopped), and starts a duel at once rather than
// after up to 16 s alone; beside a busy process, alone leaves no core idle.

/** A window lasts at least this long (ms) and holds at least this many jobs or calls. */
const WINDOW_MS = 100;
const WINDOW_COUNT = 50;
/** A gap between calls longer than this (ms) is idle time: the window starts over. */
const IDLE_MS = 250;
/** Below this share of `threads` cores busy, the workers may be starved. */
const STARVED_SHARE = 0.75;
/** The first time alone, or between trials (ms), and the longest. */
const FIRST_MS = 2000;
const MAX_MS = 16000;
/**
 * A duel's window alone and with the workers measures at least this long (ms), from this long
 * after the change of way that starts it (Note [fair duels]).
 */
const DUEL_MS = { alone: 200, together: 100 } as const;
const SETTLE_MS = { alone: 150, together: 50 } as const;
/** Alone, a window in which the machine was idle for at least this share of it (of all cores together) starts a duel (Note [fair duels]). */
const FREE_SHARE = 0.5;
/** In a duel, the workers win only when faster than alone by more than this share (Note [fair duels]). */
const MARGIN = 0.05;
/** A duel's windows, true for alone (Note [fair duels]): from the workers, alone and then with them; from alone, the reverse. */
const TOGETHER_DUEL = [true, false] as const;
const ALONE_DUEL = [false, true] as const;

/** Where the guard is: with the workers (watching for starvation), alone, or in a duel (Note [fair duels]). */
type Mode = 'together' | 'alone' | 'duel';

/**
 * Decides when the caller runs jobs alone because the workers are starved (Note [starved workers]).
 * `cpuMs` reads the CPU time of the whole process in ms (all threads), or is null where no clock
 * tells it (browsers): then the workers are always used. `idleMs` reads the machine's idle time in
 * ms (all cores), or is null: then, alone, the guard tries the workers only on its schedule.
 *
 * @example
 * ```ts
 * const g = new StarvationGuard(2, () => process.cpuUsage().user / 1000);
 * g.alone(performance.now()); // before each shareable kernel call: false until alone is faster
 * g.afterJob(performance.now()); // after each shared job: the wall clock
 * ```
 */
export class StarvationGuard {
  private mode: Mode = 'together';
  private windowStart = -1;
  private cpuStart = 0;
  private idleStart = 0;
  private jobs = 0;
  private calls = 0;
  private lastCall = -Infinity;
  /** A duel's windows, true for alone (Note [fair duels]), the one running, and the calls and ms of each way so far. */
  private duel: readonly boolean[] = [];
  private round = 0;
  /** The current duel window measures from this time on (ms): it settles until then. */
  private settleUntil = 0;
  private readonly sums = { aloneCalls: 0, aloneMs: 0, togetherCalls: 0, togetherMs: 0 };
  /** Full windows in a row with the workers at a low CPU share. */
  private lowWindows = 0;
  /** Calls a ms alone in the last duel the workers won. */
  private rateAlone = 0;
  private until = 0;
  private aloneFor = FIRST_MS;
  private trialWait = FIRST_MS;

  constructor(private readonly threads: number, private readonly cpuMs: (() => number) | null,
    private readonly idleMs: (() => number) | null = null) {}

  /**
   * Called before each shareable kernel call at wall clock `now` (ms): whether it runs alone.
   * `counted`: whether the call counts in the rates a duel compares (Note [fair duels]).
   */
  alone(now: number, counted = true): boolean {
    if (!this.cpuMs) return false;
    if (now - this.lastCall > IDLE_MS) {
      // another fit perhaps, with other calls: its own warm-up, and no rate alone to compare with
      this.start(now);
      this.lowWindows = 0;
      this.rateAlone = 0;
    }
    this.lastCall = now;
    if (counted) this.calls++;
    if (this.mode === 'alone' && (now >= this.until || (counted && this.freed(now)))) this.beginDuel(now, ALONE_DUEL);
    else if (this.mode === 'duel' && counted) {
      const elapsed = now - this.windowStart;
      if (now < this.settleUntil) {
        // settling after a change of way: the window starts later
        this.windowStart = now;
        this.calls = 0;
      } else if (elapsed >= (this.duel[this.round] ? DUEL_MS.alone : DUEL_MS.together) && this.calls >= WINDOW_COUNT) this.endWindow(now, elapsed);
    }
    return this.mode === 'alone' || (this.mode === 'duel' && this.duel[this.round]);
  }

  /** Called after each shared job with the wall clock (ms). */
  afterJob(now: number): void {
    const cpuMs = this.cpuMs;
    if (!cpuMs || this.mode !== 'together') return;
    this.jobs++;
    const elapsed = now - this.windowStart;
    if (elapsed < WINDOW_MS || this.jobs < WINDOW_COUNT) return;
    const cpu = cpuMs();
    const low = cpu - this.cpuStart < STARVED_SHARE * this.threads * elapsed;
    this.lowWindows = low ? this.lowWindows + 1 : 0;
    // two windows running: a fit's first holds its warm-up (Note [fair duels])
    const suspect = this.lowWindows >= 2;
    // slower than alone in the last duel: the scheduler has moved the threads since (Note [fair duels])
    if (suspect && (now >= this.until || this.calls / elapsed < this.rateAlone)) {
      this.beginDuel(now, TOGETHER_DUEL);
      return;
    }
    if (!suspect) this.trialWait = FIRST_MS;
    this.start(now);
  }

  // alone: whether the window just full saw the machine idle (a core freed: Note [fair duels]); starts the next window
  private freed(now: number): boolean {
    const idleMs = this.idleMs, elapsed = now - this.windowStart;
    if (!idleMs || elapsed < WINDOW_MS || this.calls < WINDOW_COUNT) return false;
    const idle = idleMs() - this.idleStart >= FREE_SHARE * elapsed;
    this.start(now);
    return idle;
  }

  private beginDuel(now: number, windows: readonly boolean[]): void {
    this.duel = windows;
    this.round = 0;
    this.settleFrom(now);
    this.sums.aloneCalls = this.sums.aloneMs = this.sums.togetherCalls = this.sums.togetherMs = 0;
    this.switch('duel', now);
  }

  // the call that ends a window is the next window's first
  private endWindow(now: number, elapsed: number): void {
    const s = this.sums, calls = this.calls - 1;
    if (this.duel[this.round]) {
      s.aloneCalls += calls;
      s.aloneMs += elapsed;
    } else {
      s.togetherCalls += calls;
      s.togetherMs += elapsed;
    }
    this.start(now);
    this.calls = 1;
    if (++this.round < this.duel.length) {
      this.settleFrom(now);
      return;
    }
    if (s.togetherCalls / s.togetherMs <= (1 + MARGIN) * (s.aloneCalls / s.aloneMs)) {
      this.until = now + this.aloneFor;
      this.aloneFor = Math.min(MAX_MS, 2 * this.aloneFor);
      this.switch('alone', now);
    } else {
      this.until = now + this.trialWait;
      this.trialWait = Math.min(MAX_MS, 2 * this.trialWait);
      this.aloneFor = FIRST_MS;
      this.rateAlone = s.aloneCalls / s.aloneMs;
      this.switch('together', now);
    }
    this.calls = 1;
  }

  // the current duel window measures from SETTLE_MS after `now`
  private settleFrom(now: number): void {
    this.settleUntil = now + (this.duel[this.round] ? SETTLE_MS.alone : SETTLE_MS.together);
  }

  private switch(mode: Mode, now: number): void {
    this.mode = mode;
    this.start(now);
  }

  private start(now: number): void {
    this.windowStart = now;
    this.cpuStart = this.cpuMs ? this.cpuMs() : 0;
    // read only alone: a call of Node's os.cpus() costs ~90 µs
    if (this.mode === 'alone' && this.idleMs) this.idleStart = this.idleMs();
    this.jobs = 0;
    this.calls = 0;
  }
}
