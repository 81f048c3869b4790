/** Draws a snapshot: regions, network, chart, and the numbers the page (and its tests) read. */
import type { EpochLog } from '../../../src/index.js';
import type { DataView, Snapshot } from '../protocol.js';
import type { ColorBy } from '../settings.js';
import { drawChart } from './chart.js';
import { byId } from './dom.js';
import { inUnits, lossText, num } from './format.js';
import type { LossSeries } from './loss-series.js';
import { drawNetwork, type NeuronAt } from './network-view.js';
import { drawRegions } from './regions.js';
import { currentTrace, stepPicture } from './step-through.js';

const fixed = (v: number | undefined, digits: number): string => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** Writes the latest epoch's numbers into the metrics list and its data attributes. */
export function writeMetrics(data: DataView, snap: Snapshot, epochs: readonly EpochLog[]): void {
  const log: EpochLog | undefined = epochs[epochs.length - 1];
  const m = byId('metrics');
  const scale = data.targetScale?.scale;
  // the library's MAE is on the scaled target: times the scale, it is in the target's units
  const mae = (v: number | undefined) => (v === undefined || scale === undefined ? '–' : inUnits(v * scale));
  byId('m-epoch').textContent = snap.batch > 0 ? `${snap.epoch + 1} (${snap.batch}/${snap.batches})` : String(snap.epoch);
  byId('m-steps').textContent = snap.steps.toLocaleString('en');
  byId('m-loss').textContent = lossText(log?.loss);
  byId('m-val-loss').textContent = lossText(log?.valLoss);
  byId('m-metric').textContent = data.classes ? fixed(log?.accuracy, 3) : mae(log?.mae);
  byId('m-val-metric').textContent = data.classes ? fixed(log?.valAccuracy, 3) : mae(log?.valMae);
  Object.assign(m.dataset, {
    epoch: String(epochs.length), steps: String(snap.steps), loss: String(log?.loss ?? ''), valLoss: String(log?.valLoss ?? ''),
    accuracy: String(log?.accuracy ?? ''), valAccuracy: String(log?.valAccuracy ?? ''),
  });
}

/**
 * The metrics' names (accuracy for classes, mean absolute error in the target's units for a
 * regression), written as soon as the data arrives, with the legend, rather than at the next frame.
 */
export function writeMetricNames(data: DataView): void {
  const classes = data.task === 'classification';
  byId('m-metric-name').textContent = classes ? 'Train acc.' : 'Train MAE';
  byId('m-val-metric-name').textContent = classes ? 'Val acc.' : 'Val MAE';
}

/** ME, MSE and MAE of a regression, in the target's units, and why ME is not enough. */
function writeCosts(data: DataView, snap: Snapshot): void {
  const box = byId('costs');
  box.hidden = !snap.costs;
  if (!snap.costs) return;
  const c = snap.costs;
  byId('cost-me').textContent = inUnits(c.me);
  byId('cost-mse').textContent = num(c.mse, 3);
  byId('cost-mae').textContent = inUnits(c.mae);
  byId('costs-caption').textContent = `Costs of the predictions on ${c.rows.toLocaleString('en')} training rows, in ${data.target}'s units (MSE in units²).`;
}

/** What to draw the network with. */
export interface DrawOptions {
  readonly selected: NeuronAt | null;
  readonly colorBy: ColorBy;
  readonly logScale: boolean;
  readonly series: LossSeries;
  readonly epochs: readonly EpochLog[];
  readonly epochEnds: readonly number[];
}

/** Draws everything; returns where the neurons are, for hit-testing. */
export function drawAll(data: DataView, snap: Snapshot, o: DrawOptions): NeuronAt[][] {
  drawRegions(byId<HTMLCanvasElement>('regions'), data, snap, currentTrace()?.point ?? null);
  drawChart(byId<HTMLCanvasElement>('chart'), o.series, o.epochs, o.epochEnds, o.logScale);
  writeMetrics(data, snap, o.epochs);
  writeCosts(data, snap);
  const pic = stepPicture(snap);
  const net = byId<HTMLCanvasElement>('network');
  return pic ? drawNetwork(net, data, pic.snap, o.selected, pic.by, pic.hi) : drawNetwork(net, data, snap, o.selected, o.colorBy, null);
}

/** Clears what was drawn of a data set that could not be set up. */
export function clearAll(): void {
  for (const id of ['regions', 'network', 'chart']) {
    const c = byId<HTMLCanvasElement>(id);
    c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }
  byId('classes-legend').replaceChildren();
  byId('costs').hidden = true;
  for (const id of ['m-loss', 'm-val-loss', 'm-metric', 'm-val-metric']) byId(id).textContent = '–';
  byId('m-epoch').textContent = '0';
  byId('m-steps').textContent = '0';
  Object.assign(byId('metrics').dataset, { epoch: '0', steps: '0', loss: '', valLoss: '', accuracy: '', valAccuracy: '' });
}
