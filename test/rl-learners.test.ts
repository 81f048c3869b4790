// The learners' losses against PyTorch (test/fixtures/rl-reference.json, made by
// scripts/fixtures/rl_reference.py), their pieces by finite differences, and the learners
// themselves: each one learns, the same seed gives the same returns bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import ref from './fixtures/rl-reference.json' with { type: 'json' };
import {
  ActorCritic, backward, CartPole, discountedReturns, Dqn, GridWorld, huber, initBackend, logSoftmax, mul, play, policyLoss, qLoss, qTargets, Random,
  Reinforce, ReplayBuffer, Tensor, tensor, trainAgent, type Agent,
} from '../src/index.js';
import { expectClose, flat } from './helpers.js';

describe('losses match PyTorch', () => {
  const pg = ref.policyGradient;
  for (const c of pg.cases) {
    it(`policy gradient, entropy ${c.entropy}: loss and dL/dz`, () => {
      const z = tensor(pg.z).variable();
      const loss = policyLoss(z, pg.actions, Float32Array.from(pg.advantages), c.entropy);
      expectClose([loss.item()], [c.loss], 1e-5, 'loss');
      backward(loss);
      expectClose(z.grad as Float32Array, flat(c.grad), 1e-5, 'dL/dz');
      expectClose(logSoftmax(tensor(pg.z)).data, flat(c.logSoftmax), 1e-6, 'log softmax');
    });
  }

  it('DQN: targets r + γ(1 − done)·max Q⁻(s′), Huber loss and dL/dQ', () => {
    const d = ref.dqn;
    const next = Float32Array.from(flat(d.qNext));
    const y = qTargets(d.rewards, d.done, next, next, 2, d.gamma);
    expectClose(y, d.target, 1e-6, 'targets');
    const q = tensor(d.q).variable();
    const loss = qLoss(q, d.actions, y);
    expectClose([loss.item()], [d.loss], 1e-5, 'loss');
    backward(loss);
    expectClose(q.grad as Float32Array, flat(d.grad), 1e-5, 'dL/dQ');
  });

  it('returns, discounted from the end, bootstrapped from the last value', () => {
    for (const c of ref.returns.cases) expectClose(discountedReturns(ref.returns.rewards, c.gamma, c.last), c.returns, 1e-12, `gamma ${c.gamma}`);
  });
});

describe('the pieces have the gradients finite differences give', () => {
  const check = (f: (x: Tensor) => Tensor, values: number[], shape: number[]) => {
    const w = Float64Array.from(values, (_, i) => Math.sin(i + 1));
    const project = (x: Float64Array) => Array.from(f(new Tensor(x, shape)).data).reduce((s, v, i) => s + v * w[i % w.length], 0);
    const x = new Tensor(Float64Array.from(values), shape).variable();
    const y = f(x);
    backward(mul(y, new Tensor(Float64Array.from(y.data, (_, i) => w[i % w.length]), y.shape)).sum());
    values.forEach((_, i) => {
      const plus = Float64Array.from(values);
      const minus = Float64Array.from(values);
      plus[i] += 1e-6;
      minus[i] -= 1e-6;
      const numeric = (project(plus) - project(minus)) / 2e-6;
      expect(Math.abs(numeric - (x.grad as Float64Array)[i]), `element ${i}`).toBeLessThan(1e-6 * (1 + Math.abs(numeric)));
    });
  };
  it('log softmax, with large logits too', () => check(logSoftmax, [1, -2, 0.5, 300, 299, -300], [2, 3]));
  it('Huber, on both sides of |d| = 1', () => check(huber, [-3, -0.7, -0.2, 0.3, 0.9, 1.4, 5], [7]));
  it('Huber is ½d² inside and |d| − ½ outside', () => {
    expect(Array.from(huber(tensor([-3, -0.5, 0, 0.5, 2])).data)).toEqual([2.5, 0.125, 0, 0.125, 1.5]);
  });
});

describe('replay', () => {
  it('keeps the last transitions in a ring and samples them uniformly', () => {
    const r = new ReplayBuffer(1, 3);
    for (let i = 0; i < 5; i++) r.push(Float32Array.of(i), i % 2, i, Float32Array.of(i + 1), i === 4);
    expect(r.size).toBe(3);
    const counts = new Map<number, number>();
    const b = r.sample(3000, new Random(1));
    for (let i = 0; i < 3000; i++) {
      counts.set(b.observations[i], (counts.get(b.observations[i]) ?? 0) + 1);
      // every field of a draw comes from the same transition
      expect([b.rewards[i], b.next[i], b.actions[i], b.terminal[i]]).toEqual([b.observations[i], b.observations[i] + 1, b.observations[i] % 2, b.observations[i] === 4 ? 1 : 0]);
    }
    expect([...counts.keys()].sort()).toEqual([2, 3, 4]);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(100);
  });
});

const returnsOf = (make: () => Agent, episodes: number): number[] => {
  const agent = make();
  for (let i = 0; i < episodes; i++) agent.runEpisode();
  return agent.returns;
};

describe('learners', () => {
  // the CLI's kernels (on one thread, so that tests running side by side do not slow it down)
  beforeAll(async () => {
    await initBackend({ backend: 'wasm-simd', threads: 1 });
  });
  const makers: Record<string, (seed: number) => Agent> = {
    reinforce: (seed) => new Reinforce(new CartPole(), { seed }),
    a2c: (seed) => new ActorCritic(new CartPole(), { seed }),
    dqn: (seed) => new Dqn(new CartPole(), { seed, learningStarts: 100 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    it(`${name}: the same seed gives the same returns bit for bit; another seed others`, () => {
      const a = returnsOf(() => make(7), 20);
      expect(returnsOf(() => make(7), 20)).toEqual(a);
      expect(returnsOf(() => make(8), 20)).not.toEqual(a);
    });
  }

  it('REINFORCE solves CartPole-v1 with its defaults (seed 2: its greedy policy averages >= 475 over 100 episodes)', () => {
    const agent = new Reinforce(new CartPole(), { seed: 2 });
    const r = trainAgent(agent, { episodes: 1500, solved: { return: 475, env: new CartPole() } });
    expect(r.solvedAt).not.toBeNull();
    expect(r.evaluation?.meanReturn).toBeGreaterThanOrEqual(475);
    // and on episodes it has not been checked on
    expect(play(agent.network, new CartPole(), { episodes: 100, seed: 5 }).meanReturn).toBeGreaterThanOrEqual(475);
  });

  it('DQN walks the shortest path of the grid world (seed 2)', () => {
    const grid = new GridWorld();
    const agent = new Dqn(grid, { seed: 2 });
    const r = trainAgent(agent, { episodes: 400, solved: { return: grid.solvedReturn as number, env: new GridWorld() } });
    expect(r.solvedAt).not.toBeNull();
    expect(play(agent.network, new GridWorld(), { episodes: 1 }).returns[0]).toBeCloseTo(0.93, 12);
  });

  it('A2C learns CartPole: the mean of 100 episodes grows from ~20 past 150 in 300 episodes (seed 4)', () => {
    const agent = new ActorCritic(new CartPole(), { seed: 4 });
    const r = trainAgent(agent, { episodes: 300 });
    expect(r.episodes[99].movingAverage).toBeLessThan(40);
    expect(r.episodes[299].movingAverage).toBeGreaterThan(150);
  });
});
