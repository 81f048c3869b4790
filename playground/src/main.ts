/**
 * The playground page: keeps the settings (mirrored in the URL), talks to the training worker,
 * and redraws on each snapshot, at most once per animation frame.
 */
import type { EpochLog } from '../../src/index.js';
import type { CsvFile, DataView, FromWorker, Snapshot, ToWorker } from './protocol.js';
import { fromHash, toHash, type Settings } from './settings.js';
import { readForm, writeColumns, writeForm, writeLayers } from './ui/controls.js';
import { watchDescent, writeDescent } from './ui/descent-view.js';
import { byId } from './ui/dom.js';
import { csvColumns, download, watchCsv, watchImport } from './ui/files.js';
import type { NeuronAt } from './ui/network-view.js';
import { planePoint } from './ui/regions.js';
import { drawAll, writeLegend, writeMetricNames } from './ui/render.js';
import { refreshTooltip, watchNetwork } from './ui/tooltip.js';

const worker = new Worker('worker.js');
let settings: Settings = fromHash(location.hash);
let csv: CsvFile | null = null;
let data: DataView | null = null;
let snap: Snapshot | null = null;
/** Every epoch's log; snapshots bring only the new ones. */
let epochs: EpochLog[] = [];
let playing = false;
let layout: NeuronAt[][] = [];
let selected: NeuronAt | null = null;
let probe: { input: number[]; where: string } = { input: [], where: '' };
let frame = 0;
let lastDraw = 0;
/** While training, redraw at most this often: the page's thread stays mostly idle. */
const DRAW_EVERY_MS = 60;
const waiting = new Map<number, (outputs: number[][]) => void>();

const send = (m: ToWorker) => worker.postMessage(m);
const status = (text: string) => (byId('status').textContent = text);

function redraw(): void {
  if (frame) return;
  frame = requestAnimationFrame((now) => {
    frame = 0;
    if (!data || !snap) return;
    if (playing && now - lastDraw < DRAW_EVERY_MS) return void setTimeout(redraw, DRAW_EVERY_MS - (now - lastDraw));
    lastDraw = now;
    const start = performance.now();
    layout = drawAll(data, snap, selected);
    byId('metrics').dataset.renderMs = (performance.now() - start).toFixed(1);
    refreshTooltip(inspect);
  });
}

function setPlaying(on: boolean): void {
  playing = on;
  const b = byId('play');
  b.textContent = on ? '❚❚ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(on));
  byId('metrics').dataset.playing = String(on);
}

function setup(): void {
  setPlaying(false);
  if (settings.source === 'csv' && !csv) {
    status('Choose or drop the CSV file (a link keeps the column choice, not the file itself).');
    return;
  }
  status('');
  send({ type: 'setup', settings, csv });
}

/** Takes new settings: form, URL and (unless only the view changed) a fresh network. */
function apply(next: Settings, reset = true): void {
  settings = next;
  history.replaceState(null, '', `#${toHash(settings)}`);
  writeForm(settings);
  writeLayers(settings.hidden, (hidden) => apply({ ...settings, hidden }));
  showView();
  if (reset) setup();
}

function showView(): void {
  const descent = settings.view === 'descent';
  byId('train-view').hidden = descent;
  byId('descent-view').hidden = !descent;
  byId('tab-train').setAttribute('aria-pressed', String(!descent));
  byId('tab-descent').setAttribute('aria-pressed', String(descent));
  if (descent) {
    if (playing) send({ type: 'pause' });
    writeDescent(settings);
  }
}

function defaultProbe(d: DataView): void {
  probe = d.plane && d.points
    ? probeAt(d, d.points[0], d.points[1])
    : { input: d.firstInput, where: 'the first row' };
}

function probeAt(d: DataView, x: number, y: number): { input: number[]; where: string } {
  const p = d.plane!;
  const input = [(x - p.center[0]) / p.scale[0], (y - p.center[1]) / p.scale[1]];
  return { input, where: `${p.names[0]} = ${x.toPrecision(3)}, ${p.names[1]} = ${y.toPrecision(3)}` };
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'ready') {
    data = m.data;
    snap = m.snapshot;
    epochs = [...m.snapshot.history];
    defaultProbe(data);
    writeLegend(data);
    writeMetricNames(data);
    if (data.imported) {
      const { hidden, activation, dropout } = data.imported;
      apply({ ...settings, hidden, activation: activation as Settings['activation'], dropout }, false);
      status('Model imported: training continues from its weights.');
    }
  } else if (m.type === 'snapshot') {
    epochs.splice(m.snapshot.historyFrom, Infinity, ...m.snapshot.history);
    snap = { ...m.snapshot, history: epochs };
    setPlaying(m.playing);
  } else if (m.type === 'model') download('neurite-model.json', m.text);
  else if (m.type === 'predicted') waiting.get(m.id)?.(m.outputs);
  else if (m.type === 'error') status(m.message);
  redraw();
};

const inspect = {
  data: () => data,
  snapshot: () => snap,
  layout: () => layout,
  probe: () => probe,
  select: (n: NeuronAt | null) => {
    selected = n;
    redraw();
  },
};

function wire(): void {
  byId('play').addEventListener('click', () => {
    send({ type: playing ? 'pause' : 'play' });
    setPlaying(!playing);
  });
  byId('step-batch').addEventListener('click', () => send({ type: 'step', unit: 'batch' }));
  byId('step-epoch').addEventListener('click', () => send({ type: 'step', unit: 'epoch' }));
  byId('reset').addEventListener('click', setup);
  byId('export').addEventListener('click', () => send({ type: 'export' }));
  byId('tab-train').addEventListener('click', () => apply({ ...settings, view: 'train' }, false));
  byId('tab-descent').addEventListener('click', () => apply({ ...settings, view: 'descent' }, false));
  for (const el of document.querySelectorAll('#data-panel select, #data-panel input:not([type=file]), .settings select')) {
    if (el.closest('#descent-view')) continue;
    el.addEventListener('change', () => apply(readForm(settings)));
  }
  watchDescent(() => settings, (s) => apply(s, false));
  watchCsv((file) => {
    try {
      const c = csvColumns(file);
      csv = file;
      writeColumns(c.columns, { ...settings, ...c });
      apply({ ...settings, source: 'csv', featureX: c.featureX, featureY: c.featureY, target: c.target });
    } catch (err) {
      status((err as Error).message);
    }
  });
  watchImport((name, text) => send({ type: 'import', name, text }));
  watchNetwork(byId<HTMLCanvasElement>('network'), inspect);
  const regions = byId<HTMLCanvasElement>('regions');
  regions.addEventListener('mousemove', (e) => {
    const p = data && planePoint(regions, data, e.offsetX, e.offsetY);
    if (data && p) probe = probeAt(data, p[0], p[1]);
  });
  window.addEventListener('hashchange', () => apply(fromHash(location.hash)));
}

/** For the browser tests: the network's outputs for rows of CSV text. */
let nextId = 0;
(window as unknown as { neuritePlayground: object }).neuritePlayground = {
  predict: (text: string) => new Promise<number[][]>((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    send({ type: 'predict', id, csv: text });
  }),
};

wire();
apply(settings);
