// The grid world, the checks on user-written environments, the registry's errors, and policies
// saved to and loaded from the model file.
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, Bandit, CartPole, checkedEnvironment, DEFAULT_GRID, Dqn, type Environment, fromPolicyFile, GridWorld, makeAgent,
  makeEnvironment, ModelFormatError, Network, play, Reinforce, stringifyModel, type Step, toModelFile, toPolicyFile,
} from '../src/index.js';
import { messageOf } from './helpers.js';

const UP = 0;
const RIGHT = 1;
const DOWN = 2;
const LEFT = 3;

describe('grid world', () => {
  it('moves, stops at walls and edges, and pays -0.01 a step', () => {
    const g = new GridWorld();
    expect(Array.from(g.reset()).indexOf(1)).toBe(0);
    expect(g.step(UP).reward).toBe(-0.01); // the edge keeps it in place
    expect(g.step(LEFT).observation[0]).toBe(1);
    g.step(DOWN);
    expect(g.position).toEqual([1, 0]);
    g.step(RIGHT); // (1, 1) is a wall
    expect(g.position).toEqual([1, 0]);
    expect(DEFAULT_GRID[1][1]).toBe('#');
  });

  it('ends at the goal with +1 after the 8-step shortest path, and at the pit with -1', () => {
    const g = new GridWorld();
    g.reset();
    const path = [RIGHT, RIGHT, RIGHT, RIGHT, DOWN, DOWN, DOWN, DOWN];
    const steps = path.map((a) => g.step(a));
    expect(steps.map((s) => s.reward)).toEqual([...Array(7).fill(-0.01), 1]);
    expect(steps.map((s) => s.terminated)).toEqual([...Array(7).fill(false), true]);
    expect(g.solvedReturn).toBeCloseTo(0.93, 8);
    expect(g.solvedReturn as number).toBeLessThanOrEqual(steps.reduce((a, s) => a + s.reward, 0));
    g.reset();
    const pit = [DOWN, DOWN, RIGHT, RIGHT, DOWN].map((a) => g.step(a));
    expect(pit.at(-1)).toMatchObject({ reward: -1, terminated: true, truncated: false });
    expect(() => g.step(UP)).toThrow('call reset() before step()');
  });

  it('truncates after maxSteps, and slips to a side with probability slip', () => {
    const g = new GridWorld({ maxSteps: 3 });
    g.reset();
    expect([UP, UP, UP].map((a) => g.step(a).truncated)).toEqual([false, false, true]);
    const slippery = new GridWorld({ layout: ['.....', '..S..', '.....', '....G'], slip: 0.2 });
    expect(slippery.solvedReturn).toBeUndefined();
    slippery.reset(3);
    let sideways = 0;
    for (let i = 0; i < 4000; i++) {
      slippery.reset();
      slippery.step(UP);
      if (slippery.position[0] === 1) sideways++;
    }
    expect(Math.abs(sideways / 4000 - 0.2)).toBeLessThan(0.02);
  });

  it('refuses a bad layout, naming every problem', () => {
    expect(messageOf(() => new GridWorld({ layout: ['S.', '.x', 'G'] }), ArgumentError)).toBe(
      'gridworld: bad layout: row 2 has "x"; row 3 has 1 cells, not 2 (cells are S start, G goal, P pit, # wall, . floor)',
    );
    expect(messageOf(() => new GridWorld({ layout: ['..', '.G'] }), ArgumentError)).toContain('it needs exactly one S (start), found 0');
  });
});

/** A user-written environment that misbehaves as `fault` says. */
class Faulty implements Environment {
  readonly name = 'faulty';
  readonly observationSize = 2;
  constructor(private readonly fault: string, readonly actions = 2) {}
  reset(): number[] {
    return this.fault === 'reset' ? [0] : [0, 0];
  }
  step(): Step {
    const s = { observation: [1, 2], reward: 1, terminated: false, truncated: false };
    if (this.fault === 'nan') return { ...s, observation: [1, Number.NaN] };
    if (this.fault === 'reward') return { ...s, reward: Number.POSITIVE_INFINITY };
    if (this.fault === 'flags') return { ...s, terminated: 'yes' as unknown as boolean };
    return s;
  }
}

