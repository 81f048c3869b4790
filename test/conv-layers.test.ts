// The image layer kinds (conv2d, maxPool2d, avgPool2d, flatten, globalAvgPool2d, batchNorm) on the
// layer protocol: shapes and parameter counts, errors for inputs they cannot take, training on the
// 8×8 digits, save → load → predict bit for bit (running statistics included), no allocation per
// step. Their values are checked against PyTorch in conv-reference.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, BatchNorm, evaluate, Random, fit, freshAllocations, fromModelFile, ModelFormatError, Network, parseModel, splitIndices, stringifyModel, toModelFile,
  type LayerSpec,
} from '../src/index.js';
import { messageOf } from './helpers.js';

const lines = readFileSync(new URL('../../shared/datasets/digits.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1);
const digits = lines.map((l) => l.split(',').map(Number));
const x = digits.map((r) => r.slice(0, 64).map((v) => v / 16));
const y = digits.map((r) => r[64]);

const small: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'maxPool2d', size: 2 },
  { type: 'batchNorm' },
  { type: 'conv2d', filters: 12, kernelSize: 3, activation: 'relu' },
  { type: 'flatten' },
  { type: 'dropout', rate: 0.1 },
  { units: 10, activation: 'softmax' },
];

describe('image layers: shapes and settings', () => {
  it('each layer gives the shape its settings say, and has the parameters its kind declares', () => {
    const net = new Network({
      inputShape: [28, 28, 1], seed: 1, layers: [
        { type: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
        { type: 'maxPool2d', size: 2 },
        { type: 'conv2d', filters: 64, kernelSize: [3, 5], stride: 2, padding: 'same' },
        { type: 'avgPool2d', size: 3, stride: 1, padding: 'same' },
        { type: 'batchNorm' },
        { type: 'globalAvgPool2d' },
        { units: 10, activation: 'softmax' },
      ],
    });
    expect(net.layers.map((l) => l.outputShape)).toEqual([[26, 26, 32], [13, 13, 32], [7, 7, 64], [7, 7, 64], [7, 7, 64], [64], [10]]);
    expect(net.parameters().map((p) => [p.name, p.tensor.shape])).toEqual([
      ['layers.0.weights', [3, 3, 1, 32]], ['layers.0.bias', [32]], ['layers.2.weights', [3, 5, 32, 64]], ['layers.2.bias', [64]],
      ['layers.4.gamma', [64]], ['layers.4.beta', [64]], ['layers.6.weights', [64, 10]], ['layers.6.bias', [10]],
    ]);
    expect(net.buffers().map((p) => p.name)).toEqual(['layers.4.runningMean', 'layers.4.runningVariance']);
    expect(net.parameterCount()).toBe(9 * 32 + 32 + 15 * 32 * 64 + 64 + 128 + 650);
    // He uniform over fan-in kh·kw·channels for a relu convolution
    const w = net.parameters()[0].tensor.data;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 9));
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * Math.sqrt(6 / 9));
  });

  it('refuses what cannot fit, saying which layer and why', () => {
    const image = (layers: LayerSpec[]) => messageOf(() => new Network({ inputShape: [5, 4, 1], layers }), ArgumentError);
    expect(image([{ type: 'conv2d', filters: 2, kernelSize: 5 }, { type: 'flatten' }, { units: 1 }]))
      .toBe("network: layers[0]: expected an input it takes (a 5×5 window does not fit in a 5×4 image with padding 'valid'; use a window at most 5×4, or padding 'same'), got [5, 4, 1]");
    expect(image([{ type: 'maxPool2d', size: 2 }, { units: 3 }]))
      .toBe('network: layers[1]: expected an input it takes (a dense layer needs a flat input [features], not [2, 2, 1]; put a flatten layer before it), got [2, 2, 1]');
    expect(messageOf(() => new Network({ inputs: 16, layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }] }), ArgumentError))
      .toMatch(/layers\[0\]: expected an input it takes \(a conv2d layer needs an image input \[height, width, channels\], not \[16\]; image layers go before any flatten, dense or globalAvgPool2d layer, on a network given an inputShape/);
    // after a flatten the input is flat too: the message must not only say to give an inputShape, which the network has
    expect(image([{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'flatten' }, { type: 'maxPool2d', size: 2 }]))
      .toBe('network: layers[2]: expected an input it takes (a maxPool2d layer needs an image input [height, width, channels], not [12]; '
        + 'image layers go before any flatten, dense or globalAvgPool2d layer, on a network given an inputShape [height, width, channels] (--image HxWxC on the command line)), got [12]');
    expect(image([{ type: 'conv2d', filters: 0, kernelSize: [3], padding: 'full' } as never]))
      .toBe('network: layers[0].filters: expected a positive integer, got 0; layers[0].kernelSize: expected a positive integer or [height, width] of positive integers, got an array of 1; '
        + 'layers[0].padding: expected one of "valid", "same", got "full"');
    // with padding 'same' a window larger than the image is padded over, as in Keras
    expect(new Network({ inputShape: [5, 4, 1], layers: [{ type: 'conv2d', filters: 2, kernelSize: 5, padding: 'same' }] }).output.outputShape).toEqual([5, 4, 2]);
  });

  it('a model file with bad settings or tensors reports every problem', () => {
    const net = new Network({ inputShape: [8, 8, 1], layers: small, seed: 2 });
    const file = JSON.parse(stringifyModel(toModelFile(net))) as { layers: Record<string, unknown>[] };
    file.layers[0].activation = 'swish';
    (file.layers[3].weights as unknown[][][][])[2][1][0].pop();
    file.layers[2].runningVariance = 'x';
    file.layers[2].momentum = 2;
    try {
      fromModelFile(file, 'm.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFormatError);
      expect((e as ModelFormatError).problems.map((p) => `${p.path}: ${p.expected} / ${p.received}`)).toEqual([
        'layers[0].activation: one of linear, step, sigmoid, tanh, relu, leaky-relu, elu, softplus, softmax, gelu / "swish"',
        'layers[2].momentum: a number in (0, 1] / 2',
        'layers[2].runningVariance: an array of 8 numbers / "x"',
        'layers[3].weights[2][1][0]: 12 numbers / 11',
      ]);
    }
  });
});

