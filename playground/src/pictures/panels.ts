/**
 * The parts of the "pictures" view built from the network and the data: a heading and canvases for
 * each convolution (its maps, with the value under the pointer; the first one's filters too), and
 * a button with a thumbnail for one held-out picture of each class.
 */
import type { Network } from '../../../src/index.js';
import { num } from '../ui/format.js';
import { cellAt, drawImage, mapCell, MAPS_PER_ROW } from './draw.js';
import type { LayerOutput } from './run.js';
import { SETS, type Pictures } from './sets.js';

/** Fills `box` with a heading and a canvas `pic-maps-I` for each convolution I, and `pic-filters` for the first. */
export function mapPanels(box: HTMLElement, net: Network, shown: () => readonly LayerOutput[]): void {
  const firstConv = net.layers.findIndex((l) => l.type === 'conv2d');
  box.replaceChildren();
  net.layers.forEach((l, i) => {
    if (l.type !== 'conv2d') return;
    const c = l.config() as { filters: number; kernelSize: number[] };
    const h = document.createElement('h3');
    h.textContent = `Layer ${i + 1}: convolution, ${c.filters} filters of ${c.kernelSize.join(' × ')}, ReLU → ${l.outputShape.join(' × ')}`;
    const canvas = document.createElement('canvas');
    canvas.id = `pic-maps-${i}`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `The ${c.filters} feature maps of layer ${i + 1} for the picture: darker is larger`);
    canvas.addEventListener('pointermove', (e) => {
      const o = shown().find((s) => s.index === i);
      const r = canvas.getBoundingClientRect();
      const at = o && cellAt(((e.clientX - r.left) / r.width) * canvas.width, ((e.clientY - r.top) / r.height) * canvas.height, o.shape, mapCell(o.shape), MAPS_PER_ROW);
      canvas.title = o && at ? `map ${at.map + 1}, row ${at.row + 1}, column ${at.col + 1}: ${num(o.values[(at.row * o.shape[1] + at.col) * o.shape[2] + at.map], 4)}` : '';
    });
    if (i !== firstConv) {
      box.append(h, canvas);
      return;
    }
    // the first convolution sees the picture itself, so its filters can be drawn as pictures too
    const f = document.createElement('canvas');
    f.id = 'pic-filters';
    f.setAttribute('role', 'img');
    f.setAttribute('aria-label', `The ${c.filters} filters of layer ${i + 1}: their 3 × 3 weights, blue positive, orange negative`);
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = 'Its filters (3 × 3 weights: blue positive, orange negative), each above the map it makes:';
    box.append(h, note, f, canvas);
  });
}

/** One held-out picture of each class as a button (the `round`-th of that class), calling `pick` with its row. */
export function exampleButtons(data: Pictures, round: number, pick: (row: number) => void): HTMLButtonElement[] {
  const { side, classNames } = SETS[data.set];
  const size = side * side;
  const y = data.test.y;
  return classNames.map((name, k) => {
    const rows = [...y.keys()].filter((i) => y[i] === k);
    const row = rows[round % rows.length];
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'example';
    b.dataset.row = String(row);
    b.setAttribute('aria-label', `a held-out ${name}`);
    b.title = name;
    const c = document.createElement('canvas');
    c.width = c.height = 4 * side;
    drawImage(c, data.test.x.subarray(row * size, (row + 1) * size), false);
    b.append(c);
    b.addEventListener('click', () => pick(row));
    return b;
  });
}
