// Writing benchmark (#28 point 3): the text of W1's model file (784-256-128-10, 235,146 weights)
// as `neurite train` writes it, with this checkout's dist/ and, interleaved in the same process,
// an older build given by BEFORE_DIST (its modelText, or stringifyModel(toModelFile(...)) where it
// has none). Prints ms and MB/s per rep and the medians, wall-clock and CPU time (the process's
// user + system time, less disturbed by a loaded machine), and whether both texts are the same.
// The `checkpoint` rows: the text --checkpoint writes after an epoch of W1's network with Adam
// (the training state, its moments included, and the model file), by each build's own writer:
// checkpointText (dist/cli/train/checkpoint.js) where the build has it, else JSON.stringify of
// toModelFile and the state, as src/cli/train/checkpoint.ts wrote it before; "checkpoints: true"
// when both read back the same (the moments compared as the float32 values they are kept as).
// Usage: npm run build && [BEFORE_DIST=/path/to/old/dist] [WRITING_REPS=9] node bench/writing.mjs
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { machine } from './report.mjs';

const reps = Number(process.env.WRITING_REPS ?? 9);
const load = (dist) => import(pathToFileURL(`${dist}/index.js`).href);
const after = await load(new URL('../dist', import.meta.url).pathname);
const before = process.env.BEFORE_DIST ? await load(process.env.BEFORE_DIST) : null;
const layers = [{ units: 256, activation: 'relu' }, { units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }];
const meta = { task: 'classification', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], seed: 1 };
const ways = [
  ['after', (net) => after.modelText(net, meta), new after.Network({ inputs: 784, layers, seed: 1 })],
  ...(before ? [['before', (net) => (before.modelText ? before.modelText(net, meta) : before.stringifyModel(before.toModelFile(net, meta))), new before.Network({ inputs: 784, layers, seed: 1 })]] : []),
];
/** The network after one epoch of Adam on 256 random rows, and the epoch callback's state(). */
function trained(lib) {
  const net = new lib.Network({ inputs: 784, layers, seed: 1 });
  const x = { data: Float32Array.from({ length: 256 * 784 }, (_, i) => ((i * 7919) % 255) / 255), rows: 256, cols: 784 };
  let state = null;
  lib.fit(net, x, Array.from({ length: 256 }, (_, i) => i % 10), { epochs: 1, batchSize: 128, optimizer: 'adam', lr: 0.001, loss: 'cross-entropy', seed: 1, onEpochEnd: (info) => { state = info.state; } });
  return { net, state };
}
const cli = async (dist) => import(pathToFileURL(`${dist}/cli/train/checkpoint.js`).href);
const checkpoint = (lib, { checkpointText }) => ({ net, state }) => (checkpointText
  ? checkpointText({ config: { epochs: 3 }, data: '', model: lib.modelText(net, meta), state: state() })
  : JSON.stringify({ format: 'neurite-checkpoint', version: 1, config: { epochs: 3 }, data: '', model: lib.toModelFile(net, meta), state: state() }));
ways.push(['checkpoint after', checkpoint(after, await cli(new URL('../dist', import.meta.url).pathname)), trained(after)]);
if (before) ways.push(['checkpoint before', checkpoint(before, await cli(process.env.BEFORE_DIST)), trained(before)]);
/** The checkpoint as read back, the float32 buffers (moments, early stopping's weights) as float32 values. */
function readBack(text) {
  const c = JSON.parse(text);
  for (const slot of Object.values(c.state.optimizer.slots)) for (const k of ['s1', 's2']) slot[k] = Array.from(Float32Array.from(slot[k]));
  if (c.state.early?.weights) c.state.early.weights = c.state.early.weights.map((w) => Array.from(Float32Array.from(w)));
  return JSON.stringify(c);
}
const times = Object.fromEntries(ways.map(([name]) => [name, []]));
const cpu = Object.fromEntries(ways.map(([name]) => [name, []]));
const texts = {};
// the model files first, then the checkpoints (each phase's builds interleaved), so that the
// checkpoints' garbage does not land in the model files' times
for (const phase of [ways.filter(([n]) => !n.startsWith('checkpoint')), ways.filter(([n]) => n.startsWith('checkpoint'))]) for (let r = 0; r < reps; r++) {
  for (const [name, write, net] of phase) {
    const t = performance.now();
    const c = process.cpuUsage();
    texts[name] = write(net);
    times[name].push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu[name].push((used.user + used.system) / 1e3);
  }
}
const median = (a) => [...a].sort((p, q) => p - q)[(a.length - 1) >> 1];
console.log(`${machine()}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const [name] of ways) {
  const ms = median(times[name]);
  const cms = median(cpu[name]);
  console.log(`${name}: ${ms.toFixed(1)} ms median (${times[name].map((t) => t.toFixed(0)).join(', ')}), ${(texts[name].length / 1e3 / ms).toFixed(0)} MB/s, ${(texts[name].length / 1e6).toFixed(2)} MB; CPU ${cms.toFixed(1)} ms median, ${(texts[name].length / 1e3 / cms).toFixed(0)} MB/s`);
}
if (before) console.log(`same text: ${texts.after === texts.before}; checkpoints: ${readBack(texts['checkpoint after']) === readBack(texts['checkpoint before'])}`);
