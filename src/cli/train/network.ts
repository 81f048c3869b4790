/**
 * The network a training run builds: hidden layers from --hidden/--activation/--dropout, and an
 * output layer and loss that suit the task (softmax + cross-entropy for classes, sigmoid +
 * binary cross-entropy when asked for, linear + mse for regression).
 */
import { LOSS_ACTIVATION, type Activation, type LayerSpec, type Loss, type Shape } from '../../index.js';
import { UsageError } from '../errors.js';
import { grouped } from '../format.js';
import { buildStack, takesImage } from './layers.js';
import type { TrainConfig } from './options.js';

/** The output layer and loss of a network. */
export interface Head {
  readonly units: number;
  readonly activation: Activation;
  readonly loss: Loss;
}

/**
 * Chooses the output layer and loss for a task and the options given.
 *
 * @param classes the number of classes (classification) or 0 (regression)
 * @throws UsageError for a loss and output activation that do not go together
 * @example
 * ```ts
 * chooseHead(cfg, 3); // { units: 3, activation: 'softmax', loss: 'cross-entropy' }
 * ```
 */
export function chooseHead(cfg: Pick<TrainConfig, 'loss' | 'outputActivation'>, classes: number): Head {
  const asked = cfg.outputActivation;
  if (classes === 0) {
    if (cfg.loss === 'cross-entropy' || cfg.loss === 'binary-cross-entropy') {
      throw new UsageError(`--loss ${cfg.loss} is for classification, but the task is regression; use mse or mae (or --task classification)`);
    }
    return { units: 1, activation: asked ?? 'linear', loss: cfg.loss ?? 'mse' };
  }
  const sigmoid = cfg.loss === 'binary-cross-entropy' || (asked === 'sigmoid' && cfg.loss === undefined);
  const activation = asked ?? (sigmoid ? 'sigmoid' : 'softmax');
  const loss = cfg.loss ?? (activation === 'softmax' ? 'cross-entropy' : activation === 'sigmoid' ? 'binary-cross-entropy' : 'mse');
  const needed = LOSS_ACTIVATION[loss];
  if (needed && needed !== activation) {
    throw new UsageError(`--loss ${loss} needs --output-activation ${needed}, got ${activation}; leave one of them out to get a matching pair`);
  }
  // one sigmoid unit for two classes: target 1 for the second class, 0 for the first
  const units = activation === 'sigmoid' && classes === 2 ? 1 : classes;
  return { units, activation, loss };
}

/**
 * The layer specs: hidden dense layers (each followed by dropout when asked), then the head.
 *
 * @example
 * ```ts
 * layerSpecs({ hidden: [16], activation: 'relu' } as TrainConfig, head);
 * ```
 */
export function layerSpecs(cfg: Pick<TrainConfig, 'hidden' | 'activation' | 'dropout'>, head: Head): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (const units of cfg.hidden) {
    layers.push({ units, activation: cfg.activation });
    if (cfg.dropout) layers.push({ type: 'dropout', rate: cfg.dropout });
  }
  layers.push({ units: head.units, activation: head.activation });
  return layers;
}

// A model file writes each weight as about 12 characters of JSON, and V8's longest string is about
// 2^29 characters; training also keeps gradients and optimizer moments beside each weight.
/** The most weights a network `neurite train` builds may have. */
export const MAX_PARAMETERS = 20_000_000;

/**
 * Refuses a network too large to train and save before any memory is taken for it.
 *
 * @param inputs the encoded inputs per row
 * @throws UsageError naming the count and --hidden
 * @example
 * ```ts
 * checkSize(4, [100000, 1000], 3); // throws: 100,503,003 parameters, at most 20,000,000
 * ```
 */
export function checkSize(inputs: number, hidden: readonly number[], outputs: number): void {
  let count = 0;
  let width = inputs;
  for (const units of [...hidden, outputs]) {
    count += (width + 1) * units;
    width = units;
  }
  if (count > MAX_PARAMETERS) {
    throw new UsageError(`--hidden ${hidden.join(',') || 'none'}: the network would have ${grouped(count)} parameters (${grouped(inputs)} inputs → ${[...hidden, outputs].map(grouped).join(' → ')}), ` +
      `more than the ${grouped(MAX_PARAMETERS)} a model file can hold; use fewer or narrower hidden layers`);
  }
}

/**
 * The input shape and layers of a new network: --hidden's dense stack on rows, or --layers' stack,
 * on the image shape when it starts with an image layer (conv, pooling, ...) and on rows otherwise;
 * either refused before it is built when it would hold more than {@link MAX_PARAMETERS} parameters.
 *
 * @param image the shape of one image (IDX images, CSV with --image), or undefined for rows
 * @throws UsageError when --layers starts with an image layer and the data are rows, a layer does not fit, or it is too large
 * @example
 * ```ts
 * networkLayers({ layers: parseLayers('conv:8:3,maxpool:2'), activation: 'relu' } as TrainConfig, head, 784, [28, 28, 1]);
 * ```
 */
export function networkLayers(cfg: Pick<TrainConfig, 'hidden' | 'layers' | 'activation' | 'dropout'>, head: Head, inputs: number, image: Shape | undefined): { inputShape: Shape; layers: LayerSpec[] } {
  if (!cfg.layers) {
    checkSize(inputs, cfg.hidden, head.units);
    return { inputShape: [inputs], layers: layerSpecs(cfg, head) };
  }
  const output = { units: head.units, activation: head.activation };
  const rows = !takesImage(cfg.layers);
  if (!rows && !image) throw new UsageError(`--layers starts with "${cfg.layers[0].text}", which takes images: give IDX images to --data, or CSV pixel columns with --image HxWxC`);
  const inputShape = rows ? [inputs] : (image as Shape);
  const { layers, parameters } = buildStack(cfg.layers, inputShape, cfg.activation, output);
  if (parameters > MAX_PARAMETERS) {
    throw new UsageError(`--layers: the network would have ${grouped(parameters)} parameters, more than the ${grouped(MAX_PARAMETERS)} a model file can hold; use fewer filters or units, or pool before flatten`);
  }
  return { inputShape, layers };
}
