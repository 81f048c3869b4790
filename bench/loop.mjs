// The command's training loop against the library's (#28 point 2): the same network, data and
// options trained by `fit` (no callbacks) and by `fitAsync` with what `neurite train` adds (its
// fitOptions: an epoch line per epoch on stderr (here to /dev/null), the batch callback that gathers
// the final metrics (StepMeter), yielding to the event loop every 100 ms), interleaved in one
// process, taking turns, wall-clock and CPU time. Workloads: W1 (Fashion-MNIST, 1 epoch) and iris (data/iris.csv, 120 rows, batch 32,
// 100 epochs, 30 validation rows, as `neurite train` defaults give it).
// LOOP_DIST=/path/to/old/dist measures an older build's command and fit instead of ../dist.
// Usage: npm run build && [LOOP_REPS=5] [LOOP_DIST=dir] node bench/loop.mjs [W1|iris]
import { openSync, writeSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { fashionMnist } from './data.mjs';
import { machine } from './report.mjs';

const dist = process.env.LOOP_DIST ? pathToFileURL(`${process.env.LOOP_DIST}/`) : new URL('../dist/', import.meta.url);
const { fit, fitAsync, initBackend, describeBackend, Network } = await import(new URL('index.js', dist).href);
const { fitOptions } = await import(new URL('cli/train/fit-options.js', dist).href);
const { makeProgress } = await import(new URL('cli/train/progress.js', dist).href);
const { StepMeter } = await import(new URL('cli/train/meter.js', dist).href);
const { readSource } = await import(new URL('cli/train/source.js', dist).href);
const { prepare, trainPart, validationPart } = await import(new URL('cli/train/prepare.js', dist).href);
const { Random } = await import(new URL('core/random.js', dist).href);

await initBackend();
const reps = Number(process.env.LOOP_REPS ?? 5);
const only = process.argv[2];
const nul = openSync('/dev/null', 'w');
const io = { out: (s) => writeSync(nul, s), err: (s) => writeSync(nul, s), errIsTTY: false };

function iris() {
  const cfg = { data: new URL('../data/iris.csv', import.meta.url).pathname, validationSplit: 0.2, scale: 'standard', seed: 1 };
  const p = prepare(readSource(cfg), cfg, new Random(1).fork());
  const layers = [{ units: 32, activation: 'relu' }, { units: 3, activation: 'softmax' }];
  return { name: 'iris', train: trainPart(p), validation: validationPart(p), inputs: 4, layers, preprocessor: p.preprocessor,
    config: { epochs: 100, batchSize: 32, shuffle: true, optimizer: 'adam', lr: 0.01 } };
}
function w1() {
  const tr = fashionMnist('train');
  const layers = [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }];
  const preprocessor = { task: 'classification', classes: Array.from({ length: 10 }, (_, i) => String(i)) };
  return { name: 'W1', train: { x: { data: tr.x, rows: tr.rows, cols: 784 }, y: tr.y }, inputs: 784, layers, preprocessor,
    config: { epochs: 1, batchSize: 128, shuffle: true, optimizer: 'adam', lr: 0.001 } };
}

for (const w of [w1, iris].filter((f) => !only || f.name.toLowerCase() === only.toLowerCase()).map((f) => f())) {
  const net = () => new Network({ inputs: w.inputs, layers: w.layers, seed: 1 });
  const base = { ...w.config, loss: 'cross-entropy', seed: 2, ...(w.validation ? { validationData: w.validation } : {}) };
  const run = { config: { ...w.config }, fitSeed: 2, loss: 'cross-entropy', data: '', ...(w.validation ? { validation: w.validation } : {}), model: () => ({}) };
  const ways = {
    fit: async (n) => fit(n, w.train.x, w.train.y, base),
    command: async (n) => {
      const meter = new StepMeter(w.preprocessor, n.outputs, w.config.epochs);
      const progress = makeProgress(io);
      await fitAsync(n, w.train.x, w.train.y, { ...fitOptions(run, progress, (info) => meter.batch(info), (info) => meter.epochEnd(info)), yieldEveryMs: 100 });
      meter.report();
      progress.stop();
    },
  };
  const wall = { fit: [], command: [] };
  const cpu = { fit: [], command: [] };
  const loads = [];
  // the first round warms the code up and is not counted; a tiny workload gets 40 times the rounds;
  // the two take turns going first; CPU time (user + system, the process's) is less disturbed
  // than wall-clock time by other work on the machine
  const rounds = 1 + (w.name === 'iris' ? 40 * reps : reps);
  for (let r = 0; r < rounds; r++) {
    loads.push(os.loadavg()[0]);
    for (const name of r % 2 === 0 ? ['fit', 'command'] : ['command', 'fit']) {
      const n = net();
      const t = performance.now();
      const c = process.cpuUsage();
      await ways[name](n);
      const used = process.cpuUsage(c);
      if (r === 0) continue;
      wall[name].push(performance.now() - t);
      cpu[name].push((used.user + used.system) / 1e3);
    }
  }
  const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];
  const pct = (x) => `${((x - 1) * 100).toFixed(1)} %`;
  const fmt = (v) => `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`;
  const paired = median(cpu.command.map((c, i) => c / cpu.fit[i]));
  console.log(`${w.name}: fit ${median(wall.fit).toFixed(1)} ms [${fmt(wall.fit)}], the command's loop ${median(wall.command).toFixed(1)} ms [${fmt(wall.command)}]: ${pct(median(wall.command) / median(wall.fit))} (wall, ratio of medians); CPU ${median(cpu.fit).toFixed(2)} against ${median(cpu.command).toFixed(2)} ms: ${pct(median(cpu.command) / median(cpu.fit))} (ratio of medians), ${pct(paired)} (median of the rounds' ratios); ${wall.fit.length} rounds after one to warm up; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
}
console.log(`${machine()}; ${describeBackend()}`);
process.exit(0);
