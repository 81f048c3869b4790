// Right-or-wrong feedback: the environment (rewards only, labels out of reach), the loss against
// PyTorch (test/fixtures/rl-reference.json), and a classifier learnt from feedback alone on the
// 8×8 digits, held-out accuracy >= 0.9 (supervised training of the same network: ~0.97).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ref from './fixtures/rl-reference.json' with { type: 'json' };
import {
  ArgumentError, backward, evaluate, FeedbackEnvironment, feedbackLoss, initBackend, learnFromFeedback, Network, Random, tensor,
} from '../src/index.js';
import { expectClose, flat, messageOf } from './helpers.js';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

const digitsPath = join(ROOT, '..', 'shared', 'datasets', 'digits.csv');

describe('the feedback environment', () => {
  it('rewards 1 for the row\'s class and 0 for any other, one row per episode, each row once a pass', () => {
    const x = [[0], [1], [2], [3]];
    const env = new FeedbackEnvironment(x, [2, 0, 1, 2], 3, 1);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      const row = env.reset()[0];
      seen.push(row);
      const label = [2, 0, 1, 2][row];
      const s = env.step((label + 1) % 3);
      expect(s).toMatchObject({ reward: 0, terminated: true, truncated: false });
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
    const row = env.reset()[0];
    expect(env.step([2, 0, 1, 2][row]).reward).toBe(1);
    expect(() => env.step(0)).toThrow('call reset() before step()');
  });

  it('keeps the labels out of reach: no property, key or JSON of it holds them', () => {
    const env = new FeedbackEnvironment([[0], [1]], [1, 0], 2);
    expect(JSON.stringify(env)).not.toContain('labels');
    expect(Object.getOwnPropertyNames(env).some((k) => /label/i.test(k))).toBe(false);
  });

  it('refuses labels that are not class indices, and actions out of range', () => {
    expect(messageOf(() => new FeedbackEnvironment([[0], [1]], [0, 3], 3), ArgumentError)).toBe('feedback: the label of row 2 is 3; expected a class index from 0 to 2');
    const env = new FeedbackEnvironment([[0], [1]], [0, 1], 2);
    env.reset();
    expect(messageOf(() => env.step(2), ArgumentError)).toBe('feedback: action 2 is out of range; expected an integer from 0 to 1');
  });

  it('the loss matches PyTorch: value and gradient', () => {
    const f = ref.feedback;
    const z = tensor(f.z).variable();
    const loss = feedbackLoss(z, f.actions, Float32Array.from(f.rewards));
    expectClose([loss.item()], [f.loss], 1e-5, 'loss');
    backward(loss);
    expectClose(z.grad as Float32Array, flat(f.grad), 1e-5, 'dL/dz');
  });
});

describe('learning the 8×8 digits from right-or-wrong feedback', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm-simd', threads: 1 });
  });

  it('reaches >= 0.9 held-out accuracy in 30 passes (supervised: ~0.97)', () => {
    const rows = readFileSync(digitsPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const order = new Random(1).shuffle(rows.map((_, i) => i)) as number[];
    const [test, train] = [order.slice(0, 360), order.slice(360)];
    const x = (ids: number[]) => ids.map((i) => rows[i].slice(0, 64).map((v) => v / 16));
    const y = (ids: number[]) => ids.map((i) => rows[i][64]);
    const net = new Network({ inputs: 64, layers: [{ units: 32, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 3, loss: 'cross-entropy' });
    const rates = learnFromFeedback(net, new FeedbackEnvironment(x(train), y(train), 10, 1), { epochs: 30, seed: 1 });
    expect(rates[0]).toBeLessThan(0.8);
    expect(rates[29]).toBeGreaterThan(0.95);
    const onehot = y(test).map((c) => Array.from({ length: 10 }, (_, j) => (j === c ? 1 : 0)));
    expect(evaluate(net, x(test), onehot).accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('neurite train --feedback reward', () => {
  let dir = '';
  beforeAll(() => {
    ensureBuilt();
    dir = workdir({ 'digits.csv': readFileSync(digitsPath, 'utf8') });
  });

  it('learns the digits from feedback only, then evaluate measures it as usual', () => {
    const r = neurite(['train', '--data', 'digits.csv', '--target', 'digit', '--feedback', 'reward', '--epochs', '30', '--seed', '1', '--out', 'fb.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.validation.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(s.history[29]).toMatchObject({ epoch: 30 });
    expect(s.history[29].accuracy + s.history[29].loss).toBeCloseTo(1, 12);
    expect(JSON.parse(readFileSync(join(dir, 'fb.json'), 'utf8')).training.feedback).toBe('reward');
    const e = neurite(['evaluate', '--model', 'fb.json', '--data', 'digits.csv', '--json'], dir);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBeGreaterThan(0.9);
  });

  it('refuses a regression target and options that do not apply', () => {
    const reg = neurite(['train', '--dataset', 'salary', '--feedback', 'reward', '--epochs', '1', '--out', 's.json'], dir);
    expect(reg.status).toBe(1);
    expect(errorLine(reg)).toMatch(/^error: --feedback reward learns classes \(right or wrong\), but the target \S+ is a regression target; leave --feedback out$/);
    const opts = neurite(['train', '--dataset', 'iris', '--feedback', 'reward', '--dropout', '0.2', '--early-stopping', '3', '--out', 'i.json'], dir);
    expect(opts.status).toBe(2);
    expect(errorLine(opts)).toBe('error: --dropout, --early-stopping cannot be used with --feedback reward: feedback learns a softmax classifier with its own loop; leave them out');
  });
});
