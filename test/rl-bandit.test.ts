// The 10-armed testbed against Sutton and Barto's figures 2.2, 2.4 and 2.5 and an independent numpy
// testbed (test/fixtures/bandit-reference.json, made by scripts/fixtures/bandit_reference.py). The
// two use different random numbers, so they agree within the sampling error of 2,000 runs.
import { describe, expect, it } from 'vitest';
import ref from './fixtures/bandit-reference.json' with { type: 'json' };
import {
  ArgumentError, Bandit, type BanditLearner, banditTestbed, EpsilonGreedy, GradientBandit, Random, Ucb, argmaxRandomTies,
} from '../src/index.js';
import { messageOf } from './helpers.js';

const last100 = (v: Float64Array): number => v.subarray(900).reduce((a, b) => a + b, 0) / 100;

const learners: Record<string, { make: (arms: number) => BanditLearner; mean?: number }> = {
  greedy: { make: (k) => new EpsilonGreedy(k, { epsilon: 0 }) },
  'epsilon 0.01': { make: (k) => new EpsilonGreedy(k, { epsilon: 0.01 }) },
  'epsilon 0.1': { make: (k) => new EpsilonGreedy(k, { epsilon: 0.1 }) },
  'ucb c=2': { make: (k) => new Ucb(k, { c: 2 }) },
  'gradient alpha=0.1, mean 4': { make: (k) => new GradientBandit(k, { alpha: 0.1 }), mean: 4 },
};

describe('the 10-armed testbed (2,000 runs of 1,000 steps)', () => {
  const results = Object.fromEntries(Object.entries(learners).map(([name, l]) => [name, banditTestbed(l.make, { seed: 1, mean: l.mean })]));

  it('reproduces figure 2.2: about 1.4 for epsilon 0.1 and 1.0 for greedy at step 1,000; % optimal ~80, ~35', () => {
    const at1000 = (name: string) => ({ reward: last100(results[name].averageReward), optimal: last100(results[name].optimalAction) });
    const [greedy, small, eps] = ['greedy', 'epsilon 0.01', 'epsilon 0.1'].map(at1000);
    expect(eps.reward).toBeGreaterThan(1.3);
    expect(eps.reward).toBeLessThan(1.45);
    expect(greedy.reward).toBeGreaterThan(0.95);
    expect(greedy.reward).toBeLessThan(1.1);
    expect(eps.optimal).toBeGreaterThan(0.75);
    expect(eps.optimal).toBeLessThan(0.85);
    expect(greedy.optimal).toBeGreaterThan(0.3);
    expect(greedy.optimal).toBeLessThan(0.4);
    // the book's ordering: epsilon 0.01 between the two, and still climbing
    expect(small.optimal).toBeGreaterThan(greedy.optimal + 0.1);
    expect(small.optimal).toBeLessThan(eps.optimal - 0.1);
  });

  for (const name of Object.keys(learners)) {
    it(`${name}: matches the numpy testbed within sampling error`, () => {
      const want = ref.learners[name as keyof typeof ref.learners];
      const got = results[name];
      const scale = learners[name].mean === undefined ? 1 : 2;
      expect(Math.abs(last100(got.averageReward) - want.last100.averageReward)).toBeLessThan(0.05 * scale);
      expect(Math.abs(last100(got.optimalAction) - want.last100.optimalAction)).toBeLessThan(0.035);
      // step 1: nothing learnt yet, every learner picks the best arm about 1 time in 10
      expect(Math.abs(got.optimalAction[0] - want.optimalAction['1'])).toBeLessThan(0.04);
      expect(Math.abs(got.averageReward[99] - want.averageReward['100'])).toBeLessThan(0.12 * scale);
    });
  }

  it('UCB beats epsilon-greedy after the first steps (figure 2.4)', () => {
    expect(last100(results['ucb c=2'].averageReward)).toBeGreaterThan(last100(results['epsilon 0.1'].averageReward) + 0.05);
  });

  it('is the same for the same seed, bit for bit', () => {
    const a = banditTestbed(learners['epsilon 0.1'].make, { runs: 50, steps: 200, seed: 9 });
    const b = banditTestbed(learners['epsilon 0.1'].make, { runs: 50, steps: 200, seed: 9 });
    expect(Array.from(a.averageReward)).toEqual(Array.from(b.averageReward));
    expect(Array.from(a.averageReward)).not.toEqual(Array.from(banditTestbed(learners['epsilon 0.1'].make, { runs: 50, steps: 200, seed: 10 }).averageReward));
  });
});

describe('bandit problems and learners', () => {
  it('draw q*(a) ~ N(0, 1) and rewards ~ N(q*(a), 1)', () => {
    const values = Array.from({ length: 500 }, (_, s) => new Bandit({ seed: s }).values).flat();
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
    const bandit = new Bandit({ seed: 3, steps: 20000 });
    bandit.reset(1);
    const rewards = Array.from({ length: 20000 }, () => bandit.step(2).reward - bandit.values[2]);
    const rm = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    expect(Math.abs(rm)).toBeLessThan(0.03);
    expect(Math.abs(rewards.reduce((a, b) => a + (b - rm) ** 2, 0) / rewards.length - 1)).toBeLessThan(0.05);
    expect(bandit.values[bandit.best]).toBe(Math.max(...bandit.values));
  });

  it('truncate an episode after its pulls and refuse bad actions and options', () => {
    const bandit = new Bandit({ steps: 3 });
    bandit.reset();
    expect([0, 1, 2].map(() => bandit.step(0).truncated)).toEqual([false, false, true]);
    expect(messageOf(() => bandit.step(0), ArgumentError)).toContain('call reset() before step()');
    bandit.reset();
    expect(messageOf(() => bandit.step(10), ArgumentError)).toBe('bandit: action 10 is out of range; expected an integer from 0 to 9');
    expect(messageOf(() => new Bandit({ arms: 0 }), ArgumentError)).toBe('bandit: invalid arms: 0 (expected an integer >= 1)');
    expect(messageOf(() => new EpsilonGreedy(10, { epsilon: 2 }), ArgumentError)).toContain('invalid epsilon: 2');
  });

  it('sample averages are the mean of the rewards; ties are broken evenly', () => {
    const l = new EpsilonGreedy(3, { epsilon: 0 });
    [1, 2, 6].forEach((r) => l.learn(1, r));
    expect(l.estimates).toEqual([0, 3, 0]);
    const rng = new Random(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[argmaxRandomTies([5, 1, 5], rng)]++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0] - 1500)).toBeLessThan(120);
  });

  it('the gradient bandit follows H += alpha (R - mean R)(1[a] - pi)', () => {
    const g = new GradientBandit(2, { alpha: 0.5 });
    g.learn(0, 3); // mean 3: advantage 0, nothing moves
    expect(g.estimates).toEqual([0, 0]);
    g.learn(0, 5); // mean 4, advantage 1: H0 += 0.5·1·(1 − 0.5), H1 −= the same
    expect(g.estimates).toEqual([0.25, -0.25]);
    expect(g.policy[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 12);
  });
});
