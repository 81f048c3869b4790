// Classification: iris flowers (150 rows, 4 measurements, 3 species), a held-out test part.
import { readFileSync } from 'node:fs';
import { evaluate, fit, Network, Random, splitIndices } from 'neurite';

const rows = readFileSync(new URL('../data/iris.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const species = [...new Set(rows.map((r) => r[4]))].sort();
const x = rows.map((r) => r.slice(0, 4).map(Number));
const y = rows.map((r) => species.indexOf(r[4])); // class indices 0, 1, 2

const { train, validation: test } = splitIndices(x.length, 0.3, new Random(2024), y); // stratified
const pick = (a, idx) => Array.from(idx, (i) => a[i]);

const net = new Network({
  inputs: 4,
  layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }],
  seed: 1,
});
const { history } = fit(net, pick(x, train), pick(y, train), {
  epochs: 200, batchSize: 16, lr: 0.01, validationSplit: 0.2, seed: 1, earlyStopping: { patience: 20 },
});
const result = evaluate(net, pick(x, test), pick(y, test));
console.log(`trained ${history.length} epochs; test accuracy ${result.accuracy.toFixed(3)}`);
console.log('probabilities of the first test flower:', net.predict([x[test[0]]])[0].map((p) => p.toFixed(3)));
