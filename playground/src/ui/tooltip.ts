/**
 * Hover and keyboard inspection of the network: the pointer, or the arrow keys on the focused
 * network canvas, pick a neuron or connection and the tooltip shows its formula with current values.
 */
import type { DataView, Snapshot } from '../protocol.js';
import { byId } from './dom.js';
import { describe } from './formula.js';
import { hitTest, type Hit, type NeuronAt } from './network-view.js';

/** What the tooltip needs from the page. */
export interface InspectState {
  data(): DataView | null;
  snapshot(): Snapshot | null;
  layout(): NeuronAt[][];
  /** The probe point's network inputs and a description of it. */
  probe(): { input: number[]; where: string };
  /** Called when the keyboard selection changes, to redraw the ring. */
  select(n: NeuronAt | null): void;
}

let current: Hit | null = null;
let anchor: [number, number] = [0, 0];

function show(state: InspectState): void {
  const tip = byId('tooltip');
  const data = state.data();
  const snap = state.snapshot();
  if (!current || !data || !snap) {
    tip.hidden = true;
    return;
  }
  const { input, where } = state.probe();
  tip.textContent = describe(current, data, snap, input, where);
  tip.hidden = false;
  tip.style.left = `${Math.min(anchor[0] + 14, window.innerWidth - tip.offsetWidth - 8)}px`;
  tip.style.top = `${Math.min(anchor[1] + 14, window.innerHeight - tip.offsetHeight - 8)}px`;
  byId('tooltip-live').textContent = tip.textContent;
}

/** Refreshes an open tooltip with a new snapshot. */
export function refreshTooltip(state: InspectState): void {
  if (current) show(state);
}

/** Wires the network canvas. */
export function watchNetwork(canvas: HTMLCanvasElement, state: InspectState): void {
  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const sx = canvas.width / r.width;
    current = hitTest(state.layout(), (e.clientX - r.left) * sx, (e.clientY - r.top) * sx);
    anchor = [e.clientX, e.clientY];
    show(state);
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
  canvas.addEventListener('keydown', (e) => {
    const at = state.layout();
    if (at.length === 0) return;
    const was = current?.kind === 'neuron' ? current.neuron : null;
    let l = was?.layer ?? 0;
    let u = was?.unit ?? -1;
    if (e.key === 'ArrowRight') l = Math.min(at.length - 1, l + 1);
    else if (e.key === 'ArrowLeft') l = Math.max(0, l - 1);
    else if (e.key === 'ArrowDown') u += 1;
    else if (e.key === 'ArrowUp') u -= 1;
    else if (e.key === 'Escape') {
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
  });
}
