/**
 * What the thread pool (pool.ts) and its workers (worker.ts) share: the words of the control block
 * in the shared heap, and each job's argument words, described once here. The caller writes a
 * job's arguments by name ({@link writeJob}); the workers, and the caller for its own blocks, read
 * them by the same names through one function (worker.ts's runBlock), which gets this layout as
 * data: a worker's code is the text of self-contained functions, so it can import nothing.
 */
import type { WasmExports } from '../wasm/exports.js';
import { MAX_BLOCKS } from './blocks.js';

// Note [thread control block]: word `gen` is the job generation (a worker sleeps on it; −1 tells
// it to exit), `next` the claim word (Note [work sharing]), `done` the number of finished blocks,
// `sleepers` the number of workers asleep on `gen`, `spin` how long a worker polls `gen` before
// it sleeps (Note [spinning workers] in blocks.ts), `looked` a bit for each of a product's look
// blocks done (Note [the look on the threads] in asm/sparse.ts), `kind` the job (JOBS), words `args`.. its
// arguments (float ones stored as float32 bits), words `scratch` + w worker w's scratch,
// `blocksBy` + w how many blocks worker w has done, and `bounds`.. a product's block bounds (Note
// [shrinking blocks] in blocks.ts). Waking a sleeping thread is a system call on the caller, so
// it calls Atomics.notify only when `sleepers` says someone sleeps: a worker counts itself in
// before it checks `gen` and sleeps, the caller stores `gen` before it reads `sleepers`, and with
// sequentially consistent atomics one of the two sees the other's store.

// Note [work sharing]: a product is cut into more blocks than threads, and every thread, the caller
// included, claims the next block until none is left. A thread that another process keeps off its
// core then costs only the block it holds, not a fixed share of the product, and the caller never
// waits for a worker that has not started: it takes the blocks itself. `next` packs the block
// count (high 16 bits) and the next block (low 16 bits) in one word, so a claim is one
// compare-and-swap; a worker holding a stale value cannot claim, because the word it compares has
// changed, and the arguments it reads after a successful claim cannot change before that block is
// done, because the caller waits for every block before it starts another job.

const SCRATCH = 32;
const BLOCKS_BY = SCRATCH + 64;
const BOUNDS = BLOCKS_BY + 64;

/** The words of the control block (Note [thread control block]); `words` is its size. */
export const CONTROL = {
  gen: 0, next: 1, done: 2, sleepers: 3, kind: 4, args: 5, spin: 30, looked: 31,
  scratch: SCRATCH, blocksBy: BLOCKS_BY, bounds: BOUNDS, words: BOUNDS + MAX_BLOCKS + 1,
} as const;

/** The most threads a pool may have: the control block has a scratch word and a count for each. */
export const MAX_THREADS = BLOCKS_BY - SCRATCH;

/** A job: its number in the kind word, and the word of each argument, counted from `CONTROL.args`. */
export interface Job<Name extends string> {
  readonly kind: number;
  readonly at: { readonly [K in Name]: number };
  /** The arguments in the order of their words. */
  readonly names: readonly Name[];
  /** How many of them, from the first, are int32; the rest are stored as float32 bits. */
  readonly ints: number;
}

function job<const I extends readonly string[], const F extends readonly string[] = readonly []>(kind: number, ints: I, floats?: F): Job<I[number] | F[number]> {
  const names: (I[number] | F[number])[] = [...ints, ...(floats ?? [])];
  if (names.length > CONTROL.spin - CONTROL.args) throw new Error(`thread job ${kind}: ${names.length} arguments do not fit the control block`);
  return { kind, at: Object.fromEntries(names.map((name, i) => [name, i])) as Job<I[number] | F[number]>['at'], names, ints: ints.length };
}

