import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fit, fromModelFile, ModelFormatError, Network, parseModel, shortestFloat32, stringifyModel, toModelFile } from '../src/index.js';
import { loadModel, saveModel } from '../src/node.js';

const example = {
  format: 'neurite-model', version: 1, inputs: 3,
  layers: [
    { type: 'dense', units: 5, activation: 'tanh', weights: [[0.1, 0.2, 0.3, 0.4, 0.5], [0.1, 0.2, 0.3, 0.4, 0.5], [0.1, 0.2, 0.3, 0.4, 0.5]], bias: [0, 0, 0, 0, 0] },
    { type: 'dense', units: 2, activation: 'softmax', weights: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bias: [0, 0] },
  ],
  loss: 'cross-entropy', task: 'classification', features: ['a', 'b', 'c'], target: 'label', classes: ['no', 'yes'], preprocessing: {},
};

function problemsOf(json: unknown): string[] {
  try {
    fromModelFile(json);
  } catch (e) {
    if (e instanceof ModelFormatError) return e.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.received}`);
    throw e;
  }
  return [];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('the model file', () => {
  it('loads the example of the specification, weights[i][j] joining input i to unit j', () => {
    const { network, meta } = fromModelFile(example);
    expect(network.inputs).toBe(3);
    expect(network.dense.map((d) => [d.units, d.activation])).toEqual([[5, 'tanh'], [2, 'softmax']]);
    expect(network.dense[0].weights.data[1 * 5 + 4]).toBeCloseTo(0.5, 7); // weights[1][4]
    expect(network.dense[1].weights.data[4 * 2 + 0]).toBe(9); // weights[4][0]
    expect(meta.classes).toEqual(['no', 'yes']);
    const p = network.predict([[1, 0, 0]])[0];
    expect(p[0] + p[1]).toBeCloseTo(1, 6);
  });

  it('save → load gives bit-identical predictions and keeps unknown fields', () => {
    const net = new Network({ inputs: 4, layers: [{ units: 7, activation: 'elu' }, { type: 'dropout', rate: 0.25 }, { units: 3, activation: 'softmax' }], seed: 8 });
    fit(net, [[1, 2, 3, 4], [4, 3, 2, 1], [0, 0, 1, 1]], [0, 1, 2], { epochs: 3, seed: 1 });
    const file = toModelFile(net, { task: 'classification', classes: ['a', 'b', 'c'], notes: { by: 'test' } });
    const dir = mkdtempSync(join(tmpdir(), 'neurite-'));
    const path = join(dir, 'm.json');
    writeFileSync(path, stringifyModel(file));
    const loaded = loadModel(path);
    const rows = [[0.3, -1, 2.5, 7], [1, 1, 1, 1]];
    expect(loaded.network.predict(rows)).toEqual(net.predict(rows));
    expect(loaded.network.parameters().map((p) => Array.from(p.tensor.data))).toEqual(net.parameters().map((p) => Array.from(p.tensor.data)));
    expect(loaded.meta.notes).toEqual({ by: 'test' });
    saveModel(path, loaded.network, loaded.meta);
    expect(JSON.parse(readFileSync(path, 'utf8')).notes).toEqual({ by: 'test' });
  });

  it('writes each number as the shortest decimal that reads back to the same float32', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    for (const v of [1e-30, -123.456, 3.4e38, 7e-45]) expect(Math.fround(shortestFloat32(v))).toBe(Math.fround(v));
    const text = stringifyModel(toModelFile(new Network({ inputs: 2, layers: [{ units: 2 }], seed: 1 })));
    expect(text).not.toMatch(/\d{10,}/);
  });

  it('reports every problem at once: layer, field, expected and found', () => {
    const bad = clone(example) as Record<string, unknown> & { layers: Record<string, unknown>[] };
    bad.layers[0].activation = 'swish';
    (bad.layers[0].weights as number[][]).pop();
    (bad.layers[1].bias as unknown[])[1] = 'x';
    bad.task = 'ranking';
    const problems = problemsOf(bad);
    expect(problems).toContain('layers[0].activation: expected one of linear, step, sigmoid, tanh, relu, leaky-relu, elu, softplus, softmax, gelu, found "swish"');
    expect(problems).toContain('layers[0].weights: expected 3 rows (one per input of the layer), found 2 rows');
    expect(problems).toContain('layers[1].bias[1]: expected a number finite in float32 (|x| <= 3.4028235e+38), found "x"');
    expect(problems).toContain('task: expected one of classification, regression, clustering, autoencoder, found "ranking"');
    expect(problems.length).toBe(4);
  });

  it('refuses another format, a newer version, a wrong shape and a non-finite number', () => {
    expect(problemsOf({ ...example, format: 'keras' })).toEqual(['format: expected "neurite-model" (this is not a Neurite model file), found "keras"']);
    expect(problemsOf({ ...example, version: 3 })[0]).toMatch(/^version: expected 2 or lower \(the file was written by a newer Neurite; upgrade Neurite to read it\), found 3$/);
    const wrongShape = clone(example);
    wrongShape.layers[1].weights[2] = [1, 2, 3];
    expect(problemsOf(wrongShape)).toEqual(['layers[1].weights[2]: expected 2 numbers, found 3']);
    expect(() => parseModel(JSON.stringify(example).replace('0.3', '1e999'), 'm.json')).toThrow(/m.json is not a valid Neurite model.*layers\[0\]\.weights\[0\]\[2\]: expected a number finite in float32 \(\|x\| <= 3\.4028235e\+38\), found Infinity/s);
  });

  it('refuses weights finite in float64 that float32 cannot hold, naming each; keeps the largest float32', () => {
    const big = clone(example);
    big.layers[0].weights[1][0] = 1e308;
    big.layers[1].bias[0] = -3.5e38;
    big.layers[1].weights[0][1] = 3.4028235e38; // rounds to the largest float32: fine
    expect(problemsOf(big)).toEqual([
      'layers[0].weights[1][0]: expected a number finite in float32 (|x| <= 3.4028235e+38), found 1e+308',
      'layers[1].bias[0]: expected a number finite in float32 (|x| <= 3.4028235e+38), found -3.5e+38',
    ]);
  });

  it('reports a JSON syntax error with its line and column', () => {
    expect(() => parseModel('{\n  "format": "neurite-model",\n  oops\n}', 'broken.json')).toThrow(/broken.json .*line 3, column 3: expected valid JSON/s);
  });
});
