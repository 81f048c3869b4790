/**
 * The "pictures" view: a small convolutional network learns the 8 × 8 handwritten digits (or a
 * Fashion-MNIST sample) on the page, a slice of batches per animation frame (never more than
 * SLICE_MS, so the page stays responsive), pausable; draw a digit on the pad (or pick a held-out
 * picture) and see what the network sees, its class probabilities, and the feature maps of each
 * convolution for that picture.
 */
import { initBackend, stringifyModel, toModelFile } from '../../../src/index.js';
import { BITMAP, downsample, emptyBitmap, inkSegment } from '../pictures/bitmap.js';
import { drawBars, drawBitmap, drawFilters, drawImage, drawMaps, mapCell, MAPS_PER_ROW } from '../pictures/draw.js';
import { exampleButtons, mapPanels } from '../pictures/panels.js';
import { layerOutputs, startRun, workPiece, type LayerOutput, type PictureRun } from '../pictures/run.js';
import { FASHION_FILES, fashionFrom, loadDigits, PICTURE_SETS, SETS, type PictureSetId, type Pictures } from '../pictures/sets.js';
import type { Settings } from '../settings.js';
import { byId } from '../ui/dom.js';
import { download } from '../ui/files.js';
import { num } from '../ui/format.js';
import type { View } from './view.js';

/** Training time per animation frame: well under the 50 ms that makes a task long. */
const SLICE_MS = 8;
const SEED = 1;

type Picture = { kind: 'drawn'; bitmap: Uint8Array } | { kind: 'example'; row: number };

/** Each set's run, kept when another set is shown. */
const runs = new Map<PictureSetId, PictureRun>();
let run: PictureRun | null = null;
let picture: Picture = { kind: 'drawn', bitmap: emptyBitmap() };
let playing = false;
let frame = 0;
let pending = 0;
let ready: Promise<void> | null = null;
let fashion: Promise<Pictures> | null = null;
/** Which held-out picture of each class the example buttons show. */
let exampleRound = 0;
/** The convolutions' outputs last drawn (for the value under the pointer). */
let shown: LayerOutput[] = [];

const pictureValues = (r: PictureRun): Float32Array => {
  const size = SETS[r.data.set].side ** 2;
  return picture.kind === 'drawn' ? downsample(picture.bitmap) : r.data.test.x.slice(picture.row * size, (picture.row + 1) * size);
};

/** Runs the picture through the network and draws what every layer made of it. */
function classify(r: PictureRun): void {
  const x = pictureValues(r);
  const names = SETS[r.data.set].classNames;
  const outputs = layerOutputs(r.net, x);
  const probabilities = outputs[outputs.length - 1].values;
  const truth = picture.kind === 'example' ? r.data.test.y[picture.row] : null;
  const input = byId<HTMLCanvasElement>('pic-input');
  drawImage(input, x);
  input.dataset.values = JSON.stringify(Array.from(x));
  const bars = byId('pic-probs');
  drawBars(bars, probabilities, names, truth);
  bars.dataset.probs = JSON.stringify(Array.from(probabilities));
  const best = probabilities.indexOf(Math.max(...probabilities));
  bars.dataset.predicted = String(best);
  const sure = `${num(100 * probabilities[best], 3)} %`;
  byId('pic-answer').textContent = x.every((v) => v === 0)
    ? 'The pad is empty: draw a digit, or pick an example.'
    : truth === null ? `The network says ${names[best]} (${sure}).`
      : `The network says ${names[best]} (${sure}); this example is a ${names[truth]}: ${best === truth ? 'right' : 'wrong'}.`;
  const convs = outputs.filter((o) => o.type === 'conv2d');
  for (const o of convs) drawMaps(byId<HTMLCanvasElement>(`pic-maps-${o.index}`), o, mapCell(o.shape), MAPS_PER_ROW);
  const first = r.net.layers[convs[0].index];
  const [weights] = first.parameters('');
  drawFilters(byId<HTMLCanvasElement>('pic-filters'), weights.tensor.data as Float32Array, weights.tensor.shape, first.outputShape, mapCell(first.outputShape), MAPS_PER_ROW);
  shown = convs;
  byId('pic-maps').dataset.maps = JSON.stringify(convs.map((o) => ({ index: o.index, shape: o.shape, values: Array.from(o.values) })));
}

