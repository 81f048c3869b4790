/**
 * How a matrix product is cut into blocks for the thread pool (Note [work sharing] in pool.ts).
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
 * 8 columns), else rows (multiples of its 4 rows), about {@link BLOCKS_PER_THREAD} per thread.
 *
 * @example
 * ```ts
 * planBlocks(2048, 2048, 2); // { byCols: true, size: 256, count: 8 }
 * ```
 */
export function planBlocks(m: number, n: number, threads: number): BlockPlan {
  const byCols = n >= m;
  const unit = byCols ? 8 : 4;
  const total = byCols ? n : m;
  const wanted = Math.ceil(total / (threads * BLOCKS_PER_THREAD));
  const size = Math.max(unit, Math.ceil(Math.max(wanted, Math.min(MIN_BLOCK, total)) / unit) * unit);
  return { byCols, size, count: Math.ceil(total / size) };
}
