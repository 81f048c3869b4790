/**
 * The drawing pad's picture and how it becomes the network's input, the way the UCI digits were
 * made: a 32 × 32 black-and-white bitmap cut into 4 × 4 blocks, each block's count of on pixels
 * (0…16) one pixel of the 8 × 8 image, divided by 16 as the training images are.
 */
import { PIXEL_MAX, SETS } from './sets.js';

/** The digits' side: the image a drawing becomes. */
export const SIDE = SETS.digits.side;

/** Bitmap side, and the block of bitmap pixels one image pixel counts. */
export const BITMAP = 32;
export const BLOCK = BITMAP / SIDE;
/** Brush radius in bitmap pixels: strokes 5 pixels wide, as thick as the digits' pen (about 300 of the 1,024 pixels inked). */
export const BRUSH = 2.5;

/** A new empty bitmap (row-major, 1 = ink). */
export const emptyBitmap = (): Uint8Array => new Uint8Array(BITMAP * BITMAP);

/**
 * Inks every pixel whose centre lies within `radius` of the segment (x0, y0)–(x1, y1), in bitmap
 * units (0…32 across). Returns whether any pixel changed.
 */
export function inkSegment(bitmap: Uint8Array, x0: number, y0: number, x1: number, y1: number, radius = BRUSH): boolean {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length2 = dx * dx + dy * dy;
  const r2 = radius * radius;
  let changed = false;
  const lo = (a: number, b: number) => Math.max(0, Math.floor(Math.min(a, b) - radius));
  const hi = (a: number, b: number) => Math.min(BITMAP - 1, Math.ceil(Math.max(a, b) + radius));
  for (let row = lo(y0, y1); row <= hi(y0, y1); row++) {
    for (let col = lo(x0, x1); col <= hi(x0, x1); col++) {
      const [cx, cy] = [col + 0.5, row + 0.5];
      // the nearest point of the segment to the pixel's centre
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((cx - x0) * dx + (cy - y0) * dy) / length2));
      const [ex, ey] = [cx - (x0 + t * dx), cy - (y0 + t * dy)];
      if (ex * ex + ey * ey <= r2 && bitmap[row * BITMAP + col] === 0) {
        bitmap[row * BITMAP + col] = 1;
        changed = true;
      }
    }
  }
  return changed;
}

/** The 8 × 8 image of a bitmap: each 4 × 4 block's count of ink pixels / 16, row-major. */
export function downsample(bitmap: Uint8Array): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  for (let row = 0; row < BITMAP; row++) {
    for (let col = 0; col < BITMAP; col++) out[Math.floor(row / BLOCK) * SIDE + Math.floor(col / BLOCK)] += bitmap[row * BITMAP + col];
  }
  for (let i = 0; i < out.length; i++) out[i] /= PIXEL_MAX;
  return out;
}
