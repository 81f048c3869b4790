/**
 * How a matrix product is shared by the thread pool: the blocks it is cut into (Note [work
 * sharing] in protocol.ts), and when to leave the workers out (Note [backing off] in runner.ts).
 */

/** A product's blocks: block b is [bounds[b], bounds[b + 1]) of the columns (byCols) or rows. */
export interface BlockPlan {
  readonly byCols: boolean;
  readonly bounds: readonly number[];
}

/** The most blocks a product is cut into (the control block has room for their bounds). */
export const MAX_BLOCKS = 64;
/** The smallest block, in rows or columns: each block packs the whole of the other operand again. */
const MIN_BLOCK = 16;

// Note [shrinking blocks]: every thread claims blocks until none is left, so a product ends when
// the last block claimed ends; the others wait for it, half a block on average: with equal blocks,
// a few % of a product (bench/notes.md, Note [shrinking blocks]). Each block here is a share of
// what is left, 1/(2·threads) of it, so blocks shrink as the product goes on (guided
// self-scheduling): the big ones first, when nobody waits, and a last block of MIN_BLOCK rows or
// columns. A block packs the other operand again, so the smallest is not one tile.

/**
 * The blocks of out[m, n] for `threads` threads: columns when n ≥ m and `rows` is not set
 * (multiples of the micro-kernel's 8 columns), else rows (multiples of `tileRows`: the
 * micro-kernel's 6 relaxed, 5 plain; 2 for a product over op(A)'s non-zero values), each
 * 1/(2·threads) of the columns or rows not yet given out (Note [shrinking blocks]).
 *
 * @example
 * ```ts
 * planBlocks(128, 256, 2).bounds; // [0, 64, 112, 152, 184, 208, 224, 240, 256]
 * ```
 */
export function planBlocks(m: number, n: number, threads: number, tileRows = 4, rows = false, smallest = MIN_BLOCK): BlockPlan {
  const byCols = !rows && n >= m;
  return { byCols, bounds: guidedBlocks(byCols ? n : m, byCols ? 8 : tileRows, threads, smallest) };
}

/**
 * The bounds of blocks of [0, total) that shrink (Note [shrinking blocks]): each a multiple of
 * `unit`, 1/(2·threads) of what is not yet given out, at least `smallest` rounded up to the unit.
 *
 * @example
 * ```ts
 * guidedBlocks(256, 8, 2); // [0, 64, 112, 152, 184, 208, 224, 240, 256]
 * ```
 */
export function guidedBlocks(total: number, unit: number, threads: number, smallest = MIN_BLOCK): number[] {
  const least = Math.ceil(smallest / unit) * unit;
  const bounds = [0];
  for (let lo = 0; lo < total; ) {
    const share = Math.ceil((total - lo) / (2 * threads) / unit) * unit;
    // the last block takes everything left once the bounds would run out
    lo = bounds.length === MAX_BLOCKS ? total : Math.min(total, lo + Math.max(least, share));
    bounds.push(lo);
  }
  return bounds;
}

/**
 * The bounds of blocks of [0, total) of `size` each (a multiple of `unit`), the last one what is
 * left; larger blocks when there would be more than MAX_BLOCKS.
 *
 * @example
 * ```ts
 * cutBlocks(1000, 128, 128); // [0, 128, 256, 384, 512, 640, 768, 896, 1000]
 * ```
 */
export function cutBlocks(total: number, unit: number, size: number): number[] {
  const each = Math.max(size, Math.ceil(total / MAX_BLOCKS / unit) * unit, unit);
  const bounds = [0];
  for (let lo = 0; lo < total; ) bounds.push((lo = Math.min(total, lo + each)));
  return bounds;
}

/** A wait shorter than this (ms) is never a stall: waking a sleeping worker alone takes tens of µs. */
const STALL_MS = 0.1;
/** The longest back-off, in products run on the caller alone. */
const MAX_BACKOFF = 256;

/**
 * The back-off after a product on which the caller worked `ownMs` and then waited `waitedMs` for
 * the workers' last blocks: doubled (at least 4, at most 256) after a stall, a wait longer than half
 * the caller's own work, else halved. The pool runs that many products on the caller alone when it
 * grows (Note [backing off] in runner.ts).
 *
 * @example
 * ```ts
 * backoffAfter(0, 2, 5); // 4: a stall
 * backoffAfter(8, 2, 0.05); // 4: no stall
 * ```
 */
export function backoffAfter(backoff: number, ownMs: number, waitedMs: number): number {
  if (isStall(ownMs, waitedMs)) return Math.min(MAX_BACKOFF, Math.max(4, backoff * 2));
  return backoff >> 1;
}