/** A window job's arguments: its output and input, the window (src/backend/window.ts), and its rows or images in blocks. */
const WINDOW_ARGS = ['out', 'x', 'h', 'w', 'c', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow', 'rows', 'block'] as const;

/**
 * Every job, with its arguments in the order of their words. The products come first (kinds 0 to
 * 3: runBlock tells them apart from the rest by that) and are split by the block bounds in
 * `CONTROL.bounds` (rows, columns, rows over op(A)'s non-zero values, or KC slices of k); the others
 * in blocks of `block` parameters, rows or columns.
 */
export const JOBS = {
  /** Rows lo..hi of out = op(a)·op(b) (asm/matmul.ts's matmulBlock). */
  productRows: job(0, ['out', 'a', 'b', 'm', 'k', 'n', 'transA', 'transB']),
  /** Columns lo..hi, op(A) packed once in `shared` (matmulColumns; Note [shared A] in asm/pack.ts). */
  productColumns: job(1, ['out', 'a', 'b', 'm', 'k', 'n', 'transA', 'transB', 'shared']),
  /**
   * Rows lo..hi summed over op(A)'s non-zero values, b read from `panels` and the rows paired by `order` when not 0
   * (matmulSparseRows; Notes [zeros in A], [b in panels], [pairs made once] in asm/sparse.ts). With `look` > 0 the
   * first `look` blocks check b (copying it into `panels`) in parts of its rows and, when A is not transposed, the
   * last of them pairs the rows and writes `paired`; a look finding b not finite writes `dense` 1 and the product's
   * blocks do nothing (Note [the look on the threads] in asm/sparse.ts). With `act` ≥ 0 each block then adds `bias` to
   * its rows of out and writes activation `act` of them into y's (Note [bias in the product's blocks] in pool.ts); with `act`
   * −2 it checks its rows of out and writes `infinite` 1 when one is not finite (Note [checks in the product's blocks]).
   */
  productSparse: job(2, ['out', 'a', 'b', 'm', 'k', 'n', 'transA', 'paired', 'panels', 'order', 'look', 'dense', 'act', 'y', 'bias', 'infinite']),
  /** KC slices lo..hi of aᵀ·b, each into its part of `parts` (matmulSliceParts; Note [depth split] in asm/depth.ts). */
  productSlices: job(3, ['parts', 'a', 'b', 'm', 'k', 'n']),
  /** An Adam update of `size` parameters (asm/update.ts's adam). */
  adam: job(4, ['w', 'g', 's1', 's2', 'size', 'decoupled', 'block'], ['lr', 'wd', 'beta1', 'beta2', 'eps', 'stepSize', 'bc2Sqrt']),
  /** A layer's bias and activation on x[rows, n] (asm/bias.ts's biasActivation). */
  biasActivation: job(5, ['code', 'out', 'x', 'bias', 'rows', 'n', 'block']),
  /** Softmax of each row of x[rows, n] (asm/softmax.ts). */
  softmax: job(6, ['out', 'x', 'rows', 'n', 'block']),
  /** An activation's backward on [rows, n] (asm/elementwise.ts's unaryBackward). */
  unaryBackward: job(7, ['code', 'out', 'x', 'y', 'dy', 'rows', 'n', 'block']),
  /** Column sums of x[rows, n], in blocks of columns (asm/elementwise.ts's sumColumns). */
  sumColumns: job(8, ['out', 'x', 'rows', 'n', 'block']),
  /** out[i, ·] = x[order[i], ·] for `rows` rows of n values (asm/elementwise.ts's gatherRows). */
  gatherRows: job(9, ['out', 'x', 'order', 'rows', 'n', 'block']),
  /** Rows of a convolution's window rows `out` laid out from the images `x` (asm/window.ts's im2col), in blocks of `block` rows. */
  im2col: job(10, WINDOW_ARGS),
  /** Images of `out` = window rows `x` added back onto the cells they cover (asm/window.ts's col2im), in blocks of `block` images. */
  col2im: job(11, WINDOW_ARGS),
} as const;

/** What the workers are given: the control block's words and the jobs. */
export const LAYOUT = { control: CONTROL, jobs: JOBS } as const;
/** The type of {@link LAYOUT}. */
export type Layout = typeof LAYOUT;

/** The exports of the kernel module that the jobs run. */
export type JobKernels = Pick<WasmExports, 'matmulBlock' | 'matmulColumns' | 'matmulSparseRows' | 'matmulPanelsFinite' | 'matmulSparsePairs' | 'matmulSparseBias' | 'matmulSparseFinite' | 'matmulSliceParts' | 'adam'
  | 'biasActivation' | 'softmax' | 'unaryBackward' | 'sumColumns' | 'gatherRows' | 'im2col' | 'col2im'>;

/**
 * Writes a job's kind and arguments, by name, into the control block (`f32` is a float view of the
 * same words). A job is published per product, so this is an index loop over the names (a for-in
 * and `args` made by a spread cost ten times as much: bench/notes.md, writeJob).
 */
export function writeJob<Name extends string>(ctl: Int32Array, f32: Float32Array, j: Job<Name>, args: { readonly [K in Name]: number }): void {
  ctl[CONTROL.kind] = j.kind;
  const names = j.names;
  for (let i = 0; i < names.length; i++) {
    const value = args[names[i] as Name];
    if (i < j.ints) ctl[CONTROL.args + i] = value;
    else f32[CONTROL.args + i] = value;
  }
}
