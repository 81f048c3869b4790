/**
 * The "pictures" view: a small convolutional network learns the 8 × 8 handwritten digits on the
 * page, a slice of batches per animation frame (never more than SLICE_MS, so the page stays
 * responsive), pausable; draw a digit on the pad (or pick a held-out example) and see what the
 * network sees, its class probabilities, and the feature maps of each convolution for that picture.
 */
import { initBackend, stringifyModel, toModelFile } from '../../../src/index.js';
import { downsample, emptyBitmap, inkSegment, BITMAP } from '../pictures/bitmap.js';
import { CLASSES, EPOCHS, SIDE } from '../pictures/digits.js';
import { cellAt, drawBars, drawBitmap, drawFilters, drawImage, drawMaps, MAP_CELL, MAPS_PER_ROW } from '../pictures/draw.js';
import { layerOutputs, startRun, trainBatch, type LayerOutput, type PictureRun } from '../pictures/run.js';
import type { Settings } from '../settings.js';
import { byId } from '../ui/dom.js';
import { download } from '../ui/files.js';
import { num } from '../ui/format.js';
import type { View } from './view.js';

/** Training time per animation frame: well under the 50 ms that makes a task long. */
const SLICE_MS = 8;
const SEED = 1;

type Picture = { kind: 'drawn'; bitmap: Uint8Array } | { kind: 'example'; row: number };

let run: PictureRun | null = null;
let picture: Picture = { kind: 'drawn', bitmap: emptyBitmap() };
let playing = false;
let frame = 0;
let pending = 0;
let ready: Promise<void> | null = null;
/** Which held-out image of each class the example buttons show. */
let exampleRound = 0;
/** The convolutions' outputs last drawn (for the value under the pointer). */
let shown: LayerOutput[] = [];

const pictureValues = (r: PictureRun): Float32Array => (picture.kind === 'drawn'
  ? downsample(picture.bitmap)
  : r.digits.test.x.slice(picture.row * SIDE * SIDE, (picture.row + 1) * SIDE * SIDE));

/** Runs the picture through the network and draws what every layer made of it. */
function classify(r: PictureRun): void {
  const x = pictureValues(r);
  const outputs = layerOutputs(r.net, x);
  const probabilities = outputs[outputs.length - 1].values;
  const truth = picture.kind === 'example' ? r.digits.test.y[picture.row] : null;
  const input = byId<HTMLCanvasElement>('pic-input');
  drawImage(input, x);
  input.dataset.values = JSON.stringify(Array.from(x));
  const bars = byId('pic-probs');
  drawBars(bars, probabilities, truth);
  bars.dataset.probs = JSON.stringify(Array.from(probabilities));
  const best = probabilities.indexOf(Math.max(...probabilities));
  bars.dataset.predicted = String(best);
  const sure = `${num(100 * probabilities[best], 3)} %`;
  byId('pic-answer').textContent = x.every((v) => v === 0)
    ? 'The pad is empty: draw a digit, or pick an example.'
    : truth === null ? `The network says ${best} (${sure}).`
    : `The network says ${best} (${sure}); this example is a ${truth}: ${best === truth ? 'right' : 'wrong'}.`;
  const convs = outputs.filter((o) => o.type === 'conv2d');
  convs.forEach((o, i) => drawMaps(byId<HTMLCanvasElement>(`pic-maps-${o.index}`), o, MAP_CELL[Math.min(i, 1)], MAPS_PER_ROW));
  const first = r.net.layers[convs[0].index];
  const [weights] = first.parameters('');
  drawFilters(byId<HTMLCanvasElement>('pic-filters'), weights.tensor.data as Float32Array, weights.tensor.shape, first.outputShape, MAP_CELL[0], MAPS_PER_ROW);
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
  const log = r.logs.at(-1);
  const m = byId('pic-metrics');
  m.dataset.epoch = String(r.logs.length);
  m.dataset.steps = String(r.steps);
  m.dataset.accuracy = log?.valAccuracy === undefined ? '' : String(log.valAccuracy);
  byId('pic-epoch').textContent = `${r.logs.length} / ${EPOCHS}`;
  byId('pic-steps').textContent = String(r.steps);
  byId('pic-loss').textContent = Number.isNaN(r.lastLoss) ? '–' : num(r.lastLoss, 3);
  byId('pic-accuracy').textContent = log?.valAccuracy === undefined ? '–' : `${num(100 * log.valAccuracy, 3)} %`;
  const done = r.trainer.finished !== null;
  byId('pic-status').textContent = done
    ? `Trained: ${EPOCHS} epochs; ${num(100 * (log?.valAccuracy ?? 0), 3)} % of the ${r.digits.test.rows} held-out images are recognised.`
    : playing ? `Training: epoch ${r.logs.length + 1} of ${EPOCHS}…` : r.steps === 0 ? 'Not trained yet: press Train.' : 'Paused.';
}

function loop(): void {
  frame = 0;
  const r = run;
  if (!r || !playing) return;
  const until = performance.now() + SLICE_MS;
  do {
    if (!trainBatch(r)) {
      setPlaying(false);
      break;
    }
  } while (performance.now() < until);
  classify(r);
  drawMetrics(r);
  if (playing) frame = requestAnimationFrame(loop);
}

