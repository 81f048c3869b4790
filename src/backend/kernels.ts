/**
 * The kernel interface: the complete list of computations a backend provides. Layers, autodiff and
 * the training loop reach arithmetic only through this list, so a faster kernel set (WebAssembly
 * SIMD, worker threads, WebGPU) replaces the reference TypeScript one by implementing it, and
 * nothing else changes.
 *
 * Conventions (gl-matrix's): every kernel takes `out` first, writes it, and returns it; the caller
 * owns the memory, so the training loop reuses buffers. `out` may alias an input wherever the
 * element-wise nature of a kernel allows it (noted per kernel). Kernels see typed arrays and
 * sizes, never Tensors.
 */
import { ELEMENTWISE_ACTIVATIONS, type ElementwiseActivation } from './activations.js';
import type { WindowKernels } from './window.js';

export type { ConvWindow, Window2d, WindowKernels } from './window.js';

/** A tensor's storage: float32 for training and inference, float64 for exact checks. */
export type Data = Float32Array | Float64Array;

/** The element-wise functions of one argument that are not activations. */
export const MATH_OPS = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'square'] as const;
/** The name of an element-wise function of one argument: a math op or an element-wise activation. */
export type UnaryOp = (typeof MATH_OPS)[number] | ElementwiseActivation;
/**
 * Element-wise functions of one argument: the math ops, then the activations of the activation
 * table (backend/activations.ts). Their derivatives live in one table (js/derivatives.ts).
 */
export const UNARY_OPS: readonly UnaryOp[] = [...MATH_OPS, ...ELEMENTWISE_ACTIVATIONS];

/** Element-wise functions of two arguments. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow'] as const;
/** The name of an element-wise function of two arguments. */
export type BinaryOp = (typeof BINARY_OPS)[number];

/**
 * How an operand of a binary kernel maps onto the output viewed as `[m, n]`:
 * `full` (index i), `row` (a row of n, repeated over m), `col` (a column of m, repeated over n),
 * `scalar` (one value).
 */
export type Broadcast = 'full' | 'row' | 'col' | 'scalar';

/** Reductions over one axis of a tensor viewed as `[outer, dim, inner]`. */
export type ReduceOp = 'sum' | 'max';

/** What every optimizer update is given, resolved by the optimizer class for this step. */
export interface UpdateBase {
  /** Learning rate for this step. */
  readonly lr: number;
  /** L2 weight decay λ (adds λ·w to the gradient, or shrinks w for AdamW); 0 for biases. */
  readonly weightDecay: number;
  /** Step number, 1-based (SGD's first buffer, Adam's bias correction, Adagrad's lr decay). */
  readonly step: number;
}

/**
 * SGD (torch.optim.SGD): d = g + λw; with momentum μ, buf = μ·buf + (1 − dampening)·d (buf = d
 * at step 1) and d = nesterov ? d + μ·buf : buf; w −= lr·d.
 */
export interface SgdUpdate extends UpdateBase {
  readonly rule: 'sgd';
  /** Momentum μ (0: plain SGD, no state). */
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
}

/** Adagrad (torch.optim.Adagrad): d = g + λw; sum += d²; w −= lr / (1 + (t − 1)·lrDecay) · d / (√sum + ε). */
export interface AdagradUpdate extends UpdateBase {
  readonly rule: 'adagrad';
  readonly lrDecay: number;
  readonly eps: number;
}

/**
 * RMSprop (torch.optim.RMSprop): d = g + λw; sq = α·sq + (1 − α)·d²; avg = √sq + ε; with momentum
 * μ > 0, buf = μ·buf + d / avg and w −= lr·buf, else w −= lr·d / avg.
 */
export interface RmspropUpdate extends UpdateBase {
  readonly rule: 'rmsprop';
  /** Smoothing α of the average of squares. */
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
}

/**
 * Adam (torch.optim.Adam), or AdamW when `decoupled` (torch.optim.AdamW: w first shrunk by 1 − lr·λ
 * instead of λw added to the gradient): m = β1·m + (1 − β1)·d; v = β2·v + (1 − β2)·d²;
 * w −= lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
 */
export interface AdamUpdate extends UpdateBase {
  readonly rule: 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly decoupled: boolean;
}

/**
 * The hyperparameters of one optimizer update, by rule: each rule's own, by name. The optimizer
 * class resolves them (defaults, checks); the backend's update kernel applies them.
 *
 * @example
 * ```ts
 * const w = Float32Array.of(1, 2), g = Float32Array.of(0.5, -1), buf = new Float32Array(2);
 * const p: UpdateParams = { rule: 'sgd', lr: 0.1, weightDecay: 0, step: 1, momentum: 0.9, dampening: 0, nesterov: false };
 * jsBackend.kernels.update(w, g, buf, new Float32Array(0), p); // w = [0.95, 2.1], buf = g
 * ```
 */
export type UpdateParams = SgdUpdate | AdagradUpdate | RmspropUpdate | AdamUpdate;

