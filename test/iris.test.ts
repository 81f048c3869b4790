// A real data set: Fisher's iris (data/iris.csv, shipped), 150 flowers, 3 species.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, fit, Network, Random, splitIndices } from '../src/index.js';

const lines = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1);
const species = [...new Set(lines.map((l) => l.split(',')[4]))].sort();
const x = lines.map((l) => l.split(',').slice(0, 4).map(Number));
const y = lines.map((l) => species.indexOf(l.split(',')[4]));

describe('iris', () => {
  it('classifies held-out flowers with accuracy above 95 %', () => {
    expect(x.length).toBe(150);
    const { train, validation: test } = splitIndices(150, 0.3, new Random(2024), y);
    // standardise with the training part's statistics only
    const mean = [0, 1, 2, 3].map((j) => Array.from(train, (i) => x[i][j]).reduce((a, b) => a + b) / train.length);
    const std = [0, 1, 2, 3].map((j) => Math.sqrt(Array.from(train, (i) => (x[i][j] - mean[j]) ** 2).reduce((a, b) => a + b) / train.length));
    const scaled = x.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
    const net = new Network({ inputs: 4, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 1 });
    fit(net, Array.from(train, (i) => scaled[i]), Array.from(train, (i) => y[i]), { epochs: 150, batchSize: 16, lr: 0.01, seed: 1 });
    const result = evaluate(net, Array.from(test, (i) => scaled[i]), Array.from(test, (i) => y[i]));
    expect(test.length).toBe(45);
    expect(result.accuracy).toBeGreaterThan(0.95);
    expect(result.confusion?.flat().reduce((a, b) => a + b)).toBe(45);
  });
});
