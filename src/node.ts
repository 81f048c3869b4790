/** Node-only helpers: model files on disk, written atomically. */
export { saveModel, loadModel, writeFileAtomic } from './io/node-file.js';
export * from './data/node/index.js';
