/**
 * Learning without labels: competitive learning and self-organizing maps, Hebbian learning and
 * autoencoders.
 */
export { SelfOrganizingMap, type MapSpec } from './som.js';
export { MapTrainer, type MapTrainOptions } from './som-train.js';
export { adjustedRandIndex } from './metrics.js';
