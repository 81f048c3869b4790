// W1 end to end (#28 point 6), each run a whole process timed from outside, as a user runs it:
//   node bench/command.mjs <neurite-train|library|torch-train|sklearn-train|neurite-predict|torch-predict>
// neurite-train: `neurite train` on Fashion-MNIST's IDX files (784-256-128-10, Adam 1e-3, batch 128,
// 3 epochs, no validation); library: the same with the library's fit() after reading the files as
// bench/data.mjs does (bench/neurite.mjs c1lib: prints its read and fit seconds); torch-train,
// sklearn-train: bench/peers/command.py; neurite-predict and torch-predict: the test images through
// the model the train row wrote (trained first if absent), probabilities written to a CSV file.
// Prints one line `RESULT {json}`: value = the process's wall-clock seconds, cpu = its CPU seconds
// (user + system, all its threads and children: bash's `times`). Env: C1_EPOCHS (3),
// C1_BEFORE (the root of an older checkout, built: its `neurite train` is run too, as neurite-train-before).
//   node bench/command.mjs --all: C1_REPS (3) rounds of every run, interleaved, each in its own
// process; writes bench/command.md (the table and the ratios #28 sets targets on), which
// bench/report.mjs puts into docs/benchmarks.md. `npm run bench` runs it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FMNIST_DIR } from './data.mjs';
import { machine } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];
const fmt = (v) => (typeof v !== 'number' || Number.isNaN(v) ? '–' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const span = (v) => `${fmt(median(v))} (${fmt(Math.min(...v))}–${fmt(Math.max(...v))})`;
const root = join(here, '..');
const dir = join(os.tmpdir(), 'neurite-bench-command');
mkdirSync(dir, { recursive: true });
const epochs = process.env.C1_EPOCHS ?? '3';
const file = (name) => join(FMNIST_DIR, name);
const PY = '/usr/bin/python3';
const neurite = ['node', join(root, 'bin/neurite.js')];
const trainArgs = ['train', '--data', file('train-images-idx3-ubyte.gz'), '--labels', file('train-labels-idx1-ubyte.gz'), '--hidden', '256,128',
  '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '128', '--epochs', epochs, '--validation-split', '0', '--seed', '1', '--out', join(dir, 'neurite-w1.json')];
const before = process.env.C1_BEFORE;
const RUNS = {
  'neurite-train': () => [...neurite, ...trainArgs],
  ...(before ? { 'neurite-train-before': () => ['node', join(before, 'bin/neurite.js'), ...trainArgs.slice(0, -1), join(dir, 'neurite-before.json')] } : {}),
  library: () => ['node', join(here, 'neurite.mjs'), 'c1lib', 'auto', String(Math.min(os.cpus().length, 2))],
  'torch-train': () => [PY, join(here, 'peers/command.py'), 'torch', 'train', dir],
  'sklearn-train': () => [PY, join(here, 'peers/command.py'), 'sklearn', 'train', dir],
  'neurite-predict': () => [...neurite, 'predict', '--model', join(dir, 'neurite-w1.json'), '--data', file('t10k-images-idx3-ubyte.gz'), '--out', join(dir, 'neurite-predictions.csv')],
  'torch-predict': () => [PY, join(here, 'peers/command.py'), 'torch', 'predict', dir],
};
// the model a predict row reads, made by its train row when this run has none yet
const NEEDS = { 'neurite-predict': ['neurite-w1.json', 'neurite-train'], 'torch-predict': ['torch-w1.pt', 'torch-train'] };

// CPU time tells more than wall-clock on a machine others use: bash reports what the run's process
// used (`times`, its children's user and system time) after it ends, on the last line of stderr
const WITH_CPU = ['-c', '"$@"; s=$?; times >&2; exit $s', 'c1'];

function timed(name) {
  const [cmd, ...args] = RUNS[name]();
  const env = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', C1_EPOCHS: epochs };
  const t = performance.now();
  const p = spawnSync('bash', [...WITH_CPU, cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (p.status !== 0) throw new Error(`${name}: exit ${p.status}: ${(p.stderr ?? '').trim().split('\n').slice(-3)[0]}`);
  return { seconds, cpu: childCpu(p.stderr ?? ''), out: `${p.stdout}\n${p.stderr}` };
}

/** Seconds of user + system time from the last line of bash's `times` ("0m6.530s 0m0.270s"). */
function childCpu(stderr) {
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(stderr);
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
}

const [name] = process.argv.slice(2);
if (name === '--all') {
  all();
  process.exit(0);
}
if (!RUNS[name]) throw new Error(`unknown run ${name}; one of ${Object.keys(RUNS).join(', ')}`);
const need = NEEDS[name];
if (need && !existsSync(join(dir, need[0]))) timed(need[1]);
const load = os.loadavg()[0];
const { seconds, cpu, out } = timed(name);
const detail = {};
const trained = /trained (?:\d+ epochs )?in ([\d.]+) s/.exec(out);
if (trained) detail.reported = Number(trained[1]);
const times = /^TIMES (.*)$/m.exec(out) ?? /^RESULT (.*)$/m.exec(out);
if (times) Object.assign(detail, JSON.parse(times[1]));
console.log(`RESULT ${JSON.stringify({ ...detail, lib: name, workload: 'c1', value: seconds, cpu, unit: 's', loadavg: load, epochs: Number(epochs) })}`);

/** Every run, C1_REPS rounds interleaved, each in its own process; writes bench/command.md. */
function all() {
  const reps = Number(process.env.C1_REPS ?? 3);
  const pyHas = (mod) => spawnSync(PY, ['-c', `import ${mod}`]).status === 0;
  const names = Object.keys(RUNS).filter((n) => !n.startsWith('torch') || pyHas('torch')).filter((n) => !n.startsWith('sklearn') || pyHas('sklearn'));
  const results = [];
  const loads = [];
  for (let r = 0; r < reps; r++) {
    for (const n of names) {
      loads.push(os.loadavg()[0]);
      const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), n], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = (p.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        console.log(`c1 ${n}: failed (${(p.stderr ?? '').trim().split('\n').slice(-1)[0]})`);
        continue;
      }
      const rec = JSON.parse(line.slice(7));
      console.log(`c1 ${n}: ${rec.value.toFixed(2)} s, CPU ${rec.cpu?.toFixed(2)} s (load ${rec.loadavg.toFixed(1)})`);
      results.push(rec);
    }
  }
  const md = section(results, { reps, loads, at: new Date().toISOString() });
  writeFileSync(join(here, 'command.md'), md);
  console.log(md);
}

/**
 * W1 end to end (bench/command.mjs): each run a whole process, as a user runs it, and the targets
 * of issue 28 (the command against the library's own time and against PyTorch's script).
 */
function section(results, info) {
  const out = [];
  const rows = results.filter((r) => r.workload === 'c1');
  if (rows.length === 0) return '';
  const of = (lib) => rows.filter((r) => r.lib === lib && r.value !== undefined);
  const med = (lib, key = 'value') => (of(lib).length ? median(of(lib).map((r) => r[key])) : NaN);
  const epochs = rows[0].epochs ?? 3;
  const WHAT = {
    'neurite-train': `\`neurite train\` on the IDX files, ${epochs} epochs, model written`,
    'neurite-train-before': 'the same command, an older build (C1_BEFORE)',
    library: `the library: read the files (bench/data.mjs), \`fit\` ${epochs} epochs, \`saveModel\``,
    'torch-train': `PyTorch script (bench/peers/command.py): read, train ${epochs} epochs, save`,
    'sklearn-train': `scikit-learn script: read, \`MLPClassifier.fit\` (max_iter ${epochs}), pickle`,
    'neurite-predict': '`neurite predict` on the 10,000 test images, probabilities to a CSV file',
    'torch-predict': 'PyTorch script: load the model, the test images, probabilities to a CSV file',
  };
  const inside = (lib) => {
    if (lib === 'library') return `read ${fmt(med(lib, 'read'))} s + fit ${fmt(med(lib, 'train'))} s + write ${fmt(med(lib, 'write'))} s`;
    if (lib === 'neurite-train') return `its own "trained in" ${fmt(med(lib, 'reported'))} s`;
    if (of(lib)[0]?.train !== undefined) return `load ${fmt(med(lib, 'load'))} s + train ${fmt(med(lib, 'train'))} s`;
    if (of(lib)[0]?.predict !== undefined) return `load ${fmt(med(lib, 'load'))} s + predict ${fmt(med(lib, 'predict'))} s + write ${fmt(med(lib, 'write'))} s`;
    return '';
  };
  out.push('## W1 end to end: the command as a user runs it (bench/command.mjs)', '',
    `Each run is a whole process timed from outside (start-up, reading the gzip IDX files, training, writing the model; CPU: the user and system time of the process, all its threads), the same job as W1 (784-256-128-10, Adam 1e-3, batch 128, shuffled); ${info.reps} rounds of every run, interleaved. ${machine()}; 1-minute load average before each run ${Math.min(...info.loads).toFixed(1)}–${Math.max(...info.loads).toFixed(1)}; ${info.at}.`, '',
    '| run | what | seconds, median (min–max) | CPU seconds, median (min–max) | inside |', '|---|---|---|---|---|');
  for (const lib of Object.keys(WHAT)) {
    if (of(lib).length === 0) continue;
    out.push(`| ${lib} | ${WHAT[lib]} | ${span(of(lib).map((r) => r.value))} | ${span(of(lib).map((r) => r.cpu ?? NaN))} | ${inside(lib)} |`);
  }
  out.push('');
  const lines = [];
  const own = med('library', 'train') + med('library', 'read');
  if (!Number.isNaN(own)) lines.push(`- \`neurite train\` ÷ (the library's fit + reading the files): **${(med('neurite-train') / own).toFixed(2)}** (target ≤ 1.15).`);
  if (!Number.isNaN(med('torch-train'))) lines.push(`- \`neurite train\` ÷ the PyTorch script: **${(med('neurite-train') / med('torch-train')).toFixed(2)}** (target ≤ 0.6); in CPU time ${(med('neurite-train', 'cpu') / med('torch-train', 'cpu')).toFixed(2)}.`);
  if (!Number.isNaN(med('sklearn-train'))) lines.push(`- \`neurite train\` ÷ the scikit-learn script: ${(med('neurite-train') / med('sklearn-train')).toFixed(2)}.`);
  if (!Number.isNaN(med('torch-predict'))) lines.push(`- \`neurite predict\` ÷ the PyTorch script: ${(med('neurite-predict') / med('torch-predict')).toFixed(2)}.`);
  if (!Number.isNaN(med('neurite-train-before'))) lines.push(`- \`neurite train\` ÷ the same command before (C1_BEFORE): ${(med('neurite-train') / med('neurite-train-before')).toFixed(2)}.`);
  const rounds = of('neurite-train').map((r, i) => r.value / of('torch-train')[i]?.value).filter((v) => v > 0);
  if (rounds.length > 1) lines.push(`- Round by round, \`neurite train\` ÷ the PyTorch script: ${rounds.map((v) => v.toFixed(2)).join(', ')}.`);
  if (lines.length) out.push('Ratios of the medians, in this run (< 1: Neurite takes less time):', '', ...lines, '');
  return out.join('\n');
}


