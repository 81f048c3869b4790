import { plainArray } from '../core/float32.js';
import type { Parameter } from '../nn/layers.js';
import type { TrainState } from './options.js';

type EarlyState = NonNullable<TrainState['early']>;

/**
 * Early stopping on validation loss: remembers the tensors of the best epoch (the parameters, then
 * the layers' buffers such as a batch norm's running statistics) and stops after `patience` epochs
 * without an improvement larger than `minDelta`; at the end of training the network gets them back
 * (unless restoreBest is false).
 */
export class EarlyStopping {
  private best = Infinity;
  private wait = 0;
  bestEpoch = 0;
  private readonly saved: Float32Array[];
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly restore: boolean;

  constructor(private readonly params: readonly Parameter[], o: { patience: number; minDelta?: number; restoreBest?: boolean }) {
    this.patience = o.patience;
    this.minDelta = o.minDelta ?? 0;
    this.restore = o.restoreBest ?? true;
    this.saved = params.map((p) => new Float32Array(p.tensor.size));
  }

  /** Records an epoch's validation loss; true when training should stop. */
  update(epoch: number, valLoss: number): boolean {
    if (valLoss < this.best - this.minDelta) {
      this.best = valLoss;
      this.bestEpoch = epoch;
      this.wait = 0;
      this.params.forEach((p, i) => this.saved[i].set(p.tensor.data));
      return false;
    }
    this.wait++;
    return this.wait >= this.patience;
  }

  /** Puts the best epoch's weights and running statistics back into the network. */
  restoreBest(): void {
    if (!this.restore || this.bestEpoch === 0) return;
    this.params.forEach((p, i) => p.tensor.data.set(this.saved[i]));
  }

  getState(): EarlyState {
    return { best: this.best, wait: this.wait, bestEpoch: this.bestEpoch, weights: this.saved.map(plainArray) };
  }

  setState(s: EarlyState): void {
    this.best = s.best ?? Infinity;
    this.wait = s.wait;
    this.bestEpoch = s.bestEpoch;
    s.weights?.forEach((w, i) => this.saved[i]?.set(w));
  }
}
