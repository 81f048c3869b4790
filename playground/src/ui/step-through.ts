/**
 * The step-through panel: one example's forward pass, loss, backward pass and update, one stage
 * at a time (Next / Previous, the arrow keys on the panel, or N / P anywhere), with the network
 * drawn to match: the layer being computed, its numbers, the gradients as they flow back, and the
 * changes of the update.
 */
import type { DataView, LayerView, Snapshot, Trace } from '../protocol.js';
import type { ColorBy } from '../settings.js';
import { byId } from './dom.js';
import { factor, num } from './format.js';
import { neuronName } from './formula.js';
import type { Highlight, Hit } from './network-view.js';
import { stagesOf, stageText, type Stage } from './step-text.js';

/** What the network canvas draws during the step-through. */
export interface StepPicture {
  readonly snap: Snapshot;
  readonly by: ColorBy;
  readonly hi: Highlight;
}

let trace: Trace | null = null;
let stages: Stage[] = [];
let at = 0;
let lossBefore: { row: number; value: number } | null = null;
/** What the panel was last written for, to rewrite it at once when the stage changes. */
let shownFor: { data: DataView; snap: Snapshot } | null = null;

/** The trace being shown, or null when the panel is closed. */
export const currentTrace = (): Trace | null => trace;

/** Shows a new trace; the same example again (after its update was applied) keeps the stage and reports the loss change. */
export function showTrace(t: Trace, redraw: () => void): void {
  const again = trace !== null && trace.row === t.row;
  const note = lossBefore && lossBefore.row === t.row && !t.perceptron
    ? `After the update the loss on this example went from ${num(lossBefore.value, 4)} to ${num(t.lossValue, 4)}.` : '';
  lossBefore = null;
  trace = t;
  stages = stagesOf(t);
  if (!again) at = 0;
  at = Math.min(at, stages.length - 1);
  const panel = byId('step');
  const opening = panel.hidden;
  // written before the panel shows, so it never appears with an empty title until the next frame
  if (shownFor) writeStage(shownFor.data, shownFor.snap);
  panel.hidden = false;
  byId('step-note').textContent = note;
  if (opening) panel.scrollIntoView({ block: 'nearest' });
  redraw();
}

export function closeTrace(redraw: () => void): void {
  trace = null;
  byId('step').hidden = true;
  redraw();
}

/** Writes the current stage into the panel. */
export function writeStage(data: DataView, snap: Snapshot): void {
  shownFor = { data, snap };
  if (!trace) return;
  const s = stages[at];
  const { title, lines } = stageText(s, trace, data, snap);
  byId('step-title').textContent = title;
  byId('step-text').textContent = lines.join('\n');
  byId('step-count').textContent = `${at + 1} / ${stages.length}`;
  byId('step').dataset.stage = s.kind;
  byId<HTMLButtonElement>('step-prev').disabled = at === 0;
  byId<HTMLButtonElement>('step-next').disabled = at === stages.length - 1;
  byId('step-apply').hidden = s.kind !== 'update';
}

const f32 = (v: readonly number[]): Float32Array => Float32Array.from(v);

/** The network as the current stage shows it: the trace's weights, its gradients and its update. */
export function stepPicture(snap: Snapshot): StepPicture | null {
  if (!trace) return null;
  const t = trace;
  const s = stages[at];
  const layers: LayerView[] = snap.layers.map((lv, i) => {
    const L = t.layers[i];
    return {
      ...lv, weights: f32(L.w), bias: f32(L.b), gradWeights: L.gw ? f32(L.gw) : null, gradBias: L.gb ? f32(L.gb) : null,
      changeWeights: Float32Array.from(L.wAfter, (v, j) => v - L.w[j]), changeBias: Float32Array.from(L.bAfter, (v, j) => v - L.b[j]),
    };
  });
  const pic = { ...snap, layers };
  const last = t.layers.length;
  switch (s.kind) {
    case 'example': return { snap: pic, by: 'weight', hi: { neurons: 0, labels: { layer: 0, text: t.x.map((v) => num(v)) } } };
    case 'forward': return { snap: pic, by: 'weight', hi: { neurons: s.layer + 1, connections: s.layer, labels: { layer: s.layer + 1, text: t.layers[s.layer].a.map((v) => `a=${num(v)}`) } } };
    case 'loss': return { snap: pic, by: 'weight', hi: { neurons: last, labels: { layer: last, text: t.layers[last - 1].a.map((v, j) => `${num(v)} vs ${num(t.t[j])}`) } } };
    case 'backward': return { snap: pic, by: 'gradient', hi: { neurons: s.layer + 1, connections: s.layer, labels: { layer: s.layer + 1, text: (t.layers[s.layer].delta ?? []).map((v) => `δ=${num(v)}`) } } };
    case 'update': return { snap: pic, by: 'change', hi: {} };
  }
}

/** The tooltip's text for a connection or bias during the step-through: this example's numbers. */
export function explainHit(hit: Hit, data: DataView, snap: Snapshot): string | null {
  if (!trace || hit.kind === 'neuron') return null;
  const L = trace.layers[hit.layer];
  const inputs = hit.layer === 0 ? trace.x : trace.layers[hit.layer - 1].a;
  if (hit.kind === 'bias') {
    return [`bias of ${neuronName(data, snap, hit.layer + 1, hit.unit)}, for this example`, `b = ${num(L.b[hit.unit], 4)}`,
      L.gb ? `∂L/∂b = δ = ${num(L.gb[hit.unit], 4)}` : '', `after the update: ${num(L.bAfter[hit.unit], 5)}`].filter(Boolean).join('\n');
  }
  const i = hit.from * L.units + hit.to;
  return [
    `weight ${neuronName(data, snap, hit.layer, hit.from)} → ${neuronName(data, snap, hit.layer + 1, hit.to)}, for this example`,
    `w = ${num(L.w[i], 4)}`,
    L.gw && L.delta ? `∂L/∂w = x·δ = ${factor(inputs[hit.from], 4)}·${factor(L.delta[hit.to], 4)} = ${num(L.gw[i], 4)}` : '',
    `after the update: ${num(L.wAfter[i], 5)}`,
  ].filter(Boolean).join('\n');
}

function move(by: number, redraw: () => void): void {
  if (!trace) return;
  at = Math.max(0, Math.min(stages.length - 1, by === Infinity ? stages.length - 1 : by === -Infinity ? 0 : at + by));
  if (shownFor) writeStage(shownFor.data, shownFor.snap);
  redraw();
}

/** Wires the panel: its buttons, its keys, and N / P on the page. `apply` applies the update to the network. */
export function watchStep(redraw: () => void, apply: () => void): void {
  byId('step-next').addEventListener('click', () => move(1, redraw));
  byId('step-prev').addEventListener('click', () => move(-1, redraw));
  byId('step-close').addEventListener('click', () => closeTrace(redraw));
  byId('step-apply').addEventListener('click', () => {
    if (trace) lossBefore = { row: trace.row, value: trace.lossValue };
    apply();
  });
  byId('step').addEventListener('keydown', (e) => {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
    if (!(e.key in keys)) return;
    e.preventDefault();
    move(keys[e.key], redraw);
  });
  document.addEventListener('keydown', (e) => {
    const el = e.target as HTMLElement;
    if (!trace || e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return;
    if (e.key === 'n' || e.key === 'N') move(1, redraw);
    else if (e.key === 'p' || e.key === 'P') move(-1, redraw);
  });
}