/** The update rules, named as in PyTorch's torch.optim. */
export type UpdateRule = UpdateParams['rule'];

/** The complete list of kernels a backend implements (the window kernels of convolution and pooling in window.ts). */
export interface Kernels extends WindowKernels {
  /** `out[i] = value`. */
  fill(out: Data, value: number): Data;
  /** `out[i] = x[i]` (out and x the same length). */
  copy(out: Data, x: Data): Data;
  /**
   * The rows of a batch: `out[i, ·] = x[order[start + i], ·]` for i < rows, `cols` values a row
   * (out does not alias x).
   */
  gatherRows(out: Float32Array, x: Float32Array, order: Uint32Array, start: number, rows: number, cols: number): Float32Array;
  /** `out[i] = x[i] * a + b`; out may alias x. */
  affine(out: Data, x: Data, a: number, b: number): Data;
  /** `out[i] += a * x[i]` (axpy); used to accumulate gradients. */
  axpy(out: Data, a: number, x: Data): Data;
  /**
   * Matrix product `out[m, n] = op(a) · op(b)`, where op(a) is `[m, k]` and op(b) is `[k, n]`;
   * `transA` means a is stored `[k, m]`, `transB` that b is stored `[n, k]`. The three forms of
   * a dense layer are x·W, dY·Wᵀ and Xᵀ·dY. out must not alias a or b.
   */
  matmul(out: Data, a: Data, b: Data, m: number, k: number, n: number, transA: boolean, transB: boolean): Data;
  /**
   * Optional: {@link Kernels.matmul}, then whether every value of out is finite ({@link Kernels.allFinite}).
   * A set with threads checks each block of the product as it is done (Note [checks in the
   * product's blocks] in threads/pool.ts); without it the training step makes the two calls.
   */
  matmulFinite?(out: Data, a: Data, b: Data, m: number, k: number, n: number, transA: boolean, transB: boolean): boolean;
  /** `out[i] = f(x[i])`; out may alias x. */
  unary(op: UnaryOp, out: Data, x: Data): Data;
  /**
   * `out[i] = f'(x[i]) · dy[i]`, given the input x and the output y = f(x) (each derivative uses
   * whichever is cheaper and more accurate); out may alias dy.
   */
  unaryBackward(op: UnaryOp, out: Data, x: Data, y: Data, dy: Data): Data;
  /** `out[i, j] = a[.] ∘ b[.]` over an `[m, n]` output, each operand read as its {@link Broadcast} says; out may alias a full operand. */
  binary(op: BinaryOp, out: Data, a: Data, aMode: Broadcast, b: Data, bMode: Broadcast, m: number, n: number): Data;
  /** Reduces x viewed as `[outer, dim, inner]` over its middle axis into out `[outer, inner]`. */
  reduce(op: ReduceOp, out: Data, x: Data, outer: number, dim: number, inner: number): Data;
  /**
   * A dense layer's bias and activation in one call: z[i, j] += bias[j] over z `[m, n]`, then
   * y = f(z) (y may be z). Gives the values of binary('add', z, z, 'full', bias, 'row') then unary(f, y, z).
   */
  biasActivation(f: UnaryOp, y: Data, z: Data, bias: Data, m: number, n: number): Data;
  /**
   * Optional: a dense layer's forward in one call, z = x·w (x `[m, k]`, w `[k, n]`, z `[m, n]`), then
   * {@link Kernels.biasActivation}(f, y, z, bias, m, n); the values of the two calls. A set with
   * threads applies the bias and activation to each block of the product as it is done (Note [bias
   * in the product's blocks] in threads/pool.ts); without it a layer makes the two calls.
   */
  matmulBiasActivation?(f: UnaryOp, y: Data, z: Data, x: Data, w: Data, bias: Data, m: number, k: number, n: number): Data;
  /**
   * Its backward: dz = f'(z, y)·dy (dz may be dy) and db[j] = Σ_i dz[i, j] (overwritten). Gives the
   * values of unaryBackward then reduce('sum', db, dz, 1, m, n). Returns dz.
   */
  biasActivationBackward(f: UnaryOp, dz: Data, db: Data, z: Data, y: Data, dy: Data, m: number, n: number): Data;
  /**
   * Gradient of a reduction: spreads dy `[outer, inner]` back over `[outer, dim, inner]`.
   * For `sum` every element gets dy; for `max` only the first maximum (found by comparing x with y).
   */
  reduceBackward(op: ReduceOp, out: Data, x: Data, y: Data, dy: Data, outer: number, dim: number, inner: number): Data;
  /** Softmax over the last axis of x `[m, n]`, stably (Note [stable softmax]); out may alias x. */
  softmax(out: Data, x: Data, m: number, n: number): Data;
  /** Gradient of softmax: `dx = y ∘ (dy − Σ dy·y)` row by row; out may alias dy. */
  softmaxBackward(out: Data, y: Data, dy: Data, m: number, n: number): Data;
  /**
   * Softmax cross-entropy from logits z `[m, n]` and targets t `[m, n]` (rows of probabilities):
   * writes the probabilities into `probs` and returns the mean over rows of −Σ t·log p, computed
   * from log-sum-exp so that it never takes the log of 0.
   */
  softmaxCrossEntropy(probs: Data, z: Data, t: Data, m: number, n: number): number;
  /**
   * Binary cross-entropy from logits z and targets t (same size): writes sigmoid(z) into `probs`
   * and returns the mean of max(z, 0) − z·t + log(1 + e^−|z|) over all elements.
   */
  sigmoidCrossEntropy(probs: Data, z: Data, t: Data): number;
  /**
   * Mean squared error of y against t (same size) and its gradient: writes dy = 2(y − t)/size and
   * returns mean((y − t)²), for float32 data rounded where a chain of float32 ops would round
   * (Note [mse rounding]); the one definition every path of training uses.
   */
  mse(dy: Data, y: Data, t: Data): number;
  /** Σ x[i]² (for gradient norms). */
  sumSquares(x: Data): number;
  /** Whether every x[i] is finite (no NaN, no ±∞): the training loop's divergence check on gradients. */
  allFinite(x: Data): boolean;
  /**
   * One optimizer update of the parameter w from its gradient g, with per-parameter state
   * s1 and s2 (momentum / first moment or Adagrad's sum, second moment or RMSprop's average), in
   * place, by the rule and hyperparameters in `p`. PyTorch's rules exactly.
   */
  update(w: Data, g: Data, s1: Data, s2: Data, p: UpdateParams): void;
}

