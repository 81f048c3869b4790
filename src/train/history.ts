import type { EpochLog } from './options.js';

// Note [history columns]: with a full batch an epoch is one step, and a tiny network's step costs
// well under a microsecond, so an object kept per epoch is a cost of its own: allocating and
// keeping each one alive is a sizeable share of such a step (bench/notes.md, Note [history
// columns]). So the loop writes each epoch's numbers into one growing Float64Array, and the
// EpochLog records are made when someone reads them: fit's result,
// an epoch callback's `history`, the Trainer's. Reading gives the same records, in the same key
// order, with the same numbers (float64 holds them exactly).

/** Records per chunk: storage grows a chunk at a time, never copying what it holds. */
const CHUNK = 4096;

/**
 * The records of a training run: those it resumed from, then one per epoch it trained, kept as
 * numbers until read (Note [history columns]).
 */
export class History {
  /** Numbers per epoch: epoch, loss, metric, lr, then valLoss and valMetric with validation. */
  private readonly width: number;
  private readonly chunks: Float64Array[] = [];
  private added = 0;
  /** The records made so far (the resumed ones, then those read since). */
  private readonly made: EpochLog[];
  private readonly resumed: number;

  /**
   * @param before records of the run this one resumes
   * @param classifier accuracy (true) or mean absolute error (false) as the metric
   * @param validation whether the records have the validation fields
   */
  constructor(before: readonly EpochLog[], private readonly classifier: boolean, private readonly validation: boolean) {
    this.made = [...before];
    this.resumed = before.length;
    this.width = validation ? 6 : 4;
  }

  /** Number of records. */
  get length(): number {
    return this.resumed + this.added;
  }

  /** Records an epoch (the validation numbers are ignored without validation). */
  add(epoch: number, loss: number, metric: number, valLoss: number, valMetric: number, lr: number): void {
    const slot = this.added % CHUNK;
    if (slot === 0) this.chunks.push(new Float64Array(CHUNK * this.width));
    const v = this.chunks[this.chunks.length - 1];
    const at = slot * this.width;
    v[at] = epoch;
    v[at + 1] = loss;
    v[at + 2] = metric;
    v[at + 3] = lr;
    if (this.validation) {
      v[at + 4] = valLoss;
      v[at + 5] = valMetric;
    }
    this.added++;
  }

  /** The last record, made afresh (not kept). */
  last(): EpochLog {
    return this.record(this.added - 1);
  }

  /** Every record, oldest first. The array is kept and extended by later calls: do not modify it. */
  records(): readonly EpochLog[] {
    for (let i = this.made.length - this.resumed; i < this.added; i++) this.made.push(this.record(i));
    return this.made;
  }

  // key order as the loop always wrote it: epoch, loss, metric, validation, lr
  private record(i: number): EpochLog {
    const v = this.chunks[Math.floor(i / CHUNK)];
    const at = (i % CHUNK) * this.width;
    const epoch = v[at], loss = v[at + 1], metric = v[at + 2], lr = v[at + 3];
    if (!this.validation) return this.classifier ? { epoch, loss, accuracy: metric, lr } : { epoch, loss, mae: metric, lr };
    const valLoss = v[at + 4], valMetric = v[at + 5];
    return this.classifier
      ? { epoch, loss, accuracy: metric, valLoss, valAccuracy: valMetric, lr }
      : { epoch, loss, mae: metric, valLoss, valMae: valMetric, lr };
  }
}
