/**
 * Neurite: neural networks that learn, in TypeScript. The universal entry point (Node and
 * browsers): everything of `neurite/dense` (src/dense.ts), every layer kind, and the learners built
 * on them; file helpers for Node are in `neurite/node`.
 */
import './nn/layer-kinds.js';
import './ops/chain.js';

export * from './dense.js';
export { BatchNorm, Conv2d, Flatten, GlobalAvgPool2d, Pool2d, Competitive } from './nn/layer-kinds.js';
export { toStandaloneModule } from './export/standalone.js';
export * from './rl/index.js';
export * from './unsupervised/index.js';
export * from './tune/index.js';