// Note [mse rounding]: mse as the ops would compute it, mean(square(sub(y, t))), in float32 tensors:
// d = y − t and d² each rounded to float32, their sum the reference reduction's (float64, then
// rounded), the mean a multiplication by 1/size, rounded; backward, dL/dy = 2d·g with
// g = float32(1/size), rounded once. Every mse kernel rounds at these places (for float64 data, at
// none), so the weights come out bit for bit the same whichever path computed the loss.

/** One dense layer's buffers as a backend's fused training step sees them (float32, in its memory). */
export interface DenseStepLayer {
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly weightsGrad: Float32Array;
  readonly biasGrad: Float32Array;
  /** Pre-activation, output, and their gradients, each `[rows, units]`. */
  readonly z: Float32Array;
  readonly y: Float32Array;
  readonly dz: Float32Array;
  readonly dy: Float32Array;
  readonly inputs: number;
  readonly units: number;
  readonly activation: string;
}

/** A fused step's plan for one stack of layers at one batch size (what it holds is the backend's). */
export interface DenseStepPlan {
  readonly rows: number;
}

/**
 * A backend's own whole training step for a stack of dense layers with the mse loss, for networks
 * where crossing into its kernels a dozen times a layer costs more than the arithmetic. It must
 * give the bits of the same step through the kernels (src/train/dense-step.ts).
 */
export interface DenseStack {
  /** A plan for these layers at `rows` rows, or null when this backend cannot run them fused. */
  plan(layers: readonly DenseStepLayer[], rows: number): DenseStepPlan | null;
  /** Whether a batch buffer is one the fused step can read (in the backend's memory). */
  holds(x: Float32Array): boolean;
  /** Forward pass and mse loss of x `[rows, inputs]` against t; leaves the output layer's dz. */
  forwardMse(plan: DenseStepPlan, x: Float32Array, t: Float32Array): number;
  /** Backward pass after forwardMse: writes every weight and bias gradient; whether all are finite. */
  backward(plan: DenseStepPlan, x: Float32Array): boolean;
}

/** A backend: a named kernel set. */
export interface Backend {
  /** Short name shown to users, e.g. `js`. */
  readonly name: string;
  /** Its kernels. */
  readonly kernels: Kernels;
  /**
   * Optional allocator for float32 buffers, for a backend whose kernels want tensors in memory
   * of their own (a WebAssembly heap); without it buffers are plain Float32Arrays.
   */
  allocate?(size: number): Float32Array;
  /**
   * Optional: zero-filled float32 buffers of the given sizes, laid end to end in one block (so that
   * a kernel can treat them as one array, Note [flat parameters] in optim/flat.ts).
   */
  allocateParts?(sizes: readonly number[]): Float32Array[];
  /**
   * Optional, for a backend with worker threads: runs `task` on the calling thread at the start of
   * the next job the workers share, so that they take over the caller's part of it meanwhile
   * (Note [work beside the workers] in threads/runner.ts). Call {@link Backend.settle} before using
   * what the task makes.
   */
  beside?(task: () => void): void;
  /** Runs `task` now if it was given to {@link Backend.beside} and has not run yet. */
  settle?(task: () => void): void;
  /**
   * Optional: the backend's fused training step for small dense stacks with the mse loss, which the
   * training loop uses when a network fits it (train/dense-step.ts).
   */
  readonly dense?: DenseStack;
}
