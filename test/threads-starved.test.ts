// The thread pool's starvation guard (Note [starved workers] in src/backend/threads/starved.ts):
// when the process gets too little CPU and stalls on its workers, the caller tries working alone
// and keeps doing so while that is faster.
import { describe, expect, it } from 'vitest';
import { StarvationGuard } from '../src/backend/threads/starved.js';

/** How a simulated process runs with its workers or alone: calls a ms, cores of CPU time, ms stalled a ms. */
interface Machine {
  together: { rate: number; cores: number; stall: number };
  alone: { rate: number; cores: number };
}
const QUIET: Machine = { together: { rate: 3, cores: 1.9, stall: 0.01 }, alone: { rate: 2, cores: 1 } };
// beside one busy process: two threads get 4/3 of a core and stall, one thread has a core
const ONE_BUSY: Machine = { together: { rate: 2, cores: 4 / 3, stall: 0.1 }, alone: { rate: 3, cores: 1 } };
// beside many: two threads get more CPU time than one, and are faster despite the stalls
const CROWDED: Machine = { together: { rate: 3, cores: 1, stall: 0.1 }, alone: { rate: 2, cores: 0.6 } };

/** Runs `ms` milliseconds; the share of them the caller worked alone. */
function run(g: StarvationGuard, clock: { now: number; cpu: number }, ms: number, m: Machine): number {
  let alone = 0;
  for (let t = 0; t < ms; t++) {
    clock.now += 1;
    const a = g.alone(clock.now);
    const { rate } = a ? m.alone : m.together;
    clock.cpu += a ? m.alone.cores : m.together.cores;
    if (a) alone++;
    for (let i = 0; i < rate; i++) {
      if (i > 0) g.alone(clock.now);
      if (!a) g.afterJob(clock.now, m.together.stall / rate);
    }
  }
  return alone / ms;
}

describe('StarvationGuard', () => {
  it('keeps the workers on a quiet machine', () => {
    const clock = { now: 0, cpu: 0 };
    expect(run(new StarvationGuard(2, () => clock.cpu), clock, 20_000, QUIET)).toBe(0);
  });

  it('keeps the workers when the CPU share is low but nothing stalls (the caller busy alone)', () => {
    const clock = { now: 0, cpu: 0 };
    const m = { ...ONE_BUSY, together: { ...ONE_BUSY.together, stall: 0.01 } };
    expect(run(new StarvationGuard(2, () => clock.cpu), clock, 20_000, m)).toBe(0);
  });

  it('works alone beside one busy process, and goes back to the workers once the machine is free', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    expect(run(g, clock, 60_000, ONE_BUSY)).toBeGreaterThan(0.97);
    // free: within the longest time alone (16 s) and a window, the workers are back
    run(g, clock, 16_200, QUIET);
    expect(run(g, clock, 20_000, QUIET)).toBe(0);
  });

  it('keeps the workers on a crowded machine, where they are faster, trying alone less and less often', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    const share = run(g, clock, 60_000, CROWDED);
    expect(share).toBeGreaterThan(0);
    // trials of about 100 ms after 2, 4, 8 and then every 16 s
    expect(share).toBeLessThan(0.02);
  });

  it('starts a window over after 250 ms without calls, and always keeps the workers without a CPU clock', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // a call every 300 ms (idle between fits), stalled and with little CPU: never a full window
    for (let i = 0; i < 500; i++) {
      clock.now += 300;
      clock.cpu += 10;
      expect(g.alone(clock.now)).toBe(false);
      g.afterJob(clock.now, 30);
    }
    const clockless = new StarvationGuard(2, null);
    expect(run(clockless, { now: 0, cpu: 0 }, 20_000, ONE_BUSY)).toBe(0);
  });
});
