// The standalone module, written to a temporary file and imported in Node, gives Neurite's
// predictions: the same float32 numbers (and so within 1e-5 relative), for raw rows.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, ModelFormatError, Network, toModelFile } from '../src/index.js';
import { toStandaloneModule } from '../src/export/standalone.js';
import { expectClose, importModule, neurite, randomModel, randomRows, trainedModel, type RawRow } from './export-helpers.js';

describe('standalone module matches Neurite', () => {
  for (const activation of ACTIVATIONS) {
    for (const task of ['classification', 'regression'] as const) {
      it(`${activation}, ${task}: random weights and inputs, bit for bit`, async () => {
        const file = randomModel(activation, task, 11);
        const rows = randomRows(file, 200, 3);
        const m = await importModule(toStandaloneModule(file));
        const want = neurite(file, rows);
        const outputs = m.outputs(rows) as number[][];
        expectClose(outputs, want.outputs, activation);
        expect(outputs).toEqual(want.outputs);
        expect(m.predict(rows)).toEqual(want.predictions);
      });
    }
  }

  const cases = [
    { dataset: 'iris', hidden: 'tanh', output: 'softmax', scale: 'standard' },
    { dataset: 'digits', hidden: 'relu', output: 'softmax', scale: 'minmax' },
    { dataset: 'moons', hidden: 'leaky-relu', output: 'sigmoid', scale: 'standard' },
    { dataset: 'salary', hidden: 'sigmoid', output: 'linear', scale: 'minmax' },
  ] as const;
  for (const c of cases) {
    it(`${c.dataset} (${c.hidden} → ${c.output}): every row, as objects and as arrays`, async () => {
      const { file, rows } = trainedModel(c.dataset, c);
      const m = await importModule(toStandaloneModule(file));
      const want = neurite(file, rows);
      const asArrays = rows.map((r) => (m.features as string[]).map((f) => r[f]));
      const got = m.predict(rows) as (string | number)[];
      expect(got).toEqual(want.predictions);
      expect(m.predict(asArrays)).toEqual(want.predictions);
      expectClose(m.outputs(rows), want.outputs, c.dataset);
      if (file.task === 'regression') {
        expectClose(got.map((v) => [v as number]), want.predictions.map((v) => [v as number]), `${c.dataset} predictions`);
        expect(Math.min(...(got as number[]))).toBeGreaterThan(1000); // a salary, not a scaled value
      } else {
        expect(m.classes).toEqual(file.classes);
      }
    });
  }

  it('reads numeric strings as numbers, as a CSV cell would be', async () => {
    const file = randomModel('relu', 'classification', 2);
    const rows = randomRows(file, 5, 1);
    const m = await importModule(toStandaloneModule(file));
    const asText = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
    expect(m.outputs(asText)).toEqual(m.outputs(rows));
  });
});

describe('standalone module text', () => {
  it('is deterministic, has no import, and says what the model is in its header', () => {
    const { file } = trainedModel('iris', { hidden: 'tanh', output: 'softmax', scale: 'standard' });
    const text = toStandaloneModule(file);
    expect(toStandaloneModule(structuredClone(file))).toBe(text);
    expect(text).not.toMatch(/^\s*import\s/m);
    const header = text.slice(0, text.indexOf('*/'));
    expect(header).toContain('classification of "species" into 3 classes: "setosa", "versicolor", "virginica"');
    expect(header).toContain('4 inputs -> dense 12 (tanh) -> dense 3 (softmax); 99 parameters');
    expect(header).toContain('"sepal_length": numeric, (x - ');
    expect(header).not.toMatch(/\d{4}-\d\d-\d\d/); // no date: the same model gives the same file
  });

  it('escapes names and labels: nothing closes the header comment, a string or a <script>', async () => {
    const file = randomModel('sigmoid', 'classification', 3) as any;
    const evil = '*/ alert(1) /*';
    const label = 'say "hi" </script><script>alert(2)</script>';
    file.preprocessing.features[0].name = evil;
    file.preprocessing.features[3].categories = ['`${x}`', "it's", '\u2028line'];
    file.preprocessing.target.classes = [label, 'b', '\\', '${alert(3)}'];
    file.classes = file.preprocessing.target.classes;
    const text = toStandaloneModule(file);
    // the header ends at the first */, right before the constants; the name inside it is escaped
    expect(text.slice(text.indexOf('*/')).startsWith('*/\n\n/** What the model predicts and from what. */')).toBe(true);
    expect(text.slice(0, text.indexOf('*/'))).toContain('"*\\u002f alert(1) \\u002f*": numeric');
    expect(text.split('/*').length).toBe(text.split('*/').length);
    expect(text).not.toContain('</script');
    expect(text).not.toContain('\u2028');
    const m = await importModule(text);
    expect(m.features).toEqual([evil, 'salary', 'ratio', 'colour']);
    expect(m.classes).toEqual([label, 'b', '\\', '${alert(3)}']);
    const rows: RawRow[] = [{ [evil]: 2012, salary: 50000, ratio: -0.2, colour: '\u2028line' }, { [evil]: 2001, salary: 70000, ratio: -0.3, colour: "it's" }];
    const want = neurite(file, rows);
    expect(m.outputs(rows)).toEqual(want.outputs);
    expect(m.predict(rows)).toEqual(want.predictions);
  });
});

