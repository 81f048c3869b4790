export { add, sub, mul, div, pow } from './binary.js';
export {
  unary, neg, exp, log, sqrt, abs, sin, cos, square,
  sigmoid, tanh, relu, leakyRelu, elu, softplus, step,
} from './unary.js';
export { matmul, type MatmulOptions } from './matmul.js';
export { sum, mean, max } from './reduce.js';
export { softmax, softmaxCrossEntropy, sigmoidCrossEntropy, meanSquaredError } from './softmax.js';
export { reshape } from './shape.js';
export { dropout } from './dropout.js';
export { type TensorLike } from './record.js';
export { conv2d, type Conv2dOptions } from './conv.js';
export { maxPool2d, avgPool2d, type Pool2dOptions } from './pool.js';
export { planWindow, pair, PADDINGS, type Padding, type Size2d, type WindowPlan } from './window.js';
