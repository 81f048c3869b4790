/** The script of {@link trainingWorker}'s thread: it serves trainInWorker on its parent port. */
import { parentPort } from 'node:worker_threads';
import '../../ops/chain.js';
import '../../nn/layers.js';
import { serveTraining } from '../serve-training.js';

if (parentPort === null) throw new Error('worker-main.js runs as a worker thread (trainingWorker())');
serveTraining(parentPort);
