import type { Data, DenseStack, DenseStepPlan, Kernels } from '../backend/kernels.js';
import { getBackend, kernels } from '../backend/registry.js';
import type { Activation } from '../nn/activations.js';
import { denseForward } from '../nn/dense-stack.js';
import { Dense, type Parameter } from '../nn/layers.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { gradientsFinite } from '../optim/clip.js';
import { ensureGradients } from '../optim/flat.js';
import { allocatePersistent } from '../tensor/memory.js';
import type { Tensor } from '../tensor/tensor.js';

// Note [gradients side by side]: going back through layer i, its weight gradient hᵀ·dz[i] and
// the gradient for the layer below, dz[i]·Wᵀ then that layer's activation backward, both read
// dz[i] and nothing the other writes. With worker threads the second is given to the backend's
// `beside`, so the caller computes it while the workers take the first: a weight gradient too
// small to share (an output layer's) is then one block a worker computes meanwhile (Note [small
// products beside a task] in the WebAssembly kernels' product.ts), where the caller did both in
// turn with the worker idle (bench/notes.md, Note [gradients side by side]). Each value is
// computed as before: the same bits.

/** Per-batch-size buffers: each layer's pre-activation z, output y and gradient dz. */
interface Buffers {
  readonly z: Data[];
  readonly y: Data[];
  readonly dz: Data[];
  readonly dy: Data[];
  /** The backend's fused step's plan for this batch size, when it can run (null: the per-op path). */
  readonly plan: DenseStepPlan | null;
}

/**
 * The fast path of a training step for a plain stack of dense layers (no dropout): forward and
 * backward straight through the kernels into buffers made once per batch size, with no graph,
 * no tensors and no allocation, so that tiny networks and batch size 1 cost little more than their
 * arithmetic. It computes exactly what autograd computes for the same network and loss:
 * z = x·W + b, y = f(z); dW = xᵀ·dz, db = Σ_rows dz, dx = dz·Wᵀ; at the output
 * dz = (p − t)/rows for cross-entropy, (σ(z) − t)/size for binary cross-entropy, f'(z)·2(y − t)/size for mse.
 */
export class DenseStep {
  private readonly layers: Dense[];
  private readonly params: Parameter[];
  private readonly byRows = new Map<number, Buffers>();
  private loss = 0;
  /** The backend's fused step (mse only; Backend.dense), and the plan the last forward ran, if it ran fused. */
  private readonly fused: DenseStack | null;
  private readonly backend = getBackend();
  private ranFused: DenseStepPlan | null = null;
  private lastRows = -1;
  private last: Buffers | null = null;
  private checked: [Data | null, Data | null] = [null, null];
  /** The backend's way to run a task beside its workers and wait for it, when it has one (Note [gradients side by side]). */
  private readonly sides: { readonly beside: (task: () => void) => void; readonly settle: (task: () => void) => void } | null;
  /** The parameters but the first layer's weights, whose gradient the backward pass's last product checks (Kernels.matmulFinite). */
  private readonly others: Parameter[];
  /** below[i]: dy[i] = dz[i + 1]·W[i + 1]ᵀ, then layer i's bias and activation backward, on the last forward's buffers. */
  private readonly below: (() => void)[];

  private constructor(net: Network, private readonly lossName: Loss) {
    this.layers = net.dense;
    this.fused = lossName === 'mse' ? this.backend.dense ?? null : null;
    this.params = net.parameters();
    ensureGradients(this.params);
    this.others = this.params.filter((p) => p.tensor !== this.layers[0].weights);
    const backend = this.backend;
    const { beside, settle } = backend;
    this.sides = beside && settle ? { beside: beside.bind(backend), settle: settle.bind(backend) } : null;
    this.below = this.layers.slice(0, -1).map((l, i) => () => {
      const k = kernels();
      const rows = this.lastRows;
      const b = this.last as Buffers;
      const above = this.layers[i + 1];
      k.matmul(b.dy[i], b.dz[i + 1], above.weights.data, rows, above.units, above.inputs, false, true);
      biasActivateBackward(k, l.activation, b.dz[i], l.bias.grad as Data, b.z[i], b.y[i], b.dy[i], rows, l.units);
    });
  }

  /**
   * A fast step for `net`, or null when it needs the general path: any layer not dense (dropout,
   * or a kind this path does not know), mae, float64, step.
   */
  static for(net: Network, loss: Loss): DenseStep | null {
    if (loss === 'mae') return null;
    if (net.layers.some((l) => !(l instanceof Dense) || l.activation === 'step' || l.weights.dtype !== 'float32')) return null;
    return new DenseStep(net, loss);
  }

