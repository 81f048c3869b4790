// A whole training step of a small dense stack in two calls (forward, backward) instead of a dozen
// kernel calls per layer, for networks where the cost of crossing into the module dwarfs the
// arithmetic (XOR 2-8-1: a few hundred multiply-adds a step). It calls the very kernels the
// per-op path reaches through the glue (src/backend/wasm/kernels.ts), in the same order, so the
// two give the same bits (Note [fused dense step]).
import { matmulBias, matmulBlock } from './matmul';
import { activate, reduceSumWide } from './bias';
import { allFinite, reduceSum, unaryBackward } from './elementwise';

// Note [fused dense step]: bit-identity with the per-op path rests on three things. (1) The glue
// sends every float32 matmul, unary and unary backward to this module whatever its size, so the
// per-op path runs these same functions. (2) A bias gradient with fewer than 4 units is summed by
// the glue in the reference kernel, in float64, and here by reduceSumWide, also in float64, in the
// same order. (3) The mse loss and its gradient come from the mse kernel below, which the glue's
// mse kernel also calls (Note [mse rounding] in src/backend/kernels.ts).
// test/backend-training.test.ts compares the two paths bit for bit.

/** Words per layer in a plan: pointers W, b, dW, db, z, y, dz, dy, then inputs, units, forward op, backward op. */
const WORDS = 12;

// @ts-ignore: decorator
@inline function word(plan: usize, layer: i32, w: i32): i32 {
  return load<i32>(plan + <usize>((layer * WORDS + w) << 2));
}

/**
 * Forward pass of `layers` dense layers on x [rows, inputs] and the mse loss against t: every z and
 * y, and the output layer's dz. Returns the loss (float64).
 */
export function denseForwardMse(plan: usize, layers: i32, rows: i32, x: usize, t: usize, scratch: usize): f64 {
  let h = <usize>x;
  for (let l = 0; l < layers; l++) {
    const z = <usize>word(plan, l, 4), y = <usize>word(plan, l, 5), units = word(plan, l, 9);
    matmulBias(z, h, <usize>word(plan, l, 0), <usize>word(plan, l, 1), rows, word(plan, l, 8), units, scratch);
    activate(word(plan, l, 10), y, z, rows * units);
    h = y;
  }
  const last = layers - 1;
  const y = <usize>word(plan, last, 5), dy = <usize>word(plan, last, 7);
  const size = rows * word(plan, last, 9);
  const loss = mse(dy, y, t, size);
  unaryBackward(word(plan, last, 11), <usize>word(plan, last, 6), <usize>word(plan, last, 4), y, dy, size);
  return loss;
}

/**
 * The mse loss of y against t (size values) and its gradient into dy = 2(y − t)/size, rounded where
 * float32 ops would round them (Note [mse rounding] in src/backend/kernels.ts); the wasm backend's
 * mse kernel, and the fused step's loss.
 */
export function mse(dy: usize, y: usize, t: usize, size: i32): f64 {
  const g = <f32>(1.0 / <f64>size);
  let s: f64 = 0;
  for (let j = 0; j < size; j++) {
    const at = <usize>(j << 2);
    const d = load<f32>(y + at) - load<f32>(t + at);
    s += <f64>(d * d);
    store<f32>(dy + at, (d + d) * g);
  }
  return <f64><f32>(<f64><f32>s * (1.0 / <f64>size));
}

/**
 * Backward pass after {@link denseForwardMse}: every dW and db (overwritten) and the hidden dz.
 * Returns 1 when every dW and db value is finite (the training loop's divergence check, without a
 * call per parameter), else 0.
 */
export function denseBackward(plan: usize, layers: i32, rows: i32, x: usize, scratch: usize): i32 {
  let finite = 1;
  for (let l = layers - 1; l >= 0; l--) {
    const h = l == 0 ? x : <usize>word(plan, l - 1, 5);
    const inputs = word(plan, l, 8), units = word(plan, l, 9), dz = <usize>word(plan, l, 6);
    matmulBlock(<usize>word(plan, l, 2), h, dz, inputs, rows, units, true, false, scratch, 0, inputs, 0, units);
    if (units < 4) reduceSumWide(<usize>word(plan, l, 3), dz, rows, units);
    else reduceSum(<usize>word(plan, l, 3), dz, 1, rows, units);
    finite &= allFinite(<usize>word(plan, l, 2), inputs * units) & allFinite(<usize>word(plan, l, 3), units);
    if (l == 0) break;
    const dyBelow = <usize>word(plan, l - 1, 7);
    matmulBlock(dyBelow, dz, <usize>word(plan, l, 0), rows, units, inputs, false, true, scratch, 0, rows, 0, inputs);
    unaryBackward(word(plan, l - 1, 11), <usize>word(plan, l - 1, 6), <usize>word(plan, l - 1, 4), <usize>word(plan, l - 1, 5), dyBelow, rows * inputs);
  }
  return finite;
}
