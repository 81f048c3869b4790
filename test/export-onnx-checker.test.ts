// The exported ONNX files pass the official ONNX checker (onnx.checker.check_model, full_check),
// where Python's onnx package is installed (Debian: apt-get install python3-onnx); skipped with a
// note otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../src/index.js';
import { toOnnx } from '../src/export/onnx.js';
import { randomModel, trainedModel } from './export-helpers.js';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import onnx; print(onnx.__version__)'], { encoding: 'utf8' });
const available = probe.status === 0;
if (!available) console.warn(`note: ONNX checker not run: ${PYTHON} cannot import onnx (install python3-onnx)`);

const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    print("ok", path)
`;

describe.skipIf(!available)(`ONNX checker (python onnx ${probe.stdout.trim()})`, () => {
  it('accepts every activation, classification and regression, and trained models', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-onnx-'));
    const files: string[] = [];
    const write = (name: string, bytes: Uint8Array) => {
      const path = join(dir, `${name}.onnx`);
      writeFileSync(path, bytes);
      files.push(path);
    };
    for (const a of ACTIVATIONS) for (const task of ['classification', 'regression'] as const) write(`${a}-${task}`, toOnnx(randomModel(a, task, 5)));
    write('iris', toOnnx(trainedModel('iris', { hidden: 'relu', output: 'softmax', scale: 'standard' }).file));
    const run = spawnSync(PYTHON, ['-c', CHECK, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('rejects a broken file, so the check can fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-onnx-'));
    const bytes = toOnnx(randomModel('relu', 'classification', 5));
    const path = join(dir, 'broken.onnx');
    writeFileSync(path, bytes.subarray(0, bytes.length - 40));
    const run = spawnSync(PYTHON, ['-c', CHECK, path], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
  });
});
