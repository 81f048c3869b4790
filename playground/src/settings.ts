/**
 * Everything a person can set on the page, its defaults, and its text form in the URL's hash,
 * so a link reproduces the same data, network, settings and seed.
 */
import { OPTIMIZERS, type Activation, type OptimizerName } from '../../src/index.js';

/** The generated datasets the page offers, plus a dropped-in CSV file. */
export const SOURCES = ['spiral', 'xor', 'moons', 'circles', 'blobs', 'salary', 'csv'] as const;
export type Source = (typeof SOURCES)[number];

/** Hidden-layer activations (`step` has no gradient, softmax belongs to the output). */
export const HIDDEN_ACTIVATIONS = ['tanh', 'relu', 'leaky-relu', 'elu', 'sigmoid', 'softplus', 'linear'] as const satisfies readonly Activation[];
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** `auto`: cross-entropy for classes, mse for numbers. */
export const LOSS_CHOICES = ['auto', 'cross-entropy', 'binary-cross-entropy', 'mse', 'mae'] as const;
export type LossChoice = (typeof LOSS_CHOICES)[number];

export const MAX_LAYERS = 6;
export const MAX_UNITS = 32;

/** The page's whole state. */
export interface Settings {
  source: Source;
  samples: number;
  noise: number;
  /** Spiral arms or blob clusters. */
  classes: number;
  /** CSV only: the two features drawn (empty: train on all features, no decision regions). */
  featureX: string;
  featureY: string;
  /** CSV only: the label column (empty: the last column). */
  target: string;
  hidden: number[];
  activation: HiddenActivation;
  loss: LossChoice;
  optimizer: OptimizerName;
  lr: number;
  /** Rows per step; 0 means all rows (batch gradient descent). */
  batch: number;
  weightDecay: number;
  dropout: number;
  validation: number;
  seed: number;
  view: 'train' | 'descent';
  /** Gradient-descent view: which preset and its learning rate. */
  preset: 'parabola' | 'bowl';
  descentLr: number;
  descentSteps: number;
}

export const DEFAULTS: Readonly<Settings> = {
  source: 'spiral', samples: 300, noise: 0.04, classes: 2, featureX: '', featureY: '', target: '',
  hidden: [16, 16], activation: 'tanh', loss: 'auto', optimizer: 'adam', lr: 0.03, batch: 10,
  weightDecay: 0, dropout: 0, validation: 0.2, seed: 1, view: 'train', preset: 'parabola', descentLr: 0.1, descentSteps: 20,
};

/** Default noise of each generated set: the data module's defaults (salary's in thousands). */
export const DEFAULT_NOISE: Readonly<Record<Exclude<Source, 'csv'>, number>> = {
  spiral: 0.04, xor: 0.05, moons: 0.1, circles: 0.05, blobs: 0.8, salary: 5,
};

/** Default number of points of each generated set. */
export const DEFAULT_SAMPLES: Readonly<Record<Exclude<Source, 'csv'>, number>> = {
  spiral: 300, xor: 200, moons: 200, circles: 200, blobs: 300, salary: 500,
};

type Key = keyof Settings;
const SHORT: Record<Key, string> = {
  source: 'data', samples: 'n', noise: 'noise', classes: 'k', featureX: 'fx', featureY: 'fy', target: 'target',
  hidden: 'hidden', activation: 'act', loss: 'loss', optimizer: 'opt', lr: 'lr', batch: 'batch',
  weightDecay: 'wd', dropout: 'drop', validation: 'val', seed: 'seed', view: 'view', preset: 'preset', descentLr: 'dlr', descentSteps: 'dsteps',
};

/** The hash text of settings: only the values that differ from the defaults. */
export function toHash(s: Settings): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(SHORT) as Key[]) {
    const text = key === 'hidden' ? s.hidden.join(',') : String(s[key]);
    const base = key === 'hidden' ? DEFAULTS.hidden.join(',') : String(DEFAULTS[key]);
    if (text !== base) q.set(SHORT[key], text);
  }
  return q.toString();
}

const oneOf = <T extends string>(list: readonly T[], v: string | null, d: T): T => (list.includes(v as T) ? (v as T) : d);

function num(v: string | null, d: number, min: number, max: number, integer = false): number {
  if (v === null || v.trim() === '') return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return d;
  return n;
}

function hiddenOf(v: string | null): number[] {
  if (v === null) return [...DEFAULTS.hidden];
  if (v === '' || v === 'none') return [];
  const units = v.split(',').map((u) => num(u, NaN, 1, MAX_UNITS, true));
  return units.some(Number.isNaN) ? [...DEFAULTS.hidden] : units.slice(0, MAX_LAYERS);
}

/** Settings from a hash (with or without `#`); anything missing or invalid takes its default. */
export function fromHash(hash: string): Settings {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const g = (k: Key) => q.get(SHORT[k]);
  const d = DEFAULTS;
  return {
    source: oneOf(SOURCES, g('source'), d.source),
    samples: num(g('samples'), d.samples, 20, 2000, true),
    noise: num(g('noise'), d.noise, 0, 20),
    classes: num(g('classes'), d.classes, 2, 6, true),
    featureX: g('featureX') ?? '', featureY: g('featureY') ?? '', target: g('target') ?? '',
    hidden: hiddenOf(g('hidden')),
    activation: oneOf(HIDDEN_ACTIVATIONS, g('activation'), d.activation),
    loss: oneOf(LOSS_CHOICES, g('loss'), d.loss),
    optimizer: oneOf(OPTIMIZERS, g('optimizer'), d.optimizer),
    lr: num(g('lr'), d.lr, 1e-6, 10),
    batch: num(g('batch'), d.batch, 0, 2000, true),
    weightDecay: num(g('weightDecay'), d.weightDecay, 0, 1),
    dropout: num(g('dropout'), d.dropout, 0, 0.9),
    validation: num(g('validation'), d.validation, 0, 0.9),
    seed: num(g('seed'), d.seed, 0, 2 ** 31 - 1, true),
    view: oneOf(['train', 'descent'] as const, g('view'), d.view),
    preset: oneOf(['parabola', 'bowl'] as const, g('preset'), d.preset),
    descentLr: num(g('descentLr'), d.descentLr, 0.001, 2),
    descentSteps: num(g('descentSteps'), d.descentSteps, 1, 40, true),
  };
}
