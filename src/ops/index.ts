export { add, sub, mul, div, pow } from './binary.js';
export {
  unary, neg, exp, log, sqrt, abs, sin, cos, square,
  sigmoid, tanh, relu, leakyRelu, elu, softplus, step,
} from './unary.js';
export { matmul, type MatmulOptions } from './matmul.js';
export { sum, mean, max } from './reduce.js';
export { softmax, softmaxCrossEntropy, sigmoidCrossEntropy } from './softmax.js';
export { reshape } from './shape.js';
export { dropout } from './dropout.js';
export { type TensorLike } from './record.js';
