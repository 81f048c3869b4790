/**
 * The workers' side of the thread pool: runBlock, which does one block of the job in the control
 * block, and workerMain, a worker's loop. Both are self-contained (they use only their arguments
 * and the globals every worker has: WebAssembly, Atomics, Math), because their text is the worker's
 * code ({@link workerSource}): they get the layout of the control block (protocol.ts) as an
 * argument. The caller runs its own blocks with the same runBlock, so a job's arguments are read
 * in one place.
 */
import { type JobKernels, LAYOUT, type Layout } from './protocol.js';

/**
 * Block `b` of the job whose kind and arguments are in the control block `w` (int32 words; `f` the
 * same words as float32), on the kernels `ex`; `scratch` is the thread's own scratch.
 */
export function runBlock(ex: JobKernels, w: Int32Array, f: Float32Array, scratch: number, b: number, L: Layout): void {
  const A = L.control.args, J = L.jobs, kind = w[L.control.kind];
  if (kind <= J.productSlices.kind) {
    // a product over op(A)'s non-zero values may first look at its operands in `look` blocks, which
    // its blocks wait for (Note [the look on the threads] in asm/sparse.ts)
    const S = J.productSparse.at, look = kind === J.productSparse.kind ? w[A + S.look] : 0;
    // look block p: a part of b's rows checked (and copied into its panels), or the rows paired; its bit set in `looked`
    const lookPart = (p: number): void => {
      const k = w[A + S.k], checks = w[A + S.transA] ? look : look - 1;
      if (p < checks) {
        const p0 = Math.floor(k * p / checks), p1 = Math.floor(k * (p + 1) / checks);
        if (!ex.matmulPanelsFinite(w[A + S.panels], w[A + S.b], k, w[A + S.n], p0, p1)) w[A + S.dense] = 1;
      } else {
        w[A + S.paired] = ex.matmulSparsePairs(w[A + S.a], w[A + S.m], k, w[A + S.n], scratch, w[A + S.order]) === 2 ? 1 : 0;
      }
      Atomics.or(w, L.control.looked, 1 << p);
    };
    if (b < look) {
      lookPart(b);
      return;
    }
    if (look > 0) {
      // a look block held by a thread that does not finish it (another process has its core) is
      // made here too, after about 0.1 ms: the same values written twice (Note [the look on the threads])
      const all = (1 << look) - 1;
      for (let s = 0; Atomics.load(w, L.control.looked) !== all; s++) {
        if (s < 10000) continue;
        for (let p = 0; p < look; p++) if ((Atomics.load(w, L.control.looked) & (1 << p)) === 0) lookPart(p);
      }
      if (w[A + S.dense] !== 0) return;
    }
    // block b − look is [lo, hi) of its rows, columns or slices of k
    const lo = w[L.control.bounds + b - look], hi = w[L.control.bounds + b - look + 1];
    if (kind === J.productRows.kind) {
      const P = J.productRows.at;
      ex.matmulBlock(w[A + P.out], w[A + P.a], w[A + P.b], w[A + P.m], w[A + P.k], w[A + P.n], w[A + P.transA], w[A + P.transB], scratch, lo, hi, 0, w[A + P.n]);
    } else if (kind === J.productColumns.kind) {
      const P = J.productColumns.at;
      ex.matmulColumns(w[A + P.out], w[A + P.a], w[A + P.b], w[A + P.m], w[A + P.k], w[A + P.n], w[A + P.transA], w[A + P.transB], scratch, lo, hi, w[A + P.shared]);
    } else if (kind === J.productSparse.kind) {
      ex.matmulSparseRows(w[A + S.out], w[A + S.a], w[A + S.b], w[A + S.m], w[A + S.k], w[A + S.n], w[A + S.transA], w[A + S.paired], scratch, lo, hi, w[A + S.panels], w[A + S.order]);
      // the layer's bias and activation on the block's rows while they are in the cache (Note [bias in the product's blocks] in pool.ts)
      // or the check that its rows are finite (Note [checks in the product's blocks] in pool.ts)
      const act = w[A + S.act];
      if (act >= 0) ex.matmulSparseBias(act, w[A + S.y], w[A + S.out], w[A + S.bias], w[A + S.m], w[A + S.n], w[A + S.paired], w[A + S.order], lo, hi);
      else if (act === -2 && !ex.matmulSparseFinite(w[A + S.out], w[A + S.m], w[A + S.n], w[A + S.paired], w[A + S.order], lo, hi)) w[A + S.infinite] = 1;
    } else {
      const P = J.productSlices.at;
      ex.matmulSliceParts(w[A + P.parts], w[A + P.a], w[A + P.b], w[A + P.m], w[A + P.k], w[A + P.n], scratch, lo, hi);
    }
    return;
  }
  if (kind === J.adam.kind) {
    // parameters lo..lo + size of the update
    const P = J.adam.at, block = w[A + P.block], lo = b * block, at = 4 * lo;
    const size = Math.min(w[A + P.size], lo + block) - lo;
    ex.adam(w[A + P.w] + at, w[A + P.g] + at, w[A + P.s1] + at, w[A + P.s2] + at, size, f[A + P.lr], f[A + P.wd], f[A + P.beta1], f[A + P.beta2],
      f[A + P.eps], f[A + P.stepSize], f[A + P.bc2Sqrt], w[A + P.decoupled]);
    return;
  }
  if (kind === J.sumColumns.kind) {
    // columns lo..hi
    const P = J.sumColumns.at, block = w[A + P.block], n = w[A + P.n], lo = b * block;
    ex.sumColumns(w[A + P.out], w[A + P.x], 0, w[A + P.rows], n, lo, Math.min(n, lo + block), 0);
    return;
  }
  if (kind === J.im2col.kind || kind === J.col2im.kind) {
    // rows (im2col) or images (col2im) lo..hi of a convolution's window rows
    const P = J.im2col.at, block = w[A + P.block], lo = b * block, hi = Math.min(w[A + P.rows], lo + block);
    (kind === J.im2col.kind ? ex.im2col : ex.col2im)(w[A + P.out], w[A + P.x], w[A + P.h], w[A + P.w], w[A + P.c], w[A + P.kh], w[A + P.kw],
      w[A + P.sh], w[A + P.sw], w[A + P.pt], w[A + P.pl], w[A + P.oh], w[A + P.ow], lo, hi);
    return;
  }
  // a row-wise job: block b is rows lo..lo + rows
  const P = kind === J.biasActivation.kind ? J.biasActivation.at : kind === J.softmax.kind ? J.softmax.at
    : kind === J.unaryBackward.kind ? J.unaryBackward.at : J.gatherRows.at;
  const block = w[A + P.block], n = w[A + P.n], lo = b * block;
  const rows = Math.min(w[A + P.rows], lo + block) - lo, at = 4 * lo * n;
  if (kind === J.biasActivation.kind) {
    const B = J.biasActivation.at;
    ex.biasActivation(w[A + B.code], w[A + B.out] + at, w[A + B.x] + at, w[A + B.bias], rows, n);
  } else if (kind === J.softmax.kind) {
    const S = J.softmax.at;
    ex.softmax(w[A + S.out] + at, w[A + S.x] + at, rows, n);
  } else if (kind === J.unaryBackward.kind) {
    const U = J.unaryBackward.at;
    ex.unaryBackward(w[A + U.code], w[A + U.out] + at, w[A + U.x] + at, w[A + U.y] + at, w[A + U.dy] + at, rows * n);
  } else {
    const G = J.gatherRows.at;
    ex.gatherRows(w[A + G.out] + at, w[A + G.x], w[A + G.order] + 4 * lo, rows, n);
  }
}

