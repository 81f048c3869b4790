// Busy machine benchmark (#28 point 4): W1 (bench/neurite.mjs w1, wasm-simd) on one thread and on
// two, beside busy loops (other processes spinning: a browser, a compile) or nothing; with
// BEFORE_MODULE (an older build's dist/index.js) the same rows for it. Then, with BUSY_STOP > 0, two
// threads beside a busy loop that stops after BUSY_STOP s, for 18 s more (the longest time alone,
// 16 s, and a duel): when the pool is back to two threads.
// Writes bench/busy.md, which bench/report.mjs puts into docs/benchmarks.md.
// Usage: npm run build && [BEFORE_MODULE=/path/to/old/dist/index.js] [BUSY_REPS=6] [W1_SECONDS=5]
//   [BUSY_LOOPS=1,0] [BUSY_STOP=9] node bench/busy.mjs
// BUSY_LOOPS lists the conditions, each a number of busy loops beside, with its own rounds after
// a colon where it needs more or fewer than BUSY_REPS (1:10,0:3,2:3).
//
// Method: a round runs one thread and two threads back to back under the same condition and build
// (which goes first alternates by round), so the two see the same machine, and the table gives
// the median and the range of the rounds' ratios besides each rate's: a busy machine's own
// spread (±5–10 % a run) hid a ratio of 0.98 in the medians of 3 runs of each, run apart.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backAfter, median } from './busy-stats.mjs';
import { machine } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(process.env.BUSY_REPS ?? 6);
const seconds = process.env.W1_SECONDS ?? '5';
const conditions = (process.env.BUSY_LOOPS ?? '1,0').split(',').map((c) => c.split(':').map(Number));
const stopAfter = Number(process.env.BUSY_STOP ?? 9);
const builds = [['this build', join(here, '../dist/index.js')], ...(process.env.BEFORE_MODULE ? [['before', process.env.BEFORE_MODULE]] : [])];
const rows = [];
for (const [n, rounds = reps] of conditions) for (const [build, module] of builds) rows.push({ build, module, loops: n, rounds, one: [], two: [], ratios: [] });
const loads = [];

/** `n` busy loops, started by this script (in its session, so in its autogroup). */
const busyLoops = (n) => Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const w1Env = (module, extra = {}) => ({ ...process.env, NEURITE_MODULE: module, W1_SECONDS: seconds, ...extra });
const result = (stdout, stderr) => {
  const line = (stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`w1 failed: ${(stderr ?? '').trim().split('\n').slice(-1)[0]}`);
  return JSON.parse(line.slice(7));
};

function w1(module, threads, n) {
  const spinners = busyLoops(n);
  loads.push(os.loadavg()[0]);
  const p = spawnSync(process.execPath, [join(here, 'neurite.mjs'), 'w1', 'wasm-simd', String(threads)], { env: w1Env(module), encoding: 'utf8' });
  for (const s of spinners) s.kill();
  return result(p.stdout, p.stderr).value;
}

const beside = (n) => (n === 0 ? 'nothing' : n === 1 ? 'a busy loop' : `${n} busy loops`);
for (let r = 0; r < Math.max(...rows.map((x) => x.rounds)); r++) {
  for (const row of (r % 2 ? [...rows].reverse() : rows).filter((x) => r < x.rounds)) {
    const rate = {};
    for (const threads of r % 2 ? [2, 1] : [1, 2]) rate[threads] = w1(row.module, threads, row.loops);
    row.one.push(rate[1]);
    row.two.push(rate[2]);
    row.ratios.push(rate[2] / rate[1]);
    console.log(`round ${r + 1}, ${row.build}, ${beside(row.loops)}: 1 thread ${Math.round(rate[1])}, 2 threads ${Math.round(rate[2])} samples/s, 2 ÷ 1 ${row.ratios.at(-1).toFixed(3)} (load ${loads.at(-1).toFixed(1)})`);
  }
}

// two threads beside a busy loop that stops after `stopAfter` s: each second's rate
async function stopping(module) {
  const spinners = busyLoops(1);
  const p = spawn(process.execPath, [join(here, 'neurite.mjs'), 'w1', 'wasm-simd', '2'], { env: w1Env(module, { W1_SECONDS: String(stopAfter + 18), W1_RATES: '1' }) });
  let stdout = '', stderr = '', stopped = 0;
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => {
    for (const s of spinners) s.kill();
    stopped = Date.now();
  }, stopAfter * 1000);
  await new Promise((done) => p.on('close', done));
  clearTimeout(timer);
  for (const s of spinners) s.kill();
  return { stopped, rates: result(stdout, stderr).rates };
}

const int = (v) => Math.round(v).toLocaleString('en-US');
const span = (v) => `${int(median(v))} (${int(Math.min(...v))}–${int(Math.max(...v))})`;
const stops = [];
if (stopAfter > 0) {
  for (const [build, module] of builds) {
    const s = await stopping(module);
    const alone = rows.find((x) => x.build === build && x.loops === 0)?.two;
    const back = alone && s.stopped ? backAfter(s.rates, s.stopped, median(alone)) : null;
    stops.push({ build, ...s, alone: Boolean(alone), back: back === null ? null : (back - s.stopped) / 1000 });
    console.log(`${build}, a busy loop stopped after ${stopAfter} s: ${s.rates.map(([t, v]) => `${((t - s.stopped) / 1000).toFixed(1)}s ${v}`).join(', ')}`);
  }
}

const out = ['## W1 on a busy machine (bench/busy.mjs)', '',
  `W1 (Fashion-MNIST 784-256-128-10, Adam, batch 128; wasm-simd) in samples/s, each process ${seconds} s of steady training, beside busy loops (\`node -e 'for (;;) {}'\`, started by the bench: in its autogroup) or nothing. ${[...new Set(rows.map((x) => x.rounds))].join(' or ')} rounds (the column on the right); a round runs one thread and two back to back under the same condition (which goes first alternates), so each round gives a ratio; rates and ratios are medians (min–max) of the rounds. ${machine()}; 1-minute load average before the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; ${new Date().toISOString()}.`, '',
  '| build | beside it | 1 thread | 2 threads | 2 ÷ 1 (rounds) | rounds with 2 ≥ 1 |', '|---|---|---|---|---|---|'];
for (const row of rows) {
  const r = row.ratios;
  out.push(`| ${row.build} | ${beside(row.loops)} | ${span(row.one)} | ${span(row.two)} | ${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}) | ${r.filter((x) => x >= 1).length} of ${r.length} |`);
}
for (const s of stops) {
  out.push('', `${s.build}, two threads beside a busy loop that stopped after ${stopAfter} s (each second's samples/s, at its end, from the stop): ${s.rates.map(([t, v]) => `${((t - s.stopped) / 1000).toFixed(1)} s: ${int(v)}`).join('; ')}. ${!s.alone ? '(No rate with nothing beside to compare: BUSY_LOOPS without 0.)' : s.back === null ? 'Not back at 90 % of two threads\' median with nothing beside (two seconds running) within the run.' : `Back at ≥ 90 % of two threads' median with nothing beside (two seconds running) in the second that ended ${s.back.toFixed(1)} s after the stop.`}`);
}
out.push('');
writeFileSync(join(here, 'busy.md'), out.join('\n'));
console.log(out.join('\n'));
