import { checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';

/** A learning-rate schedule, applied at the end of each epoch (PyTorch's lr_scheduler rules). */
export type ScheduleSpec =
  /** lr = base · γ^⌊epoch / stepSize⌋ (StepLR; γ 0.1). */
  | { readonly type: 'step'; readonly stepSize: number; readonly gamma?: number }
  /** lr = base · γ^epoch (ExponentialLR). */
  | { readonly type: 'exponential'; readonly gamma: number }
  /** lr = ηmin + (base − ηmin)(1 + cos(π·epoch/tMax))/2 (CosineAnnealingLR; ηmin 0). */
  | { readonly type: 'cosine'; readonly tMax: number; readonly etaMin?: number }
  /** Multiply lr by `factor` (0.1) after `patience` (10) epochs without relative improvement `threshold` (1e-4) of the monitored loss (ReduceLROnPlateau). */
  | { readonly type: 'plateau'; readonly factor?: number; readonly patience?: number; readonly threshold?: number; readonly minLr?: number; readonly cooldown?: number };

/** A schedule's state, for checkpoints. */
export interface ScheduleState {
  readonly lr: number;
  readonly best: number;
  readonly bad: number;
  readonly cooldown: number;
}

/**
 * Computes each epoch's learning rate from a {@link ScheduleSpec}.
 *
 * @example
 * ```ts
 * const s = new Scheduler({ type: 'step', stepSize: 10, gamma: 0.5 }, 0.1);
 * s.next(10, loss); // 0.05
 * ```
 */
export class Scheduler {
  private readonly spec: ScheduleSpec;
  private readonly base: number;
  private lr: number;
  private best = Infinity;
  private bad = 0;
  private cooling = 0;

  constructor(spec: ScheduleSpec, baseLr: number) {
    this.spec = spec;
    this.base = baseLr;
    this.lr = baseLr;
    validate(spec);
  }

  /** The learning rate after `epoch` completed epochs, given the epoch's monitored loss. */
  next(epoch: number, loss: number): number {
    const s = this.spec;
    switch (s.type) {
      case 'step': this.lr = this.base * Math.pow(s.gamma ?? 0.1, Math.floor(epoch / s.stepSize)); break;
      case 'exponential': this.lr = this.base * Math.pow(s.gamma, epoch); break;
      case 'cosine': {
        const etaMin = s.etaMin ?? 0;
        this.lr = etaMin + ((this.base - etaMin) * (1 + Math.cos((Math.PI * Math.min(epoch, s.tMax)) / s.tMax))) / 2;
        break;
      }
      case 'plateau': this.plateau(s, loss); break;
    }
    return this.lr;
  }

  private plateau(s: Extract<ScheduleSpec, { type: 'plateau' }>, loss: number): void {
    if (loss < this.best * (1 - (s.threshold ?? 1e-4))) {
      this.best = loss;
      this.bad = 0;
    } else {
      this.bad++;
    }
    if (this.cooling > 0) {
      this.cooling--;
      this.bad = 0;
    }
    if (this.bad > (s.patience ?? 10)) {
      this.lr = Math.max(this.lr * (s.factor ?? 0.1), s.minLr ?? 0);
      this.cooling = s.cooldown ?? 0;
      this.bad = 0;
    }
  }

  /** State for a checkpoint. */
  getState(): ScheduleState {
    return { lr: this.lr, best: this.best, bad: this.bad, cooldown: this.cooling };
  }

  /** Restores {@link Scheduler.getState}. */
  setState(state: ScheduleState): void {
    this.lr = state.lr;
    this.best = state.best ?? Infinity;
    this.bad = state.bad;
    this.cooling = state.cooldown;
  }
}

function validate(s: ScheduleSpec): void {
  const w = `schedule ${s.type}`;
  switch (s.type) {
    case 'step': checkNumber(w, 'stepSize', s.stepSize, { min: 1, integer: true }); checkNumber(w, 'gamma', s.gamma ?? 0.1, { min: 0 }); return;
    case 'exponential': checkNumber(w, 'gamma', s.gamma, { min: 0 }); return;
    case 'cosine': checkNumber(w, 'tMax', s.tMax, { min: 1, integer: true }); checkNumber(w, 'etaMin', s.etaMin ?? 0, { min: 0 }); return;
    case 'plateau':
      checkNumber(w, 'factor', s.factor ?? 0.1, { min: 0, max: 1, maxExclusive: true });
      checkNumber(w, 'patience', s.patience ?? 10, { min: 0, integer: true });
      return;
    default:
      throw new ArgumentError(`unknown learning-rate schedule ${JSON.stringify((s as { type: unknown }).type)} (expected step, exponential, cosine or plateau)`, {
        where: 'schedule.type', expected: 'step, exponential, cosine or plateau', received: String((s as { type: unknown }).type),
      });
  }
}