describe('image layers: training and files', () => {
  const { train, validation: test } = splitIndices(x.length, 0.2, new Random(7), y);
  const pick = <T>(a: T[], idx: ArrayLike<number>) => Array.from(idx, (i) => a[i]);

  it('a small convolutional network learns the 8×8 digits (test accuracy > 0.95)', () => {
    const net = new Network({ inputShape: [8, 8, 1], layers: small, seed: 3, loss: 'cross-entropy' });
    fit(net, pick(x, train), pick(y, train), { epochs: 8, batchSize: 32, optimizer: 'adam', lr: 3e-3, seed: 1 });
    const { accuracy } = evaluate(net, pick(x, test), pick(y, test));
    expect(accuracy).toBeGreaterThan(0.95);
  }, 60_000);

  it('save → load → predict gives the same bits, running statistics included', () => {
    const net = new Network({ inputShape: [8, 8, 1], layers: small, seed: 4, loss: 'cross-entropy' });
    fit(net, x.slice(0, 200), y.slice(0, 200), { epochs: 2, batchSize: 50, optimizer: 'adam', seed: 2 });
    const bn = net.layers[2] as BatchNorm;
    expect(Array.from(bn.runningMean.data).some((v) => v !== 0)).toBe(true);
    const file = toModelFile(net, { task: 'classification' });
    expect(file.version).toBe(2);
    expect(file.inputShape).toEqual([8, 8, 1]);
    expect(file.layers.map((l) => l.type)).toEqual(['conv2d', 'maxPool2d', 'batchNorm', 'conv2d', 'flatten', 'dropout', 'dense']);
    expect(file.layers[0]).toMatchObject({ filters: 8, kernelSize: [3, 3], stride: [1, 1], padding: 'same', activation: 'relu' });
    expect(file.layers[1]).toMatchObject({ size: [2, 2], stride: [2, 2], padding: 'valid' });
    expect(file.layers[2]).toMatchObject({ momentum: 0.1, epsilon: 1e-5 });
    const text = stringifyModel(file);
    const loaded = parseModel(text, 'conv.json').network;
    const rows = Float32Array.from(x.slice(0, 300).flat());
    expect(loaded.predictFlat(rows, 300)).toEqual(net.predictFlat(rows, 300));
    expect(stringifyModel(toModelFile(loaded, { task: 'classification' }))).toBe(text);
  });

  it('early stopping puts back the best epoch\'s running statistics with its weights', () => {
    // a noisy regression a wide network overfits, so the best epoch is well before the last
    const rng = new Random(11);
    const rx = Array.from({ length: 60 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
    const ry = rx.map(([a]) => a + rng.normal() * 0.5);
    const net = new Network({ inputs: 2, seed: 4, layers: [{ units: 64, activation: 'relu' }, { type: 'batchNorm' }, { units: 64, activation: 'relu' }, { units: 1 }] });
    const r = fit(net, rx, ry, { epochs: 300, batchSize: 8, lr: 0.01, validationSplit: 0.3, seed: 4, earlyStopping: { patience: 5 } });
    expect(r.stopped).toBe(true);
    const valLosses = r.history.map((h) => h.valLoss as number);
    expect(r.bestEpoch).toBeLessThan(r.history.length);
    // inference uses the running statistics: they must be the best epoch's for its loss to come back
    const { validation } = splitIndices(60, 0.3, new Random(4).fork(), undefined);
    const loss = evaluate(net, Array.from(validation, (i) => rx[i]), Array.from(validation, (i) => ry[i])).loss;
    expect(loss).toBeCloseTo(valLosses[(r.bestEpoch as number) - 1], 6);
  });

  it('a training step allocates no new buffers once it has run', () => {
    const net = new Network({ inputShape: [8, 8, 1], layers: small, seed: 5, loss: 'cross-entropy' });
    const at: number[] = [];
    fit(net, x.slice(0, 320), y.slice(0, 320), { epochs: 1, batchSize: 16, optimizer: 'adam', onBatchEnd: (b) => void (b.batch >= 3 && at.push(freshAllocations())) });
    expect(at.length).toBe(18);
    expect(new Set(at).size).toBe(1);
  });
});
