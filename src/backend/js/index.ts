import type { Backend, Kernels } from '../kernels.js';
import { affine, allFinite, axpy, binary, copy, fill, sumSquares, unary, unaryBackward } from './elementwise.js';
import { gatherRows } from './gather.js';
import { matmul } from './matmul.js';
import { reduce, reduceBackward } from './reduce.js';
import { mse, sigmoidCrossEntropy, softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.js';
import { update } from './update.js';
import { composedBias } from './bias.js';
import { avgPool2d, avgPool2dBackward, conv2d, conv2dBackwardFilter, conv2dBackwardInput, maxPool2d, maxPool2dBackward } from './window.js';

/** The reference kernels, in portable TypeScript: correct everywhere, the yardstick for every other set. */
export const jsKernels: Kernels = {
  fill, copy, gatherRows, affine, axpy, matmul, unary, unaryBackward, binary, reduce, reduceBackward,
  softmax, softmaxBackward, softmaxCrossEntropy, sigmoidCrossEntropy, mse, sumSquares, allFinite, update,
  ...composedBias({ binary, unary, unaryBackward, reduce }),
  conv2d, conv2dBackwardInput, conv2dBackwardFilter, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward,
};

/** The reference backend. */
export const jsBackend: Backend = { name: 'js', kernels: jsKernels };
