/** The messages between the page and the training worker, and what they carry. */
import type { EpochLog } from '../../src/index.js';
import type { PlaneInputs } from './features.js';
import type { Settings } from './settings.js';

/** A CSV file the person chose or dropped in: the file itself (read in the worker) or its text. */
export type CsvSource = { readonly name: string; readonly file: Blob } | { readonly name: string; readonly text: string };

export type ToWorker =
  | { type: 'setup'; settings: Settings }
  | { type: 'retune'; settings: Settings }
  | { type: 'csv'; source: CsvSource }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; unit: 'batch' | 'epoch' }
  | { type: 'explain'; row: number }
  | { type: 'apply-trace' }
  | { type: 'set-param'; layer: number; bias: boolean; index: number; value: number }
  | { type: 'export' }
  | { type: 'import'; name: string; text: string }
  | { type: 'predict'; id: number; csv: string };

/** One dense layer as drawn: weights `[inputs × units]` and biases, with the last step's gradient and change. */
export interface LayerView {
  readonly units: number;
  readonly activation: string;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  /** ∂L/∂w and ∂L/∂b of the last step (null before the first, and for the perceptron rule). */
  readonly gradWeights: Float32Array | null;
  readonly gradBias: Float32Array | null;
  /** How much the last step (or edit) moved each weight and bias (null before the first). */
  readonly changeWeights: Float32Array | null;
  readonly changeBias: Float32Array | null;
}

/** Regression costs on the training rows, in the target's units: ME can be near 0 while MAE is large. */
export interface Costs {
  readonly me: number;
  readonly mse: number;
  readonly mae: number;
  readonly rows: number;
}

/** What the page shows of the model while it trains. */
export interface Snapshot {
  /** Epochs completed, and the batches done in the one under way. */
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly steps: number;
  /** The epoch logs from epoch `historyFrom + 1` on (the page keeps the earlier ones). */
  readonly historyFrom: number;
  readonly history: readonly EpochLog[];
  /** For each of those epochs, the step count when it ended. */
  readonly epochEnds: readonly number[];
  /** Each batch's loss since the last snapshot, the first being step `lossesFrom + 1`. */
  readonly lossesFrom: number;
  readonly losses: Float32Array;
  readonly layers: readonly LayerView[];
  /** Output values on the fine grid, `[GRID², outputs]` (with a plane); a regression's in the target's units. */
  readonly region: Float32Array | null;
  /** Each layer's outputs on the coarse grid, inputs first: `[NEURON_GRID², units]` per layer. */
  readonly neurons: Float32Array[] | null;
  readonly costs: Costs | null;
}

/** The two features drawn as the axes, with their extent, and how the network's inputs come from a point. */
export interface Plane {
  readonly names: [string, string];
  /** Raw-unit extent: [xmin, xmax, ymin, ymax]. */
  readonly extent: [number, number, number, number];
  readonly inputs: PlaneInputs;
}

/** What the page needs to draw the data and the network, sent after every setup. */
export interface DataView {
  readonly task: 'classification' | 'regression';
  readonly classes: string[] | null;
  /** Names of the network's inputs (one-hot categories as `column=value`). */
  readonly inputs: string[];
  readonly target: string;
  readonly loss: string;
  readonly rows: number;
  readonly trainRows: number;
  readonly plane: Plane | null;
  /**
   * The rows drawn on the plane: all of them, or an even sample of a large file; the next three
   * hold one entry per drawn row (a file of a million rows is not sent to the page).
   */
  readonly drawn: Uint32Array;
  /** Raw plane coordinates, 2 per drawn row (with a plane). */
  readonly points: Float32Array | null;
  /** Per drawn row: class index, or the raw target value. */
  readonly values: Float64Array;
  readonly isValidation: Uint8Array;
  /** The smallest and largest target value over all rows (the regression colour scale). */
  readonly valueRange: [number, number];
  /** The first training row (for the step-through's first example). */
  readonly firstTraining: number;
  /** The encoded inputs of the first row, for the formula tooltip when there is no plane. */
  readonly firstInput: number[];
  /** A regression target's scaling: value = output · scale + center. */
  readonly targetScale: { readonly center: number; readonly scale: number } | null;
  /** True when the network is one layer of step units, trained by the perceptron rule. */
  readonly perceptron: boolean;
  /** Things the page should say about this setup (e.g. hidden layers unused by a perceptron). */
  readonly notes: string[];
  /** Set when the network came from an imported model file. */
  readonly imported?: { hidden: number[]; activation: string; dropout: number };
}

/** One layer of the step-through: the numbers of one example going forward, back, and the update. */
export interface TraceLayer {
  readonly activation: string;
  readonly inputs: number;
  readonly units: number;
  /** Weights `[inputs × units]` and biases before the update. */
  readonly w: number[];
  readonly b: number[];
  /** z = Σ w·x + b and a = f(z), per unit. */
  readonly z: number[];
  readonly a: number[];
  /** δ = ∂L/∂z per unit (null for the perceptron rule, which has no gradient). */
  readonly delta: number[] | null;
  /** ∂L/∂w = a_in·δ and ∂L/∂b = δ (null for the perceptron rule). */
  readonly gw: number[] | null;
  readonly gb: number[] | null;
  readonly wAfter: number[];
  readonly bAfter: number[];
}

/** One example through the network: forward, loss, backward and one update of plain gradient descent. */
export interface Trace {
  readonly row: number;
  /** The example in words (its features and label). */
  readonly where: string;
  /** Where it sits on the plane (raw units), to mark it there. */
  readonly point: [number, number] | null;
  readonly x: number[];
  readonly t: number[];
  readonly loss: string;
  readonly lossValue: number;
  readonly lr: number;
  readonly reg: Settings['reg'];
  readonly regRate: number;
  readonly perceptron: boolean;
  readonly layers: TraceLayer[];
}

export type FromWorker =
  | { type: 'ready'; data: DataView; snapshot: Snapshot }
  | { type: 'snapshot'; snapshot: Snapshot; playing: boolean }
  | { type: 'columns'; name: string; rows: number; columns: string[]; featureX: string; featureY: string; target: string }
  | { type: 'progress'; text: string }
  | { type: 'trace'; trace: Trace }
  | { type: 'backend'; text: string }
  | { type: 'model'; text: string }
  | { type: 'predicted'; id: number; outputs: number[][] }
  /** `fatal`: nothing could be set up, so the page clears what it drew; `diverged`: training stopped on an infinite loss. */
  | { type: 'error'; message: string; fatal: boolean; diverged?: boolean };

/** Fine grid of the decision regions, coarse grid of the neuron heat-maps. */
export const GRID = 64;
export const NEURON_GRID = 20;
/** Points drawn on the plane at most: a larger file is drawn as an even sample. */
export const MAX_DRAWN = 3000;
