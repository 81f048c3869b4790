/**
 * Learning without labels: competitive learning and self-organizing maps, Hebbian learning and
 * autoencoders.
 */
export { SelfOrganizingMap, type MapSpec } from './som.js';
export { MapTrainer, type MapTrainOptions } from './som-train.js';
export { adjustedRandIndex } from './metrics.js';
export { hebbian, hebbianStep, HEBBIAN_RULES, type HebbianRule, type HebbianOptions, type HebbianResult } from './hebbian.js';
export { PavlovNeuron, pavlov, type PavlovOptions, type PavlovTrial, type Stimulus } from './pavlov.js';
export { Autoencoder, autoencoderLayers, reconstructionError, type AutoencoderSpec, type ReconstructionError } from './autoencoder.js';
