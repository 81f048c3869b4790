// Loading benchmark (#19 point 5, #28 point 1): time and peak memory of reading and preparing
// data as `neurite train` does, each measurement in its own process. Fashion-MNIST (Debian's
// dataset-fashion-mnist) with this checkout's dist/ and, interleaved, an older build given by
// BEFORE_DIST (e.g. a worktree of the commit before, built with tsc); numeric CSVs of 10 MB,
// 100 MB and 1 GB and a gzip bomb (1 GiB inflated) generated under $TMPDIR/neurite-loading.
// Writes bench/loading.md, which bench/report.mjs puts into docs/benchmarks.md.
// Usage: npm run build && [BEFORE_DIST=/path/to/old/dist] [LOADING_REPS=5] node bench/loading.mjs
// (node bench/loading.mjs --files only makes the data files.)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { machine } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const after = join(here, '..', 'dist');
const before = process.env.BEFORE_DIST;
const reps = Number(process.env.LOADING_REPS ?? 5);
const tmp = join(os.tmpdir(), 'neurite-loading');
mkdirSync(tmp, { recursive: true });
const FMNIST = '/usr/share/datasets/fashion-mnist';

function run(dist, data, labels) {
  const args = [join(here, 'loading-run.mjs'), dist, data, ...(labels ? [labels] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 20 });
  const line = r.stdout.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    return { ok: false, error: `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`.slice(0, 200), seconds: NaN, rssMiB: NaN };
  }
}

/** A numeric CSV of about `bytes`: 16 features with 6 decimals and an integer class 0–9 (seeded). */
function numericCsv(bytes) {
  const path = join(tmp, `numeric-${bytes / 1e6}MB.csv`);
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  const fd = openSync(path, 'w');
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  writeSync(fd, `${Array.from({ length: 16 }, (_, j) => `f${j}`).join(',')},label\n`);
  let written = 0;
  while (written < bytes) {
    const lines = [];
    for (let i = 0; i < 20000; i++) {
      const f = Array.from({ length: 16 }, () => (rnd() * 200 - 100).toFixed(6));
      lines.push(`${f.join(',')},${Math.floor(rnd() * 10)}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
  return path;
}

/** A gzip bomb: a CSV header, then 1 GiB of rows "1,2" from gzip members of 4 MiB each. */
function bomb() {
  const path = join(tmp, 'bomb-1GiB.csv.gz');
  if (existsSync(path)) return path;
  const rows = gzipSync(Buffer.from('1,2\n'.repeat(1 << 20)));
  writeFileSync(path, Buffer.concat([gzipSync('a,b\n'), ...Array.from({ length: 256 }, () => rows)]));
  return path;
}

if (process.argv[2] === '--files') {
  // only make the data files (they are kept for later runs)
  for (const size of [10e6, 100e6, 1e9]) console.log(numericCsv(size));
  console.log(bomb());
  process.exit(0);
}

const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];
const span = (v, d = 2) => (v.length ? `${median(v).toFixed(d)} (${Math.min(...v).toFixed(d)}–${Math.max(...v).toFixed(d)})` : '—');

/** Runs each case `n` times, going round the cases (interleaved); returns the results per case. */
function measure(cases, n) {
  const out = cases.map(() => []);
  for (let k = 0; k < n; k++) {
    cases.forEach((c, i) => {
      const r = run(c.dist, c.data, c.labels);
      out[i].push(r);
      console.error(`${c.name}: ${r.ok ? `${r.seconds.toFixed(2)} s, ${r.rssMiB.toFixed(0)} MiB` : r.error} ${r.ok ? '' : `(${r.seconds?.toFixed?.(2)} s, ${r.rssMiB?.toFixed?.(0)} MiB)`}`);
    });
  }
  return out;
}

function row(name, results, size) {
  const ok = results.filter((r) => r.ok);
  const failed = results.find((r) => !r.ok);
  const mb = size ? (size / 1e6).toFixed(size < 1e8 ? 1 : 0) : '';
  const secs = results.map((r) => r.seconds).filter(Number.isFinite);
  const rss = results.map((r) => r.rssMiB).filter(Number.isFinite);
  const what = ok.length ? `${ok[0].rows.toLocaleString('en-US')} rows × ${ok[0].inputs}` : `refused: ${failed.error.replace(/\|/g, '\\|')}`;
  return `| ${name} | ${mb} | ${what} | ${span(secs)} | ${span(rss, 0)} |`;
}

const lines = ['## Loading: reading and preparing data as `neurite train` does (bench/loading.mjs)', ''];
lines.push(`Run at ${new Date().toISOString()} on ${machine()}; \`${readFileSync('/proc/loadavg', 'utf8').trim()}\` (load average) at the end.`, '');
lines.push(`Each row: ${reps} runs (1 GB: one, the bomb: two; before on 10 MB: one), each in its own process, going round the rows of a table; median (min–max). Time from the start of readSource to the training rows ready for fit (readSource, the --resume fingerprint, prepare: split, fitted scaling, encoding, and the training part); peak resident memory of the process (maxRSS, Node and the library included: about 50 MiB on its own). Before = \`${before ?? 'not measured'}\`.`, '');
lines.push('| data | MB on disk | rows × inputs | seconds | peak RSS MiB |', '|---|---|---|---|---|');

if (existsSync(`${FMNIST}/train-images-idx3-ubyte.gz`)) {
  const data = `${FMNIST}/train-images-idx3-ubyte.gz`;
  const labels = `${FMNIST}/train-labels-idx1-ubyte.gz`;
  const cases = [{ name: 'Fashion-MNIST train (IDX gzip), after', dist: after, data, labels }];
  if (before) cases.push({ name: 'Fashion-MNIST train (IDX gzip), before', dist: before, data, labels });
  const r = measure(cases, reps);
  cases.forEach((c, i) => lines.push(row(c.name, r[i], statSync(data).size + statSync(labels).size)));
}
for (const size of [10e6, 100e6, 1e9]) {
  const data = numericCsv(size);
  const cases = [{ name: `numeric CSV ${size / 1e6} MB, after`, dist: after, data }];
  // the old reader took 132 s and 3.3 GB for 100 MB (issue #19): measured here on 10 MB only, once
  const n = size >= 1e9 ? 1 : reps;
  const r = measure(cases, n);
  lines.push(row(cases[0].name, r[0], statSync(data).size));
  if (before && size <= 10e6) lines.push(row(`numeric CSV ${size / 1e6} MB, before`, measure([{ name: 'before', dist: before, data }], 1)[0], statSync(data).size));
}
const b = bomb();
lines.push(row('gzip bomb: 1 GiB of CSV rows in 1.1 MB, after', measure([{ name: "bomb", dist: after, data: b }], Math.min(reps, 2))[0], statSync(b).size));
lines.push('');
writeFileSync(join(here, 'loading.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
