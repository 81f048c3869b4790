/**
 * `--layers`: any stack of layers in one option, e.g.
 * `conv:32:3,maxpool:2,conv:64:3,maxpool:2,flatten,dense:128,dropout:0.3`. Each item is a kind and
 * its settings separated by colons; the output layer is added from the task, as with --hidden.
 *
 * | item | settings |
 * |---|---|
 * | `conv:F:K[:S][:same\|valid][:ACT]` | F filters, kernel K (`3` or `3x5`), stride S (default 1), padding (default valid) |
 * | `maxpool:P[:S][:same\|valid]`, `avgpool:...` | window P (`2` or `2x3`), stride S (default P) |
 * | `dense:U[:ACT]` | U units |
 * | `dropout:R` | rate R in [0, 1) |
 * | `flatten`, `globalavgpool`, `batchnorm` | none |
 *
 * An activation left out is --activation's (relu unless given).
 */
import { InvalidArgumentError } from 'commander';
import { ACTIVATIONS, type Activation, layerKind, type LayerSpec, type Padding, type Problem, type Shape, sizeOf } from '../../index.js';
import { UsageError } from '../errors.js';
import { closest } from '../values.js';

/** One item of --layers: its text (for messages) and the layer it stands for, its activation not yet resolved. */
export interface StackItem {
  readonly text: string;
  readonly spec: LayerSpec;
}

const KINDS: Record<string, string> = {
  conv: 'conv2d', conv2d: 'conv2d', maxpool: 'maxPool2d', maxpool2d: 'maxPool2d', avgpool: 'avgPool2d', avgpool2d: 'avgPool2d',
  dense: 'dense', dropout: 'dropout', flatten: 'flatten', globalavgpool: 'globalAvgPool2d', globalavgpool2d: 'globalAvgPool2d', batchnorm: 'batchNorm',
};
const SHAPE = 'items such as conv:32:3, maxpool:2, flatten, dense:128, dropout:0.3, separated by commas';

function fail(item: string, why: string): never {
  throw new InvalidArgumentError(`item "${item}": ${why} (expected ${SHAPE})`);
}

