/**
 * The "learning from rewards" view: an agent learns the cart-pole or the grid world on the page,
 * a slice of steps per animation frame (never more than SLICE_MS, so the page stays responsive),
 * drawn as it goes; "Watch the policy" pauses learning and runs the current greedy policy at
 * about real speed; the return of every episode is charted, and the grid world shows the
 * policy's arrow and the value of every cell.
 */
import {
  type Agent, AVERAGE_OVER, CartPole, GridWorld, initBackend, makeAgent, type Network, type Observation,
} from '../../../src/index.js';
import { drawCartPole, drawGrid, drawReturns, followPolicy, policyText } from '../rewards/draw.js';
import { RL_ALGORITHMS, RL_ENVS, type Settings } from '../settings.js';
import { byId, setSelect } from '../ui/dom.js';
import { num } from '../ui/format.js';
import type { View } from './view.js';

/** Learning time per animation frame: well under the 50 ms that makes a task long. */
const SLICE_MS = 8;
/** Frames between two steps of the watched grid world (one step a frame is too fast to follow). */
const GRID_WATCH_FRAMES = 8;

interface Run {
  readonly key: string;
  readonly env: CartPole | GridWorld;
  readonly agent: Agent;
  readonly returns: number[];
  readonly averages: number[];
  steps: number;
}

let run: Run | null = null;
let mode: 'paused' | 'learn' | 'watch' = 'paused';
let frame = 0;
/** The greedy policy played on its own environment while watching. */
let watched: { env: CartPole | GridWorld; observation: Observation; ret: number; episodes: number } | null = null;
let ready: Promise<void> | null = null;
let tick = 0;

const keyOf = (s: Settings): string => `${s.rlEnv}/${s.rlAlgorithm}/${s.rlSeed}`;

function start(s: Settings): Run {
  const env = s.rlEnv === 'cartpole' ? new CartPole() : new GridWorld();
  const agent = makeAgent(s.rlAlgorithm, env, { seed: s.rlSeed });
  return { key: keyOf(s), env, agent, returns: [], averages: [], steps: 0 };
}

/** Greedy actions and values of every grid cell: max Q for DQN, the critic's V for the others. */
function gridPolicy(r: Run & { env: GridWorld }): { actions: number[]; values: number[] } {
  const g = r.env;
  const cells = g.rows * g.columns;
  const x = new Float32Array(cells * cells);
  for (let i = 0; i < cells; i++) x[i * cells + i] = 1;
  const out = r.agent.network.predictFlat(x, cells);
  const critic = (r.agent as unknown as { value?: Network; valueScale?: number });
  const v = critic.value ? critic.value.predictFlat(x, cells) : null;
  const actions: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < cells; i++) {
    const row = out.subarray(i * 4, i * 4 + 4);
    const best = row.indexOf(Math.max(...row));
    actions.push(best);
    values.push(v ? v[i] * (critic.valueScale ?? 1) : row[best]);
  }
  return { actions, values };
}

function learnSlice(r: Run): void {
  const until = performance.now() + SLICE_MS;
  do {
    const s = r.agent.step();
    r.steps++;
    if (s.episode) {
      r.returns.push(s.episode.return);
      r.averages.push(s.episode.movingAverage);
    }
  } while (performance.now() < until);
}

function watchStep(r: Run): void {
  if (r.env instanceof GridWorld && ++tick % GRID_WATCH_FRAMES !== 0) return;
  if (watched === null) {
    const env = r.env instanceof CartPole ? new CartPole() : new GridWorld();
    watched = { env, observation: env.reset(r.agent.returns.length + 7), ret: 0, episodes: 0 };
  }
  const w = watched;
  const s = w.env.step(r.agent.act(w.observation));
  w.ret += s.reward;
  w.observation = s.observation;
  if (s.terminated || s.truncated) {
    byId('rl-watch-last').textContent = `last episode of the policy: return ${num(w.ret, 3)}`;
    w.observation = w.env.reset();
    w.ret = 0;
    w.episodes++;
  }
}

