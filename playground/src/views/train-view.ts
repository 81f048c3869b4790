/**
 * The training view: data, network and output, the worker that trains, the step-through of one
 * example, and hovering and editing what is drawn.
 */
import type { FromWorker } from '../protocol.js';
import { changeOf, type Settings } from '../settings.js';
import { readForm, writeColumns, writeForm, writeLayers } from '../ui/controls.js';
import { byId } from '../ui/dom.js';
import { download, watchCsv, watchImport } from '../ui/files.js';
import { readout, writeLegend } from '../ui/legend.js';
import { watchParamEditor } from '../ui/param-editor.js';
import { nearestPoint, planePoint } from '../ui/regions.js';
import { clearAll, writeMetricNames } from '../ui/render.js';
import { closeTrace, currentTrace, explainHit, showTrace, watchStep } from '../ui/step-through.js';
import { showTip, watchNetwork, type InspectState } from '../ui/tooltip.js';
import { encodePoint } from '../features.js';
import { inUnits } from '../ui/format.js';
import { redraw, send, setPlaying, setWorker, state, status, takeSnapshot } from './train-state.js';
import type { View } from './view.js';

const waiting = new Map<number, (outputs: number[][]) => void>();
/** What the page says about the loaded CSV file once it is set up ("big.csv: 100,000 rows."). */
let fileNote = '';
let change: (s: Settings) => void = () => undefined;

function setup(s: Settings): void {
  setPlaying(false);
  state.sent = s;
  if (s.source === 'csv' && !byId('columns').dataset.loaded) {
    status('Choose or drop a CSV file (a link keeps the column choice, not the file itself).', 'info');
    return;
  }
  status('', 'info');
  send({ type: 'setup', settings: s });
}

function show(s: Settings): void {
  const before = state.sent;
  state.settings = s;
  writeForm(s);
  writeLayers(s.hidden, (hidden) => change({ ...(state.settings as Settings), hidden }));
  const kind = before === null ? 'rebuild' : changeOf(before, s);
  if (kind === 'rebuild') setup(s);
  else if (kind === 'retune') {
    state.sent = s;
    send({ type: 'retune', settings: s });
  }
  redraw();
}

function probeAt(x: number, y: number): void {
  const p = state.data?.plane;
  if (!p) return;
  state.probe = { input: encodePoint(p.inputs, x, y) as number[], where: `${p.names[0]} = ${x.toPrecision(3)}, ${p.names[1]} = ${y.toPrecision(3)}` };
}

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case 'ready': {
      state.data = m.data;
      takeSnapshot(m.snapshot, true);
      const d = m.data;
      if (d.plane && d.points) probeAt(d.points[0], d.points[1]);
      else state.probe = { input: d.firstInput, where: 'the first row' };
      writeLegend(d);
      writeMetricNames(d);
      // the progress of reading and preparing is over: say what there is
      status([...(state.settings?.source === 'csv' ? [fileNote] : []), ...d.notes].join(' '), 'info');
      if (currentTrace()) closeTrace(redraw);
      if (d.imported && state.settings) {
        const { hidden, activation, dropout } = d.imported;
        const next = { ...state.settings, hidden, activation: activation as Settings['activation'], dropout };
        state.sent = next;
        change(next);
        status('Model imported: training continues from its weights.', 'info');
      }
      break;
    }
    case 'snapshot':
      takeSnapshot(m.snapshot, false);
      setPlaying(m.playing);
      break;
    case 'columns': {
      byId('columns').dataset.loaded = m.name;
      writeColumns(m.columns, m);
      fileNote = `${m.name}: ${m.rows.toLocaleString('en')} rows.`;
      status(fileNote, 'info');
      state.sent = null;
      change({ ...(state.settings as Settings), source: 'csv', featureX: m.featureX, featureY: m.featureY, target: m.target });
      break;
    }
    case 'progress': return status(m.text, 'info');
    case 'trace': return showTrace(m.trace, redraw);
    case 'backend': return void (byId('backend').textContent = m.text);
    case 'model': return download('neurite-model.json', m.text);
    case 'predicted': return waiting.get(m.id)?.(m.outputs);
    case 'error':
      status(m.message);
      setPlaying(false);
      if (m.fatal) {
        state.data = null;
        state.snap = null;
        clearAll();
        closeTrace(redraw);
      }
  }
  redraw();
}

