/**
 * One training session in the worker: the prepared data, the network, its optimizer and trainer,
 * and what the page draws of them. Changing the learning rate, the optimizer, the batch size or
 * the regularisation keeps the network and goes on training it.
 */
import {
  Network, Optimizer, parseCsv, parseModel, Preprocessor, stringifyModel, takeRows, toModelFile, Trainer,
  type ColumnTable, type EpochLog, type LayerSpec, type LoadedModel,
} from '../../src/index.js';
import { drawnRows, prepare, type Prepared } from './data.js';
import { GRID, NEURON_GRID, type DataView, type LayerView, type Snapshot, type Trace } from './protocol.js';
import type { Settings } from './settings.js';
import { shrinkL1, traceExample } from './trace.js';
import { costsOf, gridInputs, layerOutputs, regionOf, valueRange } from './views-of-model.js';

/** The network a person shaped: hidden layers (each followed by dropout when asked) and the output. */
function specOf(s: Settings, p: Prepared): LayerSpec[] {
  // a step network is one layer of perceptrons: the perceptron rule trains no hidden layer
  if (p.perceptron) return [{ units: p.outputs, activation: 'step' }];
  const layers: LayerSpec[] = [];
  for (const units of s.hidden) {
    layers.push({ units, activation: s.activation });
    if (s.dropout > 0) layers.push({ type: 'dropout', rate: s.dropout });
  }
  layers.push({ units: p.outputs, activation: p.outputActivation });
  return layers;
}

const copy = (d: ArrayLike<number>): Float32Array => Float32Array.from(d);

export class Session {
  readonly prepared: Prepared;
  readonly net: Network;
  private optimizer!: Optimizer;
  private trainer!: Trainer;
  private settings: Settings;
  steps = 0;
  /** Epochs finished by earlier trainers (a retune starts a new one on the same network). */
  private epochsBefore = 0;
  private readonly history: EpochLog[] = [];
  private readonly epochEnds: number[] = [];
  private losses: number[] = [];
  private lossesFrom = 0;
  /** Epoch logs already sent to the page. */
  private sent = 0;
  /** The parameters before the last step, and that step's gradients (kept to show them). */
  private before: Float32Array[];
  private lastGrad: (Float32Array | null)[] | null = null;
  private lastChange: Float32Array[] | null = null;
  private trace: Trace | null = null;
  private readonly fine: Float32Array | null;
  private readonly coarse: Float32Array | null;
  private readonly drawn: Uint32Array;
  private readonly trainRows: Uint32Array;

  constructor(settings: Settings, readonly table: ColumnTable, private readonly imported?: LoadedModel) {
    this.settings = settings;
    const fitted = imported ? Preprocessor.fromJSON(imported.meta.preprocessing, 'the imported model') : undefined;
    this.prepared = prepare(settings, table, fitted);
    const p = this.prepared;
    this.net = imported?.network ?? new Network({ inputs: p.x.cols, layers: specOf(settings, p), seed: settings.weightSeed, loss: p.loss });
    // the page draws dense layers (dropout is the identity there); it refuses any other kind by name
    const other = this.net.layers.find((l) => l.type !== 'dense' && l.type !== 'dropout');
    if (other) throw new Error(`the playground draws networks of dense and dropout layers; this model has a ${other.type} layer`);
    if (this.net.inputs !== p.x.cols || this.net.outputs !== p.outputs) {
      throw new Error(`the model takes ${this.net.inputs} inputs and gives ${this.net.outputs} outputs; this data needs ${p.x.cols} and ${p.outputs}`);
    }
    this.trainRows = p.split.train;
    this.before = this.net.parameters().map((q) => copy(q.tensor.data));
    this.retune(settings, true);
    this.fine = p.plane ? gridInputs(p.plane, GRID) : null;
    this.coarse = p.plane ? gridInputs(p.plane, NEURON_GRID) : null;
    this.drawn = drawnRows(p.x.rows);
  }

  /** Opens a model file: its network and preprocessing replace the settings' network. */
  static fromModel(settings: Settings, table: ColumnTable, name: string, text: string): Session {
    return new Session(settings, table, parseModel(text, name));
  }

