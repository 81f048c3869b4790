// The exported ONNX file, run in onnxruntime-node, gives Neurite's outputs within 1e-5 relative.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, fromModelFile, ModelFormatError } from '../src/index.js';
import { toOnnx } from '../src/export/onnx.js';
import { onnxModelType } from '../src/export/onnx-schema.js';
import { expectClose, neurite, onnxInput, randomModel, randomRows, runOnnx, trainedModel } from './export-helpers.js';

describe('ONNX export matches Neurite', () => {
  for (const activation of ACTIVATIONS) {
    for (const task of ['classification', 'regression'] as const) {
      it(`${activation}, ${task}: random weights and inputs`, async () => {
        const file = randomModel(activation, task, 11);
        const rows = randomRows(file, 200, 3);
        const got = await runOnnx(toOnnx(file), onnxInput(file, rows));
        const want = neurite(file, rows);
        if (task === 'regression') expectClose(got, want.predictions.map((v) => [v as number]), `${activation} regression`);
        else expectClose(got, want.outputs, `${activation} classification`);
      });
    }
  }
});

describe('ONNX export of trained models on real data', () => {
  const cases = [
    { dataset: 'iris', hidden: 'tanh', output: 'softmax', scale: 'standard' },
    { dataset: 'digits', hidden: 'relu', output: 'softmax', scale: 'minmax' },
    { dataset: 'moons', hidden: 'elu', output: 'sigmoid', scale: 'standard' },
    { dataset: 'salary', hidden: 'softplus', output: 'linear', scale: 'standard' },
  ] as const;
  for (const c of cases) {
    it(`${c.dataset} (${c.hidden} → ${c.output}, ${c.scale} scaling): every row`, async () => {
      const { file, rows } = trainedModel(c.dataset, c);
      const want = neurite(file, rows);
      const got = await runOnnx(toOnnx(file), onnxInput(file, rows));
      if (file.task === 'regression') {
        // outputs in the target's units: salaries, not scaled values
        expect(Math.min(...got.map(([v]) => v))).toBeGreaterThan(1000);
        expectClose(got, want.predictions.map((v) => [v as number]), c.dataset);
      } else {
        expectClose(got, want.outputs, c.dataset);
      }
    });
  }
});

describe('ONNX graph', () => {
  const decode = (bytes: Uint8Array) => onnxModelType().toObject(onnxModelType().decode(bytes), { longs: Number, defaults: false }) as any;

  it('has a float64 input "features" [batch, inputs], opset 13, and metadata naming classes, features and target', () => {
    const file = randomModel('relu', 'classification', 1);
    const m = decode(toOnnx(file));
    expect(m.ir_version).toBe(7);
    expect(m.opset_import).toEqual([{ domain: '', version: 13 }]);
    expect(m.graph.input).toHaveLength(1);
    expect(m.graph.input[0].name).toBe('features');
    expect(m.graph.input[0].type.tensor_type).toEqual({ elem_type: 11, shape: { dim: [{ dim_param: 'batch' }, { dim_value: 6 }] } });
    expect(m.graph.output[0].name).toBe('outputs');
    expect(m.graph.output[0].type.tensor_type).toEqual({ elem_type: 1, shape: { dim: [{ dim_param: 'batch' }, { dim_value: 4 }] } });
    const meta = Object.fromEntries(m.metadata_props.map((p: { key: string; value: string }) => [p.key, p.value]));
    expect(JSON.parse(meta.classes)).toEqual(['a', 'b', 'c', 'd']);
    expect(JSON.parse(meta.features)).toEqual(['year', 'salary', 'ratio', 'colour']);
    expect(JSON.parse(meta.inputs)).toEqual(['year', 'salary', 'ratio', 'colour=blue', 'colour=green', 'colour=red']);
    expect(meta.target).toBe('label');
    expect(meta.task).toBe('classification');
  });

  it('shows onnxruntime the input features: float64 [batch, inputs], and the outputs', async () => {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(toOnnx(randomModel('tanh', 'regression', 1)));
    expect(session.inputMetadata).toEqual([{ name: 'features', isTensor: true, type: 'float64', shape: ['batch', 6] }]);
    expect(session.outputMetadata).toEqual([{ name: 'outputs', isTensor: true, type: 'float64', shape: ['batch', 1] }]);
  });

  it('scales in the graph (Sub, Div), one Gemm per dense layer, no node for dropout, softmax on the last axis', () => {
    const file = randomModel('softmax', 'classification', 1);
    const nodes = decode(toOnnx(file)).graph.node;
    expect(nodes.map((n: any) => n.op_type)).toEqual(['Sub', 'Div', 'Cast', 'Gemm', 'Softmax', 'Gemm', 'Softmax', 'Gemm', 'Softmax']);
    expect(nodes[4].attribute).toEqual([{ name: 'axis', type: 2, i: -1 }]);
  });

  it('writes each activation as its operator, with Neurite\'s constants', () => {
    const ops = (a: (typeof ACTIVATIONS)[number]) => decode(toOnnx(randomModel(a, 'regression', 1))).graph.node.slice(3, 5);
    expect(ops('leaky-relu')[1]).toMatchObject({ op_type: 'LeakyRelu', attribute: [{ name: 'alpha', f: expect.closeTo(0.01, 9) }] });
    expect(ops('elu')[1]).toMatchObject({ op_type: 'Elu', attribute: [{ name: 'alpha', f: 1 }] });
    expect(ops('linear')[1].op_type).toBe('Identity');
    expect(ops('softplus')[1].op_type).toBe('Softplus');
    expect(ops('step').map((n: any) => n.op_type)).toEqual(['Gemm', 'GreaterOrEqual']);
  });

  it('regression: un-scales the output in float64 (Cast, Mul, Add) so outputs are in the target\'s units', () => {
    const m = decode(toOnnx(randomModel('tanh', 'regression', 1)));
    expect(m.graph.node.slice(-3).map((n: any) => n.op_type)).toEqual(['Cast', 'Mul', 'Add']);
    expect(m.graph.output[0].type.tensor_type.elem_type).toBe(11);
  });

  it('is deterministic: the same model file gives the same bytes', () => {
    const file = randomModel('sigmoid', 'classification', 4);
    expect(Buffer.from(toOnnx(file)).equals(Buffer.from(toOnnx(structuredClone(file))))).toBe(true);
  });
});

