// Every op's gradient against central finite differences, on the float64 path so the comparison
// is tight (1e-6 relative): the op output is projected onto fixed random weights to get a scalar.
import { describe, expect, it } from 'vitest';
import {
  abs, add, avgPool2d, backward, conv2d, cos, div, elu, exp, leakyRelu, log, matmul, max, maxPool2d, mean, mul, neg, pow, relu, reshape, Random,
  meanSquaredError, sigmoid, sigmoidCrossEntropy, sin, softmax, softmaxCrossEntropy, softplus, sqrt, square, sub, sum, tanh, Tensor, tensor, type Shape,
} from '../src/index.js';

function random(shape: Shape, rng: Random, lo = -2, hi = 2): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, () => rng.uniform(lo, hi)), shape, 'float64');
}

function project(y: Tensor, weights: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.size; i++) s += y.data[i] * weights[i];
  return s;
}

/** Checks d(Σ w·f(inputs))/d(input) by central differences, h = 1e-6. */
function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const rng = new Random(99);
  const y0 = f(...inputs);
  const w = Float64Array.from({ length: y0.size }, () => rng.uniform(-1, 1));
  const vars = inputs.map((x) => new Tensor(Float64Array.from(x.data), x.shape).variable());
  const y = f(...vars);
  backward(mul(y, new Tensor(w, y.shape)).sum());
  const h = 1e-6;
  vars.forEach((v, k) => {
    for (let i = 0; i < v.size; i++) {
      const plus = inputs.map((x) => new Tensor(Float64Array.from(x.data), x.shape));
      const minus = inputs.map((x) => new Tensor(Float64Array.from(x.data), x.shape));
      plus[k].data[i] += h;
      minus[k].data[i] -= h;
      const numeric = (project(f(...plus), w) - project(f(...minus), w)) / (2 * h);
      const analytic = v.grad?.[i] ?? 0;
      if (Math.abs(numeric - analytic) > 1e-6 * (1 + Math.abs(numeric))) {
        expect.fail(`input ${k}, element ${i}: analytic ${analytic}, numeric ${numeric}`);
      }
    }
  });
}

const rng = new Random(7);
const m23 = () => random([2, 3], rng);
const positive = (shape: Shape) => random(shape, rng, 0.5, 3);
// kinks (relu at 0, abs at 0, max ties) are avoided: random inputs almost surely miss them

describe('gradients match central differences (float64)', () => {
  const unary: [string, (x: Tensor) => Tensor, () => Tensor][] = [
    ['neg', neg, m23], ['exp', exp, m23], ['log', log, () => positive([2, 3])], ['sqrt', sqrt, () => positive([2, 3])],
    ['abs', abs, m23], ['sin', sin, m23], ['cos', cos, m23], ['square', square, m23], ['sigmoid', sigmoid, m23],
    ['tanh', tanh, m23], ['relu', relu, m23], ['leaky-relu', leakyRelu, m23], ['elu', elu, m23], ['softplus', softplus, m23],
    ['softmax', softmax, () => random([3, 4], rng)],
  ];
  for (const [name, f, make] of unary) it(name, () => gradcheck(f, [make()]));

  const shapes: [string, Shape, Shape][] = [
    ['equal shapes', [2, 3], [2, 3]], ['a row (bias)', [2, 3], [3]], ['a column', [2, 3], [2, 1]],
    ['a scalar', [2, 3], []], ['scalar on the left', [], [2, 3]], ['row on the left', [3], [2, 3]],
  ];
  for (const [op, f] of [['add', add], ['sub', sub], ['mul', mul], ['div', div]] as const) {
    for (const [what, sa, sb] of shapes) {
      it(`${op} with ${what}`, () => gradcheck((a, b) => f(a, b), [random(sa, rng), op === 'div' ? positive(sb) : random(sb, rng)]));
    }
  }
  it('pow with tensor base and exponent', () => gradcheck((a, b) => pow(a, b), [positive([2, 3]), random([2, 3], rng)]));
  it('pow with a row exponent', () => gradcheck((a, b) => pow(a, b), [positive([2, 3]), random([3], rng)]));

  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`matmul transposeA=${tA} transposeB=${tB}`, () => {
        const a = random(tA ? [4, 3] : [3, 4], rng);
        const b = random(tB ? [5, 4] : [4, 5], rng);
        gradcheck((x, y) => matmul(x, y, { transposeA: tA, transposeB: tB }), [a, b]);
      });
    }
  }
  for (const axis of [undefined, 0, 1, -1]) {
    it(`sum over axis ${axis}`, () => gradcheck((x) => sum(x, axis), [random([3, 4], rng)]));
    it(`mean over axis ${axis}`, () => gradcheck((x) => mean(x, axis), [random([3, 4], rng)]));
    it(`max over axis ${axis}`, () => gradcheck((x) => max(x, axis), [random([3, 4], rng)]));
  }
  it('sum over the middle axis of a rank-3 tensor, keeping dims', () => gradcheck((x) => sum(x, 1, true), [random([2, 3, 4], rng)]));
  it('reshape', () => gradcheck((x) => reshape(x, [3, 2]), [m23()]));
  it('softmax cross-entropy (logits and targets)', () => {
    const t = tensor([[0.2, 0.5, 0.3], [1, 0, 0]], [2, 3], 'float64');
    gradcheck((z, tt) => softmaxCrossEntropy(z, tt), [m23(), t]);
  });
  it('sigmoid cross-entropy (logits and targets)', () => gradcheck((z, t) => sigmoidCrossEntropy(z, t), [m23(), random([2, 3], rng, 0, 1)]));
  it('mean squared error (outputs and targets)', () => gradcheck((y, t) => meanSquaredError(y, t), [m23(), random([2, 3], rng)]));
  it('a composite: a two-layer network with tanh', () => {
    gradcheck((x, w1, b1, w2) => tanh(matmul(x, w1).add(b1)).matmul(w2).sigmoid().mean(), [random([4, 3], rng), random([3, 5], rng), random([5], rng), random([5, 2], rng)]);
  });
});

