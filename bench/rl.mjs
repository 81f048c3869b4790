// `npm run bench:rl`: learning CartPole-v1 from rewards with each algorithm's defaults, as a user
// would: `neurite reinforce --env cartpole --algorithm A --seed S`, then `neurite play --episodes
// 100 --json` on the policy it wrote. One run at a time, each in its own process, stopped after 5
// minutes (the goal). Writes bench/rl-last-run.json and rewrites docs/benchmarks.md from it and the
// last full `npm run bench` (bench/report.mjs). Env: RL_ALGORITHMS (reinforce,a2c,dqn), RL_SEEDS (1,2,3,4,5).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'neurite.js');
const algorithms = (process.env.RL_ALGORITHMS ?? 'reinforce,a2c,dqn').split(',');
const seeds = (process.env.RL_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const LIMIT_S = 300;
const dir = mkdtempSync(join(os.tmpdir(), 'neurite-rl-bench-'));

/** Runs the command under /usr/bin/time for its CPU seconds (user + system) beside the wall time. */
function timed(args) {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, bin, ...args], { encoding: 'utf8', timeout: LIMIT_S * 1000, killSignal: 'SIGKILL' });
  const wall = (performance.now() - started) / 1000;
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return { ...r, wall, cpu: m ? Math.round((Number(m[1]) + Number(m[2])) * 100) / 100 : null, timedOut: r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL' };
}

const results = [];
for (const algorithm of algorithms) {
  for (const seed of seeds) {
    const out = join(dir, `${algorithm}-${seed}.json`);
    const load = os.loadavg()[0];
    const t = timed(['reinforce', '--env', 'cartpole', '--algorithm', algorithm, '--seed', String(seed), '--out', out, '--json']);
    const row = { algorithm, seed, load, wall: t.wall, cpu: t.cpu, timedOut: t.timedOut };
    if (t.timedOut || t.status !== 0) {
      results.push({ ...row, error: t.timedOut ? `over ${LIMIT_S} s` : (t.stderr ?? '').split('\n').find((l) => l.startsWith('error')) ?? `exit ${t.status}` });
    } else {
      const s = JSON.parse(t.stdout);
      const p = spawnSync(process.execPath, [bin, 'play', '--model', out, '--episodes', '100', '--json'], { encoding: 'utf8' });
      const play = JSON.parse(p.stdout);
      results.push({ ...row, episodes: s.episodes, solvedAt: s.solvedAt, seconds: s.seconds, meanReturn: play.meanReturn, minReturn: play.minReturn });
    }
    const r = results.at(-1);
    console.log(`${algorithm} seed ${seed}: ${r.error ?? `solved after ${r.solvedAt} of ${r.episodes} episodes, ${r.wall.toFixed(1)} s wall, ${r.cpu} s CPU, play mean ${r.meanReturn} min ${r.minReturn}`}`);
  }
}
const info = { at: new Date().toISOString(), machine: machine(), uptimeAfter: spawnSync('uptime', { encoding: 'utf8' }).stdout.trim() };
writeFileSync(join(here, 'rl-last-run.json'), `${JSON.stringify({ info, results }, null, 1)}\n`);
const rewrite = spawnSync(process.execPath, [join(here, 'report.mjs')], { encoding: 'utf8' });
console.log(rewrite.stdout.trim() || rewrite.stderr.trim());
