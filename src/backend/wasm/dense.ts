/**
 * The fused dense-stack step of the wasm backend (asm/dense.ts): a training step of a small plain
 * dense stack with mse loss in two calls into the module, giving the same bits as the per-op path
 * (Note [fused dense step] in asm/dense.ts). The backend declares it as its `dense` capability
 * (Backend.dense); src/train/dense-step.ts uses it when a network fits.
 */
import type { DenseStack, DenseStepLayer, DenseStepPlan } from '../kernels.js';
import type { WasmExports } from './exports.js';
import type { Heap } from './heap.js';
import { forwardCode, UNARY_BACK } from './codes.js';

/** A plan: the layers' pointers and sizes in a block of the heap, written once per batch size. */
export interface FusedPlan extends DenseStepPlan {
  readonly ptr: number;
  readonly layers: number;
  readonly rows: number;
  /** Keeps the plan's block alive (the heap frees a block when its view is collected). */
  readonly block: Float32Array;
}

const WORDS = 12;

/** The fused step over one module instance and its heap. */
export class FusedDense implements DenseStack {
  constructor(private readonly ex: WasmExports, private readonly heap: Heap, private readonly scratch: number, private readonly maxWork: number) {}

  /**
   * A plan for these layers at `rows` rows, or null when the fused step cannot run them: an
   * activation without a wasm body, a buffer outside the heap, or a product big enough that the
   * per-op path would split it across threads.
   */
  plan(layers: readonly DenseStepLayer[], rows: number): FusedPlan | null {
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
  forwardMse(plan: DenseStepPlan, x: Float32Array, t: Float32Array): number {
    const p = plan as FusedPlan;
    return this.ex.denseForwardMse(p.ptr, p.layers, p.rows, this.heap.pointerOf(x), this.heap.pointerOf(t), this.scratch);
  }

  /** Backward pass after {@link FusedDense.forwardMse}: writes every weight and bias gradient; whether all are finite. */
  backward(plan: DenseStepPlan, x: Float32Array): boolean {
    const p = plan as FusedPlan;
    return this.ex.denseBackward(p.ptr, p.layers, p.rows, this.heap.pointerOf(x), this.scratch) === 1;
  }
}
