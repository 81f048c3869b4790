/** Draws a snapshot: regions, network, chart, and the metrics the page (and its tests) read. */
import type { EpochLog } from '../../../src/index.js';
import type { DataView, Snapshot } from '../protocol.js';
import { drawChart } from './chart.js';
import { classColor, css } from './colors.js';
import { byId } from './dom.js';
import { drawNetwork, type NeuronAt } from './network-view.js';
import { drawRegions } from './regions.js';

const fmt = (v: number | undefined, digits = 4): string => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** Writes the latest epoch's numbers into the metrics list and its data attributes. */
export function writeMetrics(data: DataView, snap: Snapshot): void {
  const log: EpochLog | undefined = snap.history[snap.history.length - 1];
  const m = byId('metrics');
  const classes = data.task === 'classification';
  byId('m-epoch').textContent = snap.batch > 0 ? `${snap.epoch} (${snap.batch}/${snap.batches})` : String(snap.epoch);
  byId('m-loss').textContent = fmt(log?.loss);
  byId('m-val-loss').textContent = fmt(log?.valLoss);
  byId('m-metric').textContent = classes ? fmt(log?.accuracy, 3) : fmt(log?.mae);
  byId('m-val-metric').textContent = classes ? fmt(log?.valAccuracy, 3) : fmt(log?.valMae);
  Object.assign(m.dataset, {
    epoch: String(snap.history.length), steps: String(snap.steps), loss: String(log?.loss ?? ''), valLoss: String(log?.valLoss ?? ''),
    accuracy: String(log?.accuracy ?? ''), valAccuracy: String(log?.valAccuracy ?? ''),
  });
}

/**
 * The metrics' names (accuracy for classes, mean absolute error for a regression), written as soon
 * as the data arrives, with the legend, rather than at the next frame.
 */
export function writeMetricNames(data: DataView): void {
  const classes = data.task === 'classification';
  byId('m-metric-name').textContent = classes ? 'Train acc.' : 'Train MAE';
  byId('m-val-metric-name').textContent = classes ? 'Val acc.' : 'Val MAE';
}

/** The class legend under the regions. */
export function writeLegend(data: DataView): void {
  const box = byId('classes-legend');
  box.replaceChildren();
  if (!data.classes) {
    box.textContent = `colour: ${data.target} (orange low, blue high)${data.plane ? `; axes: ${data.plane.names.join(' across, ')} up` : ''}`;
    return;
  }
  data.classes.forEach((c, k) => {
    const s = document.createElement('span');
    s.className = 'swatch';
    s.style.background = css(classColor(k));
    box.append(s, ` ${data.target} = ${c} `);
  });
  if (data.plane) box.append(`; axes: ${data.plane.names[0]} across, ${data.plane.names[1]} up`);
}

/** Draws everything; returns where the neurons are, for hit-testing. */
export function drawAll(data: DataView, snap: Snapshot, selected: NeuronAt | null): NeuronAt[][] {
  drawRegions(byId<HTMLCanvasElement>('regions'), data, snap);
  drawChart(byId<HTMLCanvasElement>('chart'), snap.history);
  writeMetrics(data, snap);
  return drawNetwork(byId<HTMLCanvasElement>('network'), data, snap, selected);
}
