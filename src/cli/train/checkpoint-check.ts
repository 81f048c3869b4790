/**
 * Validation of a checkpoint file, field by field as model files are validated: the run's
 * settings, the epoch and history, the random generator's and the optimizer's state, the
 * schedule and early-stopping state, each against what `--resume` will do with it. Every problem
 * is collected, with its path, what was expected and what was found.
 */
import { ACTIVATIONS, describeValue as describe, finiteInFloat32, LOSSES, OPTIMIZERS, Scheduler, type Network, type Problem, type ScheduleSpec } from '../../index.js';
import { BACKENDS, DATASETS, TASKS } from './options.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A check of one value: undefined when it is right, else what was expected. */
type Check = (v: unknown) => string | undefined;

const int = (min: number, max?: number): Check => (v) => (isInt(v, min, max) ? undefined : `an integer from ${min}${max === undefined ? ' up' : ` to ${max}`}`);
const num = (ok: (v: number) => boolean, what: string): Check => (v) => (isNum(v) && ok(v) ? undefined : what);
const oneOf = (choices: readonly string[]): Check => (v) => (typeof v === 'string' && choices.includes(v) ? undefined : `one of ${choices.join(', ')}`);
const text: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const flag: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');

function schedule(v: unknown): string | undefined {
  if (!isObject(v)) return 'a learning-rate schedule object';
  // a cosine schedule of tMax 0 anneals over all epochs: filled in when the run starts
  const spec = (v.type === 'cosine' && v.tMax === 0 ? { ...v, tMax: 1 } : v) as unknown as ScheduleSpec;
  try {
    new Scheduler(spec, 1); // eslint-disable-line no-new
    return undefined;
  } catch (e) {
    return `a valid schedule (${(e as Error).message})`;
  }
}

const names: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'an array of column names or texts');

/** The run settings a checkpoint stores (TrainConfig), each with its check; `true` when required. */
const CONFIG: Record<string, [Check, boolean]> = {
  hidden: [(v) => (Array.isArray(v) && v.every((w) => isInt(w, 1, 100000)) ? undefined : 'an array of layer widths (integers from 1 to 100000)'), true],
  activation: [oneOf(ACTIVATIONS), true],
  optimizer: [oneOf(OPTIMIZERS), true],
  lr: [num((x) => x > 0, 'a number > 0'), true],
  epochs: [int(1), true],
  batchSize: [(v) => (v === 'full' || isInt(v, 1) ? undefined : 'an integer from 1 up, or "full"'), true],
  validationSplit: [num((x) => x >= 0 && x < 1, 'a number >= 0 and < 1'), true],
  shuffle: [flag, true],
  seed: [int(0, 4294967295), true],
  scale: [oneOf(['standard', 'minmax', 'none']), true],
  out: [text, true],
  json: [flag, true],
  data: [text, false], labels: [text, false], target: [text, false], init: [text, false], checkpoint: [text, false], resume: [text, false], plot: [text, false],
  dataset: [oneOf(DATASETS), false],
  task: [oneOf(TASKS), false],
  bottleneck: [int(1), false],
  feedback: [oneOf(['reward']), false],
  outputActivation: [oneOf(ACTIVATIONS), false],
  loss: [oneOf(LOSSES), false],
  momentum: [num((x) => x >= 0 && x < 1, 'a number >= 0 and < 1'), false],
  weightDecay: [num((x) => x >= 0, 'a number >= 0'), false],
  dropout: [num((x) => x >= 0 && x < 1, 'a number >= 0 and < 1'), false],
  earlyStopping: [(v) => (v === false ? undefined : int(1)(v)), false],
  delimiter: [text, false],
  na: [names, false], ignore: [names, false], features: [names, false],
  missing: [oneOf(['impute', 'drop', 'error']), false],
  testSplit: [num((x) => x >= 0 && x < 1, 'a number >= 0 and < 1'), false],
  lrSchedule: [schedule, false],
  clipNorm: [num((x) => x > 0, 'a number > 0'), false],
  backend: [oneOf(BACKENDS), false],
};

