/**
 * How a matrix product is shared on this machine: the ways of cutting it among the threads (or of
 * leaving it to the caller), tried on the first products of each shape and the fastest kept (Note
 * [splits per machine]).
 */
import { type BlockPlan, cutBlocks, guidedBlocks, planBlocks } from './blocks.js';

// Note [splits per machine]: how a product is best shared depends on the machine as much as on
// its shape: how long a worker takes to see a job and claim a block (the cores sharing a cache or
// not, a hypervisor), what each block's packing of the other operand costs against the size of the
// caches, how much a product over non-zero values gains from pairing its rows in whole chunks
// (Note [pairing rows] in asm/sparse-pairs.ts), whether a small product is worth waking a worker
// at all. A rule tuned on one CPU is a guess on the next. So the pool tries each way a product's
// shape allows on the first products of that shape, in turn, and keeps the fastest (bench/notes.md,
// Note [splits per machine]): a network's products come in a few shapes, each repeated every step
// or batch. Every way computes each value of out on one thread, with the same chain of
// multiply-adds over the same KC slices of k (blocks cut rows or columns, never k), so the choice
// changes the time, never the bits (tested for every way against the order written out in float32).

/** The ways a product may be shared (Note [splits per machine]). */
export const SPLITS = ['guided', 'turned', 'even', 'chunks', 'alone'] as const;
/** One way of sharing a product: `guided` blocks that shrink (Note [shrinking blocks] in blocks.ts); `turned` the same across the other dimension; `even` 2 equal blocks per thread; `chunks` rows in shrinking blocks of whole CHUNK_ROWS; `alone` on the caller. */
export type SplitName = (typeof SPLITS)[number];

/** A way of sharing a product: its blocks, or null when the caller computes it alone. */
export interface Split {
  readonly name: SplitName;
  readonly plan: BlockPlan | null;
}

/**
 * Rows of the `chunks` way's blocks (a multiple of them): a block pairs its rows a chunk of up to
 * 128 at a time (asm/tiles.ts's PAIR_CHUNK), and the `guided` way's blocks of a few rows pair few;
 * chunks of 64 rows pair almost as well as chunks of 128 (Note [pairing rows] in
 * asm/sparse-pairs.ts), and end a product with a shorter wait for the last block.
 */
export const CHUNK_ROWS = 64;
/** Columns of the micro-kernel's tile: a block of columns is a multiple of it. */
const TILE_COLUMNS = 8;
/**
 * Multiply-adds from which the caller alone is not tried: a product this large takes a thread
 * about half a millisecond or more, where the workers' start costs microseconds, and a trial alone
 * would cost a one-off product (a W5) up to twice its time. A machine too busy for the workers is
 * the starvation guard's to find (Note [starved workers] in starved.ts).
 */
export const ALONE_MAX_WORK = 1 << 24;

/**
 * The ways out[m, n] = op(A)[m, k]·op(B)[k, n] may be shared by `threads` threads (Note [splits per machine]), the pool's
 * usual plan first: for a dense product, blocks of rows (multiples of `tileRows`) or columns that
 * shrink, the same across the other dimension, 2 equal blocks a thread, the caller alone; for a
 * product over op(A)'s non-zero values (`sparse`), blocks of an even number of rows that shrink,
 * blocks of whole CHUNK_ROWS rows that shrink, the caller alone (below ALONE_MAX_WORK multiply-adds).
 * Ways whose blocks would be the same as an earlier way's, or one block, are left out; the usual
 * plan never is.
 *
 * @example
 * ```ts
 * splitCandidates(1000, 256, 128, 2, 5, true).map((s) => s.name); // ['guided', 'chunks', 'alone']
 * ```
 */