describe('user-written environments are checked', () => {
  it('an action out of range is refused before the environment sees it', () => {
    const env = checkedEnvironment(new Faulty('none'));
    env.reset();
    expect(messageOf(() => env.step(2), ArgumentError)).toBe('faulty: action 2 is out of range; expected an integer from 0 to 1');
    expect(messageOf(() => env.step(-1), ArgumentError)).toContain('action -1 is out of range');
  });

  it('a bad observation, reward or flag stops training with an error naming the environment', () => {
    const run = (fault: string) => messageOf(() => new Reinforce(new Faulty(fault), { seed: 1 }).runEpisode(), ArgumentError);
    expect(run('reset')).toBe('environment faulty: reset returned 1 values; expected an observation of 2 finite numbers (its observationSize)');
    expect(run('nan')).toBe('environment faulty: step returned a value that is not a finite number; expected an observation of 2 finite numbers (its observationSize)');
    expect(run('reward')).toBe('environment faulty: step returned the reward Infinity; expected a finite number');
    expect(run('flags')).toContain('expected two booleans');
    expect(messageOf(() => new Reinforce(new Faulty('none', 0)), ArgumentError)).toBe('environment faulty: actions is 0; expected a positive integer');
  });

  it('a network that does not fit the environment is refused', () => {
    const policy = new Network({ inputs: 3, layers: [{ units: 2, activation: 'softmax' }] });
    expect(messageOf(() => new Reinforce(new CartPole(), { policy }), ArgumentError)).toBe(
      "reinforce: the policy network has 3 inputs, but cartpole's observations have 4 values",
    );
    const linear = new Network({ inputs: 4, layers: [{ units: 2 }] });
    expect(messageOf(() => new Reinforce(new CartPole(), { policy: linear }), ArgumentError)).toContain('a policy needs softmax');
  });

  it('unknown environments and algorithms, and bandit learners off a bandit, are refused', () => {
    expect(messageOf(() => makeEnvironment({ name: 'mountaincar' as 'cartpole' }), ArgumentError)).toBe(
      'environment: unknown environment "mountaincar" (expected one of cartpole, bandit, gridworld)',
    );
    expect(messageOf(() => makeAgent('sarsa', new CartPole()), ArgumentError)).toContain('unknown algorithm "sarsa"');
    expect(messageOf(() => makeAgent('ucb', new CartPole()), ArgumentError)).toBe(
      'ucb learns the arms of a bandit, not cartpole; use it with the bandit environment, or choose reinforce, a2c or dqn',
    );
  });
});

