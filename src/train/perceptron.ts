import { NeuriteError } from '../core/errors.js';
import { Dense, type Layer } from '../nn/layers.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The perceptron rule for a single dense layer with a step output, which has no gradient:
 * for each row, y = step(x·W + b), and W[j][u] += lr·(t_u − y_u)·x_j, b_u += lr·(t_u − y_u),
 * summed over the batch and applied after it (with batch size 1, Rosenblatt's online rule).
 * Returns the batch's mean squared error before the update and writes its outputs into `y`.
 */
export class PerceptronRule {
  private readonly dw: Float32Array;
  private readonly db: Float32Array;
  private readonly layer: Dense;

  /** The rule for `layer`, which must be dense: the rule is written for x·W + b. */
  constructor(layer: Layer, private readonly lr: number) {
    if (!(layer instanceof Dense)) {
      throw new NeuriteError(`the perceptron rule trains a single dense layer with a step activation; this network's layer is a ${layer.type} layer`, {
        where: 'layers.0', expected: 'a dense layer', received: layer.type,
      });
    }
    this.layer = layer;
    this.dw = new Float32Array(layer.inputs * layer.units);
    this.db = new Float32Array(layer.units);
  }

  step(x: Tensor, t: Tensor, y: Float32Array): number {
    const { inputs, units } = this.layer;
    const w = this.layer.weights.data;
    const b = this.layer.bias.data;
    const rows = x.shape[0];
    this.dw.fill(0);
    this.db.fill(0);
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        let z = b[u];
        for (let j = 0; j < inputs; j++) z += x.data[r * inputs + j] * w[j * units + u];
        const out = z >= 0 ? 1 : 0;
        y[r * units + u] = out;
        const err = t.data[r * units + u] - out;
        sq += err * err;
        if (err === 0) continue;
        for (let j = 0; j < inputs; j++) this.dw[j * units + u] += this.lr * err * x.data[r * inputs + j];
        this.db[u] += this.lr * err;
      }
    }
    for (let i = 0; i < w.length; i++) w[i] += this.dw[i];
    for (let u = 0; u < units; u++) b[u] += this.db[u];
    return sq / (rows * units);
  }
}
