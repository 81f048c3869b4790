// 'neurite/dense' (src/dense.ts): the API of dense networks with only the dense and dropout kinds
// registered (Note [kinds by entry] in src/nn/layers.ts). This file imports it alone first: the
// main entry is imported later, by the last test, to show that both fill one registry.
import { describe, expect, it } from 'vitest';
import { add, layerTypes, ModelFormatError, modelText, Network, parseModel, tensor } from '../src/dense.js';

const DENSE = { inputs: 2, layers: [{ units: 3, activation: 'relu' as const }, { type: 'dropout' as const, rate: 0.5 }, { units: 1, activation: 'sigmoid' as const }], seed: 3 };
const CONV_FILE = JSON.stringify({
  format: 'neurite-model', version: 2, inputShape: [4, 4, 1],
  layers: [{ type: 'conv2d', filters: 1, kernelSize: 2, activation: 'relu', weights: [[[[1]], [[0]]], [[[0]], [[1]]]], bias: [0] }],
});

describe("the 'neurite/dense' entry", () => {
  it('registers dense and dropout only', () => {
    expect(layerTypes()).toEqual(['dense', 'dropout']);
  });

  it('saves and loads a dense network, which predicts the same numbers', () => {
    const net = new Network(DENSE);
    const loaded = parseModel(modelText(net)).network;
    expect(loaded.predict([[0.5, -1], [2, 3]])).toEqual(net.predict([[0.5, -1], [2, 3]]));
  });

  it("refuses a convolutional model file, saying to import from 'neurite'", () => {
    expect(() => parseModel(CONV_FILE)).toThrow(ModelFormatError);
    expect(() => parseModel(CONV_FILE)).toThrow(/layers\[0\]\.type: expected one of "dense", "dropout" \(conv2d layers come with import from 'neurite', not 'neurite\/dense'\)/);
    expect(() => new Network({ inputShape: [4, 4, 1], layers: [{ type: 'flatten' }] })).toThrow(/flatten layers come with import from 'neurite'/);
  });

  it('has the ops as functions, not as chained methods on tensors', () => {
    expect(Array.from(add(tensor([1, 2]), tensor([3, 4])).data)).toEqual([4, 6]);
    expect((tensor([1]) as unknown as Record<string, unknown>).add).toBeUndefined();
  });

  it('shares its registry with the main entry, which adds every other kind and the chained methods', async () => {
    const main = await import('../src/index.js');
    expect(Array.from(tensor([1, 2]).add(tensor([3, 4])).data)).toEqual([4, 6]);
    expect(main.Network).toBe(Network);
    expect(layerTypes()).toEqual(['dense', 'dropout', 'conv2d', 'maxPool2d', 'avgPool2d', 'flatten', 'globalAvgPool2d', 'batchNorm', 'competitive']);
    expect(parseModel(CONV_FILE).network.predict([Array.from({ length: 16 }, (_, i) => i)]).length).toBe(1);
  });
});
