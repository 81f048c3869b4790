// CartPole-v1 against Gymnasium's equations: test/fixtures/cartpole-reference.json, made by
// scripts/fixtures/cartpole_reference.py (numpy, from cartpole.py's semantics), matched to 1e-6.
import { describe, expect, it } from 'vitest';
import ref from './fixtures/cartpole-reference.json' with { type: 'json' };
import { ArgumentError, CARTPOLE, CartPole, type CartPoleState } from '../src/index.js';
import { messageOf } from './helpers.js';

describe('CartPole-v1 matches Gymnasium', () => {
  it('has its constants', () => {
    const c = ref.constants;
    expect([CARTPOLE.gravity, CARTPOLE.masscart, CARTPOLE.masspole, CARTPOLE.length, CARTPOLE.forceMag, CARTPOLE.tau])
      .toEqual([c.gravity, c.masscart, c.masspole, c.length, c.forceMag, c.tau]);
    expect([CARTPOLE.thetaThreshold, CARTPOLE.xThreshold, CARTPOLE.maxSteps]).toEqual([c.thetaThreshold, c.xThreshold, c.maxSteps]);
  });

  for (const c of ref.cases) {
    it(`${c.name}: states, reward and the end of the episode (${c.ended.step} steps)`, () => {
      const env = new CartPole();
      env.setState(c.start as unknown as CartPoleState);
      const kept = new Map(c.states.map((s) => [s[0], s.slice(1)]));
      let total = 0;
      for (let i = 0; i < c.actions.length; i++) {
        const s = env.step(Number(c.actions[i]));
        total += s.reward;
        const want = kept.get(i + 1);
        if (want) {
          env.state.forEach((v, j) => expect(Math.abs(v - want[j]), `step ${i + 1}, state[${j}]: ${v} vs ${want[j]}`).toBeLessThanOrEqual(1e-6));
          // the observation is the state rounded to float32, as Gymnasium returns it
          expect(Array.from(s.observation)).toEqual(env.state.map(Math.fround));
        }
        const last = i + 1 === c.ended.step;
        expect([s.terminated, s.truncated], `step ${i + 1}`).toEqual(last ? [c.ended.terminated, c.ended.truncated] : [false, false]);
      }
      expect(total).toBe(c.return);
    });
  }
});

describe('CartPole episodes', () => {
  it('start uniformly in [-0.05, 0.05), the same for the same seed', () => {
    const env = new CartPole();
    const starts = Array.from({ length: 2000 }, (_, i) => Array.from(env.reset(i)));
    const all = starts.flat();
    expect(Math.min(...all)).toBeGreaterThanOrEqual(-0.05);
    expect(Math.max(...all)).toBeLessThan(0.05);
    // U(-0.05, 0.05): mean 0, variance 0.1² / 12
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(variance).toBeCloseTo(0.01 / 12, 4);
    expect(Array.from(env.reset(7))).toEqual(starts[7]);
    expect(Array.from(new CartPole().reset(7))).toEqual(starts[7]);
    expect(Array.from(env.reset())).not.toEqual(starts[8]);
  });

  it('refuses a step after the end, and a bad action, with clear errors', () => {
    const env = new CartPole();
    env.reset(1);
    expect(messageOf(() => env.step(2), ArgumentError)).toBe('cartpole: action 2 is out of range; expected an integer from 0 to 1');
    expect(messageOf(() => env.step(0.5), ArgumentError)).toContain('action 0.5 is out of range');
    let s = env.step(0);
    while (!s.terminated) s = env.step(0);
    expect(messageOf(() => env.step(0), ArgumentError)).toBe('cartpole: the episode has ended; call reset() before step()');
  });
});
