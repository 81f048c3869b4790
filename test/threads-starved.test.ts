// The thread pool's starvation guard (Note [starved workers] in src/backend/threads/starved.ts):
// when the process gets too little CPU and stalls on its workers, the caller works alone a while.
import { describe, expect, it } from 'vitest';
import { StarvationGuard } from '../src/backend/threads/starved.js';

/** A process using `cores` cores of CPU time and stalled `stalledPerMs` of each ms, running `perMs` jobs a ms, for `ms` ms or until it works alone. */
function drive(g: StarvationGuard, clock: { now: number; cpu: number }, ms: number, cores: number, perMs: number, stalledPerMs: number): void {
  for (let t = 0; t < ms && !g.alone(clock.now); t++) {
    clock.now += 1;
    clock.cpu += cores;
    for (let j = 0; j < perMs; j++) g.afterJob(clock.now, stalledPerMs / perMs);
  }
}

/** How long (ms) the guard keeps the caller alone from now. */
function aloneFor(g: StarvationGuard, clock: { now: number }): number {
  const from = clock.now;
  while (g.alone(clock.now)) clock.now += 1;
  return clock.now - from;
}

describe('StarvationGuard', () => {
  it('keeps the workers on a quiet machine, and when the CPU share is low without stalls (the caller busy alone)', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    drive(g, clock, 5000, 1.9, 3, 0.01);
    expect(g.alone(clock.now)).toBe(false);
    drive(g, clock, 5000, 1.1, 3, 0.01);
    expect(g.alone(clock.now)).toBe(false);
  });

  it('works alone 2 s when starved, twice as long while still starved (at most 16 s), and starts over once free', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    drive(g, clock, 1000, 1.9, 3, 0.01);
    // beside one other busy process: 4/3 of two cores, a tenth of the time stalled on the worker
    const starved = () => drive(g, clock, 1000, 4 / 3, 3, 0.1);
    const lengths: number[] = [];
    for (let i = 0; i < 5; i++) {
      starved();
      lengths.push(aloneFor(g, clock));
    }
    expect(lengths).toEqual([2000, 4000, 8000, 16000, 16000]);
    // free again: the probe keeps the workers, and the next starvation is 2 s again
    drive(g, clock, 1000, 1.9, 3, 0.01);
    expect(g.alone(clock.now)).toBe(false);
    starved();
    expect(aloneFor(g, clock)).toBe(2000);
  });

  it('waits for 50 jobs in a window on a slow machine, and starts over after 250 ms without jobs', () => {
    const clock = { now: 0, cpu: 0 };
    const g = new StarvationGuard(2, () => clock.cpu);
    // 20 jobs a 100 ms: the window closes at 50 jobs, 250 ms
    for (let t = 0; t < 400 && !g.alone(clock.now); t += 5) {
      clock.now += 5;
      clock.cpu += 5 * 0.3;
      g.afterJob(clock.now, 0.5);
    }
    expect(g.alone(clock.now)).toBe(true);
    // a job every 300 ms (idle between fits) never fills a window
    const h = new StarvationGuard(2, () => clock.cpu);
    for (let i = 0; i < 200; i++) {
      clock.now += 300;
      clock.cpu += 1;
      h.afterJob(clock.now, 30);
      expect(h.alone(clock.now)).toBe(false);
    }
  });

  it('always keeps the workers without a CPU clock (browsers)', () => {
    const g = new StarvationGuard(2, null);
    const clock = { now: 0, cpu: 0 };
    drive(g, clock, 2000, 0.5, 3, 0.5);
    expect(g.alone(clock.now)).toBe(false);
  });
});
