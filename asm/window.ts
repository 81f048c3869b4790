// A convolution as a matrix product (src/backend/wasm/window.ts): im2col lays each output pixel's
// window out as one row, so that y = cols · w, dw = colsᵀ · dy and dcols = dy · wᵀ run on the
// tiled product (asm/matmul.ts) and its threads; col2im adds dcols back onto the image.
// Images are channels-last (NHWC), filters HWIO, so a window's row of cols is (ky, kx, c) in order,
// and the `kw·c` values of one kernel row that fall inside the image are contiguous in x as in cols.

/**
 * Rows r0..r1 of cols [batch·oh·ow, kh·kw·c]: row (b, oy, ox) holds x[b, oy·sh − pt + ky,
 * ox·sw − pl + kx, ·] for every (ky, kx), 0 where the window is over the padding. Writes all of
 * those rows.
 */
export function im2col(cols: usize, x: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  oh: i32, ow: i32, r0: i32, r1: i32): void {
  const rowBytes = <usize>(kh * kw * c) << 2;
  const cBytes = <usize>c << 2;
  for (let r = r0; r < r1; r++) {
    const ox = r % ow, t = r / ow, oy = t % oh, b = t / oh;
    const y0 = oy * sh - pt, x0 = ox * sw - pl;
    // the kernel's columns inside the image: kx in [k0, k1)
    const k0 = x0 < 0 ? -x0 : 0;
    const k1 = x0 + kw > w ? w - x0 : kw;
    let to = cols + <usize>r * rowBytes;
    for (let ky = 0; ky < kh; ky++) {
      const iy = y0 + ky;
      const rowTo = to;
      to += <usize>kw * cBytes;
      if (iy < 0 || iy >= h || k1 <= k0) {
        memory.fill(rowTo, 0, <usize>kw * cBytes);
        continue;
      }
      if (k0 > 0) memory.fill(rowTo, 0, <usize>k0 * cBytes);
      const from = x + ((<usize>(b * h + iy) * <usize>w + <usize>(x0 + k0)) * <usize>c << 2);
      copyBytes(rowTo + <usize>k0 * cBytes, from, <usize>(k1 - k0) * cBytes);
      if (k1 < kw) memory.fill(rowTo + <usize>k1 * cBytes, 0, <usize>(kw - k1) * cBytes);
    }
  }
}

/**
 * Images b0..b1 of dx [batch, h, w, c] = the rows of dcols [batch·oh·ow, kh·kw·c] added back onto
 * the cells their windows cover (the transpose of im2col), in order of rows, so any split of the
 * images gives the same bits. Writes all of those images.
 */
export function col2im(dx: usize, dcols: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  oh: i32, ow: i32, b0: i32, b1: i32): void {
  const rowBytes = <usize>(kh * kw * c) << 2;
  const cBytes = <usize>c << 2;
  const image = <usize>(h * w * c) << 2;
  memory.fill(dx + <usize>b0 * image, 0, <usize>(b1 - b0) * image);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const y0 = oy * sh - pt, x0 = ox * sw - pl;
        const k0 = x0 < 0 ? -x0 : 0;
        const k1 = x0 + kw > w ? w - x0 : kw;
        if (k1 <= k0) continue;
        const from = dcols + <usize>((b * oh + oy) * ow + ox) * rowBytes;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          const to = dx + ((<usize>(b * h + iy) * <usize>w + <usize>(x0 + k0)) * <usize>c << 2);
          addBytes(to, from + (<usize>(ky * kw + k0) * cBytes), <usize>(k1 - k0) * cBytes);
        }
      }
    }
  }
}

// Note [short copies]: a window row of a first layer is a few floats (3 for a 3×3 kernel on one
// channel); memory.copy's call costs more than copying them one by one.
/** `bytes` (a multiple of 4) from `from` to `to`, 16 at a time then 4 at a time (Note [short copies]). */
// @ts-ignore: decorator
@inline function copyBytes(to: usize, from: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(to + i, v128.load(from + i));
  for (; i < bytes; i += 4) store<f32>(to + i, load<f32>(from + i));
}

/** to[i] += from[i] over `bytes` (a multiple of 4): four lanes, then one at a time. */
// @ts-ignore: decorator
@inline function addBytes(to: usize, from: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(to + i, f32x4.add(v128.load(to + i), v128.load(from + i)));
  for (; i < bytes; i += 4) store<f32>(to + i, load<f32>(to + i) + load<f32>(from + i));
}

/**
 * Max pooling of images b0..b1: out[b, oy, ox, ·] = the largest x over the window's cells inside
 * the image, a NaN winning as in the reference (src/backend/js/window.ts): the same bits.
 */
export function maxPool2d(out: usize, x: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  oh: i32, ow: i32, b0: i32, b1: i32): void {
  const low = f32x4.splat(-Infinity);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + kh > h ? h - y0 : kh;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + kw > w ? w - x0 : kw;
        const o = out + (<usize>(((b * oh + oy) * ow + ox) * c) << 2);
        let ci = 0;
        for (; ci + 4 <= c; ci += 4) {
          let m = low;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const v = v128.load(x + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2));
              m = v128.bitselect(v, m, v128.or(f32x4.gt(v, m), f32x4.ne(v, v)));
            }
          }
          v128.store(o + (<usize>ci << 2), m);
        }
        for (; ci < c; ci++) {
          let m: f32 = -Infinity;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const v = load<f32>(x + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2));
              if (v > m || v != v) m = v;
            }
          }
          store<f32>(o + (<usize>ci << 2), m);
        }
      }
    }
  }
}

