// trainStateText (Note [state text]): a training state's JSON as JSON.stringify writes it, but for
// its float32 buffers (Adam's moments, early stopping's weights), written as the shortest
// decimals that read back to the same float32; a run resumed from it continues bit for bit.
import { describe, expect, it } from 'vitest';
import { float32Text } from '../src/io/float32.js';
import { fit, fromModelFile, modelText, Network, trainStateText, type TrainState } from '../src/index.js';

const layers = [{ units: 6, activation: 'tanh' as const }, { units: 3, activation: 'softmax' as const }];
const x = { data: Float32Array.from({ length: 60 * 4 }, (_, i) => Math.sin(i * 1.7) * 2), rows: 60, cols: 4 };
const y = Array.from({ length: 60 }, (_, i) => i % 3);
const options = { batchSize: 8, optimizer: 'adam' as const, lr: 0.01, seed: 4, validationSplit: 0.25, earlyStopping: { patience: 50 } };

/** The network after 3 epochs, its model file's text and its training state then. */
function trained(): { net: Network; text: string; state: TrainState } {
  const net = new Network({ inputs: 4, layers, seed: 2 });
  let state: TrainState | null = null;
  fit(net, x, y, { ...options, epochs: 3, onEpochEnd: (info) => { state = info.state(); } });
  return { net, text: modelText(net), state: state as unknown as TrainState };
}

/** The state as read back, its float32 buffers as float32 values. */
function asFloat32(json: string): unknown {
  const s = JSON.parse(json);
  const f32 = (v: number[]) => Array.from(Float32Array.from(v));
  for (const slot of Object.values(s.optimizer.slots) as { s1: number[]; s2: number[] }[]) Object.assign(slot, { s1: f32(slot.s1), s2: f32(slot.s2) });
  if (s.early?.weights) s.early.weights = s.early.weights.map(f32);
  return s;
}

describe('trainStateText', () => {
  const { net, text: model, state } = trained();
  const text = trainStateText(state);

  it('writes JSON.stringify(state) with the same keys in the same order, the buffers as the same float32 values', () => {
    expect(state.early?.weights?.length).toBeGreaterThan(0);
    expect(JSON.stringify(asFloat32(text))).toBe(JSON.stringify(asFloat32(JSON.stringify(state))));
    const parsed = JSON.parse(text);
    expect(parsed.history).toEqual(state.history); // doubles, exactly
    expect(parsed.rng).toEqual(state.rng);
    expect(text.length).toBeLessThan(0.8 * JSON.stringify(state).length);
    const s1 = state.optimizer.slots['layers.0.weights'].s1;
    expect(text).toContain(`"s1":[${s1.slice(0, 4).map(float32Text).join(',')},`);
  });

  it('a run resumed from the text ends bit for bit where one resumed from the state in memory does', () => {
    const resumed = (s: TrainState): string => {
      const again = fromModelFile(JSON.parse(model)).network;
      fit(again, x, y, { ...options, epochs: 6, resume: s });
      return modelText(again);
    };
    expect(modelText(net)).toBe(model);
    const fromText = resumed(JSON.parse(text) as TrainState);
    expect(fromText).toBe(resumed(state));
    expect(fromText).not.toBe(model);
  });

  it('writes a buffer with a value that is not a float32 value (a float64 parameter) as JSON.stringify does', () => {
    const slots = { a: { s1: [0.1, Math.fround(0.1)], s2: [Math.fround(0.1), 0.5, Math.fround(-6e-9)] } };
    const written = trainStateText({ ...state, optimizer: { ...state.optimizer, slots } });
    expect(written).toContain('"s1":[0.1,0.10000000149011612],"s2":[0.1,0.5,-6e-9]');
  });
});
