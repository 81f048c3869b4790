// `npm run bench`: every workload for Neurite (each kernel set and thread count) and, in the same
// run, for the peers that are installed (bench/peers: npm install --prefix bench/peers; Debian's
// python3-torch, python3-sklearn, python3-numpy). Each measurement runs in its own process, one at
// a time, BENCH_REPS times (default 3); the table gives the median and the ratio to Neurite's best.
// Writes docs/benchmarks.md. Env: BENCH_REPS, BENCH_ONLY (regexp on "workload lib"), W*_SECONDS.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveFashionMnist } from './data.mjs';
import { cpuFlags, machine, report } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const reps = Number(process.env.BENCH_REPS ?? 3);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const PY = '/usr/bin/python3';

// Neurite is bundled from src/ once, so that the run does not depend on a dist/ that may be rebuilt meanwhile.
// The bundle reads its kernels-*.wasm from ../wasm/ beside it (src/backend/host/node.ts), so they
// are copied there; a folder of this run's own, so that two runs at once do not share one.
const bundleDir = mkdtempSync(join(os.tmpdir(), 'neurite-bench-'));
mkdirSync(join(bundleDir, 'lib'));
mkdirSync(join(bundleDir, 'wasm'));
for (const f of readdirSync(join(root, 'src/backend/wasm')).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(root, 'src/backend/wasm', f), join(bundleDir, 'wasm', f));
const bundle = join(bundleDir, 'lib', 'neurite.mjs');
execFileSync(join(root, 'node_modules/.bin/esbuild'), [join(root, 'src/index.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${bundle}`, '--log-level=warning']);

// wasm-relaxed asked for by name turns on Node 20's relaxed-SIMD flag itself (src/backend/init.ts)
const relaxed = spawnSync('node', ['-e', `import(${JSON.stringify(bundle)}).then((n) => n.initBackend('wasm-relaxed')).then(() => process.exit(0), () => process.exit(1))`]).status === 0;
const neurite = [['js', 1], ['wasm-simd', 1], ['wasm-simd', 2], ...(relaxed ? [['wasm-relaxed', 2]] : [])];
const peersInstalled = existsSync(join(here, 'peers/node_modules/@tensorflow/tfjs'));
const pyHas = (mod) => existsSync(PY) && spawnSync(PY, ['-c', `import ${mod}`]).status === 0;
const torch = pyHas('torch'), sklearn = pyHas('sklearn'), numpy = pyHas('numpy');

const jobs = [];
const add = (workload, lib, cmd, args, env = {}) => {
  if (only && !only.test(`${workload} ${lib}`)) return;
  jobs.push({ workload, lib, cmd, args, env });
};
const W = haveFashionMnist() ? ['w1', 'w2', 'w3', 'w4', 'w5'] : ['w2', 'w3', 'w5'];
for (const w of W) {
  for (const [b, t, flags = []] of neurite) {
    if (w === 'w5' && b === 'js') continue;
    if (w === 'w1' && b === 'js') continue; // the reference kernels are the yardstick, not a contender: ≈ 30× slower
    add(w, `neurite ${b} ×${t}`, 'node', [...flags, join(here, 'neurite.mjs'), w, b, String(t)], { NEURITE_MODULE: bundle });
  }
  if (peersInstalled && w !== 'w5') {
    for (const tb of ['cpu', 'wasm']) if (!(w === 'w1' && tb === 'cpu')) add(w, `tfjs-${tb}`, 'node', [join(here, 'peers/tfjs.mjs'), w, tb]);
    if (w === 'w2' || w === 'w3') for (const l of ['brain', 'synaptic']) add(w, l === 'brain' ? 'brain.js-2' : 'synaptic', 'node', [join(here, 'peers/brain.mjs'), l, w]);
  }
  const py = (lib) => add(w, lib, PY, [join(here, 'peers/python.py'), lib, w], { OMP_WAIT_POLICY: 'PASSIVE' });
  if (torch) py('torch');
  if (sklearn && ['w1', 'w3', 'w4'].includes(w)) py('sklearn');
  if (numpy && w === 'w5') py('numpy');
}
// the ceilings (bench/peak): 128-bit WebAssembly, and native code at each width the CPU has
add('peak', 'WebAssembly 128-bit', 'node', [join(here, 'peak/run.mjs'), 'wasm']);
const flags = cpuFlags();
if (spawnSync('cc', ['--version']).status === 0) {
  for (const bits of flags.includes('avx512f') ? [128, 256, 512] : flags.includes('fma') ? [128, 256] : []) {
    add('peak', `native ${bits}-bit`, 'node', [join(here, 'peak/run.mjs'), 'native', String(bits)]);
  }
}
if (haveFashionMnist()) {
  // W7 (issue #25): the reference kernels take ~80 s for the 16 batches between clock reads, so only wasm rows
  for (const [b, t] of neurite.filter(([b]) => b !== 'js')) add('w7', `neurite ${b} ×${t}`, 'node', [join(here, 'neurite.mjs'), 'w7', b, String(t)], { NEURITE_MODULE: bundle });
  if (torch) add('w7', 'torch', PY, [join(here, 'peers/python.py'), 'torch', 'w7'], { OMP_WAIT_POLICY: 'PASSIVE' });
  if (peersInstalled) add('w7', 'tfjs-cpu', 'node', [join(here, 'peers/tfjs.mjs'), 'w7', 'cpu']);
  add('w7acc', 'neurite wasm-simd ×2', 'node', [join(here, 'neurite.mjs'), 'w7acc', 'wasm-simd', '2'], { NEURITE_MODULE: bundle });
  add('w1acc', 'neurite wasm-simd ×2', 'node', [join(here, 'neurite.mjs'), 'w1acc', 'wasm-simd', '2'], { NEURITE_MODULE: bundle });
  add('w6', 'neurite wasm-simd ×2', 'node', [join(here, 'neurite.mjs'), 'w6', 'wasm-simd', '2'], { NEURITE_MODULE: bundle });
}

const results = [];
const loads = [];
// Reps go round the libraries of a workload (rep 1 of each, then rep 2 of each, ...) rather than
// one library's reps back to back: this VM has spells of a minute or two in which the second core
// gives half its throughput (numpy's 2048² product fell from 235 to 120 GFLOP/s in one, then
// recovered), and a spell should hit a rep of every library, not every rep of one.
const failed = new Set();
for (const workload of [...new Set(jobs.map((j) => j.workload))]) {
  const group = jobs.filter((j) => j.workload === workload);
  const times = workload === 'w6' ? 1 : reps;
  for (let r = 0; r < times; r++) {
    for (const job of group) {
      if (failed.has(job)) continue;
      loads.push(os.loadavg()[0]);
      // W1's accuracy is run with a different seed each time (the same seed gives the same number)
      const seed = job.workload === 'w1acc' ? { W1_SEED: String(r + 1) } : job.workload === 'w7acc' ? { W7_SEED: String(r + 1) } : {};
      const p = spawnSync(job.cmd, job.args, { env: { ...process.env, ...job.env, ...seed }, encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = (p.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        console.log(`${job.workload} ${job.lib}: failed (${(p.stderr ?? '').trim().split('\n').slice(-1)[0]})`);
        results.push({ ...job, error: (p.stderr ?? '').trim().split('\n').slice(-1)[0] });
        failed.add(job);
        continue;
      }
      const rec = JSON.parse(line.slice(7));
      console.log(`${job.workload} ${job.lib}: ${rec.value.toFixed(rec.value < 10 ? 4 : 0)} ${rec.unit}`);
      results.push({ ...job, ...rec, lib: job.lib });
    }
  }
}
// W1 end to end, each run a whole process (bench/command.mjs writes bench/command.md, which the report includes)
if (haveFashionMnist() && (!only || only.test('c1 command'))) spawnSync('node', [join(here, 'command.mjs'), '--all'], { stdio: 'inherit', env: { ...process.env, C1_REPS: String(reps) } });
const info = { at: new Date().toISOString(), machine: machine(), reps, interleaved: true, loads, uptimeBefore: readUptime(), relaxed, torch, sklearn, peersInstalled };
const md = report(results, info);
console.log(md);
// a subset (BENCH_ONLY) is printed only: docs/benchmarks.md and bench/last-run.json keep the last full run
if (only) console.log('BENCH_ONLY is set: docs/benchmarks.md left as it is');
else {
  writeFileSync(join(root, 'docs/benchmarks.md'), md);
  writeFileSync(join(here, 'last-run.json'), `${JSON.stringify({ results: results.map(({ env: _e, args: _a, ...r }) => r), info }, null, 1)}\n`);
}

function readUptime() {
  try { return execFileSync('uptime', { encoding: 'utf8' }).trim(); } catch { return `load ${os.loadavg().join(', ')}`; }
}
void readFileSync;