function checkFields(o: Obj, fields: Record<string, [Check, boolean]>, path: string, problems: Problem[]): void {
  for (const [key, [check, required]] of Object.entries(fields)) {
    if (!Object.hasOwn(o, key) || o[key] === undefined) {
      if (required) problems.push({ path: `${path}.${key}`, expected: check(undefined) ?? 'a value', received: 'nothing' });
      continue;
    }
    const expected = check(o[key]);
    if (expected) problems.push({ path: `${path}.${key}`, expected, received: describe(o[key]) });
  }
}

/** Numbers an optimizer or early stopping restores into float32 tensors: finite there. */
function checkValues(v: unknown, size: number | undefined, path: string, problems: Problem[]): void {
  if (!Array.isArray(v)) return void problems.push({ path, expected: `an array of ${size ?? 'the parameter\'s'} numbers`, received: describe(v) });
  if (size !== undefined && v.length !== size) problems.push({ path, expected: `${size} numbers (the parameter's size)`, received: `${v.length}` });
  const bad = v.findIndex((x) => typeof x !== 'number' || !finiteInFloat32(x));
  if (bad >= 0) problems.push({ path: `${path}[${bad}]`, expected: 'a number finite in float32', received: describe(v[bad]) });
}

function checkRng(v: unknown, problems: Problem[]): void {
  if (!isObject(v)) return void problems.push({ path: 'state.rng', expected: 'the random generator state { s, spare }', received: describe(v) });
  // the four xoshiro128 words, signed or not (they are read back >>> 0); never all zero
  if (!Array.isArray(v.s) || v.s.length !== 4 || !v.s.every((w) => isInt(w, -2147483648, 4294967295)) || v.s.every((w) => w === 0)) {
    problems.push({ path: 'state.rng.s', expected: 'four 32-bit integers, not all 0', received: describe(v.s) });
  }
  if (v.spare !== null && !isNum(v.spare)) problems.push({ path: 'state.rng.spare', expected: 'null or a finite number', received: describe(v.spare) });
}

function checkOptimizer(v: unknown, config: Obj, params: Map<string, number> | undefined, problems: Problem[]): void {
  if (!isObject(v)) return void problems.push({ path: 'state.optimizer', expected: 'the optimizer state { name, step, lr, slots }', received: describe(v) });
  const name = typeof config.optimizer === 'string' ? config.optimizer : undefined;
  if (v.name !== name || !(OPTIMIZERS as readonly unknown[]).includes(v.name)) problems.push({ path: 'state.optimizer.name', expected: `${JSON.stringify(name)} (config.optimizer)`, received: describe(v.name) });
  if (!isInt(v.step, 0)) problems.push({ path: 'state.optimizer.step', expected: 'an integer from 0 up', received: describe(v.step) });
  if (!isNum(v.lr) || v.lr <= 0) problems.push({ path: 'state.optimizer.lr', expected: 'a number > 0', received: describe(v.lr) });
  if (!isObject(v.slots)) return void problems.push({ path: 'state.optimizer.slots', expected: 'an object with a slot per parameter', received: describe(v.slots) });
  const slots = v.slots;
  for (const [key, size] of params ?? []) {
    if (!Object.hasOwn(slots, key)) problems.push({ path: `state.optimizer.slots["${key}"]`, expected: `the state of parameter ${key}`, received: 'nothing' });
  }
  for (const [key, slot] of Object.entries(slots)) {
    const at = `state.optimizer.slots[${describe(key)}]`;
    if (params && !params.has(key)) problems.push({ path: at, expected: `one of the model's parameters (${[...params.keys()].join(', ')})`, received: JSON.stringify(key) });
    else if (!isObject(slot)) problems.push({ path: at, expected: '{ s1, s2 }', received: describe(slot) });
    else for (const s of ['s1', 's2']) checkValues(slot[s], params?.get(key), `${at}.${s}`, problems);
  }
}