  /** Forward pass of a batch x `[rows, inputs]` with targets t; returns the loss (before any update). */
  forward(x: Tensor, t: Tensor): number {
    const rows = x.shape[0];
    const b = this.buffers(rows);
    this.ranFused = null;
    if (b.plan && getBackend() === this.backend && this.fusedFits(x.data, t.data)) {
      // two calls into the module instead of a dozen per layer (Note [fused dense step] in asm/dense.ts)
      this.ranFused = b.plan;
      this.loss = (this.fused as DenseStack).forwardMse(b.plan, x.data as Float32Array, t.data as Float32Array);
      return this.loss;
    }
    const k = kernels();
    let h = x.data;
    const last = this.layers.length - 1;
    for (let i = 0; i <= last; i++) {
      // the output layer of a cross-entropy loss stops at the logits (its loss kernel applies the activation)
      denseForward(k, this.layers[i], h, rows, b.z[i], b.y[i], i === last && this.lossName !== 'mse');
      h = b.y[i];
    }
    const out = this.layers[last];
    const z = b.z[last], y = b.y[last], dz = b.dz[last];
    const td = t.data;
    switch (this.lossName) {
      case 'cross-entropy':
        this.loss = k.softmaxCrossEntropy(y, z, td, rows, out.units);
        k.binary('sub', dz, y, 'full', td, 'full', 1, z.length);
        k.affine(dz, dz, 1 / rows, 0);
        break;
      case 'binary-cross-entropy':
        this.loss = k.sigmoidCrossEntropy(y, z, td);
        k.binary('sub', dz, y, 'full', td, 'full', 1, z.length);
        k.affine(dz, dz, 1 / z.length, 0);
        break;
      default:
        // the mse kernel, as the ops' loss computes it (Note [mse rounding] in backend/kernels.ts)
        this.loss = k.mse(b.dy[last], y, td);
        activateBackward(k, out.activation, dz, z, y, b.dy[last], rows, out.units);
    }
    return this.loss;
  }

  /**
   * Backward pass after {@link forward} of the same batch x: writes every weight's and bias's
   * `.grad` (overwriting it). Returns whether every gradient value is finite (the divergence check).
   */
  backward(x: Tensor): boolean {
    if (this.ranFused) return (this.fused as DenseStack).backward(this.ranFused, x.data as Float32Array);
    const k = kernels();
    // the forward pass's batch size and buffers (x's shape is a frozen array, and each read of one
    // is a generic load in V8: bench/notes.md, Note [view pointers])
    const rows = this.lastRows;
    const b = this.last as Buffers;
    const last = this.layers.length - 1;
    // the output layer's bias gradient; a hidden layer's comes with its activation's backward below
    k.reduce('sum', this.layers[last].bias.grad as Data, b.dz[last], 1, rows, this.layers[last].units);
    for (let i = last; i >= 1; i--) {
      // the gradient flowing to the layer below is computed beside this layer's weight gradient
      // (Note [gradients side by side]); both read dz[i], neither writes what the other reads
      const below = this.below[i - 1];
      const sides = this.sides;
      sides?.beside(below);
      k.matmul(this.layers[i].weights.grad as Data, b.y[i - 1], b.dz[i], this.layers[i].inputs, rows, this.layers[i].units, true, false);
      if (sides) sides.settle(below);
      else below();
    }
    const first = this.layers[0];
    if (!k.matmulFinite) {
      k.matmul(first.weights.grad as Data, x.data, b.dz[0], first.inputs, rows, first.units, true, false);
      return gradientsFinite(this.params);
    }
    // the last product checked as it is made, where the kernels can (Note [checks in the product's
    // blocks] in backend/threads/pool.ts); the other gradients here
    const finite = k.matmulFinite(first.weights.grad as Data, x.data, b.dz[0], first.inputs, rows, first.units, true, false);
    return finite && gradientsFinite(this.others);
  }

  /** The network's output y `[rows, outputs]` from the last {@link forward}. */
  output(): Data {
    return (this.last as Buffers).y[this.layers.length - 1];
  }

  private buffers(rows: number): Buffers {
    // the same batch size comes back step after step: answer it without a map lookup
    if (rows === this.lastRows && this.last) return this.last;
    let b = this.byRows.get(rows);
    if (!b) {
      const make = (): Data[] => this.layers.map((l) => allocatePersistent(rows * l.units));
      const z = make(), y = make(), dz = make(), dy = make();
      b = { z, y, dz, dy, plan: this.planFor(rows, z, y, dz, dy) };
      this.byRows.set(rows, b);
    }
    this.lastRows = rows;
    this.last = b;
    return b;
  }

  private planFor(rows: number, z: Data[], y: Data[], dz: Data[], dy: Data[]): DenseStepPlan | null {
    if (!this.fused) return null;
    const f32 = (d: Data | null): Float32Array => (d instanceof Float32Array ? d : new Float32Array(0));
    return this.fused.plan(this.layers.map((l, i) => ({
      weights: f32(l.weights.data), bias: f32(l.bias.data), weightsGrad: f32(l.weights.grad), biasGrad: f32(l.bias.grad),
      z: f32(z[i]), y: f32(y[i]), dz: f32(dz[i]), dy: f32(dy[i]), inputs: l.inputs, units: l.units, activation: l.activation,
    })), rows);
  }

  private fusedFits(x: Data, t: Data): boolean {
    // the loop hands the same batch buffers every step; a heap view stays one
    if (x === this.checked[0] && t === this.checked[1]) return true;
    const f = this.fused as DenseStack;
    const fits = x instanceof Float32Array && t instanceof Float32Array && f.holds(x) && f.holds(t);
    if (fits) this.checked = [x, t];
    return fits;
  }
}

/** dz = f'·dy and db = Σ_rows dz: one kernel call, or two for softmax. */
function biasActivateBackward(k: Kernels, f: Activation, dz: Data, db: Data, z: Data, y: Data, dy: Data, rows: number, units: number): void {
  if (f !== 'softmax') {
    k.biasActivationBackward(f, dz, db, z, y, dy, rows, units);
    return;
  }
  k.softmaxBackward(dz, y, dy, rows, units);
  k.reduce('sum', db, dz, 1, rows, units);
}

function activateBackward(k: Kernels, f: Activation, dz: Data, z: Data, y: Data, dy: Data, rows: number, units: number): void {
  if (f === 'softmax') k.softmaxBackward(dz, y, dy, rows, units);
  else if (f === 'linear') k.copy(dz, dy);
  else k.unaryBackward(f, dz, z, y, dy);
}
