// W1 end to end (#28 point 6), each run a whole process timed from outside, as a user runs it:
//   node bench/command.mjs <neurite-train|library|torch-train|sklearn-train|neurite-predict|torch-predict>
// neurite-train: `neurite train` on Fashion-MNIST's IDX files (784-256-128-10, Adam 1e-3, batch 128,
// 3 epochs, no validation); library: the same with the library's fit() after reading the files as
// bench/data.mjs does (bench/neurite.mjs c1lib: prints its read and fit seconds); torch-train,
// sklearn-train: bench/peers/command.py; neurite-predict and torch-predict: the test images through
// the model the train row wrote (trained first if absent), probabilities written to a CSV file.
// Prints one line `RESULT {json}`: value = the process's wall-clock seconds. Env: C1_EPOCHS (3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FMNIST_DIR } from './data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dir = join(os.tmpdir(), 'neurite-bench-command');
mkdirSync(dir, { recursive: true });
const epochs = process.env.C1_EPOCHS ?? '3';
const file = (name) => join(FMNIST_DIR, name);
const PY = '/usr/bin/python3';
const neurite = ['node', join(root, 'bin/neurite.js')];
const trainArgs = ['train', '--data', file('train-images-idx3-ubyte.gz'), '--labels', file('train-labels-idx1-ubyte.gz'), '--hidden', '256,128',
  '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '128', '--epochs', epochs, '--validation-split', '0', '--seed', '1', '--out', join(dir, 'neurite-w1.json')];
const RUNS = {
  'neurite-train': () => [...neurite, ...trainArgs],
  library: () => ['node', join(here, 'neurite.mjs'), 'c1lib', 'auto', String(Math.min(os.cpus().length, 2))],
  'torch-train': () => [PY, join(here, 'peers/command.py'), 'torch', 'train', dir],
  'sklearn-train': () => [PY, join(here, 'peers/command.py'), 'sklearn', 'train', dir],
  'neurite-predict': () => [...neurite, 'predict', '--model', join(dir, 'neurite-w1.json'), '--data', file('t10k-images-idx3-ubyte.gz'), '--out', join(dir, 'neurite-predictions.csv')],
  'torch-predict': () => [PY, join(here, 'peers/command.py'), 'torch', 'predict', dir],
};
// the model a predict row reads, made by its train row when this run has none yet
const NEEDS = { 'neurite-predict': ['neurite-w1.json', 'neurite-train'], 'torch-predict': ['torch-w1.pt', 'torch-train'] };

function timed(name) {
  const [cmd, ...args] = RUNS[name]();
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', C1_EPOCHS: epochs };
  const t = performance.now();
  const p = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${name}: exit ${p.status}: ${(p.stderr ?? '').trim().split('\n').slice(-1)[0]}`);
  return { seconds, out: `${p.stdout}\n${p.stderr}` };
}

const [name] = process.argv.slice(2);
if (!RUNS[name]) throw new Error(`unknown run ${name}; one of ${Object.keys(RUNS).join(', ')}`);
const need = NEEDS[name];
if (need && !existsSync(join(dir, need[0]))) timed(need[1]);
const load = os.loadavg()[0];
const { seconds, out } = timed(name);
const detail = {};
const trained = /trained \d+ epochs in ([\d.]+) s/.exec(out);
if (trained) detail.reported = Number(trained[1]);
const times = /^TIMES (.*)$/m.exec(out) ?? /^RESULT (.*)$/m.exec(out);
if (times) Object.assign(detail, JSON.parse(times[1]));
console.log(`RESULT ${JSON.stringify({ ...detail, lib: name, workload: 'c1', value: seconds, unit: 's', loadavg: load, epochs: Number(epochs) })}`);
