// The ceilings: the most fused multiply-adds this machine's cores do, from WebAssembly's 128-bit
// SIMD (fma.ts: 12 independent chains of f32x4.relaxed_madd) and from native code at each vector
// width the CPU has (native.c, built with the system's C compiler when there is one), on one thread
// alone and on every core at once. What Neurite can reach, beside what the native peers can.
//   node bench/peak/run.mjs               both, as text
//   node bench/peak/run.mjs wasm          one `RESULT {json}` line (bench/run.mjs runs these)
//   node bench/peak/run.mjs native BITS   the same for native code at BITS (128, 256 or 512)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

setFlagsFromString('--experimental-wasm-relaxed-simd');
const ITERATIONS = 100_000_000;
const [mode, bitsArg] = process.argv.slice(2);
const cores = availableParallelism();

/** Runs `command` with `-o` a file `name` in a new temporary folder; returns the folder and the file. */
function build(name, command) {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-peak-'));
  const out = join(dir, name);
  try {
    execFileSync(command[0], [...command.slice(1), '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { dir, out };
  } catch (e) {
    rmSync(dir, { recursive: true });
    throw e;
  }
}

function wasmBytes() {
  const asc = new URL('../../node_modules/.bin/asc', import.meta.url).pathname;
  const { dir, out } = build('fma.wasm', [asc, new URL('fma.ts', import.meta.url).pathname, '-O3', '--enable', 'simd', '--enable', 'relaxed-simd']);
  const bytes = readFileSync(out);
  rmSync(dir, { recursive: true });
  return bytes;
}

/** Native code's ceilings, one record per vector width the CPU has (all when `bits` is undefined); [] without a C compiler. */
function native(bits) {
  let built;
  try {
    built = build('native', ['cc', '-O2', '-pthread', new URL('native.c', import.meta.url).pathname]);
  } catch {
    return [];
  }
  try {
    const text = execFileSync(built.out, [String(cores), '200000000', ...(bits ? [String(bits)] : [])], { encoding: 'utf8' });
    return text.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
  } finally {
    rmSync(built.dir, { recursive: true });
  }
}

const bytes = isMainThread ? (mode === 'native' ? null : wasmBytes()) : workerData.bytes;
const gflops = bytes ? (() => {
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  const once = () => {
    const t = performance.now();
    run(ITERATIONS, 1);
    return (ITERATIONS * 96) / ((performance.now() - t) / 1000) / 1e9;
  };
  for (let i = 0; i < 3; i++) once(); // past V8's first tier
  return once;
})() : null;

/** WebAssembly's ceiling: three runs alone, then three with a worker busy on every other core. */
async function wasm() {
  const alone = [gflops(), gflops(), gflops()];
  const workers = Array.from({ length: cores - 1 }, () => new Worker(new URL(import.meta.url), { workerData: { bytes } }));
  // each worker reports once warm, then runs until told to stop
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const mine = [gflops(), gflops(), gflops()];
  const theirs = await Promise.all(workers.map((w) => new Promise((r) => { w.once('message', r); w.postMessage('report'); })));
  for (const w of workers) await w.terminate();
  return { alone, perCore: [Math.min(...mine), ...theirs] };
}

if (!isMainThread) {
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
} else if (mode === 'wasm') {
  const { alone, perCore } = await wasm();
  const sum = perCore.reduce((s, g) => s + g, 0);
  console.log(`RESULT ${JSON.stringify({ value: sum, unit: 'GFLOP/s', one: Math.max(...alone), threads: cores })}`);
} else if (mode === 'native') {
  const r = native(Number(bitsArg))[0];
  if (!r) {
    console.error(`no native ${bitsArg}-bit ceiling: no C compiler (cc), or the CPU has no ${bitsArg}-bit fused multiply-add`);
    process.exit(1);
  }
  console.log(`RESULT ${JSON.stringify({ value: r.all, unit: 'GFLOP/s', one: r.one, threads: r.threads })}`);
} else {
  const { alone, perCore } = await wasm();
  console.log(`WebAssembly 128-bit, one thread alone: ${alone.map((g) => g.toFixed(1)).join(', ')} GFLOP/s`);
  console.log(`${cores} threads at once, per thread: ${perCore.map((g) => g.toFixed(1)).join(', ')} GFLOP/s; together ≈ ${perCore.reduce((s, g) => s + g, 0).toFixed(0)}`);
  const widths = native();
  if (widths.length === 0) console.log('native: no C compiler (cc) here');
  for (const r of widths) console.log(`native ${r.bits}-bit: one thread ${r.one.toFixed(1)} GFLOP/s, ${r.threads} threads ${r.all.toFixed(1)}`);
}