const count = (item: string, what: string, text: string | undefined): number => {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1) fail(item, `${what} must be a positive integer, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  return Number(text);
};

/** `3` or `3x5`. */
function size(item: string, what: string, text: string | undefined): number | [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(text ?? '');
  return m ? [count(item, what, m[1]), count(item, what, m[2])] : count(item, what, text);
}

/** The optional settings after the sizes: a stride (a number), a padding, an activation, each once. */
function options(item: string, rest: string[], allowActivation: boolean): { stride?: number | [number, number]; padding?: Padding; activation?: Activation } {
  const o: { stride?: number | [number, number]; padding?: Padding; activation?: Activation } = {};
  for (const part of rest) {
    if (/^\d+(x\d+)?$/.test(part) && o.stride === undefined) o.stride = size(item, 'the stride', part);
    else if ((part === 'same' || part === 'valid') && o.padding === undefined) o.padding = part;
    else if (allowActivation && (ACTIVATIONS as readonly string[]).includes(part) && o.activation === undefined) o.activation = part as Activation;
    else {
      const near = closest(part, [...(allowActivation ? ACTIVATIONS : []), 'same', 'valid']);
      fail(item, `"${part}" is not a stride, a padding (same, valid)${allowActivation ? ' or an activation' : ''}${near ? ` (did you mean ${near}?)` : ''}`);
    }
  }
  return o;
}

function item(text: string): LayerSpec {
  const [name, ...parts] = text.split(':').map((s) => s.trim());
  const type = KINDS[name.toLowerCase()];
  if (type === undefined) {
    const near = closest(name, Object.keys(KINDS));
    fail(text, `unknown layer ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}`);
  }
  const none = (n: number) => parts.length > n && fail(text, `${name} takes ${n === 0 ? 'no settings' : `at most ${n} settings`}`);
  switch (type) {
    case 'conv2d':
      return { type, filters: count(text, 'the number of filters', parts[0]), kernelSize: size(text, 'the kernel size', parts[1]), ...options(text, parts.slice(2), true) };
    case 'maxPool2d': case 'avgPool2d': {
      const o = options(text, parts.slice(1), false);
      return { type, size: size(text, 'the window size', parts[0]), ...o };
    }
    case 'dense': {
      none(2);
      const activation = parts[1] === undefined ? {} : options(text, [parts[1]], true);
      if ('stride' in activation || 'padding' in activation) fail(text, 'dense takes units and an activation');
      return { type, units: count(text, 'the number of units', parts[0]), ...activation };
    }
    case 'dropout': {
      none(1);
      const rate = Number(parts[0]);
      if (!/^\d*\.?\d+$/.test(parts[0] ?? '') || !(rate < 1)) fail(text, `the rate must be a number in [0, 1), got ${JSON.stringify(parts[0] ?? '')}`);
      return { type, rate };
    }
    default:
      none(0);
      return { type } as LayerSpec;
  }
}

/**
 * Parses --layers (commander's argParser): each item's kind and settings checked, shapes not yet
 * (they need the data's shape, {@link buildStack}).
 *
 * @example
 * ```ts
 * parseLayers('conv:32:3,maxpool:2,flatten,dense:128')[0].spec; // { type: 'conv2d', filters: 32, kernelSize: 3 }
 * ```
 */
export function parseLayers(text: string): StackItem[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError(`an empty item (expected ${SHAPE})`);
  return items.map((t) => ({ text: t, spec: item(t) }));
}

/** Whether the stack's first layer takes an image `[height, width, channels]` rather than a row. */
export function takesImage(items: readonly StackItem[]): boolean {
  const first = items[0]?.spec.type;
  return first !== undefined && first !== 'dense' && first !== 'dropout';
}

/**
 * The layer specs of --layers on an input of shape `input`: activations left out become
 * `activation`, then `head` (the output layer, `units` wide), with a flatten before it when the
 * stack ends in an image (the output layer is the command's, so it adds what that layer needs; a
 * dense layer the user wrote after an image is refused instead, naming the item); and the number
 * of trainable parameters they hold.
 *
 * @throws UsageError naming the item whose input does not fit
 */
export function buildStack(items: readonly StackItem[], input: Shape, activation: Activation, head: LayerSpec & { units: number }): { layers: LayerSpec[]; parameters: number } {
  let shape = input;
  let parameters = 0;
  const specs: LayerSpec[] = [];
  items.forEach(({ text, spec }, i) => {
    const withActivation = spec.type === 'conv2d' || spec.type === 'dense' || spec.type === undefined ? { activation, ...spec } as LayerSpec : spec;
    const kind = layerKind(spec.type ?? 'dense');
    const problems: Problem[] = [];
    const checked = kind?.check(withActivation as unknown as Record<string, unknown>, `layers[${i}]`, problems);
    const out = checked && problems.length === 0 ? kind?.outputShape(checked, shape) : problems.map((p) => p.expected).join('; ');
    if (typeof out === 'string' || out === undefined) {
      throw new UsageError(`--layers item ${i + 1} "${text}" does not fit its input [${shape.join(', ')}]: ${out ?? 'unknown kind'}`);
    }
    for (const t of kind && checked ? kind.parameterShapes(checked, shape) : []) if (t.trainable !== false) parameters += sizeOf(t.shape);
    specs.push(withActivation);
    shape = out;
  });
  if (shape.length !== 1) specs.push({ type: 'flatten' });
  return { layers: [...specs, head], parameters: parameters + (sizeOf(shape) + 1) * head.units };
}

/**
 * Parses --image: `HxWxC` (or `HxW`, one channel), e.g. `28x28x1`.
 *
 * @example
 * ```ts
 * imageShape('28x28x1'); // [28, 28, 1]
 * ```
 */
export function imageShape(text: string): [number, number, number] {
  const m = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(text.trim());
  const dims = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)] : [];
  if (dims.length !== 3 || dims.some((d) => d < 1 || d > 65536)) throw new InvalidArgumentError('expected HEIGHTxWIDTHxCHANNELS such as 28x28x1 (positive integers)');
  return dims as [number, number, number];
}
