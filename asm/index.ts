// Entry point of the WebAssembly kernel set (built by scripts in package.json: npm run build:wasm).
export { matmulPanelBytes, matmulPanels, matmulPanelsFinite, matmulSparse, matmulSparseBias, matmulSparseFinite, matmulSparsePairs, matmulSparseRows, matmulSparseZeros } from './sparse';
export { matmulBlock, matmulColumns } from './matmul';
export { matmulIsSmall } from './small';
export { matmulSliceParts, matmulSlices, matmulSliceSum } from './depth';
export { matmulScratchBytes } from './tiles';
export { matmulShareBegin, matmulShareBytes } from './pack';
export { matmulTileRows } from './tiles';
export { axpy, affine, allFinite, copy, fill, gatherRows, binary, unary, unaryBackward, reduceSum, sumColumns, sumSquares } from './elementwise';
export { sgd, adam, adagrad, rmsprop } from './update';
export { unaryExp } from './transcendental';
export { denseForwardMse, denseBackward, mse } from './dense';
export { biasActivation, biasActivationBackward } from './bias';
export { softmax, softmaxCrossEntropy } from './softmax';
export { im2col, col2im, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward } from './window';
