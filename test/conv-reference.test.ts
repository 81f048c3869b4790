// Two small convolutional networks against PyTorch (test/fixtures/conv-reference.json, made by
// scripts/fixtures/conv_reference.py in float64): outputs at inference and in training mode, then
// 3 full-batch steps of SGD with momentum and of Adam (losses, every parameter, the batch norms'
// running statistics, predictions after). Neurite computes in float32; tolerance 1e-5.
import { describe, it } from 'vitest';
import ref from './fixtures/conv-reference.json' with { type: 'json' };
import { fit, Network, Random, Tensor, type LayerSpec, type OptimizerName } from '../src/index.js';
import { expectClose, flat } from './helpers.js';

const x = flat(ref.x);
const rows = ref.labels.length;

function build(net: (typeof ref.nets)[number]): Network {
  const n = new Network({ inputShape: net.inputShape, layers: net.layers as LayerSpec[], loss: 'cross-entropy' });
  const initial = net.initial as Record<string, unknown>;
  for (const p of n.parameters()) p.tensor.data.set(flat(initial[p.name]));
  return n;
}

describe.each(ref.nets)('$name', (net) => {
  it('outputs at inference (running statistics) and in training mode (batch statistics)', () => {
    expectClose(build(net).predictFlat(Float32Array.from(x), rows), flat(net.inference), 1e-5, 'inference');
    const training = build(net).forward(new Tensor(Float32Array.from(x), [rows, x.length / rows]), { training: true, rng: new Random(1) });
    expectClose(training.y.data, flat(net.training), 1e-5, 'training mode');
  });

  for (const run of net.runs) {
    it(`3 full-batch ${run.optimizer} steps ${JSON.stringify(run.options)}`, () => {
      const n = build(net);
      const { lr, ...options } = run.options as { lr: number; momentum?: number };
      const rowsOf = Array.from({ length: rows }, (_, i) => x.slice(i * (x.length / rows), (i + 1) * (x.length / rows)));
      const result = fit(n, rowsOf, ref.labels, { epochs: 3, batchSize: 'full', shuffle: false, optimizer: run.optimizer as OptimizerName, lr, optimizerOptions: options, loss: 'cross-entropy' });
      expectClose(result.history.map((h) => h.loss), run.losses, 1e-5, 'losses');
      const expected = { ...run.params, ...run.state } as Record<string, unknown>;
      for (const p of [...n.parameters(), ...n.buffers()]) expectClose(p.tensor.data, flat(expected[p.name]), 1e-5, p.name);
      expectClose(n.predictFlat(Float32Array.from(x), rows), flat(run.predictions), 1e-5, 'predictions after');
    });
  }
});
