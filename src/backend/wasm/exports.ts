/**
 * How a product is summed (asm/sparse.ts's matmulSparse): 0 densely, 1 over op(A)'s non-zero values,
 * 2 the same with its rows paired first.
 */
export type SparseMode = 0 | 1 | 2;

/** The functions the kernel module exports (asm/index.ts); pointers are byte offsets, flags 0 or 1. */
export interface WasmExports {
  matmulBlock(out: number, a: number, b: number, m: number, k: number, n: number, transA: number, transB: number,
    scratch: number, i0: number, i1: number, j0: number, j1: number): void;
  /** Columns j0..j1, all rows, with op(A) packed once per product in `shared` (Note [shared A]). */
  matmulColumns(out: number, a: number, b: number, m: number, k: number, n: number, transA: number, transB: number,
    scratch: number, j0: number, j1: number, shared: number): void;
  matmulShareBytes(m: number, k: number): number;
  /**
   * How op(a)·b is best summed: 0 densely, 1 over op(A)'s non-zero values only (Note [zeros in A]), 2 the same with its rows
   * paired (Note [pairing rows]); b copied in panels into `panels` as it is checked when one of the two (Note [b checked as it
   * is copied]), and a product of at most 128 rows paired whole into `order` (Note [pairs made once]).
   */
  matmulSparse(a: number, b: number, m: number, k: number, n: number, transA: number, scratch: number, panels?: number, order?: number): SparseMode;
  /**
   * Rows i0..i1 of op(a)·b summed over op(A)'s non-zero values only (b not transposed), paired first when `paired` is 1;
   * `panels` a copy of b from matmulPanels, or 0; `order` the pairing matmulSparse left for all the blocks (places i0..i1), or 0.
   */
  matmulSparseRows(out: number, a: number, b: number, m: number, k: number, n: number, transA: number,
    paired: number, scratch: number, i0: number, i1: number, panels: number, order?: number): void;
  /** Whether op(a) has zeros enough for a product over its non-zero values (matmulSparse's first look; Note [the look on the threads]). */
  matmulSparseZeros(a: number, m: number, k: number, transA: number): number;
  /** 1 when rows p0..p1 of b[k, n] are all finite, copied into `panels` as they are checked when it is not 0 (Note [the look on the threads]). */
  matmulPanelsFinite(panels: number, b: number, k: number, n: number, p0: number, p1: number): number;
  /** 2 when pairing a[m, k]'s rows pays, else 1; all of them paired into `order` when not 0 and m ≤ 128 (Note [the look on the threads]). */
  matmulSparsePairs(a: number, m: number, k: number, n: number, scratch: number, order: number): SparseMode;
  /** Bytes of a copy of b[k, n] in panels for an m-row product over op(A)'s non-zero values, 0 when none is made (Note [b in panels]). */
  matmulPanelBytes(m: number, k: number, n: number): number;
  /** Copies b[k, n] into `area` in panels of 16 columns, 64 bytes a row; returns where the copy starts (Note [b in panels]). */
  matmulPanels(area: number, b: number, k: number, n: number): number;
  matmulShareBegin(shared: number, m: number, k: number): void;
  /** The KC slices of a k-deep product (Note [depth split]). */
  matmulSlices(k: number): number;
  /** Slices s0..s1 of a[k, m]ᵀ · b[k, n], slice s summed alone into parts + s·m·n floats (Note [depth split]). */
  matmulSliceParts(parts: number, a: number, b: number, m: number, k: number, n: number, scratch: number, s0: number, s1: number): void;
  /** out = the `slices` parts of `size` values each, added in order of their slices. */
  matmulSliceSum(out: number, parts: number, slices: number, size: number): void;
  matmulScratchBytes(): number;
  /** Rows r0..r1 of a convolution's window rows, laid out from the images x (asm/window.ts). */
  im2col(cols: number, x: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    oh: number, ow: number, r0: number, r1: number): void;
  /** Max pooling of images b0..b1 (asm/window.ts; the reference's bits). */
  maxPool2d(out: number, x: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    oh: number, ow: number, b0: number, b1: number): void;
  /** Its gradient for images b0..b1 (asm/window.ts; the reference's bits). */
  maxPool2dBackward(dx: number, x: number, y: number, dy: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number,
    pt: number, pl: number, oh: number, ow: number, b0: number, b1: number): void;
  /** Average pooling of images b0..b1, padding cells left out (asm/window.ts; the reference's bits). */
  avgPool2d(out: number, x: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    oh: number, ow: number, b0: number, b1: number): void;
  /** Its gradient for images b0..b1 (asm/window.ts; the reference's bits). */
  avgPool2dBackward(dx: number, dy: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number,
    pt: number, pl: number, oh: number, ow: number, b0: number, b1: number): void;
  /** Images b0..b1 of dx = the window rows dcols added back onto the cells they cover (asm/window.ts). */
  col2im(dx: number, dcols: number, h: number, w: number, c: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    oh: number, ow: number, b0: number, b1: number): void;
  /** 1 when a rows × cols block of a k-deep product is summed straight from a and b, without packing (Note [small products]). */
  matmulIsSmall(rows: number, cols: number, k: number): number;
  /** Rows of the micro-kernel's tile: 6 in the relaxed build, 5 in the plain one (Note [tile rows]). */
  matmulTileRows(): number;
  fill(out: number, value: number, size: number): void;
  /** out[i] = x[i] for i < size; overlapping ranges are copied as memmove does. */
  copy(out: number, x: number, size: number): void;
  /** out[i, ·] = x[order[i], ·] for i < rows, `cols` values a row; order holds u32 row numbers. */
  gatherRows(out: number, x: number, order: number, rows: number, cols: number): void;
  axpy(out: number, a: number, x: number, size: number): void;
  affine(out: number, x: number, size: number, a: number, b: number): void;
  binary(op: number, out: number, a: number, aMode: number, b: number, bMode: number, m: number, n: number): void;
  unary(op: number, out: number, x: number, size: number): void;
  unaryExp(op: number, out: number, x: number, size: number): void;
  unaryBackward(op: number, out: number, x: number, y: number, dy: number, size: number): void;
  reduceSum(out: number, x: number, outer: number, dim: number, inner: number): void;
  /** out[q] (+)= Σ_{d0 ≤ d < d1} x[d, q] for columns q0..q1 of x [·, inner], in order of d (Note [column sums]). */
  sumColumns(out: number, x: number, d0: number, d1: number, inner: number, q0: number, q1: number, acc: number): void;
  sumSquares(x: number, size: number): number;
  allFinite(x: number, size: number): number;
  softmax(out: number, x: number, m: number, n: number): void;
  softmaxCrossEntropy(probs: number, z: number, t: number, m: number, n: number): number;
  biasActivation(op: number, y: number, z: number, bias: number, m: number, n: number): void;
  /** biasActivation on the rows a block of places i0..i1 of matmulSparseRows summed (Note [bias in the product's blocks] in threads/pool.ts). */
  /** 1 when the rows a block of places i0..i1 of matmulSparseRows summed are all finite (Note [checks in the product's blocks] in threads/pool.ts). */
  matmulSparseFinite(z: number, m: number, n: number, paired: number, order: number, i0: number, i1: number): number;
  matmulSparseBias(op: number, y: number, z: number, bias: number, m: number, n: number, paired: number, order: number, i0: number, i1: number): void;
  biasActivationBackward(op: number, dz: number, db: number, z: number, y: number, dy: number, m: number, n: number): void;
  sgd(w: number, g: number, s1: number, size: number, lr: number, wd: number, mu: number, damp: number, first: number, nesterov: number): void;
  denseForwardMse(plan: number, layers: number, rows: number, x: number, t: number, scratch: number): number;
  denseBackward(plan: number, layers: number, rows: number, x: number, scratch: number): number;
  /** mean((y − t)²) of size values, dy = 2(y − t)/size (Note [mse rounding]). */
  mse(dy: number, y: number, t: number, size: number): number;
  adagrad(w: number, g: number, s1: number, size: number, clr: number, wd: number, eps: number): void;
  rmsprop(w: number, g: number, s1: number, s2: number, size: number, lr: number, wd: number, alpha: number, eps: number, mu: number): void;
  adam(w: number, g: number, s1: number, s2: number, size: number, lr: number, wd: number, beta1: number, beta2: number, eps: number,
    stepSize: number, bc2Sqrt: number, decoupled: number): void;
}