describe('policies in the model file', () => {
  for (const [algorithm, env] of [['reinforce', 'cartpole'], ['a2c', 'cartpole'], ['dqn', 'gridworld'], ['ucb', 'bandit']] as const) {
    it(`${algorithm} on ${env}: saved and loaded, it gives the same outputs bit for bit and plays the same`, () => {
      const spec = env === 'bandit' ? { name: env, options: { seed: 4 } } : { name: env };
      const agent = makeAgent(algorithm, makeEnvironment(spec), { seed: 3, ...(algorithm === 'dqn' ? {} : {}) });
      for (let i = 0; i < 5; i++) agent.runEpisode();
      const text = stringifyModel(toPolicyFile(agent, spec, { solvedAt: null, seed: 3 }));
      const loaded = fromPolicyFile(JSON.parse(text), 'policy.json');
      expect(loaded.reinforcement).toMatchObject({ algorithm, environment: spec, episodes: 5, solvedAt: null, seed: 3, returns: agent.returns });
      const x = Float32Array.from({ length: agent.env.observationSize * 3 }, (_, i) => Math.sin(i));
      expect(Array.from(loaded.network.predictFlat(x, 3))).toEqual(Array.from(agent.network.predictFlat(x, 3)));
      const value = (agent as { value?: Network }).value;
      if (value) expect(Array.from((loaded.value as Network).predictFlat(x, 3))).toEqual(Array.from(value.predictFlat(x, 3)));
      else expect(loaded.value).toBeNull();
      const envAgain = makeEnvironment(loaded.reinforcement.environment);
      expect(play(loaded.network, envAgain, { episodes: 3, seed: 1 })).toEqual(play(agent.network, makeEnvironment(spec), { episodes: 3, seed: 1 }));
    });
  }

  it('a policy and a value network of one\'s own (two tanh layers, rmsprop) learn, save and load', () => {
    const policy = new Network({ inputs: 4, layers: [{ units: 12, activation: 'tanh' }, { units: 6, activation: 'tanh' }, { units: 2, activation: 'softmax' }], seed: 5 });
    const value = new Network({ inputs: 4, layers: [{ units: 8, activation: 'elu' }, { units: 1 }], seed: 6 });
    const before = Array.from(policy.predictFlat(Float32Array.of(0.01, 0.02, 0.03, 0.04), 1));
    const agent = new Reinforce(new CartPole(), { policy, value, optimizer: 'rmsprop', lr: 0.001, seed: 1 });
    for (let i = 0; i < 5; i++) agent.runEpisode();
    expect(agent.network).toBe(policy);
    expect(Array.from(policy.predictFlat(Float32Array.of(0.01, 0.02, 0.03, 0.04), 1))).not.toEqual(before);
    const loaded = fromPolicyFile(JSON.parse(stringifyModel(toPolicyFile(agent, { name: 'cartpole' }))));
    expect(loaded.network.layers.map((l) => l.activation)).toEqual(['tanh', 'tanh', 'softmax']);
    expect(loaded.value?.layers.map((l) => l.activation)).toEqual(['elu', 'linear']);
  });

  it('a model that is not a policy, or a bad reinforcement field, is refused with every problem', () => {
    const net = new Network({ inputs: 4, layers: [{ units: 2, activation: 'softmax' }] });
    expect(messageOf(() => fromPolicyFile(toModelFile(net), 'iris.json'), ModelFormatError)).toContain('reinforcement: expected a policy learnt from rewards (made by neurite reinforce), found a model without a reinforcement field');
    const bad = { ...toModelFile(net), reinforcement: { algorithm: 'sarsa', environment: { name: 'pong' }, outputs: 'maybe' } };
    const message = messageOf(() => fromPolicyFile(bad, 'p.json'), ModelFormatError);
    expect(message).toContain('(3 problems)');
    expect(message).toContain('reinforcement.environment.name: expected one of cartpole, bandit, gridworld, found "pong"');
  });

  it('the bandit agent saves its estimates as the biases of a one-layer network', () => {
    const agent = makeAgent('epsilon-greedy', new Bandit({ seed: 2 }), { seed: 1 });
    agent.runEpisode();
    const b = agent.network.parameters()[1].tensor.data;
    const file = toPolicyFile(agent, { name: 'bandit', options: { seed: 2 } });
    expect(file.layers[0]).toMatchObject({ type: 'dense', units: 10 });
    expect((file.layers[0] as { bias: number[] }).bias.map(Math.fround)).toEqual(Array.from(b));
    expect(Array.from(b)).toEqual((agent as unknown as { learner: { estimates: number[] } }).learner.estimates.map(Math.fround));
    // it pulled the best arm most: the greedy arm is the best one
    expect(agent.act([1])).toBe(new Bandit({ seed: 2 }).best);
  });

  it('DQN starts its target network as a copy of its network', () => {
    const agent = new Dqn(new CartPole(), { seed: 1 });
    const x = Float32Array.of(0.1, 0.2, -0.1, 0);
    expect(Array.from(agent.target.predictFlat(x, 1))).toEqual(Array.from(agent.network.predictFlat(x, 1)));
  });
});
