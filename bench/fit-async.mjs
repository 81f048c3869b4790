// fitAsync against fit (#27 point 6): the longest stretch the event loop waits while fitAsync
// trains (wall time between the ticks of a 1 ms interval, and the process CPU time spent in that
// stretch, which a loaded machine's descheduling does not inflate), and the time of each, fit and
// fitAsync interleaved in one process. Two workloads: the one of notes/27-package.md (4000 x 16
// rows, 16-64-64-2, batch 32, 5 epochs, a fifth held out) and one with a large validation set
// (40000 x 16 rows, half held out, batch 512, 3 epochs: the epoch's end is one long evaluation).
// fitAsync's stretch during the setup before the first step is reported apart.
// Usage: npm run build && [REPS=5] node bench/fit-async.mjs [small|large] [js|auto]
import { Random } from '../dist/core/random.js';

const { fit, fitAsync, initBackend, describeBackend, Network } = await import('../dist/index.js');
await initBackend(process.argv[3] === 'js' ? 'js' : undefined);
const reps = Number(process.env.REPS ?? 5);
const WORK = {
  small: { rows: 4000, options: { batchSize: 32, epochs: 5, validationSplit: 0.2 } },
  large: { rows: 40000, options: { batchSize: 512, epochs: 3, validationSplit: 0.5 } },
};

function data(rows) {
  const rng = new Random(1);
  const x = Array.from({ length: rows }, () => Array.from({ length: 16 }, () => rng.normal()));
  return { x, y: x.map((r) => (r[0] + r[1] * r[2] > 0 ? 1 : 0)) };
}

const net = () => new Network({ inputs: 16, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 2, activation: 'softmax' }], seed: 1 });

/** fitAsync with a 1 ms interval beside it: its time and the longest stretch between ticks (wall, CPU). */
async function probe(w, d) {
  let last = performance.now(), lastCpu = process.cpuUsage();
  let wall = 0, cpu = 0;
  const timer = setInterval(() => {
    const now = performance.now(), c = process.cpuUsage();
    wall = Math.max(wall, now - last);
    cpu = Math.max(cpu, (c.user + c.system - lastCpu.user - lastCpu.system) / 1000);
    last = now;
    lastCpu = c;
  }, 1);
  // the setup's longest stretch: those closed before the first step's end (the one still open
  // holds the first step, whose length is the batch size's)
  let setup = -1, setupCpu = -1;
  const first = (b) => void (setup < 0 && b.epoch === 1 && b.batch === 1 && (setup = wall, setupCpu = cpu));
  const t0 = performance.now();
  await fitAsync(net(), d.x, d.y, { ...w.options, seed: 1, onBatchEnd: first });
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { ms, wall, cpu, setup, setupCpu };
}

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
for (const name of process.argv[2] ? [process.argv[2]] : Object.keys(WORK)) {
  const w = WORK[name];
  const d = data(w.rows);
  const fits = [], asyncs = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fit(net(), d.x, d.y, { ...w.options, seed: 1 });
    fits.push(performance.now() - t0);
    asyncs.push(await probe(w, d));
  }
  const f = median(fits), a = median(asyncs.map((s) => s.ms));
  console.log(`${name} (${describeBackend()}): fit ${f.toFixed(0)} ms, fitAsync ${a.toFixed(0)} ms (${((a / f - 1) * 100).toFixed(1)} %); `
    + `setup's longest stretch, median: ${median(asyncs.map((s) => s.setup)).toFixed(1)} ms wall, ${median(asyncs.map((s) => s.setupCpu)).toFixed(1)} ms CPU; `
    + `longest stretch, median of runs: ${median(asyncs.map((s) => s.wall)).toFixed(1)} ms wall, ${median(asyncs.map((s) => s.cpu)).toFixed(1)} ms CPU; `
    + `max: ${Math.max(...asyncs.map((s) => s.wall)).toFixed(1)} ms wall, ${Math.max(...asyncs.map((s) => s.cpu)).toFixed(1)} ms CPU`);
}