/** Classifies again at the next frame (at most once a frame, however many strokes come). */
function later(): void {
  if (pending === 0) pending = requestAnimationFrame(() => {
    pending = 0;
    if (run) classify(run);
  });
}

function drawMetrics(r: PictureRun): void {
  const accuracy = r.accuracies.at(-1);
  const epochs = SETS[r.data.set].epochs;
  const done = r.accuracies.length;
  const m = byId('pic-metrics');
  m.dataset.epoch = String(done);
  m.dataset.steps = String(r.steps);
  m.dataset.accuracy = accuracy === undefined ? '' : String(accuracy);
  byId('pic-epoch').textContent = `${done} / ${epochs}`;
  byId('pic-steps').textContent = String(r.steps);
  byId('pic-loss').textContent = Number.isNaN(r.lastLoss) ? '–' : num(r.lastLoss, 3);
  byId('pic-accuracy').textContent = accuracy === undefined ? '–' : `${num(100 * accuracy, 3)} %`;
  byId('pic-status').textContent = done === epochs
    ? `Trained: ${epochs} epochs; ${num(100 * (accuracy ?? 0), 3)} % of the ${r.data.test.rows} held-out pictures are recognised.`
    : playing ? `Training: epoch ${done + 1} of ${epochs}…` : r.steps === 0 ? 'Not trained yet: press Train.' : 'Paused.';
}

function loop(): void {
  frame = 0;
  const r = run;
  if (!r || !playing) return;
  const until = performance.now() + SLICE_MS;
  do {
    if (!workPiece(r)) {
      setPlaying(false);
      break;
    }
  } while (performance.now() < until);
  classify(r);
  drawMetrics(r);
  if (playing) frame = requestAnimationFrame(loop);
}

function setPlaying(on: boolean): void {
  playing = on && run !== null && run.accuracies.length < SETS[run.data.set].epochs;
  const b = byId('pic-train');
  b.setAttribute('aria-pressed', String(playing));
  b.textContent = playing ? '❚❚ Pause' : '▶ Train';
  if (playing && frame === 0) frame = requestAnimationFrame(loop);
  if (run) drawMetrics(run);
}

function pickExample(r: PictureRun, row: number): void {
  const size = SETS[r.data.set].side ** 2;
  picture = { kind: 'example', row };
  drawImage(byId<HTMLCanvasElement>('pic-pad'), r.data.test.x.subarray(row * size, (row + 1) * size));
  classify(r);
}

/** Shows a run: its panels, its examples, and a picture (an empty pad, or the first example when pictures of the set cannot be drawn). */
function showRun(r: PictureRun): void {
  setPlaying(false);
  run = r;
  const set = SETS[r.data.set];
  mapPanels(byId('pic-maps'), r.net, () => shown);
  byId('pic-examples').replaceChildren(...exampleButtons(r.data, exampleRound, (row) => pickExample(r, row)));
  byId('pic-pad-title').textContent = set.drawable ? 'Draw a digit' : 'The picture';
  byId('pic-draw-hint').hidden = !set.drawable;
  byId<HTMLButtonElement>('pic-clear').disabled = !set.drawable;
  byId('pic-pad').classList.toggle('drawable', set.drawable);
  if (set.drawable) {
    picture = { kind: 'drawn', bitmap: emptyBitmap() };
    drawBitmap(byId<HTMLCanvasElement>('pic-pad'), picture.bitmap);
    classify(r);
  } else pickExample(r, 0);
  drawMetrics(r);
  byId<HTMLButtonElement>('pic-train').disabled = false;
}