  /** Takes a new learning rate, optimizer, batch size or regularisation, keeping the weights. */
  retune(s: Settings, first = false): void {
    const old = this.settings;
    this.settings = s;
    const sameRule = !first && s.optimizer === old.optimizer && s.batch === old.batch && s.reg === old.reg && s.regRate === old.regRate;
    if (sameRule) {
      this.optimizer.lr = s.lr;
      return;
    }
    const weightDecay = s.reg === 'l2' ? s.regRate : 0;
    const next = new Optimizer(s.optimizer, this.net.parameters(), { lr: s.lr, weightDecay });
    // the same optimizer keeps its momentum and moments
    if (!first && s.optimizer === old.optimizer) {
      next.setState(this.optimizer.getState());
      next.lr = s.lr;
    }
    this.optimizer = next;
    if (!first) this.epochsBefore += this.trainer.epoch - (this.trainer.batch > 0 ? 1 : 0);
    const p = this.prepared;
    const { train, validation } = p.split;
    this.trainer = new Trainer(this.net, takeRows(p.x, train), takeRows(p.t, train), {
      loss: this.imported?.meta.loss ?? p.loss, optimizer: next, lr: s.lr,
      batchSize: s.batch > 0 ? s.batch : 'full', seed: s.seed + this.epochsBefore,
      ...(validation.length > 0 ? { validationData: { x: takeRows(p.x, validation), y: takeRows(p.t, validation) } } : {}),
    });
  }

  /** One batch, or up to the end of the current epoch (a whole epoch when at its start). */
  step(unit: 'batch' | 'epoch'): void {
    do this.stepBatch();
    while (unit === 'epoch' && this.trainer.batch !== 0);
  }

  /** One batch (the trainer has no epoch limit, so there always is a next one). */
  stepBatch(): void {
    const params = this.net.parameters();
    params.forEach((q, i) => this.before[i].set(q.tensor.data));
    const s = this.trainer.step();
    if (s === null) return;
    if (this.settings.reg === 'l1' && !this.prepared.perceptron) shrinkL1(this.net.dense, this.optimizer.lr * this.settings.regRate);
    this.lastGrad = params.map((q) => (this.prepared.perceptron || !q.tensor.grad ? null : q.tensor.grad as Float32Array));
    this.lastChange = null;
    this.steps++;
    this.losses.push(s.loss);
    if (s.log) {
      this.history.push({ ...s.log, epoch: this.epochsBefore + s.log.epoch });
      this.epochEnds.push(this.steps);
    }
  }

  /** Sets one weight or bias (the person edited it), and shows it as the last change. */
  setParam(layer: number, bias: boolean, index: number, value: number): void {
    const d = this.net.dense[layer];
    const data = (bias ? d.bias : d.weights).data;
    if (!Number.isFinite(value) || index < 0 || index >= data.length) throw new Error(`a weight must be a number; got ${value}`);
    this.net.parameters().forEach((q, i) => this.before[i].set(q.tensor.data));
    data[index] = value;
    this.lastChange = null;
  }

  /** The step-through of one training row (indices into the whole table). */
  explain(row: number): Trace {
    const p = this.prepared;
    const cols = p.x.cols;
    const x = p.x.data.subarray(row * cols, (row + 1) * cols);
    const t = p.t.data.subarray(row * p.t.cols, (row + 1) * p.t.cols);
    const cells = p.table.columns.map((c, j) => `${c} = ${p.table.column(j).text(row)}`).join(', ');
    const s = this.settings;
    this.trace = traceExample(this.net, Float32Array.from(x), Float32Array.from(t), {
      loss: this.trainer.loss, lr: this.optimizer.lr, reg: s.reg, regRate: s.regRate, perceptron: p.perceptron,
    }, row, `row ${row + 1}: ${cells}`, p.points ? [p.points[2 * row], p.points[2 * row + 1]] : null);
    return this.trace;
  }

