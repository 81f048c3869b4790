/**
 * How a matrix product is shared by the thread pool: the blocks it is cut into (Note [work
 * sharing] in pool.ts), and when to leave the workers out (Note [backing off] there).
 */

/** A product's blocks: `count` blocks of `size` columns (byCols) or rows, the last one shorter. */
export interface BlockPlan {
  readonly byCols: boolean;
  readonly size: number;
  readonly count: number;
}

/** Blocks per thread: enough that a thread slowed by another process delays the product by little. */
const BLOCKS_PER_THREAD = 4;
/** No block narrower than this: each block packs the whole of the other operand again. */
const MIN_BLOCK = 32;

/**
 * The blocks of out[m, n] for `threads` threads: columns when n ≥ m (multiples of the micro-kernel's
 * 8 columns), else rows (multiples of its `tileRows` rows: 4, 5 or 6 by build), about
 * {@link BLOCKS_PER_THREAD} per thread.
 *
 * @example
 * ```ts
 * planBlocks(2048, 2048, 2); // { byCols: true, size: 256, count: 8 }
 * ```
 */
export function planBlocks(m: number, n: number, threads: number, tileRows = 4): BlockPlan {
  const byCols = n >= m;
  const unit = byCols ? 8 : tileRows;
  const total = byCols ? n : m;
  const wanted = Math.ceil(total / (threads * BLOCKS_PER_THREAD));
  const size = Math.max(unit, Math.ceil(Math.max(wanted, Math.min(MIN_BLOCK, total)) / unit) * unit);
  return { byCols, size, count: Math.ceil(total / size) };
}

/** A wait shorter than this (ms) is never a stall: waking a sleeping worker alone takes tens of µs. */
const STALL_MS = 0.1;
/** The longest back-off, in products run on the caller alone. */
const MAX_BACKOFF = 256;

/**
 * The back-off after a product on which the caller worked `ownMs` and then waited `waitedMs` for
 * the workers' last blocks: doubled (at least 4, at most 256) after a stall, a wait longer than half
 * the caller's own work, else halved. The pool runs that many products on the caller alone when it
 * grows (Note [backing off] in pool.ts).
 *
 * @example
 * ```ts
 * backoffAfter(0, 2, 5); // 4: a stall
 * backoffAfter(8, 2, 0.05); // 4: no stall
 * ```
 */
export function backoffAfter(backoff: number, ownMs: number, waitedMs: number): number {
  if (waitedMs > ownMs / 2 && waitedMs > STALL_MS) return Math.min(MAX_BACKOFF, Math.max(4, backoff * 2));
  return backoff >> 1;
}
