/**
 * One training session in the worker: the prepared data, the network and its trainer, and the
 * views the page draws (decision regions, neuron heat-maps, weights).
 */
import {
  INFERENCE, Network, noGrad, parseModel, scope, stringifyModel, takeRows, Tensor, toModelFile, Trainer, type LayerSpec, type LoadedModel,
} from '../../src/index.js';
import { parseCsv, Preprocessor, type Table } from '../../src/data/index.js';
import { prepare, type Plane, type Prepared } from './data.js';
import { GRID, NEURON_GRID, type DataView, type LayerView, type Snapshot } from './protocol.js';
import type { Settings } from './settings.js';

/** The network a person shaped: hidden layers (each followed by dropout when asked) and the output. */
function specOf(s: Settings, p: Prepared): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (const units of s.hidden) {
    layers.push({ units, activation: s.activation });
    if (s.dropout > 0) layers.push({ type: 'dropout', rate: s.dropout });
  }
  layers.push({ units: p.outputs, activation: p.outputActivation });
  return layers;
}

/** Raw plane coordinates of an n × n grid, scaled to network inputs, row by row from the top. */
function gridInputs(plane: Plane, n: number): Float32Array {
  const [x0, x1, y0, y1] = plane.extent;
  const out = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const x = x0 + ((c + 0.5) / n) * (x1 - x0);
      const y = y1 - ((r + 0.5) / n) * (y1 - y0);
      out[2 * (r * n + c)] = (x - plane.center[0]) / plane.scale[0];
      out[2 * (r * n + c) + 1] = (y - plane.center[1]) / plane.scale[1];
    }
  }
  return out;
}

export class Session {
  readonly prepared: Prepared;
  readonly net: Network;
  readonly trainer: Trainer;
  steps = 0;
  lastLoss: number | null = null;
  /** Epoch logs already sent to the page. */
  private sent = 0;
  private readonly fine: Float32Array | null;
  private readonly coarse: Float32Array | null;

  constructor(readonly settings: Settings, readonly table: Table, private readonly imported?: LoadedModel) {
    const fitted = imported ? Preprocessor.fromJSON(imported.meta.preprocessing, 'the imported model') : undefined;
    this.prepared = prepare(settings, table, fitted);
    const p = this.prepared;
    this.net = imported?.network ?? new Network({ inputs: p.x.cols, layers: specOf(settings, p), seed: settings.seed, loss: p.loss });
    // the page draws dense layers (dropout is the identity there); it refuses any other kind by name
    const other = this.net.layers.find((l) => l.type !== 'dense' && l.type !== 'dropout');
    if (other) throw new Error(`the playground draws networks of dense and dropout layers; this model has a ${other.type} layer`);
    if (this.net.inputs !== p.x.cols || this.net.outputs !== p.outputs) {
      throw new Error(`the model takes ${this.net.inputs} inputs and gives ${this.net.outputs} outputs; this data needs ${p.x.cols} and ${p.outputs}`);
    }
    const { train, validation } = p.split;
    this.trainer = new Trainer(this.net, takeRows(p.x, train), takeRows(p.t, train), {
      loss: imported?.meta.loss ?? p.loss, optimizer: settings.optimizer, lr: settings.lr,
      optimizerOptions: settings.weightDecay > 0 ? { weightDecay: settings.weightDecay } : {},
      batchSize: settings.batch > 0 ? settings.batch : 'full', seed: settings.seed,
      ...(validation.length > 0 ? { validationData: { x: takeRows(p.x, validation), y: takeRows(p.t, validation) } } : {}),
    });
    this.fine = p.plane ? gridInputs(p.plane, GRID) : null;
    this.coarse = p.plane ? gridInputs(p.plane, NEURON_GRID) : null;
  }

  /** Opens a model file: its network and preprocessing replace the settings' network. */
  static fromModel(settings: Settings, table: Table, name: string, text: string): Session {
    return new Session(settings, table, parseModel(text, name));
  }

  /** One batch, or up to the end of the current epoch (a whole epoch when at its start). */
  step(unit: 'batch' | 'epoch'): void {
    do this.stepBatch();
    while (unit === 'epoch' && this.trainer.batch !== 0);
  }

  /** One batch (the trainer has no epoch limit, so there always is a next one). */
  stepBatch(): void {
    const s = this.trainer.step();
    if (s === null) return;
    this.lastLoss = s.loss;
    this.steps++;
  }

  dataView(): DataView {
    const p = this.prepared;
    const pre = p.preprocessor.toJSON();
    const inputs = pre.features.flatMap((f) => (f.kind === 'numeric' ? [f.name] : f.categories.map((c) => `${f.name}=${c}`)));
    const dense = this.net.dense;
    const dropout = this.net.layers.find((l) => l.type === 'dropout')?.config() as { rate: number } | undefined;
    return {
      task: p.preprocessor.task, classes: p.preprocessor.classes ?? null, inputs, target: p.preprocessor.target, loss: this.trainer.loss,
      rows: p.x.rows, trainRows: this.trainer.trainRows, plane: p.plane, points: p.points, values: p.values,
      isValidation: p.isValidation, firstInput: Array.from(p.x.data.subarray(0, p.x.cols)),
      ...(this.imported ? { imported: { hidden: dense.slice(0, -1).map((d) => d.units), activation: dense[0].activation, dropout: dropout?.rate ?? 0 } } : {}),
    };
  }

  /** The views of the model now; the history holds only the epochs not sent before. */
  snapshot(): Snapshot {
    const t = this.trainer;
    const from = this.sent;
    this.sent = t.history.length;
    const layers: LayerView[] = this.net.dense.map((d) => ({
      units: d.units, activation: d.activation, weights: Float32Array.from(d.weights.data), bias: Float32Array.from(d.bias.data),
    }));
    return {
      epoch: t.epoch, batch: t.batch, batches: t.batches, steps: this.steps, lastLoss: this.lastLoss, layers,
      historyFrom: from, history: t.history.slice(from),
      region: this.fine ? this.region(this.fine) : null,
      neurons: this.coarse ? this.layerOutputs(this.coarse, NEURON_GRID * NEURON_GRID) : null,
    };
  }

  /** The outputs on the fine grid; a regression's in the target's own units, as the points are coloured. */
  private region(grid: Float32Array): Float32Array {
    const y = this.net.predictFlat(grid, GRID * GRID);
    const p = this.prepared.preprocessor;
    return p.task === 'regression' ? Float32Array.from(p.decodeTarget(y)) : y;
  }

  /** The inputs and every dense layer's outputs for rows of inputs (inference: dropout is the identity). */
  private layerOutputs(x: Float32Array, rows: number): Float32Array[] {
    const out = [Float32Array.from(x)];
    scope(() => noGrad(() => {
      let h = new Tensor(x, [rows, this.net.inputs]);
      for (const l of this.net.layers) {
        h = l.forward(h, INFERENCE);
        if (l.type === 'dense') out.push(Float32Array.from(h.data));
      }
    }));
    return out;
  }

  /** The model file the command line reads: network, loss, task, classes and preprocessing. */
  modelText(): string {
    const p = this.prepared.preprocessor;
    return stringifyModel(toModelFile(this.net, {
      loss: this.trainer.loss, task: p.task, features: p.features, target: p.target, ...(p.classes ? { classes: p.classes } : {}),
      preprocessing: p.toJSON(),
    }));
  }

  /** The network's outputs for the rows of a CSV text, encoded by the session's preprocessing. */
  predict(csv: string): number[][] {
    const m = this.prepared.preprocessor.transform(parseCsv(csv, 'rows.csv'));
    return this.net.predict(m);
  }
}
