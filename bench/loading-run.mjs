// One measurement of bench/loading.mjs, in its own process: reads a data set with the CLI's
// readSource, fingerprint and prepare from the dist/ given (this checkout's or an older one's),
// up to the training rows ready for fit, and prints one JSON line: seconds and peak RSS.
// Usage: node bench/loading-run.mjs DIST DATA [LABELS]
import { pathToFileURL } from 'node:url';

const [dist, data, labels] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(`${dist}/${p}`).href);
const { readSource, fingerprint } = await load('cli/train/source.js');
const prepareModule = await load('cli/train/prepare.js');
const { Random } = await load('core/random.js');
const { takeRows } = await load('core/matrix.js');
const cfg = { data, labels, validationSplit: 0.1, scale: 'standard', seed: 1 };
const started = performance.now();
let result;
try {
  const source = readSource(cfg);
  const hash = fingerprint(source);
  const p = prepareModule.prepare(source, cfg, new Random(1).fork());
  // the training rows as fit gets them: a view now, a copy before (takeRows)
  const train = prepareModule.trainPart ? prepareModule.trainPart(p).x : takeRows(p.x, p.split.train);
  result = { ok: true, rows: p.x.rows, inputs: p.x.cols, trainRows: train.rows, hash: hash.slice(0, 12) };
} catch (error) {
  result = { ok: false, error: String(error.message).slice(0, 200) };
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ ...result, seconds, rssMiB: process.resourceUsage().maxRSS / 1024 }));