/** `kept`: the sizes of the tensors early stopping keeps (parameters, then buffers). */
function checkOptional(v: Obj, kept: number[] | undefined, problems: Problem[]): void {
  const best = (x: unknown) => (x === null || isNum(x) ? undefined : 'a number (or null for none yet)');
  if (v.schedule !== undefined) {
    if (!isObject(v.schedule)) problems.push({ path: 'state.schedule', expected: '{ lr, best, bad, cooldown }', received: describe(v.schedule) });
    else checkFields(v.schedule, { lr: [num((x) => x > 0, 'a number > 0'), true], best: [best, true], bad: [int(0), true], cooldown: [int(0), true] }, 'state.schedule', problems);
  }
  if (v.early === undefined) return;
  if (!isObject(v.early)) return void problems.push({ path: 'state.early', expected: '{ best, wait, bestEpoch, weights }', received: describe(v.early) });
  checkFields(v.early, { best: [best, true], wait: [int(0), true], bestEpoch: [int(0), true] }, 'state.early', problems);
  const w = v.early.weights;
  if (w === undefined) return;
  if (!Array.isArray(w) || (kept && w.length !== kept.length)) return void problems.push({ path: 'state.early.weights', expected: `${kept?.length ?? 'one'} arrays, one per parameter and running statistic`, received: describe(w) });
  w.forEach((values, i) => checkValues(values, kept?.[i], `state.early.weights[${i}]`, problems));
}

function checkHistory(v: Obj, problems: Problem[]): void {
  if (!isInt(v.epoch, 0)) problems.push({ path: 'state.epoch', expected: 'an integer from 0 up (epochs completed)', received: describe(v.epoch) });
  if (!Array.isArray(v.history)) return void problems.push({ path: 'state.history', expected: 'an array with one entry per epoch', received: describe(v.history) });
  if (isInt(v.epoch, 0) && v.history.length !== v.epoch) problems.push({ path: 'state.history', expected: `${v.epoch} entries (one per completed epoch)`, received: `${v.history.length}` });
  v.history.forEach((e, i) => {
    const at = `state.history[${i}]`;
    if (!isObject(e)) return void problems.push({ path: at, expected: 'an object of the epoch\'s metrics', received: describe(e) });
    if (e.epoch !== i + 1) problems.push({ path: `${at}.epoch`, expected: `${i + 1}`, received: describe(e.epoch) });
    for (const [key, x] of Object.entries(e)) if (!isNum(x)) problems.push({ path: `${at}.${key}`, expected: 'a finite number', received: describe(x) });
  });
}

/**
 * Every problem of a checkpoint's `config` and `state`; with the model's network, also the
 * optimizer slots and early-stopping weights against its parameters (names and sizes).
 *
 * @example
 * ```ts
 * checkpointProblems(JSON.parse(text), loaded.network); // [] for a checkpoint --checkpoint wrote
 * ```
 */
export function checkpointProblems(json: Obj, network?: Network): Problem[] {
  const problems: Problem[] = [];
  const config = isObject(json.config) ? json.config : {};
  if (!isObject(json.config)) problems.push({ path: 'config', expected: 'the run settings', received: describe(json.config) });
  else checkFields(config, CONFIG, 'config', problems);
  if (typeof json.data !== 'string') problems.push({ path: 'data', expected: 'the data fingerprint (a string)', received: describe(json.data) });
  const state = json.state;
  if (!isObject(state)) return [...problems, { path: 'state', expected: 'the training state { epoch, history, rng, optimizer }', received: describe(state) }];
  const params = network ? new Map(network.parameters().map((p) => [p.name, p.tensor.size])) : undefined;
  checkHistory(state, problems);
  checkRng(state.rng, problems);
  checkOptimizer(state.optimizer, config, params, problems);
  checkOptional(state, network ? [...network.parameters(), ...network.buffers()].map((p) => p.tensor.size) : undefined, problems);
  return problems;
}
