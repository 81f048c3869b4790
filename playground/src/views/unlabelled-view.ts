/**
 * The "learning without labels" view. Left: a self-organizing map unfolding over 2-D points as
 * it trains, a few rows per animation frame so the eye can follow it (an epoch every
 * FRAMES_PER_EPOCH frames), or an epoch at a time. Right: Pavlov's dog as one neuron; "bell",
 * "food" and "both" are trials, and the bell's connection grows by Hebb's rule while bell and
 * food come together and fades when the bell comes alone.
 */
import { PavlovNeuron, type PavlovTrial } from '../../../src/index.js';
import { SOM_DATA, SOM_GRIDS, type Settings } from '../settings.js';
import { byId, setSelect } from '../ui/dom.js';
import { num } from '../ui/format.js';
import { drawBellWeights, drawMap, drawPavlov } from '../unlabelled/draw.js';
import { MAP_EPOCHS, mapKey, startMap, type MapRun } from '../unlabelled/map-run.js';
import type { View } from './view.js';

/** Frames per pass over the points while playing: about 0.15 s an epoch, slow enough to watch. */
const FRAMES_PER_EPOCH = 8;
/** Trials listed under the neuron. */
const LISTED_TRIALS = 8;

const DATA_NAMES: Record<Settings['somData'], string> = {
  square: 'Uniform square', blobs: 'Gaussian clusters', moons: 'Moons', circles: 'Circles', spiral: 'Spiral',
};

let run: MapRun | null = null;
let playing = false;
let frame = 0;
let dog = new PavlovNeuron();
let trials: PavlovTrial[] = [];

const rowsOf = (r: MapRun): number => r.points.length / 2;

function drawRun(r: MapRun): void {
  const rows = rowsOf(r);
  const t = r.trainer;
  const epoch = t.steps / rows;
  const x = { data: r.points, rows, cols: 2 };
  const qe = r.map.quantizationError(x);
  const te = r.map.topographicError(x) ?? 0;
  const [gr, gc] = r.map.grid as readonly [number, number];
  drawMap(byId<HTMLCanvasElement>('som-map'), r.points, r.map, `a ${gr}×${gc} map, epoch ${num(epoch, 3)} of ${MAP_EPOCHS}`);
  const m = byId('som-metrics');
  m.dataset.steps = String(t.steps);
  m.dataset.qe = String(qe);
  m.dataset.te = String(te);
  byId('som-epoch').textContent = `${Math.floor(epoch)} / ${MAP_EPOCHS}`;
  byId('som-radius').textContent = num(t.currentRadius, 3);
  byId('som-rate').textContent = num(t.currentLearningRate, 3);
  byId('som-qe').textContent = num(qe, 4);
  byId('som-te').textContent = num(te, 3);
  byId('som-status').textContent = t.done
    ? `Trained: every point's nearest unit is on average ${num(qe, 3)} away, and ${num(100 * te, 3)} % of the points have their two nearest units apart on the grid.`
    : playing ? 'Learning: each point pulls its nearest unit and, less, that unit\'s grid neighbours toward it.' : 'Paused.';
}

function loop(): void {
  frame = 0;
  if (!run || !playing) return;
  run.trainer.step(Math.ceil(rowsOf(run) / FRAMES_PER_EPOCH));
  if (run.trainer.done) setPlaying(false);
  drawRun(run);
  if (playing) frame = requestAnimationFrame(loop);
}

function setPlaying(on: boolean): void {
  playing = on && run !== null && !run.trainer.done;
  const b = byId('som-play');
  b.setAttribute('aria-pressed', String(playing));
  b.textContent = playing ? '❚❚ Pause' : '▶ Learn';
  if (playing && frame === 0) frame = requestAnimationFrame(loop);
}

function drawDog(): void {
  const last = trials.at(-1) ?? null;
  drawPavlov(byId<HTMLCanvasElement>('pv-scene'), dog, last);
  drawBellWeights(byId<HTMLCanvasElement>('pv-chart'), trials, dog.threshold);
  const w = byId('pv-weight');
  w.textContent = num(dog.bellWeight, 3);
  w.dataset.weight = String(dog.bellWeight);
  const alone = dog.respond({ bell: true, food: false }).salivates;
  byId('pv-bell-alone').textContent = alone ? 'yes: the bell alone now makes it salivate' : 'no: the bell alone does nothing (yet)';
  byId('pv-bell-alone').dataset.fires = String(alone);
  const what = (t: PavlovTrial) => (t.bell && t.food ? 'bell + food' : t.bell ? 'bell' : 'food');
  byId('pv-trials').replaceChildren(...trials.slice(-LISTED_TRIALS).map((t) => {
    const li = document.createElement('li');
    li.value = t.trial;
    li.textContent = `${what(t)}: ${t.salivates ? 'salivates' : 'no saliva'} (drive ${num(t.drive, 3)}); w_bell ${num(t.bellWeightBefore, 3)} → ${num(t.bellWeight, 3)}`;
    return li;
  }));
  byId('pv-last').textContent = last ? `Trial ${last.trial}: ${what(last)}, ${last.salivates ? 'salivates' : 'no saliva'}.` : 'No trials yet.';
}

function present(bell: boolean, food: boolean): void {
  trials.push(dog.present({ bell, food }));
  drawDog();
}

function show(s: Settings): void {
  setSelect(byId<HTMLSelectElement>('som-data'), s.somData);
  setSelect(byId<HTMLSelectElement>('som-grid'), s.somGrid);
  byId<HTMLInputElement>('som-seed').value = String(s.somSeed);
  if (run?.key !== mapKey(s)) {
    run = startMap(s);
    setPlaying(false);
  }
  drawRun(run);
  drawDog();
}

function hide(): void {
  setPlaying(false);
}

function watch(get: () => Settings, change: (s: Settings) => void): void {
  byId<HTMLSelectElement>('som-data').replaceChildren(...SOM_DATA.map((d) => new Option(DATA_NAMES[d], d)));
  byId<HTMLSelectElement>('som-grid').replaceChildren(...SOM_GRIDS.map((g) => new Option(g.replace('x', ' × ') + (g.startsWith('1x') ? ' (a chain)' : ''), g)));
  const update = () => change({
    ...get(),
    somData: byId<HTMLSelectElement>('som-data').value as Settings['somData'],
    somGrid: byId<HTMLSelectElement>('som-grid').value as Settings['somGrid'],
    somSeed: Math.max(0, Math.floor(Number(byId<HTMLInputElement>('som-seed').value) || 0)),
  });
  for (const id of ['som-data', 'som-grid', 'som-seed']) byId(id).addEventListener('change', update);
  byId('som-play').addEventListener('click', () => setPlaying(!playing));
  byId('som-epoch-step').addEventListener('click', () => {
    if (!run) return;
    setPlaying(false);
    run.trainer.step(rowsOf(run));
    drawRun(run);
  });
  byId('som-restart').addEventListener('click', () => {
    run = startMap(get());
    setPlaying(false);
    drawRun(run);
  });
  byId('pv-bell').addEventListener('click', () => present(true, false));
  byId('pv-food').addEventListener('click', () => present(false, true));
  byId('pv-both').addEventListener('click', () => present(true, true));
  byId('pv-reset').addEventListener('click', () => {
    dog = new PavlovNeuron();
    trials = [];
    drawDog();
  });
}

export const unlabelledView: View = { id: 'unlabelled', show, hide, watch };