async function dataOf(set: PictureSetId): Promise<Pictures> {
  if (set === 'digits') return loadDigits(SEED);
  fashion ??= Promise.all(FASHION_FILES.map(async (name) => {
    const answer = await fetch(name);
    if (!answer.ok) throw new Error(`${name}: the server answered ${answer.status}`);
    return new Uint8Array(await answer.arrayBuffer());
  })).then(([images, labels]) => fashionFrom(images, labels));
  fashion.catch(() => void (fashion = null));
  return fashion;
}

function show(s: Settings): void {
  byId<HTMLSelectElement>('pic-data').value = s.pictureSet;
  if (run?.data.set === s.pictureSet) return;
  setPlaying(false);
  byId<HTMLButtonElement>('pic-train').disabled = true;
  byId('pic-status').textContent = s.pictureSet === 'fashion' && !runs.has('fashion') ? 'Fetching the Fashion-MNIST sample (490 KB)…' : '';
  // the kernels the command line uses, on one thread: the first show waits for them
  ready ??= initBackend({ threads: 1 }).then(() => undefined, () => undefined);
  void ready.then(async () => {
    const r = runs.get(s.pictureSet) ?? startRun(await dataOf(s.pictureSet), SEED);
    runs.set(s.pictureSet, r);
    if (byId<HTMLSelectElement>('pic-data').value === s.pictureSet) showRun(r);
  }).catch((e: unknown) => {
    byId('pic-status').textContent = `The pictures could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
  });
}

function hide(): void {
  setPlaying(false);
}

/** Drawing on the pad with a mouse, pen or finger: each move inks the segment from the last point. */
function watchPad(): void {
  const pad = byId<HTMLCanvasElement>('pic-pad');
  let last: { x: number; y: number } | null = null;
  const at = (e: PointerEvent) => {
    const box = pad.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * BITMAP, y: ((e.clientY - box.top) / box.height) * BITMAP };
  };
  const ink = (e: PointerEvent) => {
    if (last === null || !run || !SETS[run.data.set].drawable) return;
    const p = at(e);
    // drawing over an example starts a new picture
    const fresh = picture.kind !== 'drawn';
    if (picture.kind !== 'drawn') picture = { kind: 'drawn', bitmap: emptyBitmap() };
    if (inkSegment(picture.bitmap, last.x, last.y, p.x, p.y) || fresh) {
      drawBitmap(pad, picture.bitmap);
      later();
    }
    last = p;
  };
  pad.addEventListener('pointerdown', (e) => {
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    ink(e);
  });
  pad.addEventListener('pointermove', ink);
  for (const end of ['pointerup', 'pointercancel'] as const) pad.addEventListener(end, () => void (last = null));
}

function watch(get: () => Settings, change: (s: Settings) => void): void {
  const data = byId<HTMLSelectElement>('pic-data');
  data.replaceChildren(...PICTURE_SETS.map((id) => new Option(SETS[id].title, id)));
  data.addEventListener('change', () => change({ ...get(), pictureSet: data.value as PictureSetId }));
  byId('pic-train').addEventListener('click', () => setPlaying(!playing));
  byId('pic-restart').addEventListener('click', () => {
    if (!run) return;
    const r = startRun(run.data, SEED);
    runs.set(r.data.set, r);
    showRun(r);
  });
  byId('pic-clear').addEventListener('click', () => {
    picture = { kind: 'drawn', bitmap: emptyBitmap() };
    drawBitmap(byId<HTMLCanvasElement>('pic-pad'), picture.bitmap);
    if (run) classify(run);
  });
  byId('pic-more').addEventListener('click', () => {
    exampleRound++;
    const r = run;
    if (r) byId('pic-examples').replaceChildren(...exampleButtons(r.data, exampleRound, (row) => pickExample(r, row)));
  });
  byId('pic-export').addEventListener('click', () => {
    if (!run) return;
    const classes = [...SETS[run.data.set].classNames];
    download(`${run.data.set}-cnn.json`, stringifyModel(toModelFile(run.net, { task: 'classification', loss: 'cross-entropy', classes })));
  });
  watchPad();
}

export const picturesView: View = { id: 'pictures', show, hide, watch };
