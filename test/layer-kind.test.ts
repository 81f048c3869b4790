// The layer protocol (src/nn/layer.ts): a kind registered from this file, with nothing edited
// elsewhere, trains, saves, loads and predicts; the exporters refuse it by name. The toy kind
// `scale` computes y = factor·(x ∘ gain): a fixed setting (factor), a trainable parameter (gain, one
// per input value) and state that only training changes (seen: the training batches it has seen),
// as a batch norm's running statistics would be.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, describeValue, evaluate, fit, fromModelFile, ModelFormatError, mul, Network, parseModel, reshape, registerLayerKind, stringifyModel,
  Tensor, toModelFile, toStandaloneModule, type Data, type Layer, type LayerKind, type Mode, type Parameter, type Problem, type Shape,
} from '../src/index.js';
import { toOnnx } from '../src/onnx.js';
import { messageOf } from './helpers.js';

interface ScaleSpec {
  readonly type: 'scale';
  readonly factor: number;
}

declare module '../src/nn/layers.js' {
  interface LayerSpecs {
    scale: ScaleSpec;
  }
}

class Scale implements Layer {
  readonly type = 'scale';
  readonly activation = 'linear';
  readonly gain: Tensor;
  readonly seen: Tensor;

  constructor(readonly factor: number, readonly inputShape: Shape, storage: readonly Data[]) {
    this.gain = new Tensor(storage[0], inputShape).variable();
    this.gain.data.fill(1);
    this.seen = new Tensor(storage[1], [1]);
  }

  get outputShape(): Shape {
    return this.inputShape;
  }

  parameters(prefix: string): Parameter[] {
    return [{ name: `${prefix}.gain`, tensor: this.gain, decay: false }];
  }

  buffers(prefix: string): Parameter[] {
    return [{ name: `${prefix}.seen`, tensor: this.seen, decay: false }];
  }

  preActivation(x: Tensor, mode: Mode): Tensor {
    if (mode.training) this.seen.data[0] += 1;
    // the gain as a row over the flattened input, whatever its shape
    const rows = x.shape[0];
    const n = this.gain.size;
    return reshape(mul(mul(reshape(x, [rows, n]), reshape(this.gain, [n])), this.factor), x.shape);
  }

  forward(x: Tensor, mode: Mode): Tensor {
    return this.preActivation(x, mode);
  }

  config(): Record<string, unknown> {
    return { factor: this.factor };
  }
}

const scaleKind: LayerKind<ScaleSpec> = {
  type: 'scale',
  version: 2,
  fields: ['factor'],
  check(json, at, problems: Problem[]) {
    if (typeof json.factor === 'number' && Number.isFinite(json.factor)) return { type: 'scale', factor: json.factor };
    problems.push({ path: `${at}.factor`, expected: 'a finite number', received: describeValue(json.factor) });
    // the factor changes no shape: a stand-in lets the tensors be checked too
    return { type: 'scale', factor: 1 };
  },
  outputShape: (_spec, input) => input,
  parameterShapes: (_spec, input) => [
    { name: 'gain', shape: input, decay: false },
    { name: 'seen', shape: [1], decay: false, trainable: false },
  ],
  create: (spec, input, storage) => new Scale(spec.factor, input, storage),
};

registerLayerKind(scaleKind);

const lines = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1);
const species = [...new Set(lines.map((l) => l.split(',')[4]))].sort();
// a rough centring only: the scale layer is there to learn the rest
const x = lines.map((l) => l.split(',').slice(0, 4).map((v) => (Number(v) - 4) / 4));
const y = lines.map((l) => species.indexOf(l.split(',')[4]));

const scaled = (seed = 1): Network => new Network({
  inputs: 4, seed, loss: 'cross-entropy',
  layers: [{ type: 'scale', factor: 2 }, { units: 12, activation: 'tanh' }, { units: 3, activation: 'softmax' }],
});

