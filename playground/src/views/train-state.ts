/**
 * The training view's state on the page: what the worker last sent (data, snapshot, epochs, the
 * loss of every batch), and the redraw, at most once per animation frame.
 */
import type { EpochLog } from '../../../src/index.js';
import type { DataView, Snapshot, ToWorker } from '../protocol.js';
import type { Settings } from '../settings.js';
import { byId } from '../ui/dom.js';
import { num } from '../ui/format.js';
import { LossSeries } from '../ui/loss-series.js';
import type { NeuronAt } from '../ui/network-view.js';
import { drawAll } from '../ui/render.js';
import { writeStage } from '../ui/step-through.js';
import { refreshTooltip, type InspectState } from '../ui/tooltip.js';

/** While training, redraw at most this often: the page's thread stays mostly idle. */
const DRAW_EVERY_MS = 60;

export const state = {
  settings: null as Settings | null,
  /** The settings the worker's session was last built or tuned with (null: build anew). */
  sent: null as Settings | null,
  data: null as DataView | null,
  snap: null as Snapshot | null,
  epochs: [] as EpochLog[],
  epochEnds: [] as number[],
  series: new LossSeries(),
  playing: false,
  layout: [] as NeuronAt[][],
  selected: null as NeuronAt | null,
  probe: { input: [] as number[], where: '' },
  /** The first batch's loss, to notice a loss that explodes. */
  firstLoss: NaN,
  warned: false,
};

let worker: Worker | null = null;
let frame = 0;
let lastDraw = 0;
let inspect: InspectState | null = null;

export function setWorker(w: Worker, i: InspectState): void {
  worker = w;
  inspect = i;
}

export const send = (m: ToWorker): void => worker?.postMessage(m);

/** A message in the status line; errors in red. */
export function status(text: string, kind: 'error' | 'info' = 'error'): void {
  const el = byId('status');
  el.textContent = text;
  el.dataset.kind = kind;
}

export function setPlaying(on: boolean): void {
  state.playing = on;
  const b = byId('play');
  b.textContent = on ? '❚❚ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(on));
  byId('metrics').dataset.playing = String(on);
}

/** Takes a snapshot: its new epochs and batch losses are added to what the page keeps. */
export function takeSnapshot(s: Snapshot, fresh: boolean): void {
  if (fresh) {
    state.epochs = [];
    state.epochEnds = [];
    state.series.clear();
    state.firstLoss = NaN;
    state.warned = false;
  }
  state.epochs.splice(s.historyFrom, Infinity, ...s.history);
  state.epochEnds.splice(s.historyFrom, Infinity, ...s.epochEnds);
  for (const v of s.losses) state.series.push(v);
  if (Number.isNaN(state.firstLoss) && s.losses.length > 0) state.firstLoss = s.losses[0];
  state.snap = s;
  const last = s.losses[s.losses.length - 1];
  if (!state.warned && state.series.steps >= 10 && last > 10 * state.firstLoss && last > 1) {
    state.warned = true;
    status(`The loss is growing instead of falling (${num(last)} now, ${num(state.firstLoss)} at the first step): the learning rate ${state.settings?.lr} is probably too high.`);
  }
}

export function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame((now) => {
    frame = 0;
    const { data, snap, settings } = state;
    if (!data || !snap || !settings) return;
    if (state.playing && now - lastDraw < DRAW_EVERY_MS) return void setTimeout(redraw, DRAW_EVERY_MS - (now - lastDraw));
    lastDraw = now;
    const start = performance.now();
    state.layout = drawAll(data, snap, {
      selected: state.selected, colorBy: settings.colorBy, logScale: settings.logScale, series: state.series, epochs: state.epochs, epochEnds: state.epochEnds,
    });
    writeStage(data, snap);
    byId('metrics').dataset.renderMs = (performance.now() - start).toFixed(1);
    if (inspect) refreshTooltip(inspect);
  });
}
