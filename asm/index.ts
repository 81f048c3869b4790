// Entry point of the WebAssembly kernel set (built by scripts in package.json: npm run build:wasm).
export { matmulSparse, matmulSparseRows } from './sparse';
export { matmulBlock, matmulColumns, matmulIsSmall, matmulSliceParts, matmulSlices, matmulSliceSum, matmulScratchBytes, matmulShareBegin, matmulShareBytes, matmulTileRows } from './matmul';
export { axpy, affine, allFinite, copy, fill, gatherRows, binary, unary, unaryBackward, reduceSum, sumColumns, sumSquares } from './elementwise';
export { sgd, adam, adagrad, rmsprop } from './update';
export { unaryExp } from './transcendental';
export { denseForwardMse, denseBackward } from './dense';
export { biasActivation, biasActivationBackward } from './bias';
export { softmax, softmaxCrossEntropy } from './softmax';
