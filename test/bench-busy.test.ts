// The arithmetic of the busy machine benchmark's table (bench/busy-stats.mjs, used by bench/busy.mjs):
// the medians of the rounds, and when two threads were back after the busy loop stopped.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface BusyStats {
  median: (values: number[]) => number;
  backAfter: (rates: [number, number][], stopped: number, aloneRate: number) => number | null;
}
// a path in a variable: the module is a plain .mjs without types
const statsModule = join(fileURLToPath(new URL('..', import.meta.url)), 'bench/busy-stats.mjs');
const { median, backAfter } = (await import(statsModule)) as BusyStats;

describe('bench/busy-stats.mjs', () => {
  it('takes the median of an odd count, and the mean of the middle two of an even one, in any order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([0.9, 1.2, 1.0, 1.1])).toBeCloseTo(1.05, 12);
    expect(median([5])).toBe(5);
  });

  it('finds the first second after the stop that runs, with the next, at 90 % of the rate alone', () => {
    const rates: [number, number][] = [[1000, 70000], [2000, 40000], [3000, 41000], [4000, 66000], [5000, 50000], [6000, 64000], [7000, 65000], [8000, 70000]];
    // the stop at 2.5 s: 4 s alone at 66k (≥ 63k) but the next second at 50k; from 6 s on, two running
    expect(backAfter(rates, 2500, 70000)).toBe(6000);
    // seconds before the stop never count
    expect(backAfter(rates, 500, 70000)).toBe(6000);
    expect(backAfter(rates, 1500, 70000)).toBe(6000);
    // never two seconds running at 90 % of a higher rate alone
    expect(backAfter(rates, 2500, 80000)).toBeNull();
  });
});
