/**
 * A training state's JSON text, for checkpoints: its float32 buffers written by the model file's
 * writer (Note [state text]).
 */
import type { TrainState } from '../train/options.js';
import { Float32Block, jsonText } from './json-text.js';

// Note [state text]: a checkpoint is mostly float32 buffers: Adam's two moments per weight and,
// with early stopping, the best epoch's weights. JSON.stringify wrote each as the double it was
// (17 digits, "0.00012345678900000001"), and at that length V8's own formatting was the cost of
// a checkpoint. They are float32 values and are read back into Float32Arrays (Optimizer.setState,
// EarlyStopping.setState), so the shortest decimal that reads back to the same float32 is exact;
// they go through the model file's writer (Float32Block). A buffer is taken as float32 when every
// value in it is a float32 value: always for a float32 network's moments; a float64 parameter's
// moments (`minimize`, exact checks) are written as doubles, unless each of its values happens to
// be a float32 value too. Every other number (history, the random generator, the schedule) is a
// double and is written as JSON.stringify writes it.

/**
 * The JSON text of a training state, as `JSON.stringify(state)` writes it except for its float32
 * buffers: the optimizer's moments and early stopping's weights are written as the shortest
 * decimals that read back to the same float32 values, as a model file's weights are (a buffer
 * with a value that is not a float32 value, as a float64 parameter's moments, is written as
 * JSON.stringify writes it). `resume` keeps them as float32, so a run resumed from this text
 * continues bit for bit.
 *
 * @param state what an epoch callback's `info.state()` gives
 * @example
 * ```ts
 * fit(net, x, y, { epochs: 5, onEpochEnd: (info) => writeFileSync('state.json', trainStateText(info.state())) });
 * ```
 */
export function trainStateText(state: TrainState): string {
  const slots = Object.entries(state.optimizer.slots).map(([name, s]) => [name, { ...s, s1: block(s.s1), s2: block(s.s2) }]);
  const early = state.early?.weights ? { early: { ...state.early, weights: state.early.weights.map(block) } } : {};
  // the same keys in the same order: only the buffers' values are replaced
  return jsonText({ ...state, optimizer: { ...state.optimizer, slots: Object.fromEntries(slots) }, ...early }, 0);
}

/** The buffer as a Float32Block when every value in it is a float32 value (Note [state text]), else as it is. */
function block(values: readonly number[]): Float32Block | readonly number[] {
  const f = new Float32Array(values.length);
  for (let i = 0; i < f.length; i++) {
    const v = values[i];
    f[i] = v;
    if (f[i] !== v && v === v) return values; // not a float32 value (NaN is written null either way)
  }
  return new Float32Block(f, [f.length]);
}
