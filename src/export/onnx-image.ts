/**
 * The image layers in an ONNX graph. Neurite's images are channels-last (NHWC) and ONNX's Conv and
 * pooling channels-first (NCHW), so the graph transposes once on the way in (rows → [batch, h, w, c]
 * → NCHW) and once on the way out of the image layers (back to NHWC before Flatten, so a dense
 * layer after it sees its inputs in Neurite's order). A conv2d's weights are written transposed,
 * `[filters, channels, kh, kw]`.
 */
import type { Activation } from '../nn/activations.js';
import { float, type GraphBuilder, int, ints } from './onnx-builder.js';
import type { ConvStep, ImageStep } from './image-plan.js';

/** Writes an activation of `z` under `prefix` (onnx-graph.ts's, over the last axis). */
export type ActivationWriter = (g: GraphBuilder, name: Activation, z: string, prefix: string) => string;

/** The conv2d weights `[kh, kw, c, f]` as ONNX's `[f, c, kh, kw]`. */
function filterBank(s: ConvStep): Float32Array {
  const [kh, kw] = s.size;
  const c = s.input[2];
  const f = s.output[2];
  const out = new Float32Array(s.weights.length);
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let ci = 0; ci < c; ci++) {
        for (let fi = 0; fi < f; fi++) out[((fi * c + ci) * kh + ky) * kw + kx] = s.weights[((ky * kw + kx) * c + ci) * f + fi];
      }
    }
  }
  return out;
}

/** Rows `[batch, h·w·c]` → NCHW `[batch, c, h, w]`. */
export function toImage(g: GraphBuilder, x: string, shape: readonly number[]): string {
  const dims = g.constant('image.shape', [4], [-1, ...shape], 'int64');
  const nhwc = g.add('Reshape', [x, dims], 'image.nhwc');
  return g.add('Transpose', [nhwc], 'image.nchw', [ints('perm', [0, 3, 1, 2])]);
}

/** NCHW → rows `[batch, h·w·c]` in channels-last order (Neurite's flatten). */
export function toRows(g: GraphBuilder, x: string, prefix: string): string {
  const nhwc = g.add('Transpose', [x], `${prefix}.nhwc`, [ints('perm', [0, 2, 3, 1])]);
  return g.add('Flatten', [nhwc], `${prefix}.rows`, [int('axis', 1)]);
}

function window(s: { size: readonly number[]; stride: readonly number[]; pads: readonly number[] }) {
  return [ints('kernel_shape', s.size), ints('strides', s.stride), ints('pads', s.pads)];
}

/**
 * One image layer on `x`, which is NCHW when `image` is true and rows otherwise; gives its output
 * and whether that is NCHW.
 */
export function imageStep(g: GraphBuilder, s: ImageStep, x: string, image: boolean, activation: ActivationWriter): { y: string; image: boolean } {
  const prefix = `layers.${s.index}`;
  switch (s.kind) {
    case 'conv2d': {
      const w = g.constant(`${prefix}.weights`, [s.output[2], s.input[2], ...s.size], filterBank(s), 'float');
      const b = g.constant(`${prefix}.bias`, [s.output[2]], s.bias, 'float');
      const z = g.add('Conv', [x, w, b], `${prefix}.z`, window(s));
      // softmax over each pixel's filters: the channel axis, 1 in NCHW
      const y = s.activation === 'softmax' ? g.add('Softmax', [z], `${prefix}.y`, [int('axis', 1)]) : activation(g, s.activation, z, prefix);
      return { y, image: true };
    }
    case 'maxPool2d':
      return { y: g.add('MaxPool', [x], `${prefix}.y`, window(s)), image: true };
    case 'avgPool2d':
      // padding cells are left out of the mean, as Neurite's
      return { y: g.add('AveragePool', [x], `${prefix}.y`, [...window(s), int('count_include_pad', 0)]), image: true };
    case 'flatten':
      return { y: image ? toRows(g, x, prefix) : x, image: false };
    case 'globalAvgPool2d': {
      const pooled = g.add('GlobalAveragePool', [x], `${prefix}.pooled`);
      return { y: g.add('Flatten', [pooled], `${prefix}.y`, [int('axis', 1)]), image: false };
    }
    case 'batchNorm': {
      const c = [s.gamma.length];
      const inputs = [x, ...(['gamma', 'beta', 'mean', 'variance'] as const).map((k) => g.constant(`${prefix}.${k}`, c, s[k], 'float'))];
      // the channel axis is 1 both in NCHW and in rows [batch, features]
      return { y: g.add('BatchNormalization', inputs, `${prefix}.y`, [float('epsilon', s.epsilon)]), image };
    }
  }
}