describe('standalone module errors', () => {
  it('names the row and the feature, what was expected and what came', async () => {
    const m = await importModule(toStandaloneModule(randomModel('relu', 'classification', 2)));
    expect(() => m.predict([{ year: 2010, salary: 1, ratio: 0 }])).toThrow('predict: row 0 has no value for the feature "colour"');
    expect(() => m.predict([{ year: 2010, salary: 'lots', ratio: 0, colour: 'red' }])).toThrow('predict: row 0, feature "salary": expected a finite number, got "lots"');
    expect(() => m.predict([[2010, 1, NaN, 'red']])).toThrow('predict: row 0, feature "ratio": expected a finite number, got NaN');
    expect(() => m.predict([[1, 2]])).toThrow('predict: row 0 has 2 values; expected 4, one per feature in the order of `features`');
    expect(() => m.predict([[2010, 1, 0, '']])).toThrow('feature "colour": expected a category (a non-empty string), got ""');
    expect(() => m.predict('rows')).toThrow('predict: expected an array of rows, got "rows"');
  });

  it('refuses an invalid model file when exporting', () => {
    const file = randomModel('relu', 'classification', 1) as any;
    file.layers[0].weights[0][0] = 'NaN';
    expect(() => toStandaloneModule(file, 'bad.json')).toThrow(ModelFormatError);
  });
});

describe('a model file with no preprocessing and no names', () => {
  it('takes arrays of inputs as they are (features x0, x1, …) and gives the network\'s outputs', async () => {
    const net = new Network({ inputs: 3, layers: [{ units: 4, activation: 'softplus' }, { units: 1, activation: 'linear' }], seed: 9 });
    const file = JSON.parse(JSON.stringify(toModelFile(net)));
    const m = await importModule(toStandaloneModule(file));
    expect(m.features).toEqual(['x0', 'x1', 'x2']);
    expect(m.task).toBe('regression');
    const rows = [[0.5, -1, 2], [3, 0, -0.25]];
    expect(m.outputs(rows)).toEqual(net.predict(rows));
    expect(m.predict(rows)).toEqual(net.predict(rows).map(([y]) => y));
  });

  it('refuses, as neurite predict does, a regression model with several outputs', () => {
    const net = new Network({ inputs: 3, layers: [{ units: 2, activation: 'linear' }], seed: 9 });
    expect(() => toStandaloneModule(JSON.parse(JSON.stringify(toModelFile(net))))).toThrow('layers: expected one output unit for a regression model, found 2');
  });
});

describe('extreme pre-activations', () => {
  it('every activation gives Neurite\'s values bit for bit from -200 to 200', async () => {
    const xs = [-200, -88, -20, -1e-3, -1e-30, 0, 1e-30, 1e-3, 20, 88, 200].map((x) => [x]);
    for (const activation of ACTIVATIONS) {
      const units = activation === 'softmax' ? 2 : 1;
      const net = new Network({ inputs: 1, layers: [{ units, activation }], seed: 1 });
      net.dense[0].weights.data.set(units === 2 ? [1, -1] : [1]);
      const file = JSON.parse(JSON.stringify(toModelFile(net, { task: 'classification', classes: ['a', 'b'], features: ['x'] })));
      const m = await importModule(toStandaloneModule(file));
      expect(m.outputs(xs), activation).toEqual(net.predict(xs));
    }
  });
});