describe('a layer kind registered from outside the library', () => {
  it('trains: its parameter gets gradients and moves, its state changes only in training', () => {
    const net = scaled();
    expect(net.parameters().map((p) => p.name)).toEqual(['layers.0.gain', 'layers.1.weights', 'layers.1.bias', 'layers.2.weights', 'layers.2.bias']);
    expect(net.buffers().map((p) => p.name)).toEqual(['layers.0.seen']);
    // the trainable tensors are one block, the optimizer's layout (Note [flat parameters])
    const ps = net.parameters().map((p) => p.tensor.data);
    for (let i = 1; i < ps.length; i++) expect(ps[i].byteOffset).toBe(ps[i - 1].byteOffset + ps[i - 1].byteLength);
    fit(net, x, y, { epochs: 60, batchSize: 30, lr: 0.02, seed: 3 });
    const layer = net.layers[0] as Scale;
    expect(layer.seen.data[0]).toBe(60 * 5);
    expect(Array.from(layer.gain.data).some((g) => Math.abs(g - 1) > 0.01)).toBe(true);
    expect(evaluate(net, x, y).accuracy).toBeGreaterThan(0.9);
    net.predict(x);
    expect(layer.seen.data[0]).toBe(300);
  });

  it('saves as a version 2 file and loads back bit for bit, state included', () => {
    const net = scaled(4);
    fit(net, x, y, { epochs: 5, batchSize: 50, seed: 1 });
    const file = toModelFile(net, { task: 'classification', classes: species });
    expect(file.version).toBe(2);
    expect(file.inputShape).toEqual([4]);
    expect(file.inputs).toBeUndefined();
    expect(file.layers[0]).toMatchObject({ type: 'scale', factor: 2, seen: [15] });
    const text = stringifyModel(file);
    const loaded = parseModel(text, 'scaled.json');
    expect(loaded.network.predict(x)).toEqual(net.predict(x));
    expect(loaded.network.parameters().map((p) => Array.from(p.tensor.data))).toEqual(net.parameters().map((p) => Array.from(p.tensor.data)));
    expect((loaded.network.layers[0] as Scale).seen.data[0]).toBe(15);
    expect(stringifyModel(toModelFile(loaded.network, loaded.meta, loaded.layerExtras))).toBe(text);
  });

  it('is checked on loading like the built-in kinds, every problem at once', () => {
    const file = JSON.parse(stringifyModel(toModelFile(scaled()))) as { layers: Record<string, unknown>[] };
    file.layers[0].factor = 'big';
    (file.layers[0].gain as unknown[]).pop();
    file.layers[0].seen = [Infinity];
    const problems = (() => {
      try {
        fromModelFile(file);
      } catch (e) {
        if (!(e instanceof ModelFormatError)) throw e;
        return e.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.received}`);
      }
      return [];
    })();
    expect(problems).toEqual([
      'layers[0].factor: expected a finite number, found "big"', 'layers[0].gain: expected 4 numbers, found 3', 'layers[0].seen[0]: expected a number finite in float32 (|x| <= 3.4028235e+38), found Infinity',
    ]);
  });

  it('is refused by the exporters, by name', () => {
    const file = JSON.parse(stringifyModel(toModelFile(scaled(), { task: 'classification', classes: species })));
    const message = 'model: layers[0] is a scale layer, which export cannot write yet (it writes dense, dropout, conv2d, maxPool2d, avgPool2d, flatten, globalAvgPool2d and batchNorm layers)';
    expect(messageOf(() => toOnnx(file), ArgumentError)).toBe(message);
    expect(messageOf(() => toStandaloneModule(file), ArgumentError)).toBe(message);
  });
});

describe('shapes through the protocol', () => {
  it('a network of built-in kinds on a flat input is still written as version 1', () => {
    const file = toModelFile(new Network({ inputs: 3, layers: [{ units: 2, activation: 'relu' }, { type: 'dropout', rate: 0.1 }, { units: 1 }] }));
    expect(file.version).toBe(1);
    expect(file.inputs).toBe(3);
    expect(file.inputShape).toBeUndefined();
  });

  it('takes an input of [height, width, channels], writes and reads its shape (version 2)', () => {
    const net = new Network({ inputShape: [2, 3, 1], layers: [{ type: 'scale', factor: -1 }], seed: 1 });
    expect(net.inputs).toBe(6);
    expect(net.outputs).toBe(6);
    expect(net.predict([[1, 2, 3, 4, 5, 6]])).toEqual([[-1, -2, -3, -4, -5, -6]]);
    const file = toModelFile(net);
    expect(file).toMatchObject({ version: 2, inputShape: [2, 3, 1], layers: [{ type: 'scale', factor: -1, gain: [[[1], [1], [1]], [[1], [1], [1]]], seen: [0] }] });
    expect(parseModel(stringifyModel(file)).network.inputShape).toEqual([2, 3, 1]);
  });

  it('says which layer does not fit the shape coming in, and which kinds exist', () => {
    expect(messageOf(() => new Network({ inputShape: [2, 3, 1], layers: [{ units: 2 }] }), ArgumentError))
      .toBe('network: layers[0]: expected an input it takes (a dense layer needs a flat input [features], not [2, 3, 1]; put a flatten layer before it), got [2, 3, 1]');
    expect(messageOf(() => new Network({ inputs: 2, layers: [{ type: 'conv9' } as never] }), ArgumentError))
      .toBe('network: layers[0].type: expected one of "dense", "dropout", "conv2d", "maxPool2d", "avgPool2d", "flatten", "globalAvgPool2d", "batchNorm", "competitive", "scale", got "conv9"');
    expect(() => registerLayerKind(scaleKind)).toThrow('registerLayerKind: a layer kind named "scale" is already registered');
  });

  it('a model file with a kind this library does not know is refused, naming the kinds it knows', () => {
    const file = { format: 'neurite-model', version: 2, inputShape: [2], layers: [{ type: 'conv9', filters: 2 }, { type: 'dense', units: 1, activation: 'linear', weights: [[1], [1]], bias: [0] }] };
    expect(() => fromModelFile(file, 'm.json')).toThrow(/m\.json is not a valid Neurite model \(1 problem\):\n {2}layers\[0\]\.type: expected one of "dense", "dropout", "conv2d", "maxPool2d", "avgPool2d", "flatten", "globalAvgPool2d", "batchNorm", "competitive", "scale", found "conv9"$/);
    const v2 = { ...file, layers: [file.layers[1]] };
    expect(fromModelFile(v2).network.predict([[1, 2]])).toEqual([[3]]);
    expect(() => fromModelFile({ ...v2, inputShape: undefined })).toThrow(/inputShape: expected \[features\] or \[height, width, channels\]/);
    expect(() => fromModelFile({ ...v2, inputs: 3 })).toThrow(/inputs: expected 2 \(the size of inputShape\) or nothing, found 3/);
  });
});
