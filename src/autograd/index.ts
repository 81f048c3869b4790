export { backward, noGrad } from './backward.js';
export { GRADIENTS, type GradientRule } from './gradients.js';
