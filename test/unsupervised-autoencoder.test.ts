// Autoencoders against PCA (scikit-learn, scripts/fixtures/unsupervised_reference.py): a linear
// one reconstructs as well as PCA with as many components, a nonlinear one on the 8x8 digits
// better than PCA-8; codes, decoding, errors, the model file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, Autoencoder, fitInputPreprocessor, fromModelFile, loadDataset, stringifyModel, toModelFile, type Table,
} from '../src/index.js';
import { expectClose, messageOf } from './helpers.js';

const reference = JSON.parse(readFileSync(new URL('./fixtures/unsupervised-reference.json', import.meta.url), 'utf8'));

/** A built-in dataset without its label column, standard-scaled on every row. */
function scaled(name: 'iris' | 'digits', label: string): { data: Float32Array; rows: number; cols: number } {
  const table = loadDataset(name);
  const keep = table.columns.filter((c) => c !== label);
  const at = keep.map((c) => table.columns.indexOf(c));
  const features: Table = { source: name, columns: keep, rows: table.rows.map((r) => at.map((j) => r[j])), lines: table.lines };
  return fitInputPreprocessor({ table: features }).transform(features);
}

const iris = scaled('iris', 'species');

describe('autoencoders against PCA', () => {
  for (const k of [1, 2, 3]) {
    it(`iris: a linear autoencoder with a code of ${k} reconstructs within 2 % of PCA-${k} (${reference.pca.iris[k].toFixed(5)})`, () => {
      const ae = new Autoencoder({ inputs: 4, bottleneck: k, seed: 1 });
      ae.fit(iris, { epochs: 300, lr: 0.01, seed: 1 });
      const pca = reference.pca.iris[k] as number;
      const mse = ae.reconstructionError(iris).mse;
      expect(mse / pca - 1).toBeLessThan(0.02);
      // and no better than PCA, which is the best any linear code of k can do (up to float32)
      expect(mse).toBeGreaterThan(pca * 0.999);
    });
  }

  it(`digits: a nonlinear autoencoder with a code of 8 beats PCA-8 (${reference.pca.digits['8'].toFixed(4)})`, () => {
    const digits = scaled('digits', 'digit');
    const ae = new Autoencoder({ inputs: 64, bottleneck: 8, hidden: [32], activation: 'relu', seed: 1 });
    ae.fit(digits, { epochs: 20, lr: 0.005, seed: 1 });
    expect(ae.reconstructionError(digits).mse).toBeLessThan(reference.pca.digits['8'] * 0.8);
  }, 60_000);
});

describe('codes and errors', () => {
  const ae = new Autoencoder({ inputs: 4, bottleneck: 2, hidden: [6], activation: 'tanh', seed: 3 });
  ae.fit(iris, { epochs: 20, lr: 0.01, seed: 3 });

  it('encode gives one code per row; decode(encode(x)) is the reconstruction', () => {
    const codes = ae.encode(iris);
    expect([codes.rows, codes.cols]).toEqual([150, 2]);
    expect(ae.codeSize).toBe(2);
    expectClose(ae.decode(codes).data, ae.reconstruct(iris).data, 1e-5, 'decode(encode(x))');
  });

  it('the error per input and per row average to the overall error, each by its definition', () => {
    const r = ae.reconstructionError(iris);
    const y = ae.reconstruct(iris).data;
    let sum = 0;
    for (let i = 0; i < iris.data.length; i++) sum += (iris.data[i] - y[i]) ** 2;
    expect(r.mse).toBeCloseTo(sum / iris.data.length, 10);
    expect(r.perInput.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(r.mse, 10);
    expect(r.perRow.reduce((a, b) => a + b, 0) / 150).toBeCloseTo(r.mse, 10);
    const row7 = Array.from({ length: 4 }, (_, k) => (iris.data[28 + k] - y[28 + k]) ** 2).reduce((a, b) => a + b) / 4;
    expect(r.perRow[7]).toBeCloseTo(row7, 10);
  });

  it('the same seed trains the same weights bit for bit', () => {
    const again = new Autoencoder({ inputs: 4, bottleneck: 2, hidden: [6], activation: 'tanh', seed: 3 });
    again.fit(iris, { epochs: 20, lr: 0.01, seed: 3 });
    expect(again.encode(iris).data).toEqual(ae.encode(iris).data);
  });

  it('saves and loads bit for bit', () => {
    const file = toModelFile(ae.network, { task: 'autoencoder', bottleneck: ae.bottleneck });
    const loaded = fromModelFile(JSON.parse(stringifyModel(file)));
    const back = new Autoencoder({ network: loaded.network, bottleneck: loaded.meta.bottleneck as number });
    expect(back.encode(iris).data).toEqual(ae.encode(iris).data);
    expect(back.reconstruct(iris).data).toEqual(ae.reconstruct(iris).data);
  });

  it('refuses a code as wide as the input, and a network that is not an autoencoder', () => {
    expect(messageOf(() => new Autoencoder({ inputs: 4, bottleneck: 4 }), ArgumentError)).toMatch(/a bottleneck of 4 for 4 inputs; it must be from 1 to 3/);
    expect(messageOf(() => new Autoencoder({ inputs: 1, bottleneck: 1 }), ArgumentError)).toMatch(/a bottleneck of 1 for 1 inputs/);
    const ae2 = new Autoencoder({ inputs: 4, bottleneck: 2 });
    expect(messageOf(() => new Autoencoder({ network: ae2.network, bottleneck: 1 }), ArgumentError)).toMatch(/code comes from a layer before the last/);
  });
});
