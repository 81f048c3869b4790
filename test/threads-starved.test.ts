// The thread pool's starvation guard (Note [starved workers] in src/backend/threads/starved.ts):
// when the process gets too little CPU, the caller tries working alone against the workers in duels
// (Note [fair duels]) and keeps to alone unless the workers are faster.
import { describe, expect, it, vi } from 'vitest';
import { CONTROL, type JobKernels, JOBS } from '../src/backend/threads/protocol.js';
import { JobRunner } from '../src/backend/threads/runner.js';
import { StarvationGuard } from '../src/backend/threads/starved.js';

/**
 * How a simulated process runs with its workers or alone: calls a ms (whole numbers), cores of CPU
 * time, cores the machine left idle; `aloneAtFirst`, how it runs alone in the first `ms` after the
 * workers stop.
 */
interface Machine {
  together: { rate: number; cores: number; idle?: number };
  alone: { rate: number; cores: number; idle?: number };
  aloneAtFirst?: { ms: number; rate: number; cores: number };
}
const QUIET: Machine = { together: { rate: 3, cores: 1.9 }, alone: { rate: 2, cores: 1 } };
// beside one busy process: two threads get 4/3 of a core, one thread has a core
const ONE_BUSY: Machine = { together: { rate: 2, cores: 4 / 3 }, alone: { rate: 3, cores: 1 } };
// beside many: two threads get more CPU time than one, and are faster
const CROWDED: Machine = { together: { rate: 3, cores: 1 }, alone: { rate: 2, cores: 0.6 } };
// a quiet machine and a caller busy alone between products: a low share, the workers still faster
const SERIAL: Machine = { together: { rate: 3, cores: 1.2 }, alone: { rate: 2, cores: 1 } };
// a fit's first window: first calls and each product shape's trials of its splits, slow either way
const WARM_UP: Machine = { together: { rate: 1, cores: 1 }, alone: { rate: 1, cores: 0.5 } };
// more crowded than CROWDED: both ways slower than beside ONE_BUSY, the workers still faster
const CROWDED_MORE: Machine = { together: { rate: 2, cores: 0.8 }, alone: { rate: 1, cores: 0.4 } };
// beside one busy process as the scheduler sometimes places the threads: the workers a little faster
const ONE_BUSY_EVEN: Machine = { together: { rate: 34, cores: 1.1 }, alone: { rate: 33, cores: 1 } };
// the same, the scheduler placing the threads well for a while
const ONE_BUSY_LUCKY: Machine = { together: { rate: 4, cores: 1.3 }, alone: { rate: 3, cores: 1 } };
// beside two busy processes: alone, the caller has a core to itself for the first 120 ms after the
// worker stops, until the scheduler moves the threads (Note [fair duels]; measured: ~100–150 ms)
const TWO_BUSY: Machine = { ...CROWDED, aloneAtFirst: { ms: 120, rate: 4, cores: 1 } };

/** Runs `ms` milliseconds; the share of them the caller worked alone. */
function run(g: StarvationGuard, clock: { now: number; cpu: number; idle?: number }, ms: number, m: Machine): number {
  let alone = 0, aloneSince = -1;
  for (let t = 0; t < ms; t++) {
    clock.now += 1;
    const a = g.alone(clock.now);
    if (!a) aloneSince = -1;
    else if (aloneSince < 0) aloneSince = clock.now;
    const first = a && m.aloneAtFirst && clock.now - aloneSince < m.aloneAtFirst.ms ? m.aloneAtFirst : null;
    const { rate } = first ?? (a ? m.alone : m.together);
    clock.cpu += first ? first.cores : a ? m.alone.cores : m.together.cores;
    clock.idle = (clock.idle ?? 0) + ((a ? m.alone.idle : m.together.idle) ?? 0);
    if (a) alone++;
    for (let i = 0; i < rate; i++) {
      if (i > 0) g.alone(clock.now);
      if (!a) g.afterJob(clock.now);
    }
  }
  return alone / ms;
}

