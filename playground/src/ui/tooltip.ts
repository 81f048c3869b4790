/**
 * Hover and keyboard inspection of the network: the pointer, or the arrow keys on the focused
 * network canvas, pick a neuron, bias or connection and the tooltip shows its numbers; a click on
 * a connection or bias opens the editor for its value.
 */
import type { DataView, Snapshot } from '../protocol.js';
import { byId } from './dom.js';
import { describe, neuronName } from './formula.js';
import { hitTest, type Hit, type NeuronAt } from './network-view.js';
import { editParam } from './param-editor.js';

/** What the tooltip needs from the page. */
export interface InspectState {
  data(): DataView | null;
  snapshot(): Snapshot | null;
  layout(): NeuronAt[][];
  /** The probe point's network inputs and a description of it. */
  probe(): { input: number[]; where: string };
  /** Called when the keyboard selection changes, to redraw the ring. */
  select(n: NeuronAt | null): void;
  /** Sets a weight (index into `[inputs × units]`) or a bias of a dense layer. */
  setParam(layer: number, bias: boolean, index: number, value: number): void;
  /** The step-through's own text for a hit, when it is open. */
  explain?(hit: Hit): string | null;
}

let current: Hit | null = null;
let anchor: [number, number] = [0, 0];

/** Shows `text` in the tooltip near a page position (hidden for null). */
export function showTip(text: string | null, x: number, y: number): void {
  const tip = byId('tooltip');
  if (text === null) {
    tip.hidden = true;
    return;
  }
  tip.textContent = text;
  tip.hidden = false;
  tip.style.left = `${Math.max(4, Math.min(x + 14, window.innerWidth - tip.offsetWidth - 8))}px`;
  tip.style.top = `${Math.max(4, Math.min(y + 14, window.innerHeight - tip.offsetHeight - 8))}px`;
  byId('tooltip-live').textContent = text;
}

function show(state: InspectState): void {
  const data = state.data();
  const snap = state.snapshot();
  if (!current || !data || !snap) return showTip(null, 0, 0);
  const { input, where } = state.probe();
  showTip(state.explain?.(current) ?? describe(current, data, snap, input, where), anchor[0], anchor[1]);
}

/** Refreshes an open tooltip with a new snapshot. */
export function refreshTooltip(state: InspectState): void {
  if (current) show(state);
}

function pointerHit(canvas: HTMLCanvasElement, state: InspectState, e: MouseEvent): Hit | null {
  const r = canvas.getBoundingClientRect();
  const sx = canvas.width / r.width;
  return hitTest(state.layout(), (e.clientX - r.left) * sx, (e.clientY - r.top) * sx);
}

function edit(state: InspectState, hit: Hit, x: number, y: number): void {
  const data = state.data();
  const snap = state.snapshot();
  if (!data || !snap || hit.kind === 'neuron') return;
  const l = snap.layers[hit.layer];
  if (hit.kind === 'weight') {
    const i = hit.from * l.units + hit.to;
    const label = `weight ${neuronName(data, snap, hit.layer, hit.from)} → ${neuronName(data, snap, hit.layer + 1, hit.to)}`;
    editParam(label, l.weights[i], x, y, (v) => state.setParam(hit.layer, false, i, v));
  } else {
    editParam(`bias of ${neuronName(data, snap, hit.layer + 1, hit.unit)}`, l.bias[hit.unit], x, y, (v) => state.setParam(hit.layer, true, hit.unit, v));
  }
}

function keyboard(canvas: HTMLCanvasElement, state: InspectState, e: KeyboardEvent): void {
  const at = state.layout();
  if (at.length === 0) return;
  const was = current?.kind === 'neuron' ? current.neuron : null;
  let l = was?.layer ?? 0;
  let u = was?.unit ?? -1;
  if (e.key === 'ArrowRight') l = Math.min(at.length - 1, l + 1);
  else if (e.key === 'ArrowLeft') l = Math.max(0, l - 1);
  else if (e.key === 'ArrowDown') u += 1;
  else if (e.key === 'ArrowUp') u -= 1;
  else if (e.key === 'Enter' && was && was.layer > 0) {
    // from the keyboard, a neuron's bias is what Enter edits
    e.preventDefault();
    return edit(state, { kind: 'bias', layer: was.layer - 1, unit: was.unit }, anchor[0], anchor[1]);
  } else if (e.key === 'Escape') {
    current = null;
    state.select(null);
    return show(state);
  } else return;
  e.preventDefault();
  u = Math.max(0, Math.min(at[l].length - 1, u));
  const n = at[l][u];
  current = { kind: 'neuron', neuron: n };
  const r = canvas.getBoundingClientRect();
  anchor = [r.left + (n.x / canvas.width) * r.width, r.top + (n.y / canvas.height) * r.height];
  state.select(n);
  show(state);
}

/** Wires the network canvas. */
export function watchNetwork(canvas: HTMLCanvasElement, state: InspectState): void {
  canvas.addEventListener('mousemove', (e) => {
    current = pointerHit(canvas, state, e);
    anchor = [e.clientX, e.clientY];
    canvas.style.cursor = current && current.kind !== 'neuron' ? 'pointer' : '';
    show(state);
  });
  canvas.addEventListener('click', (e) => {
    const hit = pointerHit(canvas, state, e);
    if (hit) edit(state, hit, e.clientX, e.clientY);
  });
  canvas.addEventListener('mouseleave', () => {
    current = null;
    show(state);
  });
  canvas.addEventListener('blur', () => {
    current = null;
    state.select(null);
    show(state);
  });
  canvas.addEventListener('keydown', (e) => keyboard(canvas, state, e));
}
