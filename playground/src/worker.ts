/**
 * The training worker: owns the session, trains in slices of about 40 ms while playing and sends
 * a snapshot after each slice, so the page's thread only draws.
 */
import { tableOf } from './data.js';
import type { CsvFile, FromWorker, ToWorker } from './protocol.js';
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
let csv: CsvFile | null = null;
let playing = false;

function post(m: FromWorker): void {
  ctx.postMessage(m);
}

function sendSnapshot(): void {
  if (session) post({ type: 'snapshot', snapshot: session.snapshot(), playing });
}

function fail(e: unknown): void {
  playing = false;
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  sendSnapshot();
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

function setup(next: Session): void {
  session = next;
  post({ type: 'ready', data: next.dataView(), snapshot: next.snapshot() });
}

function handle(m: ToWorker): void {
  switch (m.type) {
    case 'setup':
      playing = false;
      settings = m.settings;
      csv = m.csv;
      session = null;
      return setup(new Session(m.settings, tableOf(m.settings, m.csv)));
    case 'import':
      if (!settings) throw new Error('the page is not set up yet');
      playing = false;
      return setup(Session.fromModel(settings, tableOf(settings, csv), m.name, m.text));
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
    case 'export':
      if (session) post({ type: 'model', text: session.modelText() });
      return;
    case 'predict':
      if (session) post({ type: 'predicted', id: m.id, outputs: session.predict(m.csv) });
  }
}

ctx.onmessage = (e) => {
  try {
    handle(e.data);
  } catch (err) {
    fail(err);
  }
};
