// Save a trained network to a model file and load it back: identical predictions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit, Network } from 'neurite';
import { loadModel, saveModel } from 'neurite/node';

const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const net = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
fit(net, x, [0, 1, 1, 0], { epochs: 1000, batchSize: 'full', lr: 0.05, seed: 3 });

const file = join(mkdtempSync(join(tmpdir(), 'neurite-')), 'xor.json');
saveModel(file, net, { task: 'classification', features: ['a', 'b'], target: 'xor', classes: ['0', '1'] });
const { network, meta } = loadModel(file);
console.log('classes:', meta.classes.join(', '));
console.log('same predictions:', JSON.stringify(network.predict(x)) === JSON.stringify(net.predict(x)));
console.log('xor:', network.predict(x).map((r) => Math.round(r[0])).join(' '));
