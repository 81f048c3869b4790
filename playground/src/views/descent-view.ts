/**
 * The gradient-descent view: a function, a learning rate and a number of steps; the path drawn,
 * each step's arithmetic (7.3 = 9 − 0.1 × 17), the table of steps and a verdict on the rate.
 */
import { minimize, type DescentResult } from '../../../src/index.js';
import { functionOf, PRESETS, RATES, rateIndex, type DescentFunction } from '../descent/functions.js';
import { drawDescent } from '../descent/plot.js';
import { verdict } from '../descent/verdict.js';
import type { Settings } from '../settings.js';
import { byId, setSelect } from '../ui/dom.js';
import { factor } from '../ui/format.js';
import type { View } from './view.js';

/** Steps shown (the "next step" cursor); null shows them all. */
let shown: number | null = null;
let last: { fn: DescentFunction; r: DescentResult; s: Settings } | null = null;

/** Numbers in the table and the arithmetic: exact to 8 digits, as the library rounds them. */
const exact = (v: number): string => String(Math.abs(v) > 1e9 ? v.toExponential(3) : Number(v.toPrecision(8))).replace('-', '−');

function fillTable(r: DescentResult, upTo: number): void {
  const table = byId<HTMLTableElement>('descent-table');
  const names = Object.keys(r.path[0].point);
  const head = ['step', ...names, 'f', ...names.map((n) => `∂f/∂${n}`)];
  table.tHead!.innerHTML = `<tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr>`;
  table.tBodies[0].innerHTML = r.path.slice(0, upTo + 1)
    .map((s, i) => `<tr><td>${i}</td>${names.map((n) => `<td>${exact(s.point[n])}</td>`).join('')}<td>${exact(s.value)}</td>${names.map((n) => `<td>${exact(s.gradient[n])}</td>`).join('')}</tr>`)
    .join('');
}

/** The arithmetic of step k: each variable's new value = old − rate × slope. */
export function arithmetic(r: DescentResult, k: number, lr: number): string {
  if (k === 0) return `Start: ${Object.entries(r.path[0].point).map(([n, v]) => `${n} = ${exact(v)}`).join(', ')}, f = ${exact(r.path[0].value)}.`;
  const [a, b] = [r.path[k - 1], r.path[k]];
  return `Step ${k}: ` + Object.keys(a.point).map((n) =>
    `${n} ← ${n} − η·∂f/∂${n}: ${exact(b.point[n])} = ${exact(a.point[n])} − ${exact(lr)} × ${factor(Number(a.gradient[n].toPrecision(8)), 8)}`).join(';  ') +
    (Number.isFinite(b.value) ? `, and f = ${exact(b.value)}` : '');
}

function draw(): void {
  if (!last) return;
  const { fn, r, s } = last;
  const steps = r.path.length - 1;
  const k = Math.min(shown ?? steps, steps);
  drawDescent(byId<HTMLCanvasElement>('descent'), fn, r, k);
  fillTable(r, k);
  byId('descent-arithmetic').textContent = arithmetic(r, k, s.descentLr);
  byId('descent-verdict').textContent = verdict(fn, { path: r.path.slice(0, k + 1), diverged: r.diverged && k === steps }, s.descentLr);
  byId('descent-shown').textContent = `${k} of ${steps} steps shown`;
  byId<HTMLButtonElement>('descent-next').disabled = k >= steps;
}

function show(s: Settings): void {
  setSelect(byId<HTMLSelectElement>('preset'), s.preset);
  byId('custom-function').hidden = s.preset !== 'custom';
  byId<HTMLInputElement>('descent-fn').value = s.fn;
  byId<HTMLInputElement>('descent-from').value = s.from;
  byId<HTMLInputElement>('descent-lr').value = String(rateIndex(s.descentLr));
  byId<HTMLOutputElement>('descent-lr-out').value = String(s.descentLr);
  byId<HTMLInputElement>('descent-steps').value = String(s.descentSteps);
  byId<HTMLOutputElement>('descent-steps-out').value = String(s.descentSteps);
  const error = byId('descent-error');
  error.textContent = '';
  try {
    const fn = functionOf(s);
    last = { fn, r: minimize(fn.f, fn.start, { lr: s.descentLr, steps: s.descentSteps }), s };
  } catch (e) {
    error.textContent = (e as Error).message;
    return;
  }
  draw();
}

/** Wires the view's controls; `change` takes the settings they now describe. */
function watch(get: () => Settings, change: (s: Settings) => void): void {
  const preset = byId<HTMLSelectElement>('preset');
  preset.replaceChildren(...Object.entries(PRESETS).map(([id, p]) => new Option(p.label, id)), new Option('f typed in (custom)', 'custom'));
  const update = () => {
    shown = null;
    change({
      ...get(),
      preset: preset.value as Settings['preset'],
      descentLr: RATES[Number(byId<HTMLInputElement>('descent-lr').value)],
      descentSteps: Number(byId<HTMLInputElement>('descent-steps').value),
    });
  };
  for (const id of ['preset', 'descent-lr', 'descent-steps']) byId(id).addEventListener('input', update);
  byId('custom-function').addEventListener('submit', (e) => {
    e.preventDefault();
    shown = null;
    change({ ...get(), preset: 'custom', fn: byId<HTMLInputElement>('descent-fn').value, from: byId<HTMLInputElement>('descent-from').value });
  });
  byId<HTMLInputElement>('descent-lr').max = String(RATES.length - 1);
  byId('descent-first').addEventListener('click', () => {
    shown = 0;
    draw();
  });
  byId('descent-next').addEventListener('click', () => {
    const steps = last ? last.r.path.length - 1 : 0;
    shown = Math.min(steps, (shown ?? steps) + 1);
    draw();
  });
  byId('descent-all').addEventListener('click', () => {
    shown = null;
    draw();
  });
}

export const descentView: View = { id: 'descent', show, hide: () => undefined, watch };

