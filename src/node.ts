/** Node-only helpers: model files on disk, written atomically; trials of `tune` and `trainInWorker` on worker threads. */
export { saveModel, loadModel, writeFileAtomic } from './io/node-file.js';
export * from './data/node/index.js';
export { workerRunner, type WorkerRunnerOptions } from './tune/node/pool.js';
export { trainingWorker } from './train/node/training-worker.js';
