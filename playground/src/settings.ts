/**
 * Everything a person can set on the page, its defaults, and its text form in the URL's hash,
 * so a link reproduces the same data, network, settings and seeds.
 */
import { OPTIMIZERS, type Activation, type OptimizerName } from '../../src/index.js';
import { FEATURES, type FeatureId } from './features.js';
import { PICTURE_SETS, type PictureSetId } from './pictures/sets.js';

/** The generated datasets the page offers, plus a dropped-in CSV file. */
export const SOURCES = ['spiral', 'xor', 'moons', 'circles', 'blobs', 'salary', 'csv'] as const;
export type Source = (typeof SOURCES)[number];

/** Hidden-layer activations; `step` makes the network one layer of perceptrons (the perceptron rule). */
export const HIDDEN_ACTIVATIONS = ['tanh', 'relu', 'leaky-relu', 'elu', 'sigmoid', 'softplus', 'linear', 'step'] as const satisfies readonly Activation[];
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** `auto`: cross-entropy for classes, mse for numbers. */
export const LOSS_CHOICES = ['auto', 'cross-entropy', 'binary-cross-entropy', 'mse', 'mae'] as const;
export type LossChoice = (typeof LOSS_CHOICES)[number];

/** `auto`: classes for text labels and for a few whole numbers, a regression otherwise. */
export const TASKS = ['auto', 'classification', 'regression'] as const;
export type TaskChoice = (typeof TASKS)[number];

/** L1 pulls each weight towards 0 by a fixed amount (making some exactly 0), L2 in proportion to its size. */
export const REGULARIZERS = ['none', 'l1', 'l2'] as const;
export type Regularizer = (typeof REGULARIZERS)[number];

/** What the colour of a connection shows. */
export const COLOR_BY = ['weight', 'gradient', 'change'] as const;
export type ColorBy = (typeof COLOR_BY)[number];

/** The page's views, one tab each (views/registry.ts draws them). */
export const VIEWS = ['train', 'descent', 'rewards', 'unlabelled', 'pictures'] as const;
export type ViewId = (typeof VIEWS)[number];

/** The functions of the gradient-descent view; `custom` is typed in. */
export const PRESET_IDS = ['parabola', 'bowl', 'valley', 'local', 'custom'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** The rewards view's environments and algorithms (the library's names). */
export const RL_ENVS = ['cartpole', 'gridworld'] as const;
export const RL_ALGORITHMS = ['reinforce', 'a2c', 'dqn'] as const;

/** The "learning without labels" view's 2-D data and map shapes (rows × columns of units). */
export const SOM_DATA = ['square', 'blobs', 'moons', 'circles', 'spiral'] as const;
export const SOM_GRIDS = ['8x8', '6x6', '4x4', '1x12', '1x4'] as const;

/** The guided lessons (lessons.ts); '' is none. */
export const LESSON_IDS = ['', 'overfitting', 'rate', 'xor', 'batch', 'local-minimum'] as const;
export type LessonId = (typeof LESSON_IDS)[number];

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
  task: TaskChoice;
  /** Extra inputs computed from the two plane features (x², sin x, …). */
  features: FeatureId[];
  hidden: number[];
  activation: HiddenActivation;
  loss: LossChoice;
  optimizer: OptimizerName;
  lr: number;
  /** Rows per step; 0 means all rows (batch gradient descent). */
  batch: number;
  reg: Regularizer;
  /** The regularisation rate λ. */
  regRate: number;
  dropout: number;
  validation: number;
  /** Seed of the data, the split and the shuffling. */
  seed: number;
  /** Seed of the first weights ("new weights" draws another). */
  weightSeed: number;
  view: ViewId;
  colorBy: ColorBy;
  logScale: boolean;
  lesson: LessonId;
  /** Gradient-descent view: the function, its learning rate and number of steps. */
  preset: PresetId;
  /** The custom function's text and its start (`x=1,y=2`). */
  fn: string;
  from: string;
  descentLr: number;
  descentSteps: number;
  /** Rewards view: the environment, the learner and the seed of everything random. */
  rlEnv: (typeof RL_ENVS)[number];
  rlAlgorithm: (typeof RL_ALGORITHMS)[number];
  rlSeed: number;
  /** Learning without labels: the points the map learns, its grid and the seed of both. */
  somData: (typeof SOM_DATA)[number];
  somGrid: (typeof SOM_GRIDS)[number];
  somSeed: number;
  /** Pictures view: the pictures its network learns. */
  pictureSet: PictureSetId;
}