const inspect: InspectState = {
  data: () => state.data,
  snapshot: () => state.snap,
  layout: () => state.layout,
  probe: () => state.probe,
  select: (n) => {
    state.selected = n;
    redraw();
  },
  setParam: (layer, bias, index, value) => send({ type: 'set-param', layer, bias, index, value }),
  explain: (hit) => (state.data && state.snap ? explainHit(hit, state.data, state.snap) : null),
};

function watchRegions(): void {
  const regions = byId<HTMLCanvasElement>('regions');
  const at = (e: MouseEvent): [number, number] => {
    const r = regions.getBoundingClientRect();
    return [((e.clientX - r.left) * regions.width) / r.width, ((e.clientY - r.top) * regions.height) / r.height];
  };
  regions.addEventListener('mousemove', (e) => {
    const { data, snap } = state;
    const p = data && planePoint(regions, data, ...at(e));
    if (!data || !snap || !p) return showTip(null, 0, 0);
    probeAt(p[0], p[1]);
    const k = nearestPoint(regions, data, ...at(e));
    const point = k === null ? '' : `\n\nrow ${data.drawn[k] + 1} (${data.isValidation[k] ? 'validation' : 'training'}): ${data.classes ? `${data.target} = ${data.classes[data.values[k]]}` : `${data.target} = ${inUnits(data.values[k])}`}\nclick to follow it through the network`;
    showTip(readout(data, snap, p[0], p[1]) + point, e.clientX, e.clientY);
  });
  regions.addEventListener('mouseleave', () => showTip(null, 0, 0));
  regions.addEventListener('click', (e) => {
    const k = state.data && nearestPoint(regions, state.data, ...at(e));
    if (state.data && k !== null && k !== undefined) send({ type: 'explain', row: state.data.drawn[k] });
  });
}


function watch(get: () => Settings, next: (s: Settings) => void): void {
  change = next;
  const worker = new Worker('worker.js', { type: 'module' });
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  setWorker(worker, inspect);
  byId('play').addEventListener('click', () => {
    if (!state.data && !state.playing) return status('Nothing to train: choose a dataset, or a CSV file that reads.');
    send({ type: state.playing ? 'pause' : 'play' });
    setPlaying(!state.playing);
  });
  byId('step-batch').addEventListener('click', () => send({ type: 'step', unit: 'batch' }));
  byId('step-epoch').addEventListener('click', () => send({ type: 'step', unit: 'epoch' }));
  byId('restart').addEventListener('click', () => setup(get()));
  byId('new-weights').addEventListener('click', () => change({ ...get(), weightSeed: get().weightSeed + 1 }));
  byId('new-data').addEventListener('click', () => change({ ...get(), seed: get().seed + 1 }));
  byId('export').addEventListener('click', () => send({ type: 'export' }));
  byId('explain-first').addEventListener('click', () => send({ type: 'explain', row: state.data?.firstTraining ?? 0 }));
  for (const el of document.querySelectorAll('#train-view select, #train-view input:not([type=file]):not(#param-value)')) {
    el.addEventListener('change', () => change(readForm(get())));
  }
  watchCsv((source) => {
    setPlaying(false);
    send({ type: 'csv', source });
  });
  watchImport((name, text) => send({ type: 'import', name, text }));
  watchNetwork(byId<HTMLCanvasElement>('network'), inspect);
  watchParamEditor();
  watchStep(redraw, () => {
    const t = currentTrace();
    send({ type: 'apply-trace' });
    if (t) send({ type: 'explain', row: t.row });
  });
  watchRegions();
}

/** For the browser tests: the network's outputs for rows of CSV text, and the step-through's numbers. */
let nextId = 0;
(globalThis as unknown as { neuritePlayground: object }).neuritePlayground = {
  predict: (text: string) => new Promise<number[][]>((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    send({ type: 'predict', id, csv: text });
  }),
  trace: () => currentTrace(),
  weights: () => state.snap?.layers.map((l) => ({ weights: Array.from(l.weights), bias: Array.from(l.bias) })) ?? null,
  layout: () => state.layout,
  drawn: () => (state.data ? state.data.drawn.length : 0),
};

export const trainView: View = {
  id: 'train',
  watch,
  show,
  hide: () => {
    if (state.playing) send({ type: 'pause' });
  },
};
