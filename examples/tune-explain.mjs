// Tune and explain on iris: cross-validate the default network, search settings on every core,
// then ask the trained model which columns it relies on and how P(virginica) moves with petal length.
import { crossValidate, fit, fitPreprocessor, loadDataset, partialDependence, permutationImportance, Network, searchSpace, tune } from 'neurite';
import { workerRunner } from 'neurite/node';

const iris = loadDataset('iris');

const cv = crossValidate(iris, { folds: 5, seed: 1 });
console.log(`default network: accuracy ${cv.mean.toFixed(3)} ± ${cv.std.toFixed(3)} over 5 folds`);

const space = { depth: [1, 2], width: [8, 16, 32], lr: { min: 0.003, max: 0.05 }, epochs: 27 };
const search = await tune(iris, { trials: 9, folds: 3, seed: 2, space: searchSpace(space), runner: workerRunner({ workers: 2 }) });
const best = search.best;
console.log(`tuned: trial ${best.trial}, hidden [${best.settings.hidden}], ${best.settings.activation}, lr ${best.settings.lr}: accuracy ${best.score.toFixed(3)} ± ${best.std.toFixed(3)} over 3 folds`);

// a model of the whole table, with its preprocessing, to explain
const all = Uint32Array.from(iris.rows, (_, i) => i);
const preprocessor = fitPreprocessor({ table: iris, target: 'species', task: 'classification', trainRows: all });
const network = new Network({ inputs: preprocessor.inputs, layers: [{ units: 16, activation: 'relu' }, { units: 3, activation: 'softmax' }], seed: 3, loss: 'cross-entropy' });
fit(network, preprocessor.transform(iris), preprocessor.encodeTargets(iris), { epochs: 60, lr: 0.01, seed: 3 });

const importance = permutationImportance({ network, preprocessor }, iris, { repeats: 10, seed: 0 });
for (const c of importance.columns) console.log(`importance ${c.column}: ${c.mean.toFixed(3)} ± ${c.std.toFixed(3)}`);

const pd = partialDependence({ network, preprocessor }, iris, 'petal_length', { grid: 5, ice: 0 });
const virginica = pd.outputs.indexOf('virginica');
console.log(`P(virginica) as petal_length goes ${pd.values.map((v) => v.toFixed(2)).join(', ')}: ${pd.average[virginica].map((p) => p.toFixed(2)).join(', ')}`);