/**
 * A worker's life: instantiate the kernel module on the shared memory, then wait for a job, claim
 * its blocks until none is left (Note [work sharing] in protocol.ts), and wait again, until the
 * generation word says −1. `index` is the worker's thread number (1 and up; the caller is 0).
 */
export function workerMain(module: WebAssembly.Module, memory: WebAssembly.Memory, ctl: number, index: number, L: Layout, run: typeof runBlock): void {
  const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as JobKernels;
  const C = L.control;
  const w = new Int32Array(memory.buffer, ctl, C.words);
  const f = new Float32Array(memory.buffer, ctl, C.words);
  const scratch = w[C.scratch + index];
  const GEN = C.gen, NEXT = C.next, DONE = C.done, SLEEPERS = C.sleepers;
  let gen = 0;
  for (;;) {
    const spin = w[C.spin];
    for (let s = 0; s < spin && Atomics.load(w, GEN) === gen; s++);
    Atomics.add(w, SLEEPERS, 1);
    Atomics.wait(w, GEN, gen);
    Atomics.sub(w, SLEEPERS, 1);
    gen = Atomics.load(w, GEN);
    if (gen < 0) break;
    for (;;) {
      const v = Atomics.load(w, NEXT);
      const count = v >>> 16, b = v & 0xffff;
      if (b >= count) break;
      if (Atomics.compareExchange(w, NEXT, v, v + 1) !== v) continue;
      run(ex, w, f, scratch, b, L);
      w[C.blocksBy + index]++;
      if (Atomics.add(w, DONE, 1) + 1 === count) Atomics.notify(w, DONE);
    }
  }
}

/**
 * A worker's code, given `module`, `memory`, `ctl` and `index` by the code before it (spawn.ts
 * binds them for Node's worker_threads or a Web Worker): workerMain called with the layout and
 * runBlock.
 */
export function workerCall(): string {
  return `(${workerMain.toString()})(module, memory, ctl, index, ${JSON.stringify(LAYOUT)}, (${runBlock.toString()}));`;
}
