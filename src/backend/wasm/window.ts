/**
 * The WebAssembly convolution kernels: each output pixel's window laid out as one row of `cols`
 * [pixels, kh·kw·c] (asm/window.ts's im2col), then the tiled product and its threads
 * (product.ts's productAt): y = cols · w, dw = colsᵀ · dy, dcols = dy · wᵀ added back onto dx by
 * col2im. A 1×1 window of stride 1 without padding is its image already: the product runs on x.
 * The window rows live in one area of the heap, grown when a larger convolution comes and kept, so
 * a training step allocates nothing; a batch whose rows would take more than {@link MAX_COLS_BYTES}
 * is done in groups of images. Max and average pooling are direct SIMD kernels over channels;
 * float64 data run the reference kernels (on heap views).
 */
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import type { WindowArgs } from '../threads/pool.js';
import type { ConvWindow } from '../window.js';
import { f32, THREAD_MIN_ROWS, type WasmContext } from './context.js';
import { productAt } from './product.js';

/** The most bytes of window rows laid out at once (a batch of W7's second convolution takes 9 MB). */
const MAX_COLS_BYTES = 32 << 20;

type ConvKernels = Pick<Kernels, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardFilter' | 'maxPool2d' | 'maxPool2dBackward'
  | 'avgPool2d' | 'avgPool2dBackward'>;

/** The convolution kernels over the module, its heap and the pool. */
export function windowKernels(ctx: WasmContext): ConvKernels {
  const { ex, heap, pool } = ctx;
  const cols = new Area(ctx);
  const part = new Area(ctx);

  /** Window rows `rows` from the images at x into `to`, on the threads when there are enough. */
  function layOut(to: number, x: number, rows: number, g: WindowArgs & { readonly kh: number }): void {
    const k = g.kh * g.kw * g.c;
    if (pool && rows * k >= THREAD_MIN_ROWS && pool.wanted()) pool.window(ex, 'im2col', to, x, rows, g);
    else ex.im2col(to, x, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.oh, g.ow, 0, rows);
  }

  /** Window rows at `from` added back onto `images` images at dx, on the threads when there are enough. */
  function addBack(dx: number, from: number, images: number, g: WindowArgs): void {
    if (pool && images > 1 && images * g.oh * g.ow * g.kh * g.kw * g.c >= THREAD_MIN_ROWS && pool.wanted()) pool.window(ex, 'col2im', dx, from, images, g);
    else ex.col2im(dx, from, g.h, g.w, g.c, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.oh, g.ow, 0, images);
  }

  return {
    conv2d(out, x, w, g) {
      const s = plan(g);
      const area = s.direct ? 0 : cols.reserve(s.groupBytes);
      if (!f32(out) || !f32(x) || !f32(w) || area < 0) return jsKernels.conv2d(out, x, w, g);
      heap.begin();
      const px = heap.input(x), pw = heap.input(w), po = heap.output(out);
      for (let b = 0; b < g.batch; b += s.group) {
        const rows = Math.min(s.group, g.batch - b) * s.pixels;
        const xb = px + b * s.image * 4;
        if (!s.direct) layOut(area, xb, rows, s.args);
        productAt(ctx, po + b * s.pixels * g.filters * 4, s.direct ? xb : area, pw, rows, s.depth, g.filters, false, false);
      }
      heap.finish(out, po);
      return out;
    },

    conv2dBackwardInput(out, dy, w, g) {
      const s = plan(g);
      const area = s.direct ? 0 : cols.reserve(s.groupBytes);
      if (!f32(out) || !f32(dy) || !f32(w) || area < 0) return jsKernels.conv2dBackwardInput(out, dy, w, g);
      heap.begin();
      const pdy = heap.input(dy), pw = heap.input(w), po = heap.output(out);
      for (let b = 0; b < g.batch; b += s.group) {
        const images = Math.min(s.group, g.batch - b);
        const dyb = pdy + b * s.pixels * g.filters * 4, dxb = po + b * s.image * 4;
        // dcols = dy · wᵀ: [rows, filters] · [depth, filters]ᵀ
        productAt(ctx, s.direct ? dxb : area, dyb, pw, images * s.pixels, g.filters, s.depth, false, true);
        if (!s.direct) addBack(dxb, area, images, s.args);
      }
      heap.finish(out, po);
      return out;
    },

    // max pooling on the calling thread (a few memory passes: bench/notes.md, W7), the same bits as the reference
    maxPool2d(out, x, g) {
      if (!f32(out) || !f32(x)) return jsKernels.maxPool2d(out, x, g);
      heap.begin();
      const px = heap.input(x), po = heap.output(out);
      ex.maxPool2d(po, px, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, 0, g.batch);
      heap.finish(out, po);
      return out;
    },

    maxPool2dBackward(out, x, y, dy, g) {
      if (!f32(out) || !f32(x) || !f32(y) || !f32(dy)) return jsKernels.maxPool2dBackward(out, x, y, dy, g);
      heap.begin();
      const px = heap.input(x), py = heap.input(y), pdy = heap.input(dy), po = heap.output(out);
      ex.maxPool2dBackward(po, px, py, pdy, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
        g.padTop, g.padLeft, g.outHeight, g.outWidth, 0, g.batch);
      heap.finish(out, po);
      return out;
    },

    // average pooling on the calling thread too, the same bits as the reference
    avgPool2d(out, x, g) {
      if (!f32(out) || !f32(x)) return jsKernels.avgPool2d(out, x, g);
      heap.begin();
      const px = heap.input(x), po = heap.output(out);
      ex.avgPool2d(po, px, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth, 0, g.batch);
      heap.finish(out, po);
      return out;
    },

    avgPool2dBackward(out, dy, g) {
      if (!f32(out) || !f32(dy)) return jsKernels.avgPool2dBackward(out, dy, g);
      heap.begin();
      const pdy = heap.input(dy), po = heap.output(out);
      ex.avgPool2dBackward(po, pdy, g.height, g.width, g.channels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
        g.padTop, g.padLeft, g.outHeight, g.outWidth, 0, g.batch);
      heap.finish(out, po);
      return out;
    },

    conv2dBackwardFilter(out, x, dy, g) {
      const s = plan(g);
      const area = s.direct ? 0 : cols.reserve(s.groupBytes);
      const grouped = s.group < g.batch;
      const sum = grouped ? part.reserve(s.depth * g.filters * 4) : 0;
      if (!f32(out) || !f32(x) || !f32(dy) || area < 0 || sum < 0) return jsKernels.conv2dBackwardFilter(out, x, dy, g);
      heap.begin();
      const px = heap.input(x), pdy = heap.input(dy), po = heap.output(out);
      for (let b = 0; b < g.batch; b += s.group) {
        const rows = Math.min(s.group, g.batch - b) * s.pixels;
        const xb = px + b * s.image * 4;
        if (!s.direct) layOut(area, xb, rows, s.args);
        // dw = colsᵀ · dy: [rows, depth]ᵀ · [rows, filters]; later groups are added to the first's
        productAt(ctx, b === 0 ? po : sum, s.direct ? xb : area, pdy + b * s.pixels * g.filters * 4, s.depth, rows, g.filters, true, false);
        if (b > 0) ex.axpy(po, 1, sum, s.depth * g.filters);
      }
      heap.finish(out, po);
      return out;
    },
  };
}