export function splitCandidates(m: number, k: number, n: number, threads: number, tileRows: number, sparse: boolean): Split[] {
  const out: Split[] = [];
  const add = (name: SplitName, plan: BlockPlan | null): void => {
    // the usual plan always; another way only when its blocks differ, and not as one block (the
    // caller alone with the cost of a job)
    if (out.length > 0 && plan && (plan.bounds.length < 3 || out.some((s) => s.plan && s.plan.byCols === plan.byCols && sameBounds(s.plan.bounds, plan.bounds)))) return;
    out.push({ name, plan });
  };
  if (sparse) {
    add('guided', planBlocks(m, n, threads, 2, true));
    if (m >= 4 * CHUNK_ROWS) add('chunks', { byCols: false, bounds: guidedBlocks(m, CHUNK_ROWS, threads, CHUNK_ROWS) });
  } else {
    const guided = planBlocks(m, n, threads, tileRows);
    add('guided', guided);
    add('turned', guided.byCols ? planBlocks(m, n, threads, tileRows, true) : { byCols: true, bounds: guidedBlocks(n, TILE_COLUMNS, threads) });
    const unit = guided.byCols ? TILE_COLUMNS : tileRows;
    const total = guided.byCols ? n : m;
    add('even', { byCols: guided.byCols, bounds: cutBlocks(total, unit, Math.ceil(total / (2 * threads) / unit) * unit) });
  }
  if (m * k * n < ALONE_MAX_WORK) add('alone', null);
  return out;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Products of a shape run before the first timed one (first use: caches, the shared area, V8's tiers). */
const WARM = 1;
/** Timed products per way: each way's fastest counts (a product slowed by another process is not the way's fault). */
const ROUNDS = 3;
/** Another way is kept only when it is faster than the usual plan by more than this share. */
const MARGIN = 0.03;
/** Products of a shape after which the ways are tried again (the machine's load changes), doubling up to MAX_RETRY. */
const FIRST_RETRY = 512;
const MAX_RETRY = 1 << 16;

/** A shape's trials: each way's fastest time so far, and the way chosen (−1 while trying). */
interface Trials {
  readonly splits: readonly Split[];
  readonly best: number[];
  runs: number;
  chosen: number;
  /** Products left until the ways are tried again, and the next such interval. */
  left: number;
  retry: number;
}

/** The way a product is shared this time, and whether to time it for its shape (SplitTuner.record). */
export interface SplitTrial {
  readonly split: Split;
  readonly timed: boolean;
}

/** The most shapes kept: predictions of many sizes start again rather than grow without bound. */
const MAX_SHAPES = 64;

/**
 * Chooses, per product shape, the fastest way of sharing it among the threads (Note [splits per
 * machine]): the first WARM products of a shape run the usual plan, the next ROUNDS rounds run each
 * way in turn, timed; then the fastest way is kept (the usual plan unless another beat it by more
 * than 3 %), and tried against the others again after 512, 1024, ... products.
 *
 * @example
 * ```ts
 * const t = new SplitTuner();
 * const trial = t.next('1000,784,256', () => splitCandidates(1000, 784, 256, 2, 5, true));
 * // run the product as trial.split says, then: if (trial.timed) t.record('1000,784,256', ms)
 * ```
 */
export class SplitTuner {
  private readonly shapes = new Map<string, Trials>();
  private forced: SplitName | null = null;

  /** Every product from now on shared as `name` where its shape allows it (the usual plan where not); null: choose again. For tests and measurements. */
  force(name: SplitName | null): void {
    this.forced = name;
  }

  /** The way to run the next product of shape `key`; `ways` lists the shape's ways the first time. */
  next(key: string, ways: () => Split[]): SplitTrial {
    let t = this.shapes.get(key);
    if (!t) {
      if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
      const splits = ways();
      t = { splits, best: splits.map(() => Infinity), runs: 0, chosen: -1, left: FIRST_RETRY, retry: FIRST_RETRY };
      this.shapes.set(key, t);
    }
    if (this.forced) return { split: t.splits.find((s) => s.name === this.forced) ?? t.splits[0], timed: false };
    if (t.chosen >= 0) {
      if (--t.left > 0 || t.splits.length === 1) return { split: t.splits[t.chosen], timed: false };
      // try the ways again: the machine's load may have changed since
      t.retry = Math.min(MAX_RETRY, 2 * t.retry);
      t.left = t.retry;
      t.best.fill(Infinity);
      t.runs = WARM;
      t.chosen = -1;
    }
    const r = t.runs - WARM;
    if (r < 0 || t.splits.length === 1) {
      t.runs++;
      if (t.splits.length === 1) t.chosen = 0;
      return { split: t.splits[0], timed: false };
    }
    return { split: t.splits[r % t.splits.length], timed: true };
  }

  /** How long (ms) the timed product of shape `key` took, as SplitTuner.next gave it. */
  record(key: string, ms: number): void {
    const t = this.shapes.get(key);
    if (!t || t.chosen >= 0) return;
    const i = (t.runs - WARM) % t.splits.length;
    t.best[i] = Math.min(t.best[i], ms);
    t.runs++;
    if (t.runs - WARM < ROUNDS * t.splits.length) return;
    let chosen = 0;
    for (let w = 1; w < t.splits.length; w++) if (t.best[w] < t.best[chosen] && t.best[w] < t.best[0] * (1 - MARGIN)) chosen = w;
    t.chosen = chosen;
  }

  /** The way chosen for each shape so far (shapes still being tried are left out). */
  chosen(): Record<string, SplitName> {
    const out: Record<string, SplitName> = {};
    for (const [key, t] of this.shapes) if (t.chosen >= 0) out[key] = t.splits[t.chosen].name;
    return out;
  }
}
