import type { Data } from '../backend/kernels.js';
import type { Parameter } from '../nn/layers.js';
import { allocatePersistentParts } from '../tensor/memory.js';

// Note [flat parameters]: a network keeps all its weights and biases end to end in one block
// (nn/network.ts), the optimizer keeps its state the same way, and the gradients are given the
// same layout by ensureGradients. An update rule treats every value on its own, so consecutive
// parameters with the same weight decay can be updated by one kernel call over one view spanning
// them, instead of a call per parameter: for a tiny network (XOR 2-8-1: 4 parameters, 33 values)
// the calls, not the arithmetic, were most of the optimizer's time. Parameters laid out any other
// way (tensors made one by one) still work, a call each.

/** Buffers of `size(p)` values, one per parameter in its element type, end to end in one block per type. */
export function blocksFor(params: readonly Parameter[], size: (p: Parameter) => number): Data[] {
  const out = new Array<Data>(params.length);
  for (const dtype of ['float32', 'float64'] as const) {
    const at = params.flatMap((p, i) => (p.tensor.dtype === dtype ? [i] : []));
    if (at.length === 0) continue;
    const parts = allocatePersistentParts(at.map((i) => size(params[i])), dtype);
    at.forEach((i, j) => { out[i] = parts[j]; });
  }
  return out;
}

/** Gives every parameter that has no gradient buffer one, all of them in one block. */
export function ensureGradients(params: readonly Parameter[]): void {
  const missing = params.filter((p) => p.tensor.grad === null);
  blocksFor(missing, (p) => p.tensor.size).forEach((g, i) => { missing[i].tensor.grad = g; });
}

/** One kernel call's worth of parameters: views spanning consecutive ones, and their weight decay. */
export interface Run {
  readonly w: Data;
  readonly g: Data;
  readonly s1: Data;
  readonly s2: Data;
  readonly weightDecay: number;
}

/**
 * The parameters grouped into runs that one update call can serve: maximal sequences of
 * consecutive parameters with the same effective weight decay whose data, gradients and both
 * state buffers each lie end to end in one buffer. A parameter without a gradient ends a run and is
 * left out, as a per-parameter step leaves it.
 */
export function runs(params: readonly Parameter[], s1: readonly Data[], s2: readonly Data[], weightDecay: number): Run[] {
  const out: Run[] = [];
  let start = 0;
  const decayOf = (i: number): number => (params[i].decay ? weightDecay : 0);
  const close = (end: number): void => {
    if (end <= start) return;
    const idx = Array.from({ length: end - start }, (_, j) => start + j);
    out.push({
      w: join(idx.map((i) => params[i].tensor.data)), g: join(idx.map((i) => params[i].tensor.grad as Data)),
      s1: join(idx.map((i) => s1[i])), s2: join(idx.map((i) => s2[i])), weightDecay: decayOf(start),
    });
  };
  for (let i = 0; i < params.length; i++) {
    if (params[i].tensor.grad === null) {
      close(i);
      start = i + 1;
      continue;
    }
    if (i > start && !(decayOf(i) === decayOf(i - 1) && follows(params[i - 1].tensor.data, params[i].tensor.data)
      && follows(params[i - 1].tensor.grad as Data, params[i].tensor.grad as Data) && follows(s1[i - 1], s1[i]) && follows(s2[i - 1], s2[i]))) {
      close(i);
      start = i;
    }
  }
  close(params.length);
  return out;
}

/** Whether b starts where a ends, in the same buffer and of the same type. */
function follows(a: Data, b: Data): boolean {
  return a.buffer === b.buffer && a.constructor === b.constructor && a.byteOffset + a.byteLength === b.byteOffset;
}

/** One view over views that lie end to end (the first itself when there is one). */
function join(xs: Data[]): Data {
  if (xs.length === 1) return xs[0];
  const length = xs.reduce((s, x) => s + x.length, 0);
  const first = xs[0];
  return first instanceof Float64Array ? new Float64Array(first.buffer, first.byteOffset, length) : new Float32Array(first.buffer, first.byteOffset, length);
}
