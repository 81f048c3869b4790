// End-to-end: `neurite predict` and `evaluate` run on wasm-simd, whose numbers do not depend on the
// machine or the thread count, and on the reference kernels with NEURITE_BACKEND=js.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEncoded } from '../src/cli/dataset.js';
import { loadCliModel } from '../src/cli/model.js';
import { BIN, ensureBuilt, neurite, ROOT, workdir } from './cli-helpers.js';

let dir = '';
const digits = join(ROOT, 'data', 'digits.csv');

beforeAll(() => {
  ensureBuilt();
  dir = workdir();
  const r = neurite(['train', '--dataset', 'digits', '--hidden', '48', '--epochs', '3', '--seed', '5', '--out', 'd.json'], dir);
  if (r.status !== 0) throw new Error(r.stderr);
});

function predict(env: Record<string, string>): number[][] {
  const r = spawnSync(process.execPath, [BIN, 'predict', '--model', 'd.json', '--data', digits, '--json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout).outputs;
}

describe('neurite predict: the kernels', () => {
  it('gives the same bits with 1 or 2 threads, not the reference kernels\' (those with NEURITE_BACKEND=js)', () => {
    const one = predict({ NEURITE_THREADS: '1' });
    const two = predict({ NEURITE_THREADS: '2' });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    // the test process runs the reference kernels
    const model = loadCliModel(join(dir, 'd.json'), '--model');
    const x = readEncoded(model, digits).x;
    const flat = Array.from(model.network.predictFlat(x.data, x.rows));
    const reference = predict({ NEURITE_BACKEND: 'js' }).flat();
    expect(JSON.stringify(reference)).toBe(JSON.stringify(flat));
    // the two kernel sets sum in different orders: the same numbers to float32 rounding, not the same bits
    const fast = one.flat();
    expect(fast.some((v, i) => v !== reference[i])).toBe(true);
    expect(Math.max(...fast.map((v, i) => Math.abs(v - reference[i])))).toBeLessThan(1e-5);
  });
});
