/**
 * Registers the built-in layer kinds beyond dense and dropout (image layers, competitive) in the
 * one registry (nn/layers.ts), when imported: the package's main entry imports it, 'neurite/dense'
 * does not (Note [kinds by entry] in nn/layers.ts).
 */
import { batchNormKind } from './batch-norm.js';
import { competitiveKind } from './competitive.js';
import { conv2dKind } from './conv2d.js';
import { flattenKind } from './flatten.js';
import { globalAvgPool2dKind } from './global-avg-pool2d.js';
import { registerLayerKind } from './layers.js';
import { avgPool2dKind, maxPool2dKind } from './pool2d.js';

export { BatchNorm } from './batch-norm.js';
export { Conv2d } from './conv2d.js';
export { Competitive } from './competitive.js';
export { Flatten } from './flatten.js';
export { GlobalAvgPool2d } from './global-avg-pool2d.js';
export { Pool2d } from './pool2d.js';

// in the order of MAIN_ENTRY_KINDS (layer types are listed to people in registration order)
registerLayerKind(conv2dKind);
registerLayerKind(maxPool2dKind);
registerLayerKind(avgPool2dKind);
registerLayerKind(flattenKind);
registerLayerKind(globalAvgPool2dKind);
registerLayerKind(batchNormKind);
registerLayerKind(competitiveKind);
