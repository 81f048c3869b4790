/**
 * The fused dense-stack step of the wasm backend (asm/dense.ts): a training step of a small plain
 * dense stack with mse loss in two calls into the module, giving the same bits as the per-op path
 * (Note [fused dense step] in asm/dense.ts). src/train/dense-step.ts uses it when the backend
 * offers it and the network fits.
 */
import type { WasmExports } from './exports.js';
import type { Heap } from './heap.js';
import { forwardCode, UNARY_BACK } from './codes.js';

/** One dense layer's buffers, as the fused step sees them (all float32, all in the heap). */
export interface FusedLayer {
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

/** A plan: the layers' pointers and sizes in a block of the heap, written once per batch size. */
export interface FusedPlan {
  readonly ptr: number;
  readonly layers: number;
  readonly rows: number;
  /** Keeps the plan's block alive (the heap frees a block when its view is collected). */
  readonly block: Float32Array;
}

const WORDS = 12;

/** The fused step over one module instance and its heap. */
export class FusedDense {
  constructor(private readonly ex: WasmExports, private readonly heap: Heap, private readonly scratch: number, private readonly maxWork: number) {}

  /**
   * A plan for these layers at `rows` rows, or null when the fused step cannot run them: an
   * activation without a wasm body, a buffer outside the heap, or a product big enough that the
   * per-op path would split it across threads.
   */
  plan(layers: readonly FusedLayer[], rows: number): FusedPlan | null {
    const words = new Int32Array(layers.length * WORDS);
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l];
      const fwd = forwardCode(L.activation);
      const back = UNARY_BACK[L.activation as keyof typeof UNARY_BACK];
      const arrays = [L.weights, L.bias, L.weightsGrad, L.biasGrad, L.z, L.y, L.dz, L.dy];
      if (fwd < 0 || back === undefined || rows * L.inputs * L.units >= this.maxWork || !arrays.every((a) => this.heap.holds(a))) return null;
      words.set([...arrays.map((a) => a.byteOffset), L.inputs, L.units, fwd, back], l * WORDS);
    }
    const block = this.heap.allocate(words.length);
    if (!this.heap.holds(block)) return null;
    new Int32Array(block.buffer, block.byteOffset, words.length).set(words);
    return { ptr: block.byteOffset, layers: layers.length, rows, block };
  }

  /** Whether x lives in the heap (a batch must, for the fused step). */
  holds(x: Float32Array): boolean {
    return this.heap.holds(x);
  }

  /** Forward pass and mse loss of x `[rows, inputs]` against t; leaves the output layer's dz. */
  forwardMse(plan: FusedPlan, x: Float32Array, t: Float32Array): number {
    return this.ex.denseForwardMse(plan.ptr, plan.layers, plan.rows, x.byteOffset, t.byteOffset, this.scratch);
  }

  /** Backward pass after {@link FusedDense.forwardMse}: writes every weight and bias gradient; whether all are finite. */
  backward(plan: FusedPlan, x: Float32Array): boolean {
    return this.ex.denseBackward(plan.ptr, plan.layers, plan.rows, x.byteOffset, this.scratch) === 1;
  }
}
