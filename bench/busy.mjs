// Busy machine benchmark (#28 point 4): W1 (bench/neurite.mjs w1, wasm-simd) on one thread and on
// two, each alone and with a busy loop beside it (another process spinning on one core: a browser,
// a compile), interleaved; with BEFORE_MODULE (an older build's dist/index.js) the same rows for it.
// Writes bench/busy.md, which bench/report.mjs puts into docs/benchmarks.md.
// Usage: npm run build && [BEFORE_MODULE=/path/to/old/dist/index.js] [BUSY_REPS=3] [W1_SECONDS=8] node bench/busy.mjs
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(process.env.BUSY_REPS ?? 3);
const builds = [['this build', join(here, '../dist/index.js')], ...(process.env.BEFORE_MODULE ? [['before', process.env.BEFORE_MODULE]] : [])];
const rows = [];
for (const [build, module] of builds) for (const busy of [true, false]) for (const threads of [1, 2]) rows.push({ build, module, busy, threads, rates: [], loads: [] });

for (let r = 0; r < reps; r++) {
  for (const row of rows) {
    const spinner = row.busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
    row.loads.push(os.loadavg()[0]);
    const p = spawnSync(process.execPath, [join(here, 'neurite.mjs'), 'w1', 'wasm-simd', String(row.threads)], {
      env: { ...process.env, NEURITE_MODULE: row.module, W1_SECONDS: process.env.W1_SECONDS ?? '8' }, encoding: 'utf8',
    });
    spinner?.kill();
    const line = (p.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`w1 failed: ${(p.stderr ?? '').trim().split('\n').slice(-1)[0]}`);
    row.rates.push(JSON.parse(line.slice(7)).value);
    console.log(`${row.build}, ${row.busy ? 'busy loop beside' : 'alone'}, ${row.threads} thread(s): ${Math.round(row.rates.at(-1))} samples/s (load ${row.loads.at(-1).toFixed(1)})`);
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];
const span = (v) => `${Math.round(median(v)).toLocaleString('en-US')} (${Math.round(Math.min(...v)).toLocaleString('en-US')}–${Math.round(Math.max(...v)).toLocaleString('en-US')})`;
const out = ['## W1 on a busy machine (bench/busy.mjs)', '',
  `W1 (Fashion-MNIST 784-256-128-10, Adam, batch 128; wasm-simd) in samples/s, median (min–max) of ${reps} runs, interleaved, each with a busy loop (\`node -e 'for (;;) {}'\`) beside it or alone. ${machine()}; 1-minute load average before the runs: ${Math.min(...rows.flatMap((r) => r.loads)).toFixed(1)}–${Math.max(...rows.flatMap((r) => r.loads)).toFixed(1)}; ${new Date().toISOString()}.`, '',
  '| build | beside it | 1 thread | 2 threads | 2 ÷ 1 |', '|---|---|---|---|---|'];
for (const [build] of builds) {
  for (const busy of [true, false]) {
    const one = rows.find((x) => x.build === build && x.busy === busy && x.threads === 1).rates;
    const two = rows.find((x) => x.build === build && x.busy === busy && x.threads === 2).rates;
    out.push(`| ${build} | ${busy ? 'a busy loop' : 'nothing'} | ${span(one)} | ${span(two)} | ${(median(two) / median(one)).toFixed(2)} |`);
  }
}
out.push('');
writeFileSync(join(here, 'busy.md'), out.join('\n'));
console.log(out.join('\n'));

