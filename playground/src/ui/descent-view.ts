/** Wires the gradient-descent view's controls to the drawing. */
import type { Settings } from '../settings.js';
import { drawDescent, fillTable, runDescent, verdict } from './descent.js';
import { byId, setSelect } from './dom.js';

/** The learning rate of a slider position (log scale), rounded to 3 digits so 0.1 is exactly 0.1. */
export const lrOfSlider = (v: number): number => Number((10 ** v).toPrecision(2));

/** Shows the view for these settings. */
export function writeDescent(s: Settings): void {
  setSelect(byId<HTMLSelectElement>('preset'), s.preset);
  byId<HTMLInputElement>('descent-lr').value = String(Math.log10(s.descentLr));
  byId<HTMLOutputElement>('descent-lr-out').value = String(s.descentLr);
  byId<HTMLInputElement>('descent-steps').value = String(s.descentSteps);
  byId<HTMLOutputElement>('descent-steps-out').value = String(s.descentSteps);
  const r = runDescent(s.preset, s.descentLr, s.descentSteps);
  drawDescent(byId<HTMLCanvasElement>('descent'), s.preset, r);
  fillTable(byId<HTMLTableElement>('descent-table'), r);
  byId('descent-verdict').textContent = verdict(s.preset, r, s.descentLr);
}

/** Calls `change` with the settings the controls now describe. */
export function watchDescent(get: () => Settings, change: (s: Settings) => void): void {
  const update = () => change({
    ...get(),
    preset: byId<HTMLSelectElement>('preset').value as Settings['preset'],
    descentLr: lrOfSlider(Number(byId<HTMLInputElement>('descent-lr').value)),
    descentSteps: Number(byId<HTMLInputElement>('descent-steps').value),
  });
  for (const id of ['preset', 'descent-lr', 'descent-steps']) byId(id).addEventListener('input', update);
}
