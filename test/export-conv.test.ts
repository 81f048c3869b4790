// Convolutional models exported: the ONNX file (NHWC rows transposed to NCHW in the graph; Conv,
// MaxPool, AveragePool, BatchNormalization, GlobalAveragePool, Flatten) run in onnxruntime-node
// gives Neurite's outputs within 1e-5 and passes the ONNX checker; the standalone module gives
// them bit for bit (both computed on the reference kernels).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitPreprocessor } from '../src/data/preprocessor.js';
import { loadDataset } from '../src/data/datasets.js';
import { toOnnx } from '../src/export/onnx.js';
import { toStandaloneModule } from '../src/export/standalone.js';
import { fit, Network, Random, splitIndices, toModelFile, type LayerSpec, type ModelFile } from '../src/index.js';
import { expectClose, importModule, neurite, onnxInput, runOnnx, type RawRow } from './export-helpers.js';

const table = loadDataset('digits');
const p = fitPreprocessor({ table, scale: 'minmax', trainRows: splitIndices(table.rows.length, 0, new Random(1)).train });
const rows: RawRow[] = table.rows.slice(0, 400).map((r) => Object.fromEntries(table.columns.map((c, j) => [c, c === p.target ? r[j] : Number(r[j])])));

const STACKS: Record<string, LayerSpec[]> = {
  'conv same relu, max pool, batch norm, strided 2×3 conv tanh, average pool same, flatten, dropout, dense': [
    { type: 'conv2d', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', size: 2 },
    { type: 'batchNorm' },
    { type: 'conv2d', filters: 8, kernelSize: [2, 3], stride: [1, 2], padding: 'same', activation: 'tanh' },
    { type: 'avgPool2d', size: 2, stride: 1, padding: 'same' },
    { type: 'flatten' },
    { type: 'dropout', rate: 0.2 },
    { units: 10, activation: 'softmax' },
  ],
  '5×5 conv elu, 1×1 conv softmax over filters, global average pool, batch norm, dense': [
    { type: 'conv2d', filters: 5, kernelSize: 5, activation: 'elu' },
    { type: 'conv2d', filters: 4, kernelSize: 1, activation: 'softmax' },
    { type: 'globalAvgPool2d' },
    { type: 'batchNorm' },
    { units: 10, activation: 'softmax' },
  ],
};

function trained(layers: LayerSpec[]): ModelFile {
  const net = new Network({ inputShape: [8, 8, 1], layers, seed: 4, loss: 'cross-entropy' });
  fit(net, p.transform(table), p.encodeTargets(table), { epochs: 2, batchSize: 64, optimizer: 'adam', lr: 0.01, seed: 2 });
  return JSON.parse(JSON.stringify(toModelFile(net, { task: p.task, target: p.target, features: p.features, classes: p.classes, preprocessing: p.toJSON() }))) as ModelFile;
}

const files = Object.entries(STACKS).map(([name, layers]) => [name, trained(layers)] as const);

describe.each(files)('%s', (_name, file) => {
  it('ONNX in onnxruntime gives Neurite\'s outputs within 1e-5', async () => {
    const want = neurite(file, rows);
    const got = await runOnnx(toOnnx(file), onnxInput(file, rows));
    expectClose(got, want.outputs, 'onnx');
    expect(want.predictions.filter((c, i) => c === String(rows[i].digit)).length / rows.length).toBeGreaterThan(0.2); // better than chance (0.1): trained
  });

  it('the standalone module gives Neurite\'s outputs bit for bit, and its predictions', async () => {
    const m = await importModule(toStandaloneModule(file));
    const want = neurite(file, rows);
    expect(m.outputs(rows)).toEqual(want.outputs);
    expect(m.predict(rows)).toEqual(want.predictions);
  });
});

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
describe.skipIf(probe.status !== 0)('ONNX checker (python3-onnx)', () => {
  it('accepts the convolutional models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-onnx-conv-'));
    const paths = files.map(([, file], i) => {
      const path = join(dir, `conv-${i}.onnx`);
      writeFileSync(path, toOnnx(file));
      return path;
    });
    const run = spawnSync(PYTHON, ['-c', 'import sys, onnx\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)', ...paths], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
