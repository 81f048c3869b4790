// The ceiling of WebAssembly's 128-bit SIMD on this machine: GFLOP/s of a loop of independent fused
// multiply-adds (fma.ts) on one thread alone, then on every core at once (one worker per core
// beside the main thread). `node bench/peak/run.mjs`; the numbers docs/benchmarks.md quotes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const ITERATIONS = 100_000_000;

function compile() {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-peak-'));
  const out = join(dir, 'fma.wasm');
  const asc = new URL('../../node_modules/.bin/asc', import.meta.url).pathname;
  execFileSync(asc, [new URL('fma.ts', import.meta.url).pathname, '-O3', '--enable', 'simd', '--enable', 'relaxed-simd', '-o', out]);
  const bytes = readFileSync(out);
  rmSync(dir, { recursive: true });
  return bytes;
}

const bytes = isMainThread ? compile() : workerData.bytes;
const { run } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
const gflops = () => {
  const t = performance.now();
  run(ITERATIONS, 1);
  return (ITERATIONS * 96) / ((performance.now() - t) / 1000) / 1e9;
};
for (let i = 0; i < 3; i++) gflops(); // past V8's first tier

if (isMainThread) {
  const alone = [gflops(), gflops(), gflops()];
  console.log(`one thread alone: ${alone.map((g) => g.toFixed(1)).join(', ')} GFLOP/s`);
  const cores = availableParallelism();
  const workers = Array.from({ length: cores - 1 }, () => new Worker(new URL(import.meta.url), { workerData: { bytes } }));
  // each worker reports once warm, then runs until told to stop
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const mine = [gflops(), gflops(), gflops()];
  const theirs = await Promise.all(workers.map((w) => new Promise((r) => { w.once('message', r); w.postMessage('report'); })));
  for (const w of workers) await w.terminate();
  const perCore = [Math.min(...mine), ...theirs];
  console.log(`${cores} threads at once, per thread: ${perCore.map((g) => g.toFixed(1)).join(', ')} GFLOP/s; together ≈ ${perCore.reduce((s, g) => s + g, 0).toFixed(0)}`);
} else {
  let report = false;
  parentPort.on('message', () => { report = true; });
  parentPort.postMessage('warm');
  // busy until asked: the message handler runs between slices of the loop
  const tick = () => {
    const g = gflops();
    if (report) parentPort.postMessage(g);
    else setImmediate(tick);
  };
  tick();
}