/** How a convolution runs: its window rows' depth, pixels per image, images per group, and the job's geometry. */
interface ConvPlan {
  readonly direct: boolean;
  readonly depth: number;
  readonly pixels: number;
  readonly image: number;
  readonly group: number;
  readonly groupBytes: number;
  readonly args: WindowArgs;
}

function plan(g: ConvWindow): ConvPlan {
  const direct = g.kernelHeight === 1 && g.kernelWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0;
  const depth = g.kernelHeight * g.kernelWidth * g.channels;
  const pixels = g.outHeight * g.outWidth;
  const perImage = pixels * depth * 4;
  const group = Math.max(1, Math.min(g.batch, Math.floor(MAX_COLS_BYTES / perImage)));
  return {
    direct, depth, pixels, image: g.height * g.width * g.channels, group, groupBytes: group * perImage,
    args: { h: g.height, w: g.width, c: g.channels, kh: g.kernelHeight, kw: g.kernelWidth, sh: g.strideHeight, sw: g.strideWidth,
      pt: g.padTop, pl: g.padLeft, oh: g.outHeight, ow: g.outWidth },
  };
}

/** A block of the heap kept between calls and grown (never shrunk) when a call needs more. */
class Area {
  private ptr = 0;
  private bytes = 0;
  constructor(private readonly ctx: WasmContext) {}

  /** The block's pointer, at least `bytes` long, or −1 when the heap has no room (the caller then runs the reference). */
  reserve(bytes: number): number {
    if (bytes <= this.bytes) return this.ptr;
    const ptr = this.ctx.heap.reserveOptional(bytes);
    if (ptr < 0) return -1;
    if (this.bytes > 0) this.ctx.heap.releaseFixed(this.ptr, this.bytes);
    this.ptr = ptr;
    this.bytes = bytes;
    return ptr;
  }
}
