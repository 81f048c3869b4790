// fit on text labels and on records (plain objects), as a JavaScript user has them: the classes
// inferred and kept on the network and in its model file, records through the preprocessing
// `neurite train` fits on a CSV file, and the mistakes a user can make said in their terms.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, DataError, evaluate, fit, fitPreprocessor, modelText, Network, parseCsv, parseModel, Preprocessor, type Records,
} from '../src/index.js';
import { messageOf as errorMessage } from './helpers.js';

const iris = parseCsv(readFileSync(new URL('../../shared/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
const x = iris.rows.map((r) => r.slice(0, 4).map(Number));
const labels = iris.rows.map((r) => r[4]);
const SPECIES = ['setosa', 'versicolor', 'virginica'];
/** The rows as a JavaScript program holds them: numbers as numbers, the label as text. */
const records: Records = iris.rows.map((r) => Object.fromEntries(iris.columns.map((c, j) => [c, j < 4 ? Number(r[j]) : r[j]])));
const options = { epochs: 30, batchSize: 16, lr: 0.05, seed: 3 } as const;
const softmax = (inputs: number) => new Network({ inputs, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 });
const weights = (n: Network) => n.parameters().map((p) => Array.from(p.tensor.data));

// helpers.ts's messageOf, expecting an ArgumentError unless told otherwise
const messageOf = (f: () => unknown, type: abstract new (...a: never[]) => Error = ArgumentError): string => errorMessage(f, type);

describe('fit on text labels', () => {
  it('trains as on the class indices, keeps the classes, and classify and the model file give the labels back', () => {
    const byLabel = softmax(4);
    const byIndex = softmax(4);
    fit(byLabel, x, labels, options);
    fit(byIndex, x, labels.map((l) => SPECIES.indexOf(l)), options);
    expect(byLabel.classes).toEqual(SPECIES);
    expect(weights(byLabel)).toEqual(weights(byIndex));
    const predicted = byLabel.classify(x);
    expect(predicted.filter((p, i) => p === labels[i]).length / labels.length).toBeGreaterThan(0.9);
    expect(evaluate(byLabel, x, labels).accuracy).toBeCloseTo(predicted.filter((p, i) => p === labels[i]).length / labels.length, 12);
    // saved and loaded: the same labels, bit for bit the same outputs
    const text = modelText(byLabel);
    expect(JSON.parse(text)).toMatchObject({ task: 'classification', classes: SPECIES });
    const loaded = parseModel(text).network;
    expect(loaded.classes).toEqual(SPECIES);
    expect(loaded.classify(x)).toEqual(predicted);
    expect(loaded.predict(x)).toEqual(byLabel.predict(x));
  });

  it('two classes train one sigmoid unit; numeric labels are ordered by value; a trained network keeps its classes', () => {
    const xor = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const one = new Network({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
    fit(one, xor, ['no', 'yes', 'yes', 'no'], { epochs: 300, batchSize: 'full', lr: 0.05 });
    expect(one.classes).toEqual(['no', 'yes']);
    expect(one.classify(xor)).toEqual(['no', 'yes', 'yes', 'no']);
    const digits = softmax(4);
    fit(digits, x.slice(0, 3), ['10', '9', '2'], { epochs: 1 });
    expect(digits.classes).toEqual(['2', '9', '10']);
    // trained again on labels of the same classes (a subset here), in the network's order
    fit(digits, x.slice(0, 2), ['9', '9'], { epochs: 1 });
    expect(digits.classes).toEqual(['2', '9', '10']);
  });

  it('says what is wrong: too many or too few classes, an unknown or missing label', () => {
    expect(messageOf(() => fit(softmax(4), x.slice(0, 4), ['a', 'b', 'c', 'd']))).toBe(
      'fit.y: 4 classes (a, b, c, d) for a network with 3 outputs; give the last layer 4 units with softmax');
    expect(messageOf(() => fit(softmax(4), x.slice(0, 2), ['a', 'b']))).toMatch(/^fit\.y: 2 classes \(a, b\) for a network with 3 outputs; give the last layer 1 sigmoid unit or 2 softmax units$/);
    expect(messageOf(() => fit(softmax(4), x.slice(0, 3), ['a', 'b', ''] ))).toBe(
      'fit.y[2]: "" is not a label; with text labels every row needs one (a non-empty string)');
    expect(messageOf(() => fit(softmax(4), x.slice(0, 3), ['a', 'b', 'c'], { validationData: { x: x.slice(0, 1), y: ['z'] } }))).toBe(
      'fit.validationData.y[0]: "z" is not one of the classes a, b, c');
    const trained = softmax(4);
    trained.classes = SPECIES;
    expect(messageOf(() => fit(trained, x.slice(0, 1), ['setosa '.trim() + 's']))).toBe(
      'fit.y[0]: "setosas" is not one of the classes setosa, versicolor, virginica (the network\'s: net.classes)');
    expect(messageOf(() => softmax(4).classify(x))).toMatch(/^classify: the network has no class labels; train it with fit on text labels/);
    expect(messageOf(() => new Network({ inputs: 2, layers: [{ units: 3 }], classes: ['a', 'b'] }))).toMatch(/^network: classes: expected 3 labels \(one per output unit\), got/);
  });

  it('NaN in a flat matrix names its row and column too', () => {
    const data = Float32Array.from([0, 0, 0, 1, 1, Number.NaN]);
    expect(messageOf(() => fit(softmax(2), { data, rows: 3, cols: 2 }, [0, 1, 2]))).toMatch(/^fit\.x: row 2, column 1 is NaN; expected a finite number/);
    const infinite = Float32Array.from([0, 0, -Infinity, 1, 1, Number.NaN]);
    expect(messageOf(() => fit(softmax(2), { data: infinite, rows: 3, cols: 2 }, [0, 1, 2]))).toMatch(/^fit\.x: row 1, column 0 is -Infinity; expected a finite number/);
  });
});

describe('fit on records', () => {
  it('Preprocessor.fit on records is the preprocessing neurite train fits on the CSV file', () => {
    const p = Preprocessor.fit(records, { target: 'species' });
    const cli = fitPreprocessor({ table: iris, target: 'species', trainRows: Uint32Array.from(iris.rows, (_, i) => i) });
    expect(p.toJSON()).toEqual(cli.toJSON());
    expect(p.transform(records)).toEqual(cli.transform(iris));
    expect(p.encodeTargets(records)).toEqual(cli.encodeTargets(iris));
    expect(p.classes).toEqual(SPECIES);
  });

  it('trains on records with the targets in them, as on the encoded rows; predicts, evaluates and saves through the preprocessor', () => {
    const p = Preprocessor.fit(records, { target: 'species' });
    const net = new Network({ preprocessor: p, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 });
    expect(net.inputs).toBe(4);
    expect(net.classes).toEqual(SPECIES);
    fit(net, records, options);
    const encoded = softmax(4);
    fit(encoded, p.transform(records), p.encodeTargets(records), options);
    expect(weights(net)).toEqual(weights(encoded));
    // a record without its target field is left out, as neurite train leaves out rows without a target
    const withUnlabelled = [...records.slice(0, 140), { sepal_length: 5, sepal_width: 3, petal_length: 1.5, petal_width: 0.2 }, ...records.slice(140)];
    const again = new Network({ preprocessor: p, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 });
    fit(again, withUnlabelled, options);
    expect(weights(again)).toEqual(weights(net));

    expect(net.predict(records)).toEqual(encoded.predict(p.transform(records)));
    expect(evaluate(net, records).accuracy).toBeGreaterThan(0.9);
    const file = JSON.parse(modelText(net));
    expect(file).toMatchObject({ task: 'classification', target: 'species', classes: SPECIES, features: iris.columns.slice(0, 4), preprocessing: p.toJSON() });
    // loaded, with its preprocessor rebuilt from the file: the same labels
    const loaded = parseModel(modelText(net)).network;
    loaded.preprocessor = Preprocessor.fromJSON(file.preprocessing);
    expect(loaded.classify(records)).toEqual(net.classify(records));
  });

  it('text and missing fields are one-hot and imputed as in a CSV file; mistakes are said in the user\'s terms', () => {
    const pets = [
      { weight: 4, colour: 'black', pet: 'cat' }, { weight: 30, colour: 'brown', pet: 'dog' }, { weight: null, colour: 'black', pet: 'cat' },
      { weight: 25, colour: 'white', pet: 'dog' }, { weight: 5, colour: undefined, pet: 'cat' },
    ];
    const p = Preprocessor.fit(pets, { target: 'pet' });
    // weight: mean 16 over the four given, imputed by their median 15; colour: its mode, black
    expect(p.inputNames).toEqual(['weight', 'weight (missing)', 'colour=black', 'colour=brown', 'colour=white', 'colour (missing)']);
    const rows = p.transform(pets).data;
    expect(Array.from(rows.subarray(12, 18))).toEqual([Math.fround(-1 / (p.toJSON().features[0] as { scale: number }).scale), 1, 1, 0, 0, 0]);
    expect(Array.from(rows.subarray(25, 30))).toEqual([0, 1, 0, 0, 1]);
    expect(messageOf(() => Preprocessor.fit(pets, { traget: 'pet' } as never))).toMatch(/^Preprocessor\.fit: unknown option "traget" \(did you mean "target"\?\)/);
    expect(messageOf(() => Preprocessor.fit(pets, { target: 'pets' }), DataError)).toBe('records: no column named "pets" (did you mean "pet"?); the columns are: weight, colour, pet');
    expect(messageOf(() => Preprocessor.fit([...pets, { weight: 3, colour: { r: 1 }, pet: 'cat' }], { target: 'pet' }), DataError)).toBe('records:6: the field "colour" holds an object, not one value; flatten the records so that each field is a number, a string, a boolean or null');
    expect(messageOf(() => fit(softmax(4), records, options))).toMatch(/^fit\.x: the rows are objects, but the network has no preprocessor to encode them; build it with new Network\(\{ preprocessor: Preprocessor\.fit\(records/);
    expect(messageOf(() => softmax(4).predict(records))).toMatch(/^predict: the rows are objects, but the network has no preprocessor/);
  });
});