/** Whether the caller's wait for the workers' last blocks was a stall: longer than half its own work, and than STALL_MS. */
export function isStall(ownMs: number, waitedMs: number): boolean {
  return waitedMs > ownMs / 2 && waitedMs > STALL_MS;
}

/** Worker spin, in polls of the job word, while the machine looks like ours alone / shared. */
export const LONG_SPIN = 40000;
export const SHORT_SPIN = 4000;
/** A window over which the process's CPU use is measured, and the jobs it must hold to count. */
const WINDOW_MS = 100;
const WINDOW_JOBS = 50;
/** How long a shared machine keeps the short spin before the long one is tried again. */
const REPROBE_MS = 2000;
/** Below this share of `threads` cores busy, during a window full of jobs, the machine is shared. */
const BUSY_SHARE = 0.8;

// Note [spinning workers]: between the products of a training step the caller does some work alone
// (the next batch, a bias, an activation), often longer than a short spin, so a worker that polls
// the job word 4,000 times falls asleep and must be woken (a futex call on the caller, tens of µs
// before the worker starts), as half the products of a training step did. Polling 40,000 times
// keeps it awake, which is faster alone, but on a machine shared with another busy process the
// spinning worker takes CPU the caller needs, which is slower (bench/notes.md, Note [spinning
// workers]), and nothing in the caller's waits shows it. What shows it is the process's CPU time:
// with the long spin and products coming in quick succession, a quiet machine gives the process
// all `threads` cores; a shared one about threads · threads/(threads + others). So each 100 ms
// window full of products measures it, falls back to the short spin below 80 % of `threads` cores,
// and tries the long one again 2 s later.

/**
 * Chooses the workers' spin from the process's CPU use (Note [spinning workers]). `cpuMs` reads the
 * CPU time of the whole process in ms (all threads), or is null where no clock tells it (browsers):
 * then the spin stays short.
 *
 * @example
 * ```ts
 * const p = new SpinPolicy(2, () => process.cpuUsage().user / 1000);
 * p.afterJob(performance.now()); // LONG_SPIN until a window says the machine is shared
 * ```
 */
export class SpinPolicy {
  private windowStart = -1;
  private cpuStart = 0;
  private jobs = 0;
  private probeAt = 0;
  spin: number;

  constructor(private readonly threads: number, private readonly cpuMs: (() => number) | null) {
    this.spin = cpuMs ? LONG_SPIN : SHORT_SPIN;
  }

  /** Called after each job with the wall clock (ms); returns the spin to use from now on. */
  afterJob(now: number): number {
    const cpuMs = this.cpuMs;
    if (!cpuMs) return this.spin;
    this.jobs++;
    if (this.windowStart >= 0 && now - this.windowStart < WINDOW_MS) return this.spin;
    const cpu = cpuMs();
    if (this.windowStart >= 0) {
      const elapsed = now - this.windowStart;
      if (this.spin === LONG_SPIN) {
        if (this.jobs >= WINDOW_JOBS && cpu - this.cpuStart < BUSY_SHARE * this.threads * elapsed) {
          this.spin = SHORT_SPIN;
          this.probeAt = now + REPROBE_MS;
        }
      } else if (now >= this.probeAt) {
        this.spin = LONG_SPIN;
      }
    }
    this.windowStart = now;
    this.cpuStart = cpu;
    this.jobs = 0;
    return this.spin;
  }
}

/** The most bytes a product cut along k may keep its slices' parts in (Note [depth split] in asm/depth.ts). */
export const MAX_PART_BYTES = 8 << 20;

/**
 * Whether a[k, m]ᵀ · b[k, n] of `slices` KC slices of k is cut along k (Note [depth split] in
 * asm/depth.ts) rather than into blocks of rows or columns: when every thread can claim at least
 * two slices and the parts, m·n floats a slice, take at most {@link MAX_PART_BYTES}: such products
 * were faster cut along k, larger ones the same either way (bench/notes.md, Note [depth split]).
 *
 * @example
 * ```ts
 * splitsDepth(32, 64, 40, 2); // true: a full batch of 20,000 rows, a 32-64 layer's weight gradient
 * splitsDepth(784, 256, 1, 2); // false: one slice (a batch of 128)
 * ```
 */
export function splitsDepth(m: number, n: number, slices: number, threads: number): boolean {
  return threads > 1 && slices >= 2 * threads && slices * m * n * 4 <= MAX_PART_BYTES;
}
