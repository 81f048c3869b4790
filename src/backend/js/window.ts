/**
 * Reference kernels of the 2-D window ops (backend/window.ts): direct loops over each output pixel
 * and the window cells inside the image, the innermost loop over contiguous filters or channels.
 * They allocate nothing.
 */
import type { Data } from '../kernels.js';
import type { ConvWindow, Window2d } from '../window.js';

/** The first and one-past-last kernel row (or column) of a window starting at `start` that fall inside `[0, size)`. */
function span(start: number, kernel: number, size: number): [number, number] {
  return [Math.max(0, -start), Math.min(kernel, size - start)];
}

/**
 * Calls `cell(o, xi, wi)` for every output pixel and every cell of its window inside the image, in
 * row-major order: o the output pixel's index, xi the cell's pixel index in x, wi its index in the
 * window (ky · kernelWidth + kx).
 */
function eachCell(g: Window2d, cell: (o: number, xi: number, wi: number) => void): void {
  const { batch, height, width, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, padTop, padLeft, outHeight, outWidth } = g;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * sh - padTop;
      const [ky0, ky1] = span(y0, kh, height);
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * sw - padLeft;
        const [kx0, kx1] = span(x0, kw, width);
        const o = (b * outHeight + oy) * outWidth + ox;
        for (let ky = ky0; ky < ky1; ky++) {
          for (let kx = kx0; kx < kx1; kx++) cell(o, (b * height + y0 + ky) * width + x0 + kx, ky * kw + kx);
        }
      }
    }
  }
}

/** How many cells of output pixel (oy, ox)'s window lie inside the image (the divisor of an average). */
function cellsInside(g: Window2d, oy: number, ox: number): number {
  const [ky0, ky1] = span(oy * g.strideHeight - g.padTop, g.kernelHeight, g.height);
  const [kx0, kx1] = span(ox * g.strideWidth - g.padLeft, g.kernelWidth, g.width);
  return (ky1 - ky0) * (kx1 - kx0);
}

export function conv2d(out: Data, x: Data, w: Data, g: ConvWindow): Data {
  const { channels: c, filters: f } = g;
  out.fill(0, 0, g.batch * g.outHeight * g.outWidth * f);
  eachCell(g, (o, xi, wi) => {
    const ob = o * f;
    for (let ci = 0; ci < c; ci++) {
      // every term, zeros too: 0 · Inf is NaN here as in matmul
      const xv = x[xi * c + ci];
      const wb = (wi * c + ci) * f;
      for (let fi = 0; fi < f; fi++) out[ob + fi] += xv * w[wb + fi];
    }
  });
  return out;
}

export function conv2dBackwardInput(out: Data, dy: Data, w: Data, g: ConvWindow): Data {
  const { channels: c, filters: f } = g;
  out.fill(0, 0, g.batch * g.height * g.width * c);
  eachCell(g, (o, xi, wi) => {
    const ob = o * f;
    for (let ci = 0; ci < c; ci++) {
      const wb = (wi * c + ci) * f;
      let s = 0;
      for (let fi = 0; fi < f; fi++) s += dy[ob + fi] * w[wb + fi];
      out[xi * c + ci] += s;
    }
  });
  return out;
}

export function conv2dBackwardFilter(out: Data, x: Data, dy: Data, g: ConvWindow): Data {
  const { channels: c, filters: f } = g;
  out.fill(0, 0, g.kernelHeight * g.kernelWidth * c * f);
  eachCell(g, (o, xi, wi) => {
    const ob = o * f;
    for (let ci = 0; ci < c; ci++) {
      const xv = x[xi * c + ci];
      const wb = (wi * c + ci) * f;
      for (let fi = 0; fi < f; fi++) out[wb + fi] += xv * dy[ob + fi];
    }
  });
  return out;
}

export function maxPool2d(out: Data, x: Data, g: Window2d): Data {
  const c = g.channels;
  out.fill(-Infinity, 0, g.batch * g.outHeight * g.outWidth * c);
  eachCell(g, (o, xi) => {
    for (let ci = 0; ci < c; ci++) {
      const v = x[xi * c + ci];
      // NaN wins, as in reduce('max'): a NaN input gives a NaN output
      if (v > out[o * c + ci] || Number.isNaN(v)) out[o * c + ci] = v;
    }
  });
  return out;
}

export function maxPool2dBackward(out: Data, x: Data, y: Data, dy: Data, g: Window2d): Data {
  const { batch, height, width, channels: c, kernelHeight: kh, kernelWidth: kw, strideHeight: sh, strideWidth: sw, padTop, padLeft, outHeight, outWidth } = g;
  out.fill(0, 0, batch * height * width * c);
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * sh - padTop;
      const [ky0, ky1] = span(y0, kh, height);
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * sw - padLeft;
        const [kx0, kx1] = span(x0, kw, width);
        const o = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let ci = 0; ci < c; ci++) {
          // the first cell (row-major in the window) holding the maximum takes the gradient, as
          // reduceBackward('max') does; a NaN cell is the maximum it made
          search: for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const at = ((b * height + y0 + ky) * width + x0 + kx) * c + ci;
              if (x[at] === y[o + ci] || Number.isNaN(x[at])) {
                out[at] += dy[o + ci];
                break search;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

export function avgPool2d(out: Data, x: Data, g: Window2d): Data {
  const c = g.channels;
  out.fill(0, 0, g.batch * g.outHeight * g.outWidth * c);
  eachCell(g, (o, xi) => {
    for (let ci = 0; ci < c; ci++) out[o * c + ci] += x[xi * c + ci];
  });
  const pixels = g.outHeight * g.outWidth;
  for (let p = 0; p < g.batch * pixels; p++) {
    const inside = cellsInside(g, Math.floor((p % pixels) / g.outWidth), p % g.outWidth);
    for (let ci = 0; ci < c; ci++) out[p * c + ci] /= inside;
  }
  return out;
}

export function avgPool2dBackward(out: Data, dy: Data, g: Window2d): Data {
  const c = g.channels;
  const pixels = g.outHeight * g.outWidth;
  out.fill(0, 0, g.batch * g.height * g.width * c);
  eachCell(g, (o, xi) => {
    const p = o % pixels;
    const inside = cellsInside(g, Math.floor(p / g.outWidth), p % g.outWidth);
    for (let ci = 0; ci < c; ci++) out[xi * c + ci] += dy[o * c + ci] / inside;
  });
  return out;
}