describe('step', () => {
  it('maps to GreaterOrEqual(z, 0) then Cast, exact at z = 0 and just below', async () => {
    // one unit, z = x (weight 1, bias 0, no scaling): step(0) = 1, step(-1e-30) = 0, step(1e-30) = 1
    const file = {
      format: 'neurite-model', version: 1, inputs: 1, task: 'classification', features: ['x'], classes: ['off', 'on'],
      layers: [{ type: 'dense', units: 1, activation: 'step', weights: [[1]], bias: [0] }],
    };
    const got = await runOnnx(toOnnx(file), new (await import('onnxruntime-node')).Tensor('float64', Float64Array.of(0, -0, -1e-30, 1e-30, -3, 3), [6, 1]));
    expect(got.map(([v]) => v)).toEqual([1, 1, 0, 1, 0, 1]);
  });
});

describe('ONNX export refuses invalid model files', () => {
  it('lists every problem of the file in one ModelFormatError', () => {
    const file = randomModel('relu', 'classification', 1) as any;
    file.layers[0].activation = 'swish';
    file.preprocessing.features[0].scale = 0;
    expect(() => toOnnx(file, 'bad.json')).toThrow(ModelFormatError);
    try {
      toOnnx(file, 'bad.json');
    } catch (e) {
      expect((e as Error).message).toMatch(/^bad\.json is not a valid Neurite model/);
      expect((e as Error).message).toContain('layers[0].activation');
      expect((e as Error).message).toContain('preprocessing.features[0].scale');
    }
  });

  it('refuses a preprocessing that does not fit the network', () => {
    const file = randomModel('relu', 'classification', 1) as any;
    file.preprocessing.features.pop();
    expect(() => toOnnx(file, 'bad.json')).toThrow(/preprocessing\.features: expected features encoding to 6 inputs \(the network's inputs\), found 3 inputs/);
  });
});

describe('extreme pre-activations', () => {
  // z = x for one unit, so each activation sees values where exp overflows or underflows
  const xs = [-200, -88, -20, -1e-3, 0, 1e-3, 20, 88, 200];
  for (const activation of ['sigmoid', 'tanh', 'elu', 'softplus', 'leaky-relu', 'relu'] as const) {
    it(`${activation} agrees with Neurite from -200 to 200`, async () => {
      const file = {
        format: 'neurite-model', version: 1, inputs: 1, task: 'regression', features: ['x'], target: 'y',
        layers: [{ type: 'dense', units: 1, activation, weights: [[1]], bias: [0] }],
      };
      const ort = await import('onnxruntime-node');
      const got = await runOnnx(toOnnx(file), new ort.Tensor('float64', Float64Array.from(xs), [xs.length, 1]));
      const { network } = fromModelFile(file);
      // ONNX defines Elu as α(exp(x) − 1): in float32 that is off by up to half an ulp of 1 (6e-8)
      // near 0, where Neurite uses expm1; so for elu alone, values below 1e-2 are held to 1e-7 absolute
      expectClose(got, network.predict(xs.map((x) => [x])), activation, activation === 'elu' ? 1e-2 : 1e-3);
    });
  }

  it('softmax agrees with Neurite on logits 400 apart', async () => {
    const file = {
      format: 'neurite-model', version: 1, inputs: 2, task: 'classification', features: ['a', 'b'], classes: ['p', 'q'],
      layers: [{ type: 'dense', units: 2, activation: 'softmax', weights: [[1, 0], [0, 1]], bias: [0, 0] }],
    };
    const rows = [[200, -200], [-200, 200], [0, 30], [1e-3, 0]];
    const ort = await import('onnxruntime-node');
    const got = await runOnnx(toOnnx(file), new ort.Tensor('float64', Float64Array.from(rows.flat()), [4, 2]));
    expectClose(got, fromModelFile(file).network.predict(rows), 'softmax');
  });
});