function setPlaying(on: boolean): void {
  playing = on && run !== null && run.trainer.finished === null;
  const b = byId('pic-train');
  b.setAttribute('aria-pressed', String(playing));
  b.textContent = playing ? '❚❚ Pause' : '▶ Train';
  if (playing && frame === 0) frame = requestAnimationFrame(loop);
  if (run) drawMetrics(run);
}

/** A heading and a canvas for each convolution's maps, from the network's layers. */
function mapPanels(r: PictureRun): void {
  const box = byId('pic-maps');
  if (box.childElementCount > 0) return;
  const firstConv = r.net.layers.findIndex((l) => l.type === 'conv2d');
  r.net.layers.forEach((l, i) => {
    if (l.type !== 'conv2d') return;
    const c = l.config() as { filters: number; kernelSize: number[] };
    const h = document.createElement('h3');
    h.textContent = `Layer ${i + 1}: convolution, ${c.filters} filters of ${c.kernelSize.join(' × ')}, ReLU → ${l.outputShape.join(' × ')}`;
    const canvas = document.createElement('canvas');
    canvas.id = `pic-maps-${i}`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `The ${c.filters} feature maps of layer ${i + 1} for the picture: darker is larger`);
    canvas.addEventListener('pointermove', (e) => {
      const o = shown.find((s) => s.index === i);
      const cell = MAP_CELL[Math.min(shown.indexOf(o as LayerOutput), 1)];
      const box = canvas.getBoundingClientRect();
      const at = o && cellAt(((e.clientX - box.left) / box.width) * canvas.width, ((e.clientY - box.top) / box.height) * canvas.height, o.shape, cell, MAPS_PER_ROW);
      canvas.title = o && at ? `map ${at.map + 1}, row ${at.row + 1}, column ${at.col + 1}: ${num(o.values[(at.row * o.shape[1] + at.col) * o.shape[2] + at.map], 4)}` : '';
    });
    if (i === firstConv) {
      // the first convolution sees the picture itself, so its filters can be drawn as pictures too
      const f = document.createElement('canvas');
      f.id = 'pic-filters';
      f.setAttribute('role', 'img');
      f.setAttribute('aria-label', `The ${c.filters} filters of layer ${i + 1}: their 3 × 3 weights, blue positive, orange negative`);
      const note = document.createElement('p');
      note.className = 'hint';
      note.textContent = 'Its filters (3 × 3 weights: blue positive, orange negative), each above the map it makes:';
      box.append(h, note, f, canvas);
    } else box.append(h, canvas);
  });
}

function restart(): void {
  run = startRun(SEED);
  setPlaying(false);
  mapPanels(run);
  examples(run);
  classify(run);
}

/** One held-out image of each class as a button (the next round of them after "Other examples"). */
function examples(r: PictureRun): void {
  const size = SIDE * SIDE;
  const buttons: HTMLButtonElement[] = [];
  for (let k = 0; k < CLASSES; k++) {
    const rows = [...r.digits.test.y.keys()].filter((i) => r.digits.test.y[i] === k);
    const row = rows[exampleRound % rows.length];
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'example';
    b.dataset.row = String(row);
    b.setAttribute('aria-label', `a held-out ${k}`);
    const c = document.createElement('canvas');
    c.width = c.height = 32;
    drawImage(c, r.digits.test.x.subarray(row * size, (row + 1) * size), false);
    b.append(c);
    b.addEventListener('click', () => {
      picture = { kind: 'example', row };
      drawImage(byId<HTMLCanvasElement>('pic-pad'), r.digits.test.x.subarray(row * size, (row + 1) * size));
      classify(r);
    });
    buttons.push(b);
  }
  byId('pic-examples').replaceChildren(...buttons);
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
    if (last === null) return;
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

function show(_s: Settings): void {
  // the kernels the command line uses, on one thread: the first show waits for them
  ready ??= initBackend({ threads: 1 }).then(() => undefined, () => undefined);
  void ready.then(() => {
    if (run === null) {
      restart();
      drawBitmap(byId<HTMLCanvasElement>('pic-pad'), emptyBitmap());
    }
    byId<HTMLButtonElement>('pic-train').disabled = false;
  });
}

function hide(): void {
  setPlaying(false);
}

function watch(): void {
  byId('pic-train').addEventListener('click', () => setPlaying(!playing));
  byId('pic-restart').addEventListener('click', restart);
  byId('pic-clear').addEventListener('click', () => {
    picture = { kind: 'drawn', bitmap: emptyBitmap() };
    drawBitmap(byId<HTMLCanvasElement>('pic-pad'), picture.bitmap);
    if (run) classify(run);
  });
  byId('pic-more').addEventListener('click', () => {
    exampleRound++;
    if (run) examples(run);
  });
  byId('pic-export').addEventListener('click', () => {
    if (!run) return;
    const classes = Array.from({ length: CLASSES }, (_, k) => String(k));
    download('digits-cnn.json', stringifyModel(toModelFile(run.net, { task: 'classification', loss: 'cross-entropy', classes })));
  });
  watchPad();
}

export const picturesView: View = { id: 'pictures', show, hide, watch };