  /** Applies the step-through's update to the network: one step of gradient descent on one example. */
  applyTrace(): void {
    if (!this.trace) throw new Error('pick an example first');
    const params = this.net.parameters();
    params.forEach((q, i) => this.before[i].set(q.tensor.data));
    this.net.dense.forEach((d, i) => {
      d.weights.data.set(this.trace!.layers[i].wAfter);
      d.bias.data.set(this.trace!.layers[i].bAfter);
    });
    this.lastGrad = this.trace.layers.flatMap((l) => [l.gw ? copy(l.gw) : null, l.gb ? copy(l.gb) : null]);
    this.lastChange = null;
  }

  dataView(): DataView {
    const p = this.prepared;
    const pre = p.preprocessor.toJSON();
    const inputs = p.preprocessor.inputNames;
    const dense = this.net.dense;
    const dropout = this.net.layers.find((l) => l.type === 'dropout')?.config() as { rate: number } | undefined;
    const target = pre.target;
    const notes = p.perceptron && this.settings.hidden.length > 0
      ? ['The step activation makes one layer of perceptrons, trained by the perceptron rule: the hidden layers are not used.'] : [];
    return {
      task: p.preprocessor.task, classes: p.preprocessor.classes ?? null, inputs, target: p.preprocessor.target, loss: this.trainer.loss,
      rows: p.x.rows, trainRows: this.trainer.trainRows, plane: p.plane, drawn: this.drawn,
      points: p.points ? Float32Array.from({ length: 2 * this.drawn.length }, (_, k) => (p.points as Float32Array)[2 * this.drawn[k >> 1] + (k & 1)]) : null,
      values: Float64Array.from(this.drawn, (i) => p.values[i]), isValidation: Uint8Array.from(this.drawn, (i) => p.isValidation[i]),
      valueRange: valueRange(p.values), firstTraining: Math.max(0, p.isValidation.indexOf(0)),
      firstInput: Array.from(p.x.data.subarray(0, p.x.cols)),
      targetScale: target.task === 'regression' ? { center: target.center, scale: target.scale } : null,
      perceptron: p.perceptron, notes,
      ...(this.imported ? { imported: { hidden: dense.slice(0, -1).map((d) => d.units), activation: dense[0].activation, dropout: dropout?.rate ?? 0 } } : {}),
    };
  }

  /** The views of the model now; the history and losses hold only what was not sent before. */
  snapshot(): Snapshot {
    const t = this.trainer;
    const from = this.sent;
    this.sent = this.history.length;
    const lossesFrom = this.lossesFrom;
    const losses = Float32Array.from(this.losses);
    this.lossesFrom += this.losses.length;
    this.losses = [];
    const params = this.net.parameters();
    this.lastChange ??= params.map((q, i) => Float32Array.from(q.tensor.data, (v, j) => v - this.before[i][j]));
    const moved = this.steps > 0 || this.lastGrad !== null || this.lastChange.some((c) => c.some((v) => v !== 0));
    const layers: LayerView[] = this.net.dense.map((d, i) => ({
      units: d.units, activation: d.activation, weights: copy(d.weights.data), bias: copy(d.bias.data),
      gradWeights: this.lastGrad?.[2 * i] ? copy(this.lastGrad[2 * i] as Float32Array) : null,
      gradBias: this.lastGrad?.[2 * i + 1] ? copy(this.lastGrad[2 * i + 1] as Float32Array) : null,
      changeWeights: moved ? (this.lastChange as Float32Array[])[2 * i] : null,
      changeBias: moved ? (this.lastChange as Float32Array[])[2 * i + 1] : null,
    }));
    const p = this.prepared;
    return {
      epoch: this.epochsBefore + t.epoch - (t.batch > 0 ? 1 : 0), batch: t.batch, batches: t.batches, steps: this.steps, layers,
      historyFrom: from, history: this.history.slice(from), epochEnds: this.epochEnds.slice(from), lossesFrom, losses,
      region: this.fine ? regionOf(this.net, p, this.fine, GRID * GRID) : null,
      neurons: this.coarse ? layerOutputs(this.net, this.coarse, NEURON_GRID * NEURON_GRID) : null,
      costs: costsOf(this.net, p, this.trainRows),
    };
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
