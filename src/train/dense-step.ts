import type { Data, Kernels } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import type { Activation } from '../nn/activations.js';
import { Dense } from '../nn/layers.js';
import type { Loss } from '../nn/losses.js';
import type { Network } from '../nn/network.js';
import { allocatePersistent } from '../tensor/memory.js';
import type { Tensor } from '../tensor/tensor.js';

/** Per-batch-size buffers: each layer's pre-activation z, output y and gradient dz. */
interface Buffers {
  readonly z: Data[];
  readonly y: Data[];
  readonly dz: Data[];
  readonly dy: Data[];
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
  private readonly byRows = new Map<number, Buffers>();
  private loss = 0;

  private constructor(net: Network, private readonly lossName: Loss) {
    this.layers = net.dense;
    for (const l of this.layers) {
      for (const p of [l.weights, l.bias]) if (p.grad === null) p.grad = allocatePersistent(p.size, p.dtype);
    }
  }

  /** A fast step for `net`, or null when it needs the general path (dropout, mae, float64, step). */
  static for(net: Network, loss: Loss, dropout: boolean): DenseStep | null {
    if (dropout || loss === 'mae') return null;
    if (net.layers.some((l) => !(l instanceof Dense) || l.activation === 'step' || l.weights.dtype !== 'float32')) return null;
    return new DenseStep(net, loss);
  }

  /** Forward pass of a batch x `[rows, inputs]` with targets t; returns the loss (before any update). */
  forward(x: Tensor, t: Tensor): number {
    const k = kernels();
    const rows = x.shape[0];
    const b = this.buffers(rows);
    let h = x.data;
    const last = this.layers.length - 1;
    for (let i = 0; i <= last; i++) {
      const l = this.layers[i];
      k.matmul(b.z[i], h, l.weights.data, rows, l.inputs, l.units, false, false);
      k.binary('add', b.z[i], b.z[i], 'full', l.bias.data, 'row', rows, l.units);
      if (i < last || this.lossName === 'mse') activate(k, l.activation, b.y[i], b.z[i], rows, l.units);
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
      default: {
        // mse: mean of (y − t)² and dL/dy = 2(y − t)/size, then back through the activation
        const dy = b.dy[last];
        let s = 0;
        for (let j = 0; j < y.length; j++) {
          const d = y[j] - td[j];
          s += d * d;
          dy[j] = (2 * d) / y.length;
        }
        this.loss = s / y.length;
        activateBackward(k, out.activation, dz, z, y, dy, rows, out.units);
      }
    }
    return this.loss;
  }

  /** Backward pass after {@link forward}: writes every weight's and bias's `.grad` (overwriting it). */
  backward(x: Tensor): void {
    const k = kernels();
    const rows = x.shape[0];
    const b = this.buffers(rows);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      const h = i === 0 ? x.data : b.y[i - 1];
      k.matmul(l.weights.grad as Data, h, b.dz[i], l.inputs, rows, l.units, true, false);
      k.reduce('sum', l.bias.grad as Data, b.dz[i], 1, rows, l.units);
      if (i === 0) break;
      const below = this.layers[i - 1];
      k.matmul(b.dy[i - 1], b.dz[i], l.weights.data, rows, l.units, l.inputs, false, true);
      activateBackward(k, below.activation, b.dz[i - 1], b.z[i - 1], b.y[i - 1], b.dy[i - 1], rows, below.units);
    }
  }

  /** The network's output y `[rows, outputs]` from the last {@link forward}. */
  output(rows: number): Data {
    return this.buffers(rows).y[this.layers.length - 1];
  }

  private buffers(rows: number): Buffers {
    let b = this.byRows.get(rows);
    if (!b) {
      const make = (): Data[] => this.layers.map((l) => allocatePersistent(rows * l.units));
      b = { z: make(), y: make(), dz: make(), dy: make() };
      this.byRows.set(rows, b);
    }
    return b;
  }
}

function activate(k: Kernels, f: Activation, y: Data, z: Data, rows: number, units: number): void {
  if (f === 'softmax') k.softmax(y, z, rows, units);
  else if (f === 'linear') k.copy(y, z);
  else k.unary(f, y, z);
}

function activateBackward(k: Kernels, f: Activation, dz: Data, z: Data, y: Data, dy: Data, rows: number, units: number): void {
  if (f === 'softmax') k.softmaxBackward(dz, y, dy, rows, units);
  else if (f === 'linear') k.copy(dz, dy);
  else k.unaryBackward(f, dz, z, y, dy);
}