describe('window ops: gradients match central differences (float64)', () => {
  // 1×1, 3×3, 5×5 and non-square kernels; strides 1 and 2; both paddings; odd sizes, so 'same'
  // pads unevenly and stride 2 leaves a row out
  const convs: [kernel: [number, number], stride: number | [number, number], padding: 'valid' | 'same', image: [number, number]][] = [
    [[1, 1], 1, 'valid', [3, 4]], [[3, 3], 1, 'valid', [5, 4]], [[3, 3], 1, 'same', [4, 5]], [[3, 3], 2, 'same', [5, 6]],
    [[3, 3], 2, 'valid', [6, 5]], [[5, 5], 1, 'same', [4, 3]], [[5, 5], 2, 'valid', [7, 5]], [[2, 3], [1, 2], 'same', [3, 5]],
  ];
  for (const [kernel, stride, padding, [h, w]] of convs) {
    it(`conv2d ${kernel.join('×')} stride ${stride} ${padding} on ${h}×${w}`, () => {
      gradcheck((x, f) => conv2d(x, f, { stride, padding }), [random([2, h, w, 3], rng), random([...kernel, 3, 2], rng)]);
    });
  }
  const pools: [size: number | [number, number], stride: number | undefined, padding: 'valid' | 'same', image: [number, number]][] = [
    [2, undefined, 'valid', [4, 5]], [2, undefined, 'same', [5, 5]], [3, 2, 'same', [5, 4]], [3, 1, 'valid', [4, 4]], [[2, 3], 2, 'same', [3, 7]],
  ];
  for (const [op, f] of [['maxPool2d', maxPool2d], ['avgPool2d', avgPool2d]] as const) {
    for (const [size, stride, padding, [h, w]] of pools) {
      it(`${op} ${JSON.stringify(size)} stride ${stride ?? 'as size'} ${padding} on ${h}×${w}`, () => {
        gradcheck((x) => f(x, { size, stride, padding }), [random([2, h, w, 3], rng)]);
      });
    }
  }
  it('a composite: conv, relu, max pool, conv, average pool', () => {
    gradcheck((x, f1, f2) => avgPool2d(conv2d(maxPool2d(relu(conv2d(x, f1, { padding: 'same' })), { size: 2 }), f2, { stride: 2, padding: 'same' }), { size: 2, padding: 'same' }),
      [random([2, 6, 7, 2], rng), random([3, 3, 2, 3], rng), random([3, 3, 3, 2], rng)]);
  });
});

describe('the gradient check can fail', () => {
  it('detects a wrong derivative rule', async () => {
    const { GRADIENTS } = await import('../src/autograd/gradients.js');
    const right = GRADIENTS.tanh;
    GRADIENTS.tanh = (node, y, dy) => right(node, y, dy).map((g) => g && g.map((v) => v * 1.01));
    try {
      expect(() => gradcheck(tanh, [m23()])).toThrow(/analytic/);
    } finally {
      GRADIENTS.tanh = right;
    }
  });
});