/**
 * Its gradient for images b0..b1: each window's dy to the first cell (row-major in the window)
 * holding its maximum y (or a NaN), summed where windows overlap in order of windows, as the
 * reference: the same bits. Writes all of those images.
 */
export function maxPool2dBackward(dx: usize, x: usize, y: usize, dy: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, b0: i32, b1: i32): void {
  const image = <usize>(h * w * c) << 2;
  memory.fill(dx + <usize>b0 * image, 0, <usize>(b1 - b0) * image);
  const zero = f32x4.splat(0);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + kh > h ? h - y0 : kh;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + kw > w ? w - x0 : kw;
        const o = <usize>(((b * oh + oy) * ow + ox) * c) << 2;
        let ci = 0;
        for (; ci + 4 <= c; ci += 4) {
          const m = v128.load(y + o + (<usize>ci << 2)), g = v128.load(dy + o + (<usize>ci << 2));
          let found = zero;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const at = <usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2;
              const v = v128.load(x + at);
              const hit = v128.andnot(v128.or(f32x4.eq(v, m), f32x4.ne(v, v)), found);
              if (v128.any_true(hit)) {
                v128.store(dx + at, f32x4.add(v128.load(dx + at), v128.and(g, hit)));
                found = v128.or(found, hit);
              }
            }
          }
        }
        for (; ci < c; ci++) {
          const m = load<f32>(y + o + (<usize>ci << 2)), g = load<f32>(dy + o + (<usize>ci << 2));
          let done = false;
          for (let ky = ky0; ky < ky1 && !done; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const at = <usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2;
              const v = load<f32>(x + at);
              if (v == m || v != v) {
                store<f32>(dx + at, load<f32>(dx + at) + g);
                done = true;
                break;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Average pooling of images b0..b1: the window's cells inside the image summed in row-major order,
 * then divided by how many there are, as the reference (padding cells left out): the same bits.
 * Writes all of those images' outputs.
 */
export function avgPool2d(out: usize, x: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32,
  oh: i32, ow: i32, b0: i32, b1: i32): void {
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + kh > h ? h - y0 : kh;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + kw > w ? w - x0 : kw;
        const inside = <f32>((ky1 - ky0) * (kx1 - kx0));
        const n = f32x4.splat(inside);
        const o = out + (<usize>(((b * oh + oy) * ow + ox) * c) << 2);
        let ci = 0;
        for (; ci + 4 <= c; ci += 4) {
          let s = f32x4.splat(0);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) s = f32x4.add(s, v128.load(x + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2)));
          }
          v128.store(o + (<usize>ci << 2), f32x4.div(s, n));
        }
        for (; ci < c; ci++) {
          let s: f32 = 0;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) s += load<f32>(x + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2));
          }
          store<f32>(o + (<usize>ci << 2), s / inside);
        }
      }
    }
  }
}

/**
 * Its gradient for images b0..b1: each window's dy / (cells inside) added to each of those cells,
 * windows in order. The reference adds the float64 quotient to the float32 cell and rounds once,
 * so this works in float64 lanes (two a vector) and rounds the sum once: the same bits.
 */
export function avgPool2dBackward(dx: usize, dy: usize, h: i32, w: i32, c: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  pt: i32, pl: i32, oh: i32, ow: i32, b0: i32, b1: i32): void {
  const image = <usize>(h * w * c) << 2;
  memory.fill(dx + <usize>b0 * image, 0, <usize>(b1 - b0) * image);
  for (let b = b0; b < b1; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - pt;
      const ky0 = y0 < 0 ? -y0 : 0, ky1 = y0 + kh > h ? h - y0 : kh;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - pl;
        const kx0 = x0 < 0 ? -x0 : 0, kx1 = x0 + kw > w ? w - x0 : kw;
        const inside = <f64>((ky1 - ky0) * (kx1 - kx0));
        const n = f64x2.splat(inside);
        const o = dy + (<usize>(((b * oh + oy) * ow + ox) * c) << 2);
        let ci = 0;
        for (; ci + 4 <= c; ci += 4) {
          const g = v128.load(o + (<usize>ci << 2));
          const qLow = f64x2.div(f64x2.promote_low_f32x4(g), n);
          const qHigh = f64x2.div(f64x2.promote_low_f32x4(v128.shuffle<i32>(g, g, 2, 3, 0, 1)), n);
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const at = dx + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2);
              const v = v128.load(at);
              const low = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(v), qLow));
              const high = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 0, 1)), qHigh));
              v128.store(at, v128.shuffle<i32>(low, high, 0, 1, 4, 5));
            }
          }
        }
        for (; ci < c; ci++) {
          const q = <f64>load<f32>(o + (<usize>ci << 2)) / inside;
          for (let ky = ky0; ky < ky1; ky++) {
            for (let kx = kx0; kx < kx1; kx++) {
              const at = dx + (<usize>(((b * h + y0 + ky) * w + x0 + kx) * c + ci) << 2);
              store<f32>(at, <f32>(<f64>load<f32>(at) + q));
            }
          }
        }
      }
    }
  }
}
