// A checkpoint is validated field by field, as a model file is: a malformed random-generator,
// optimizer, schedule or early-stopping state, history or setting is a problem naming its path,
// never an internal error; every problem is listed at once, the first 50 printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { readCheckpoint } from '../src/cli/train/checkpoint.js';
import { ModelFormatError, OPTIMIZERS } from '../src/index.js';
import { workdir } from './cli-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let dir = '';
let good: Json;

async function run(args: string[]): Promise<{ status: number; err: string }> {
  let err = '';
  const status = await main(args, { out: () => undefined, err: (s) => void (err += s), errIsTTY: false });
  return { status, err };
}

beforeAll(async () => {
  dir = workdir();
  const r = await run(['train', '--dataset', 'xor', '--epochs', '2', '--seed', '3', '--hidden', '3', '--early-stopping', '2', '--lr-schedule', 'plateau',
    '--checkpoint', join(dir, 'good.ckpt'), '--out', join(dir, 'good.json')]);
  expect(r.status, r.err).toBe(0);
  good = JSON.parse(readFileSync(join(dir, 'good.ckpt'), 'utf8'));
});

/** The problems readCheckpoint reports for the good checkpoint changed by `change`. */
function problems(change: (c: Json) => void): string[] {
  const c = structuredClone(good);
  change(c);
  const file = join(dir, 'bad.ckpt');
  writeFileSync(file, JSON.stringify(c));
  try {
    readCheckpoint(file);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    return e.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.received}`);
  }
  return [];
}

describe('checkpoint validation', () => {
  it('a checkpoint --checkpoint wrote has no problem', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  it('the random generator state, field by field', () => {
    expect(problems((c) => (c.state.rng.s = [1, 2, 3]))).toEqual(['state.rng.s: expected four 32-bit integers, not all 0, found an array of 3']);
    expect(problems((c) => (c.state.rng.s = [0, 0, 0, 0]))).toEqual(['state.rng.s: expected four 32-bit integers, not all 0, found an array of 4']);
    expect(problems((c) => (c.state.rng.s[2] = 1.5))).toHaveLength(1);
    expect(problems((c) => (c.state.rng.s = 'abc'))).toEqual(['state.rng.s: expected four 32-bit integers, not all 0, found "abc"']);
    expect(problems((c) => (c.state.rng.spare = 'x'))).toEqual(['state.rng.spare: expected null or a finite number, found "x"']);
    expect(problems((c) => (c.state.rng = null))).toEqual(['state.rng: expected the random generator state { s, spare }, found null']);
  });

  it('the optimizer state, field by field and against the model\'s parameters', () => {
    expect(problems((c) => (c.state.optimizer.name = 'sgd'))).toEqual(['state.optimizer.name: expected "adam" (config.optimizer), found "sgd"']);
    expect(problems((c) => (c.state.optimizer.step = -1))).toEqual(['state.optimizer.step: expected an integer from 0 up, found -1']);
    expect(problems((c) => (c.state.optimizer.lr = 0))).toEqual(['state.optimizer.lr: expected a number > 0, found 0']);
    expect(problems((c) => delete c.state.optimizer.slots['layers.1.bias'])).toEqual(['state.optimizer.slots["layers.1.bias"]: expected the state of parameter layers.1.bias, found nothing']);
    expect(problems((c) => (c.state.optimizer.slots['layers.0.bias'].s1 = [1]))).toEqual(['state.optimizer.slots["layers.0.bias"].s1: expected 3 numbers (the parameter\'s size), found 1']);
    expect(problems((c) => (c.state.optimizer.slots['layers.0.bias'].s2[1] = 1e39))).toEqual(['state.optimizer.slots["layers.0.bias"].s2[1]: expected a number finite in float32, found 1e+39']);
    expect(problems((c) => (c.state.optimizer.slots = JSON.parse('{"__proto__": {"s1": [], "s2": []}}')))[0]).toBe('state.optimizer.slots["layers.0.weights"]: expected the state of parameter layers.0.weights, found nothing');
    expect(problems((c) => (c.state.optimizer.slots.extra = { s1: [], s2: [] }))).toEqual(['state.optimizer.slots["extra"]: expected one of the model\'s parameters (layers.0.weights, layers.0.bias, layers.1.weights, layers.1.bias), found "extra"']);
    expect(problems((c) => (c.state.optimizer.slots = [1, 2]))).toEqual(['state.optimizer.slots: expected an object with a slot per parameter, found an array of 2']);
  });

  it('history, epoch, schedule and early stopping', () => {
    expect(problems((c) => (c.state.history[0].loss = 'x'))).toEqual(['state.history[0].loss: expected a finite number, found "x"']);
    expect(problems((c) => c.state.history.pop())).toEqual(['state.history: expected 2 entries (one per completed epoch), found 1']);
    expect(problems((c) => (c.state.epoch = -2))).toEqual(['state.epoch: expected an integer from 0 up (epochs completed), found -2']);
    expect(problems((c) => (c.state.schedule.bad = -1))).toEqual(['state.schedule.bad: expected an integer from 0 up, found -1']);
    expect(problems((c) => (c.state.early.weights = [[1]]))).toEqual(['state.early.weights: expected 4 arrays, one per parameter and running statistic, found an array of 1']);
    expect(problems((c) => (c.state.early.weights[3] = [1, 'a']))).toEqual(['state.early.weights[3][1]: expected a number finite in float32, found "a"']);
  });

  it('the run settings, and the model, all in one list', () => {
    expect(problems((c) => Object.assign(c.config, { lr: -1, hidden: 'x', optimizer: 'fast', lrSchedule: { type: 'bogus' }, seed: 2 ** 33 }))).toEqual([
      'config.hidden: expected an array of layer widths (integers from 1 to 100000), found "x"',
      `config.optimizer: expected one of ${OPTIMIZERS.join(', ')}, found "fast"`,
      'config.lr: expected a number > 0, found -1',
      'config.seed: expected an integer from 0 to 4294967295, found 8589934592',
      'config.lrSchedule: expected a valid schedule (unknown learning-rate schedule "bogus" (expected step, exponential, cosine or plateau)), found an object',
      'state.optimizer.name: expected "fast" (config.optimizer), found "adam"',
    ]);
    const both = problems((c) => {
      c.model.layers[0].bias = 'x';
      c.state.rng.spare = [];
    });
    expect(both).toEqual([expect.stringMatching(/^model\.layers\[0\]\.bias: /), 'state.rng.spare: expected null or a finite number, found an array of 0']);
  });

  it('--resume with a malformed state exits 1 with the list and no stack trace; 200,000 problems print 50 and a count', async () => {
    const c = structuredClone(good);
    c.state.rng.spare = 'x';
    c.state.optimizer.slots['layers.0.weights'].s1 = Array(200_000).fill('x');
    writeFileSync(join(dir, 'many.ckpt'), JSON.stringify(c));
    const r = await run(['train', '--resume', join(dir, 'many.ckpt')]);
    expect(r.status).toBe(1);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: ${join(dir, 'many.ckpt')} is not a valid Neurite checkpoint (3 problems):`);
    expect(r.err).not.toMatch(/\n\s+at /);
    // a model file with 200,000 bad weights
    const m = JSON.parse(readFileSync(join(dir, 'good.json'), 'utf8'));
    m.layers[0].weights = [Array(200_000).fill('x'), ...m.layers[0].weights.slice(1)];
    writeFileSync(join(dir, 'many.json'), JSON.stringify(m));
    const p = await run(['predict', '--model', join(dir, 'many.json'), '--data', join(dir, 'none.csv')]);
    const out = p.err.trimEnd().split('\n');
    expect(p.status).toBe(1);
    expect(out[0]).toMatch(/is not a valid Neurite model \(200001 problems\):$/);
    expect(out).toHaveLength(52);
    expect(out[51]).toBe('  … and 199951 more problems');
    expect(p.err.length).toBeLessThan(6000);
  });
});
