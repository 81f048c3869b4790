/** What a descent did, in words: converged, zig-zagged, crawled, oscillated, diverged, or got stuck. */
import type { DescentResult } from '../../../src/index.js';
import { num } from '../ui/format.js';
import type { DescentFunction } from './functions.js';

type Point = Readonly<Record<string, number>>;

const distance = (p: Point, q: Point): number => Math.hypot(...Object.keys(q).map((k) => p[k] - q[k]));
const where = (p: Point): string => Object.entries(p).map(([k, v]) => `${k} = ${num(v)}`).join(', ');

/** Steps after which a slow descent is the rate's fault rather than the step count's. */
const FEW = 10;

/** The verdict on a descent of `fn` at learning rate `lr`. */
export function verdict(fn: DescentFunction, r: DescentResult, lr: number): string {
  const path = r.path;
  const steps = path.length - 1;
  const first = path[0];
  const last = path[steps];
  if (r.diverged || (steps > 0 && last.value > first.value && Math.abs(last.value - first.value) > 1e-12 * (1 + Math.abs(first.value)))) {
    return `Diverging: each step overshoots further and f grows (learning rate ${lr} is too large).`;
  }
  if (steps === 0) return 'Take a step to see where the learning rate leads.';
  const best = fn.best;
  if (!best) return unknownMinimum(path, lr);
  for (const m of fn.local ?? []) {
    if (distance(last.point, m) < 0.01 * (1 + distance(m, best))) {
      return `Stuck in a local minimum at ${where(m)}: the slope there is 0, so descent stops, though the lowest point is at ${where(best)}. Only a different start reaches it.`;
    }
  }
  const d0 = distance(first.point, best);
  const d = distance(last.point, best);
  const names = Object.keys(best);
  const flips = (k: string) => path.slice(1).some((s, i) => Math.sign(s.point[k] - best[k]) !== Math.sign(path[i].point[k] - best[k]) && s.point[k] !== best[k]);
  const stuck = names.filter((k) => flips(k) && Math.abs(last.point[k] - best[k]) >= 0.999 * Math.abs(first.point[k] - best[k]) && first.point[k] !== best[k]);
  if (stuck.length > 0 && d > 1e-9) {
    return names.length > 1
      ? `Bouncing across the valley in ${stuck.join(' and ')} without getting closer: learning rate ${lr} is at the limit for that steep direction.`
      : `Oscillating forever between two points (learning rate ${lr} is exactly at the limit).`;
  }
  if (d > d0 * 0.1) {
    const perStep = (d / d0) ** (1 / steps);
    if (steps < FEW && perStep < 0.9) {
      return `On its way: ${(100 * (1 - d / d0)).toFixed(0)} % of the way to the minimum after ${steps} step${steps === 1 ? '' : 's'}. Take more steps before judging the learning rate.`;
    }
    return `Too slow: each step covers only ${(100 * (1 - perStep)).toFixed(1)} % of the remaining way; after ${steps} steps it is still ${(100 * d / d0).toFixed(0)} % away (learning rate ${lr} is small).`;
  }
  return names.some(flips)
    ? `Converging, zig-zagging across the minimum (learning rate ${lr} is large but below the limit).`
    : `Converging smoothly to the minimum (learning rate ${lr}).`;
}

/** A typed-in function, whose minimum the page does not know: judged by its values and slope. */
function unknownMinimum(path: DescentResult['path'], lr: number): string {
  const first = path[0];
  const last = path[path.length - 1];
  const slope = Math.hypot(...Object.values(last.gradient));
  const slope0 = Math.hypot(...Object.values(first.gradient));
  if (slope <= 1e-4 * (1 + slope0)) {
    return `Converged: the slope is about 0 at ${where(last.point)} (f = ${num(last.value, 4)}), a minimum, though maybe only a local one.`;
  }
  return `Still descending: f went from ${num(first.value, 4)} to ${num(last.value, 4)}; the slope there is ${num(slope)} (learning rate ${lr}).`;
}
