/**
 * The training worker: owns the data and the session, reads CSV files, trains in slices of about
 * 40 ms while playing and sends a snapshot after each slice, so the page's thread only draws.
 */
import { describeBackend, DivergenceError, initBackend, type ColumnTable } from '../../src/index.js';
import { defaultColumns, readCsv } from './csv-file.js';
import { chosenColumns, generatedTable, withFeatures } from './data.js';
import { forPage } from './messages.js';
import type { CsvSource, FromWorker, ToWorker } from './protocol.js';
import { Session } from './session.js';
import type { Settings } from './settings.js';

/** The slice of training between two snapshots. */
const SLICE_MS = 40;
/** A pause after each slice leaves a core to the page's drawing on small machines. */
const REST_MS = 15;

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const ctx = self as unknown as WorkerScope;

let session: Session | null = null;
let settings: Settings | null = null;
let csv: ColumnTable | null = null;
let playing = false;

function post(m: FromWorker): void {
  ctx.postMessage(m);
}

function sendSnapshot(): void {
  if (session) post({ type: 'snapshot', snapshot: session.snapshot(), playing });
}

function fail(e: unknown, fatal = false): void {
  playing = false;
  // the snapshot first, so that the message is the last word
  if (!fatal) sendSnapshot();
  if (e instanceof DivergenceError && session) {
    post({
      type: 'error', fatal: false, diverged: true,
      message: `The loss exploded (became infinite) at step ${session.steps + 1}: the learning rate ${settings?.lr} is too large here, ` +
        'so each step overshoots further. Lower the learning rate, then press "New weights".',
    });
  } else post({ type: 'error', message: forPage(e), fatal });
}

function slice(): void {
  if (!playing || !session) return;
  const start = performance.now();
  try {
    while (performance.now() - start < SLICE_MS) session.stepBatch();
  } catch (e) {
    fail(e);
    return;
  }
  sendSnapshot();
  setTimeout(slice, REST_MS);
}

/** The table the settings describe: a generated set, or the loaded CSV file cut to the chosen columns; with the derived inputs. */
function tableOf(s: Settings): ColumnTable {
  if (s.source !== 'csv') return withFeatures(generatedTable(s), s.features);
  if (!csv) throw new Error('choose a CSV file first (the "CSV file" button, or drop one on the Data panel)');
  return withFeatures(chosenColumns(csv, s), s.features);
}

function start(next: () => Session): void {
  playing = false;
  session = null;
  try {
    session = next();
  } catch (e) {
    fail(e, true);
    return;
  }
  post({ type: 'ready', data: session.dataView(), snapshot: session.snapshot() });
}

async function loadCsv(source: CsvSource): Promise<void> {
  playing = false;
  session = null;
  csv = null;
  try {
    csv = await readCsv(source, (text) => post({ type: 'progress', text }));
  } catch (e) {
    fail(e, true);
    return;
  }
  const c = defaultColumns(csv);
  post({ type: 'columns', name: source.name, rows: csv.rowCount, ...c });
}

function handle(m: ToWorker): void | Promise<void> {
  switch (m.type) {
    case 'setup':
      settings = m.settings;
      if (m.settings.source === 'csv' && csv && csv.rowCount > 20_000) post({ type: 'progress', text: `Preparing ${csv.rowCount.toLocaleString('en')} rows…` });
      return start(() => new Session(m.settings, tableOf(m.settings)));
    case 'retune':
      settings = m.settings;
      session?.retune(m.settings);
      return sendSnapshot();
    case 'csv':
      return loadCsv(m.source);
    case 'import':
      if (!settings) throw new Error('the page is not set up yet');
      return start(() => Session.fromModel(settings as Settings, tableOf(settings as Settings), m.name, m.text));
    case 'play':
      if (playing || !session) return;
      playing = true;
      return slice();
    case 'pause':
      playing = false;
      return sendSnapshot();
    case 'step':
      playing = false;
      session?.step(m.unit);
      return sendSnapshot();
    case 'explain':
      if (session) post({ type: 'trace', trace: session.explain(m.row) });
      return;
    case 'apply-trace':
      session?.applyTrace();
      return sendSnapshot();
    case 'set-param':
      session?.setParam(m.layer, m.bias, m.index, m.value);
      return sendSnapshot();
    case 'export':
      if (session) post({ type: 'model', text: session.modelText() });
      return;
    case 'predict':
      if (session) post({ type: 'predicted', id: m.id, outputs: session.predict(m.csv) });
  }
}

// The fastest kernels this browser runs; messages wait until they are loaded.
const ready = initBackend().catch(() => initBackend('js')).then(() => {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  post({ type: 'backend', text: `${describeBackend()}${isolated ? '' : ' (one thread: the page is not cross-origin isolated)'}` });
});

let queue: Promise<void> = ready;
ctx.onmessage = (e) => {
  queue = queue.then(async () => {
    try {
      await handle(e.data);
    } catch (err) {
      fail(err);
    }
  });
};
