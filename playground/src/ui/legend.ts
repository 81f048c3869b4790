/**
 * Reading the output: the legend of the colours (each class, or a numeric scale in the target's
 * units) and the text shown when hovering the plane (every class's probability there, or the
 * predicted value in the target's units).
 */
import { encodePoint } from '../features.js';
import type { DataView, Snapshot } from '../protocol.js';
import { classColor, css, diverging } from './colors.js';
import { byId } from './dom.js';
import { forwardAt } from './formula.js';
import { inUnits, num } from './format.js';
import { valueRange } from './regions.js';
import { niceTicks } from './ticks.js';

function swatch(color: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.style.background = color;
  return s;
}

/** A numeric colour bar from lo to hi with ticks. */
function colourBar(lo: number, hi: number, title: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'colour-bar';
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.style.background = `linear-gradient(to right, ${css(diverging(-1))}, ${css(diverging(0))}, ${css(diverging(1))})`;
  const ticks = document.createElement('div');
  ticks.className = 'ticks';
  for (const v of niceTicks(lo, hi, 4)) {
    const t = document.createElement('span');
    t.style.left = `${((v - lo) / (hi - lo || 1)) * 100}%`;
    t.textContent = inUnits(v);
    ticks.append(t);
  }
  const caption = document.createElement('div');
  caption.className = 'hint';
  caption.textContent = title;
  box.append(bar, ticks, caption);
  return box;
}

/** The legend under the regions: class swatches that never wrap from their names, or a numeric scale. */
export function writeLegend(data: DataView): void {
  const box = byId('classes-legend');
  box.replaceChildren();
  if (!data.classes) {
    const [lo, hi] = valueRange(data.values);
    box.append(colourBar(lo, hi, `colour: ${data.target}, in its own units (the points' true value, the background the prediction)`));
    return;
  }
  data.classes.forEach((c, k) => {
    const item = document.createElement('span');
    item.className = 'legend-item';
    item.append(swatch(css(classColor(k))), ` ${data.target} = ${c}`);
    box.append(item);
  });
  const how = document.createElement('span');
  how.className = 'legend-item hint';
  how.textContent = data.perceptron ? 'background: the perceptron\'s answer' : 'background: the most likely class, stronger where it is surer';
  box.append(how);
}

/** What the network says at a point of the plane: every class's probability, or the value in the target's units. */
export function readout(data: DataView, snap: Snapshot, x: number, y: number): string {
  const plane = data.plane!;
  const input = encodePoint(plane.inputs, x, y) as number[];
  const { a } = forwardAt(snap, input);
  const out = a[a.length - 1];
  const lines = [`at ${plane.names[0]} = ${num(x)}, ${plane.names[1]} = ${num(y)}`];
  if (data.targetScale) {
    lines.push(`predicted ${data.target} ≈ ${inUnits(out[0] * data.targetScale.scale + data.targetScale.center)}`);
    return lines.join('\n');
  }
  const classes = data.classes ?? [];
  if (data.perceptron) {
    const k = out.length === 1 ? out[0] : out.indexOf(Math.max(...out));
    lines.push(`the perceptron answers ${data.target} = ${classes[k]} (step output${out.length === 1 ? ` ${out[0]}` : 's ' + out.join(', ')})`);
    return lines.join('\n');
  }
  const p = out.length === 1 ? [1 - out[0], out[0]] : out;
  const best = p.indexOf(Math.max(...p));
  classes.forEach((c, k) => lines.push(`P(${data.target} = ${c}) = ${(100 * p[k]).toFixed(1)} %${k === best ? '  ← most likely' : ''}`));
  return lines.join('\n');
}
