/**
 * Reading the output: the legend of the colours (each class, or a numeric scale in the target's
 * units) and the text shown when hovering the plane (every class's probability there, or the
 * predicted value in the target's units).
 */
import { encodePoint } from '../features.js';
import type { DataView, Snapshot } from '../protocol.js';
import { classColor, css, diverging, tint } from './colors.js';
import { byId } from './dom.js';
import { forwardAt } from './formula.js';
import { inUnits, num } from './format.js';
import { niceTicks } from './ticks.js';

function swatch(color: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.style.background = color;
  return s;
}

/** A numeric colour bar from lo to hi with ticks. */
function colourBar(lo: number, hi: number, title: string, colours: string[], ticksAt = niceTicks(lo, hi, 4), label = inUnits): HTMLElement {
  const box = document.createElement('div');
  box.className = 'colour-bar';
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.style.background = `linear-gradient(to right, ${colours.join(', ')})`;
  const ticks = document.createElement('div');
  ticks.className = 'ticks';
  for (const v of ticksAt) {
    const t = document.createElement('span');
    t.style.left = `${((v - lo) / (hi - lo || 1)) * 100}%`;
    t.textContent = label(v);
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
    const [lo, hi] = data.valueRange;
    const colours = [css(diverging(-1)), css(diverging(0)), css(diverging(1))];
    box.append(colourBar(lo, hi, `colour: ${data.target}, in its own units (the points' true value, the background the prediction)`, colours));
    return;
  }
  data.classes.forEach((c, k) => {
    const item = document.createElement('span');
    item.className = 'legend-item';
    item.append(swatch(css(classColor(k))), ` ${data.target} = ${c}`);
    box.append(item);
  });
  if (data.perceptron) {
    const how = document.createElement('span');
    how.className = 'legend-item hint';
    how.textContent = 'background: the perceptron\'s answer';
    box.append(how);
    return;
  }
  // the regions' colour strength (regions.ts cellColor): from a guess among the classes to certainty
  const k = data.classes.length;
  const lo = 1 / k;
  const c = classColor(0);
  const pct = (v: number) => `${Math.round(100 * v)} %`;
  box.append(colourBar(lo, 1, 'background: the most likely class, as strong as its probability', [css(tint(c, 0.15)), css(tint(c, 0.7))], [lo, (lo + 1) / 2, 1], pct));
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