export const DEFAULTS: Readonly<Settings> = {
  source: 'spiral', samples: 300, noise: 0.04, classes: 2, featureX: '', featureY: '', target: '', task: 'auto', features: [],
  hidden: [16, 16], activation: 'tanh', loss: 'auto', optimizer: 'adam', lr: 0.03, batch: 10, reg: 'none', regRate: 0.001,
  dropout: 0, validation: 0.2, seed: 1, weightSeed: 1, view: 'train', colorBy: 'weight', logScale: true, lesson: '',
  preset: 'parabola', fn: 'x^4 - 3*x^2 + x', from: 'x=2', descentLr: 0.1, descentSteps: 20,
  rlEnv: 'cartpole', rlAlgorithm: 'reinforce', rlSeed: 1,
  somData: 'square', somGrid: '8x8', somSeed: 1,
  pictureSet: 'digits',
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
  source: 'data', samples: 'n', noise: 'noise', classes: 'k', featureX: 'fx', featureY: 'fy', target: 'target', task: 'task', features: 'feat',
  hidden: 'hidden', activation: 'act', loss: 'loss', optimizer: 'opt', lr: 'lr', batch: 'batch', reg: 'reg', regRate: 'lambda',
  dropout: 'drop', validation: 'val', seed: 'seed', weightSeed: 'wseed', view: 'view', colorBy: 'color', logScale: 'log', lesson: 'lesson',
  preset: 'preset', fn: 'fn', from: 'from', descentLr: 'dlr', descentSteps: 'dsteps',
  rlEnv: 'env', rlAlgorithm: 'alg', rlSeed: 'rlseed',
  somData: 'somdata', somGrid: 'grid', somSeed: 'somseed',
  pictureSet: 'pics',
};

/** Settings whose change keeps the network and its training going (the optimizer's step changes). */
const RETUNE: readonly Key[] = ['lr', 'optimizer', 'batch', 'reg', 'regRate'];
/** Settings that change only what is shown. */
const VIEW_ONLY: readonly Key[] = ['view', 'colorBy', 'logScale', 'lesson', 'preset', 'fn', 'from', 'descentLr', 'descentSteps', 'rlEnv', 'rlAlgorithm', 'rlSeed',
  'somData', 'somGrid', 'somSeed', 'pictureSet'];

const text = (s: Settings, key: Key): string => {
  const v = s[key];
  return Array.isArray(v) ? v.join(',') : String(v);
};

/** What a change of settings asks of the training: nothing, a new step rule, or a new network. */
export function changeOf(a: Settings, b: Settings): 'none' | 'retune' | 'rebuild' {
  const changed = (Object.keys(SHORT) as Key[]).filter((k) => text(a, k) !== text(b, k));
  if (changed.some((k) => !RETUNE.includes(k) && !VIEW_ONLY.includes(k))) return 'rebuild';
  return changed.some((k) => RETUNE.includes(k)) ? 'retune' : 'none';
}

/** The hash text of settings: only the values that differ from the defaults. */
export function toHash(s: Settings): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(SHORT) as Key[]) {
    if (text(s, key) !== text(DEFAULTS, key)) q.set(SHORT[key], text(s, key));
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

function featuresOf(v: string | null): FeatureId[] {
  if (v === null || v === '') return [];
  const ids = Object.keys(FEATURES) as FeatureId[];
  return ids.filter((id) => v.split(',').includes(id));
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
    task: oneOf(TASKS, g('task'), d.task),
    features: featuresOf(g('features')),
    hidden: hiddenOf(g('hidden')),
    activation: oneOf(HIDDEN_ACTIVATIONS, g('activation'), d.activation),
    loss: oneOf(LOSS_CHOICES, g('loss'), d.loss),
    optimizer: oneOf(OPTIMIZERS, g('optimizer'), d.optimizer),
    lr: num(g('lr'), d.lr, 1e-6, 10),
    batch: num(g('batch'), d.batch, 0, 100_000, true),
    reg: oneOf(REGULARIZERS, g('reg'), d.reg),
    regRate: num(g('regRate'), d.regRate, 0, 1),
    dropout: num(g('dropout'), d.dropout, 0, 0.9),
    validation: num(g('validation'), d.validation, 0, 0.9),
    seed: num(g('seed'), d.seed, 0, 2 ** 31 - 1, true),
    weightSeed: num(g('weightSeed'), d.weightSeed, 0, 2 ** 31 - 1, true),
    view: oneOf(VIEWS, g('view'), d.view),
    colorBy: oneOf(COLOR_BY, g('colorBy'), d.colorBy),
    logScale: g('logScale') === null ? d.logScale : g('logScale') === 'true',
    lesson: oneOf(LESSON_IDS, g('lesson'), d.lesson),
    preset: oneOf(PRESET_IDS, g('preset'), d.preset),
    fn: (g('fn') ?? d.fn).slice(0, 200),
    from: (g('from') ?? d.from).slice(0, 100),
    descentLr: num(g('descentLr'), d.descentLr, 0.0001, 10),
    descentSteps: num(g('descentSteps'), d.descentSteps, 1, 100, true),
    rlEnv: oneOf(RL_ENVS, g('rlEnv'), d.rlEnv),
    rlAlgorithm: oneOf(RL_ALGORITHMS, g('rlAlgorithm'), d.rlAlgorithm),
    rlSeed: num(g('rlSeed'), d.rlSeed, 0, 2 ** 31 - 1, true),
    somData: oneOf(SOM_DATA, g('somData'), d.somData),
    somGrid: oneOf(SOM_GRIDS, g('somGrid'), d.somGrid),
    somSeed: num(g('somSeed'), d.somSeed, 0, 2 ** 31 - 1, true),
    pictureSet: oneOf(PICTURE_SETS, g('pictureSet'), d.pictureSet),
  };
}