function draw(r: Run): void {
  const scene = byId<HTMLCanvasElement>('rl-scene');
  const env = mode === 'watch' && watched ? watched.env : r.env;
  if (env instanceof CartPole) {
    drawCartPole(scene, env.state, mode === 'watch' ? `the greedy policy, return so far ${watched?.ret ?? 0}` : `learning: episode ${r.returns.length + 1}`);
  } else {
    const { actions, values } = gridPolicy(r as Run & { env: GridWorld });
    drawGrid(scene, env, actions, values, env.position);
    byId('rl-policy').textContent = policyText(env, actions);
    scene.dataset.leads = followPolicy(env, actions);
  }
  const last = r.returns.length;
  const threshold = r.env.solvedReturn;
  byId('rl-threshold').textContent = r.env instanceof CartPole ? 'a mean of 475 over 100 episodes' : `the shortest path's return, ${num(threshold ?? 0, 3)}`;
  drawReturns(byId<HTMLCanvasElement>('rl-returns'), r.returns, r.averages, threshold);
  const m = byId('rl-metrics');
  m.dataset.episodes = String(last);
  m.dataset.steps = String(r.steps);
  byId('rl-episodes').textContent = String(last);
  byId('rl-steps').textContent = String(r.steps);
  byId('rl-return').textContent = last ? num(r.returns[last - 1], 3) : '–';
  byId('rl-average').textContent = last ? num(r.averages[last - 1], 3) : '–';
  const solved = threshold !== undefined && last >= AVERAGE_OVER && r.averages[last - 1] >= threshold;
  byId('rl-status').textContent = mode === 'watch'
    ? 'Watching the greedy policy (the action with the largest output, no exploring); learning is paused.'
    : solved ? `The mean return of the last 100 episodes has reached ${num(threshold, 3)}: solved.` : mode === 'learn' ? 'Learning…' : 'Paused.';
}

function loop(): void {
  frame = 0;
  if (!run || mode === 'paused') return;
  if (mode === 'learn') learnSlice(run);
  else watchStep(run);
  draw(run);
  frame = requestAnimationFrame(loop);
}

function setMode(next: typeof mode): void {
  mode = next;
  byId('rl-learn').setAttribute('aria-pressed', String(mode === 'learn'));
  byId('rl-learn').textContent = mode === 'learn' ? '❚❚ Pause' : '▶ Learn';
  byId('rl-watch').setAttribute('aria-pressed', String(mode === 'watch'));
  if (mode !== 'watch') watched = null;
  if (frame === 0 && mode !== 'paused') frame = requestAnimationFrame(loop);
  if (run) draw(run);
}

function show(s: Settings): void {
  setSelect(byId<HTMLSelectElement>('rl-env'), s.rlEnv);
  setSelect(byId<HTMLSelectElement>('rl-algorithm'), s.rlAlgorithm);
  byId<HTMLInputElement>('rl-seed').value = String(s.rlSeed);
  // the kernels the command line uses, on one thread: the first show waits for them
  ready ??= initBackend({ threads: 1 }).then(() => undefined, () => undefined);
  void ready.then(() => {
    if (run?.key !== keyOf(s)) {
      run = start(s);
      watched = null;
      setMode('paused');
    }
    byId<HTMLButtonElement>('rl-learn').disabled = false;
    draw(run);
  });
}

function hide(): void {
  setMode('paused');
}

function watch(get: () => Settings, change: (s: Settings) => void): void {
  byId<HTMLSelectElement>('rl-env').replaceChildren(...RL_ENVS.map((e) => new Option(e === 'cartpole' ? 'Cart-pole' : 'Grid world', e)));
  byId<HTMLSelectElement>('rl-algorithm').replaceChildren(...RL_ALGORITHMS.map((a) => new Option(a === 'a2c' ? 'A2C (actor-critic)' : a === 'dqn' ? 'DQN (Q-learning)' : 'REINFORCE', a)));
  const update = () => change({
    ...get(),
    rlEnv: byId<HTMLSelectElement>('rl-env').value as Settings['rlEnv'],
    rlAlgorithm: byId<HTMLSelectElement>('rl-algorithm').value as Settings['rlAlgorithm'],
    rlSeed: Math.max(0, Math.floor(Number(byId<HTMLInputElement>('rl-seed').value) || 0)),
  });
  for (const id of ['rl-env', 'rl-algorithm', 'rl-seed']) byId(id).addEventListener('change', update);
  byId('rl-learn').addEventListener('click', () => setMode(mode === 'learn' ? 'paused' : 'learn'));
  byId('rl-watch').addEventListener('click', () => setMode(mode === 'watch' ? 'paused' : 'watch'));
  byId('rl-restart').addEventListener('click', () => {
    run = start(get());
    setMode('paused');
  });
}

export const rewardsView: View = { id: 'rewards', show, hide, watch };
