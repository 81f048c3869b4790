import { activationEntry } from '../backend/activations.js';
import type { Random } from '../core/random.js';
import type { Activation } from './activations.js';

/** Initialisation schemes. */
export type Initializer = 'glorot' | 'he';

/** The initialisation suited to an activation (the activation table's): He for the ReLU family, Glorot for the rest. */
export function initializerFor(activation: Activation): Initializer {
  return activationEntry(activation).init;
}

/**
 * Fills a `[inputs, units]` weight matrix with uniform random values.
 *
 * Glorot (Xavier) uniform, limit √(6 / (inputs + units)): keeps the variance of activations and of
 * gradients about equal across layers for symmetric, saturating activations (sigmoid, tanh,
 * linear, softmax). He uniform, limit √(6 / inputs): a ReLU zeroes half its inputs, so twice the
 * variance keeps the signal from shrinking layer by layer.
 */
export function initWeights(out: Float32Array, inputs: number, units: number, scheme: Initializer, rng: Random): Float32Array {
  const limit = scheme === 'he' ? Math.sqrt(6 / inputs) : Math.sqrt(6 / (inputs + units));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-limit, limit);
  return out;
}
