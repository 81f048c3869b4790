/** The messages between the page and the training worker. */
import type { EpochLog } from '../../src/index.js';
import type { Plane } from './data.js';
import type { Settings } from './settings.js';

/** A CSV file the person dropped in. */
export interface CsvFile {
  readonly name: string;
  readonly text: string;
}

export type ToWorker =
  | { type: 'setup'; settings: Settings; csv: CsvFile | null }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; unit: 'batch' | 'epoch' }
  | { type: 'export' }
  | { type: 'import'; name: string; text: string }
  | { type: 'predict'; id: number; csv: string };

/** One dense layer as drawn: its activation and current weights `[inputs × units]` and bias. */
export interface LayerView {
  readonly units: number;
  readonly activation: string;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** What the page shows of the model while it trains. */
export interface Snapshot {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly steps: number;
  readonly lastLoss: number | null;
  /** The epoch logs from epoch `historyFrom + 1` on (the page keeps the earlier ones). */
  readonly historyFrom: number;
  readonly history: readonly EpochLog[];
  readonly layers: readonly LayerView[];
  /** Output values on the fine grid, `[GRID², outputs]` (with a plane). */
  readonly region: Float32Array | null;
  /** Each layer's outputs on the coarse grid, inputs first: `[NEURON_GRID², units]` per layer. */
  readonly neurons: Float32Array[] | null;
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
  readonly points: Float32Array | null;
  readonly values: Float64Array;
  readonly isValidation: Uint8Array;
  /** The encoded inputs of the first row, for the formula tooltip when there is no plane. */
  readonly firstInput: number[];
  /** Set when the network came from an imported model file. */
  readonly imported?: { hidden: number[]; activation: string; dropout: number };
}

export type FromWorker =
  | { type: 'ready'; data: DataView; snapshot: Snapshot }
  | { type: 'snapshot'; snapshot: Snapshot; playing: boolean }
  | { type: 'model'; text: string }
  | { type: 'predicted'; id: number; outputs: number[][] }
  | { type: 'error'; message: string };

/** Fine grid of the decision regions, coarse grid of the neuron heat-maps. */
export const GRID = 64;
export const NEURON_GRID = 20;
