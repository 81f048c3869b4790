// End-to-end: `neurite reinforce` and `neurite play` on the built command.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, errorLine, neurite, ROOT, workdir } from './cli-helpers.js';

let dir = '';

beforeAll(() => {
  ensureBuilt();
  dir = workdir();
});

describe('neurite reinforce', () => {
  it('solves CartPole with the defaults (seed 2), with a progress line, and play confirms it', () => {
    const r = neurite(['reinforce', '--env', 'cartpole', '--seed', '2', '--out', 'cp.json', '--plot', 'cp.svg'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^learning cartpole with reinforce: up to 2000 episodes, seed 2, .*; solved at a mean return of 475 over 100 episodes\n/);
    expect(r.stderr).toMatch(/^episode 10 {2}return \d+ {2}average [\d.]+$/m);
    expect(r.stdout).toMatch(/^solved after (\d+) episodes \(greedy policy: mean return [\d.]+ over 100 episodes\)\nwrote cp\.json and cp\.svg in [\d.]+ s\n$/);
    const episodes = Number(/solved after (\d+)/.exec(r.stdout)?.[1]);
    // the progress stops at the episode it was solved after
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^episode ${episodes} `));
    const file = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8'));
    expect(file.reinforcement).toMatchObject({ algorithm: 'reinforce', environment: { name: 'cartpole' }, outputs: 'probabilities', seed: 2, episodes, solvedAt: episodes });
    expect(file.reinforcement.returns).toHaveLength(episodes);
    expect(file.reinforcement.value.layers.at(-1)).toMatchObject({ units: 1, activation: 'linear' });
    const svg = readFileSync(join(dir, 'cp.svg'), 'utf8');
    expect(svg).toContain('<svg');
    expect(svg).toContain('mean of the last 100');
    const p = neurite(['play', '--model', 'cp.json', '--episodes', '100', '--json'], dir);
    expect(p.status, p.stderr).toBe(0);
    const result = JSON.parse(p.stdout);
    expect(Object.keys(result)).toEqual(['episodes', 'meanReturn', 'minReturn']);
    expect(result.episodes).toBe(100);
    expect(result.meanReturn).toBeGreaterThanOrEqual(475);
  });

  it('is deterministic: one seed, the same returns and the same file', () => {
    const a = neurite(['reinforce', '--env', 'gridworld', '--episodes', '30', '--seed', '5', '--out', 'g1.json', '--json'], dir);
    const b = neurite(['reinforce', '--env', 'gridworld', '--episodes', '30', '--seed', '5', '--out', 'g2.json', '--json'], dir);
    expect(a.status, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ env: 'gridworld', algorithm: 'dqn', seed: 5, episodes: 30 });
    expect(readFileSync(join(dir, 'g1.json'), 'utf8')).toBe(readFileSync(join(dir, 'g2.json'), 'utf8'));
    // and the same progress, line for line
    expect(b.stderr).toBe(a.stderr);
    expect(a.stderr).toMatch(/^episode 30 {2}return [-\d.]+ {2}average [-\d.]+$/m);
  });

  it('learns a bandit with epsilon-greedy by default, and plays it', () => {
    const r = neurite(['reinforce', '--env', 'bandit', '--episodes', '3', '--seed', '1', '--out', 'b.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ env: 'bandit', algorithm: 'epsilon-greedy', episodes: 3, solved: false, solvedAt: null });
    const file = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(file.reinforcement.environment).toEqual({ name: 'bandit', options: { seed: 1 } });
    const p = neurite(['play', '--model', 'b.json', '--episodes', '2'], dir);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^2 episodes of bandit \(seed 0\): mean return [-\d.]+, min [-\d.]+, max [-\d.]+\n$/);
  });

  it('refuses bad options with one clear line', () => {
    const env = neurite(['reinforce', '--env', 'pong', '--out', 'x.json'], dir);
    expect(env.status).toBe(2);
    expect(errorLine(env)).toBe("error: option '--env <name>' argument 'pong' is invalid. expected one of cartpole, bandit, gridworld; see neurite reinforce --help");
    const alg = neurite(['reinforce', '--env', 'cartpole', '--algorithm', 'ucb', '--out', 'x.json'], dir);
    expect(alg.status).toBe(1);
    expect(errorLine(alg)).toBe('error: ucb learns the arms of a bandit, not cartpole; use it with the bandit environment, or choose reinforce, a2c or dqn');
    expect(errorLine(neurite(['reinforce', '--env', 'cartpole', '--episodes', '0'], dir))).toContain("option '--episodes <n>' argument '0' is invalid");
    const out = neurite(['reinforce', '--env', 'bandit', '--episodes', '1', '--out', 'missing/dir/p.json'], dir);
    expect(out.status).toBe(1);
    expect(errorLine(out)).toContain('could not write missing/dir/p.json: its directory does not exist; nothing was written');
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});

describe('neurite inspect on a policy', () => {
  it('shows how it was learnt: algorithm, environment, seed, episodes, when solved, the returns, the value network', () => {
    const r = neurite(['inspect', '--model', 'cp.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')).reinforcement;
    const returns: number[] = file.returns;
    const mean = returns.slice(-100).reduce((a, b) => a + b, 0) / Math.min(100, returns.length);
    expect(r.stdout).toMatch(/^model cp\.json\ntask a policy learnt from rewards, /);
    expect(r.stdout).toContain(`\nlearnt from rewards: reinforce on cartpole, seed 2\n  outputs: action probabilities (a policy); play takes the largest\n  ${file.episodes} episodes; solved after episode ${file.solvedAt}\n`);
    expect(r.stdout).toContain(`  returns: first ${returns[0]}, last ${returns.at(-1)}, best ${Math.max(...returns)}, mean of the last ${Math.min(100, returns.length)} ${Number(mean.toPrecision(6))}\n`);
    expect(r.stdout).toMatch(/ {2}value network: 4 → 64 → 1, 385 parameters, outputs × [\d.]+\n$/);
    expect(r.stdout).not.toContain('no training history recorded');
    const b = neurite(['inspect', '--model', 'b.json'], dir);
    expect(b.stdout).toContain('learnt from rewards: epsilon-greedy on bandit {"seed":1}, seed 1\n  outputs: a value per action; play takes the largest\n  3 episodes; not solved\n');
  });

  it('a broken reinforcement record is the same clear error as for play', () => {
    const file = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...file, reinforcement: { ...file.reinforcement, algorithm: 'sarsa' } }));
    const r = neurite(['inspect', '--model', 'broken.json'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('reinforcement.algorithm: expected one of');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('examples/reinforce-corridor.mjs (an environment of one\'s own)', () => {
  it('runs as written: the greedy policy goes from the near, empty end to the far reward', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'examples', 'reinforce-corridor.mjs')], { encoding: 'utf8' });
    expect(out).toBe('before: greedy mean return 0\nsolved after 21 episodes\ngreedy policy: mean return 1\nnext to the left end it walks right\n');
  });
});

describe('neurite play', () => {
  it('refuses a model that is not a policy, another environment, and a missing file', () => {
    writeFileSync(join(dir, 'plain.json'), JSON.stringify({ format: 'neurite-model', version: 1, inputs: 4, layers: [{ type: 'dense', units: 2, activation: 'softmax', weights: [[0, 0], [0, 0], [0, 0], [0, 0]], bias: [0, 0] }] }));
    const plain = neurite(['play', '--model', 'plain.json'], dir);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain('reinforcement: expected a policy learnt from rewards (made by neurite reinforce), found a model without a reinforcement field');
    neurite(['reinforce', '--env', 'gridworld', '--episodes', '2', '--seed', '1', '--out', 'g.json'], dir);
    const other = neurite(['play', '--model', 'g.json', '--env', 'cartpole'], dir);
    expect(other.status).toBe(1);
    expect(errorLine(other)).toBe('error: g.json is a policy for gridworld, not cartpole; play it with --env gridworld (or leave --env out)');
    const missing = neurite(['play', '--model', 'nope.json'], dir);
    expect(missing.status).toBe(1);
    expect(errorLine(missing)).toContain('nope.json: cannot read it (no such file)');
  });

  it('refuses a policy whose network does not fit its environment', () => {
    const file = JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8'));
    file.reinforcement.environment = { name: 'cartpole' };
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(file));
    const r = neurite(['play', '--model', 'wrong.json'], dir);
    expect(r.status).toBe(1);
    expect(errorLine(r)).toBe("error: wrong.json: the policy network has 25 inputs, but cartpole's observations have 4 values; and 4 outputs, but it needs 2 (one value per action)");
  });
});