describe('StarvationGuard', () => {
  it('keeps the workers on a quiet machine', () => {
    const clock = { now: 0, cpu: 0 };
    expect(run(new StarvationGuard(2, () => clock.cpu), clock, 20_000, QUIET)).toBe(0);
  });

  it('keeps the workers when the CPU share is low but they are faster (the caller busy alone between products)', () => {
    const clock = { now: 0, cpu: 0 };
    // duels after 2, 4, 8, 16 s, each 350 ms alone
    expect(run(new StarvationGuard(2, () => clock.cpu), clock, 30_000, SERIAL)).toBeLessThan(0.05);
  });

  it('works alone beside one busy process, and goes back to the workers once the machine is free', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // duels (Note [fair duels]) at the start and after 2, 4, 8, 16, 16 s alone, each 150 ms with the
    // workers (their window is the shorter: 350 ms gave 0.963)
    expect(run(g, clock, 60_000, ONE_BUSY)).toBeGreaterThan(0.975);
    // free: within the longest time alone (16 s) and a window, the workers are back
    run(g, clock, 16_200, QUIET);
    expect(run(g, clock, 20_000, QUIET)).toBe(0);
  });

  it('keeps the workers on a crowded machine, where they are faster, trying alone less and less often', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    const share = run(g, clock, 60_000, CROWDED);
    expect(share).toBeGreaterThan(0);
    // duels after 2, 4, 8 and then every 16 s, each 350 ms alone (Note [fair duels]: 150 ms settling, a 200 ms window)
    expect(share).toBeLessThan(0.04);
  });

  it('starts a window over after 250 ms without calls, and always keeps the workers without a CPU clock', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // a call every 300 ms (idle between fits), with little CPU: never a full window
    for (let i = 0; i < 500; i++) {
      clock.now += 300;
      clock.cpu += 10;
      expect(g.alone(clock.now)).toBe(false);
      g.afterJob(clock.now);
    }
    const clockless = new StarvationGuard(2, null);
    expect(run(clockless, { now: 0, cpu: 0 }, 20_000, ONE_BUSY)).toBe(0);
  });

  // Note [fair duels]: a trial is weighed against windows on both sides of it, not against the
  // window that raised the suspicion (a fit's warm-up) nor against a rate measured long before
  it('does not duel over a fit\'s warm-up window on a quiet machine', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    run(g, clock, 100, WARM_UP);
    expect(run(g, clock, 20_000, QUIET)).toBe(0);
  });

  it('does not let a fit\'s warm-up window send a crowded machine alone', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    run(g, clock, 100, WARM_UP);
    // the duel the warm-up window and the next start (alone, then with the workers: 500 ms) keeps
    // the workers, and the next waits 2 s
    run(g, clock, 1_000, CROWDED);
    expect(run(g, clock, 1_500, CROWDED)).toBe(0);
  });

  it('keeps alone when the workers are only a little faster (alone is never slower than one thread)', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // 3 % faster with the workers: under Note [fair duels]'s 5 %
    expect(run(g, clock, 30_000, ONE_BUSY_EVEN)).toBeGreaterThan(0.93);
  });

  it('duels again at once when the workers, having won, run slower than alone did', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // a duel from 0.2 s (alone, then the workers: 500 ms) that the workers win by luck
    expect(run(g, clock, 1_000, ONE_BUSY_LUCKY)).toBeLessThan(0.4);
    // the luck ends: the next window starts a duel (not 2 s later), alone from about 1.8 s
    expect(run(g, clock, 1_500, ONE_BUSY)).toBeGreaterThan(0.6);
  });

  it('forgets the rate alone of the duel before an idle gap (another fit, other calls)', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    run(g, clock, 1_000, ONE_BUSY_LUCKY);
    // 300 ms without calls, then a fit of slower calls, crowded: the workers faster than alone,
    // but slower than the last fit's rate alone
    clock.now += 300;
    const slow: Machine = { together: { rate: 2, cores: 0.8 }, alone: { rate: 1, cores: 0.4 } };
    // slower than the last fit alone is no news: no duel before the 2 s the last one set
    expect(run(g, clock, 1_000, slow)).toBe(0);
  });

  it('goes back to the workers as soon as the machine has a core idle, where a clock tells it', () => {
    const FREE: Machine = { together: { rate: 3, cores: 1.9, idle: 0.1 }, alone: { rate: 2, cores: 1, idle: 1 } };
    const clock = { now: 0, cpu: 0, idle: 0 };
    const g = new StarvationGuard(2, () => clock.cpu, () => clock.idle);
    // alone, the busy process leaves no core idle
    expect(run(g, clock, 20_000, ONE_BUSY)).toBeGreaterThan(0.95);
    // it stops: a window alone (100 ms) and a duel (500 ms), not the rest of a 16 s hold
    run(g, clock, 1_000, FREE);
    expect(run(g, clock, 5_000, FREE)).toBe(0);
  });

  it('weighs alone after the scheduler has settled, not in the first ms after the worker stops', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    expect(run(g, clock, 60_000, TWO_BUSY)).toBeLessThan(0.04);
  });

  it('goes back to the workers when the machine grows more crowded while it works alone', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    expect(run(g, clock, 30_000, ONE_BUSY)).toBeGreaterThan(0.93);
    // alone got slower too, but the workers are faster now: within the longest time alone (16 s)
    // and a duel the workers are back, with a duel of 350 ms alone after 2, 4, 8 s
    run(g, clock, 17_000, CROWDED_MORE);
    expect(run(g, clock, 20_000, CROWDED_MORE)).toBeLessThan(0.06);
  });
});


describe('JobRunner and its starvation guard', () => {
  // a runner with no workers (the caller claims every block) over a shared memory, and kernels
  // that do nothing
  class Runner extends JobRunner {
    constructor() {
      super(2, new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }), 0, [CONTROL.words * 4], []);
    }

    softmaxJob(): void {
      this.write(JOBS.softmax, { out: 0, x: 0, rows: 4, n: 1, block: 2 });
      this.run(new Proxy({}, { get: () => () => 0 }) as JobKernels, 2);
    }
  }

  it('counts a kernel call made inside a job (a task beside the workers), which runs alone, and not a query for a product beside a task', () => {
    // Note [fair duels]: a step counts the same calls whether its tasks run inside jobs or not
    const asked = vi.spyOn(StarvationGuard.prototype, 'alone');
    try {
      const r = new Runner();
      let inside: boolean | null = null;
      r.beside(() => {
        inside = r.wanted();
      });
      r.softmaxJob();
      expect(inside).toBe(false);
      // asked with the call counted
      expect(asked.mock.calls.map((c) => c[1])).toEqual([true]);
      // asked for a product too small to share, beside a task: not counted (asked only while a
      // task waits, which it does more often alone)
      r.wanted(true);
      expect(asked.mock.calls.map((c) => c[1])).toEqual([true, false]);
    } finally {
      asked.mockRestore();
    }
  });
});
