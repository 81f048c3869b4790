// The arithmetic of bench/busy.mjs's table, apart so that a test can check it (test/bench-busy.test.ts).

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * When two threads were back after a busy loop stopped at `stopped` (ms since the epoch): the first
 * second (its end, ms since the epoch, from `rates` = [[end, samples/s], ...]) ending after the
 * stop that, with the next second, ran at ≥ 90 % of `aloneRate` (two threads' rate with nothing
 * beside); null when none did.
 */
export function backAfter(rates, stopped, aloneRate) {
  const after = rates.filter(([t]) => t > stopped);
  const fast = ([, v]) => v >= 0.9 * aloneRate;
  const i = after.findIndex((x, j) => fast(x) && j + 1 < after.length && fast(after[j + 1]));
  return i < 0 ? null : after[i][0];
}
