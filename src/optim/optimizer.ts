import type { Data, UpdateParams } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { checkChoice, checkNumber } from '../core/assert.js';
import { ArgumentError } from '../core/errors.js';
import { plainArray } from '../core/float32.js';
import type { Parameter } from '../nn/layers.js';
import { blocksFor, ensureGradients, type Run, runs } from './flat.js';

/** The optimizers; `momentum` and `nesterov` are SGD with momentum 0.9, `adamw` Adam with decoupled decay. */
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
/** The name of an optimizer. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hyperparameters; anything left out takes PyTorch's default for that optimizer. */
export interface OptimizerOptions {
  /** Learning rate (sgd 1e-3, adagrad 1e-2, rmsprop 1e-2, adam 1e-3). */
  readonly lr?: number;
  /** L2 weight decay λ on weights, never biases (0; adamw 1e-2, decoupled). */
  readonly weightDecay?: number;
  /** Momentum μ (momentum and nesterov 0.9, sgd and rmsprop 0). */
  readonly momentum?: number;
  /** SGD dampening (0). */
  readonly dampening?: number;
  /** Adam β1 (0.9). */
  readonly beta1?: number;
  /** Adam β2 (0.999). */
  readonly beta2?: number;
  /** RMSprop smoothing α (0.99). */
  readonly alpha?: number;
  /** ε added after the square root (adam, rmsprop 1e-8; adagrad 1e-10). */
  readonly eps?: number;
  /** Adagrad learning-rate decay (0). */
  readonly lrDecay?: number;
}

/** An optimizer's state, to checkpoint and resume. */
export interface OptimizerState {
  readonly name: OptimizerName;
  readonly step: number;
  readonly lr: number;
  /** Per parameter name: its two state buffers (momentum / moments). */
  readonly slots: Readonly<Record<string, { readonly s1: readonly number[]; readonly s2: readonly number[] }>>;
}

/** An update's hyperparameters, one object kept and changed by each step (so a step allocates nothing). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// The update's hyperparameters for `name` from `o`, each checked, PyTorch's default where left out
// (step 0 and the weights' decay until a step sets them)
function resolve(name: OptimizerName, o: OptimizerOptions): Mutable<UpdateParams> {
  const where = name;
  const num = (key: keyof OptimizerOptions, dflt: number, range: Parameters<typeof checkNumber>[3]) =>
    checkNumber(where, key, o[key] ?? dflt, range);
  const weightDecay = num('weightDecay', name === 'adamw' ? 1e-2 : 0, { min: 0 });
  switch (name) {
    case 'sgd': case 'momentum': case 'nesterov': {
      const momentum = num('momentum', name === 'sgd' ? 0 : 0.9, { min: 0, max: 1, maxExclusive: true });
      const dampening = num('dampening', 0, { min: 0, max: 1 });
      if (name === 'nesterov' && (momentum === 0 || dampening !== 0)) {
        throw new ArgumentError('nesterov: needs momentum > 0 and dampening 0', { where: 'nesterov.momentum', expected: 'momentum > 0, dampening 0', received: `momentum ${momentum}, dampening ${dampening}` });
      }
      return { rule: 'sgd', lr: num('lr', 1e-3, { min: 0 }), weightDecay, step: 0, momentum, dampening, nesterov: name === 'nesterov' };
    }
    case 'adagrad':
      return { rule: 'adagrad', lr: num('lr', 1e-2, { min: 0 }), weightDecay, step: 0, eps: num('eps', 1e-10, { min: 0 }), lrDecay: num('lrDecay', 0, { min: 0 }) };
    case 'rmsprop':
      return {
        rule: 'rmsprop', lr: num('lr', 1e-2, { min: 0 }), weightDecay, step: 0, momentum: num('momentum', 0, { min: 0, max: 1, maxExclusive: true }),
        alpha: num('alpha', 0.99, { min: 0, max: 1 }), eps: num('eps', 1e-8, { min: 0 }),
      };
    case 'adam': case 'adamw':
      return {
        rule: 'adam', lr: num('lr', 1e-3, { min: 0 }), weightDecay, step: 0,
        beta1: num('beta1', 0.9, { min: 0, max: 1, maxExclusive: true }), beta2: num('beta2', 0.999, { min: 0, max: 1, maxExclusive: true }),
        eps: num('eps', 1e-8, { min: 0 }), decoupled: name === 'adamw',
      };
  }
}

/**
 * Gradient descent on a set of parameters, with PyTorch's update rules and defaults. The class
 * keeps the state (momentum, moments, step count); the update itself is the backend's `update`
 * kernel. Hyperparameters are checked here, so a bad one is an error now, not NaN later.
 * Parameters without a gradient buffer are given one, all in one block, and the state is kept the
 * same way, so that a network's parameters are updated in one kernel call (Note [flat parameters]).
 *
 * @example
 * ```ts
 * const opt = new Optimizer('adam', net.parameters(), { lr: 0.01 });
 * opt.zeroGrad(); backward(loss); opt.step();
 * ```
 */
export class Optimizer {
  readonly name: OptimizerName;
  readonly params: readonly Parameter[];
  /** The learning rate of the next step (schedules change it). */
  lr: number;
  /** The hyperparameters handed to the update kernel, one object reused so a step allocates nothing. */
  private readonly u: Mutable<UpdateParams>;
  /** The weights' decay (biases have none: Note [flat parameters] in flat.ts). */
  private readonly weightDecay: number;
  private readonly s1: Data[];
  private readonly s2: Data[];
  private steps = 0;
  /** The update calls of a step, and the gradient buffers they were made for. */
  private runs: Run[] = [];
  private readonly runGrads: (Data | null)[] = [];

  constructor(name: OptimizerName, params: readonly Parameter[], options: OptimizerOptions = {}) {
    this.name = checkChoice('optimizer', 'name', name, OPTIMIZERS);
    this.u = resolve(name, options);
    this.lr = this.u.lr;
    this.weightDecay = this.u.weightDecay;
    this.params = params;
    const needs2 = this.u.rule === 'adam' || this.u.rule === 'rmsprop';
    ensureGradients(params);
    this.s1 = blocksFor(params, (p) => p.tensor.size);
    this.s2 = blocksFor(params, (p) => (needs2 ? p.tensor.size : 0));
  }

  /** Number of steps taken. */
  get stepCount(): number {
    return this.steps;
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.steps++;
    const k = kernels();
    const u = this.u;
    u.lr = this.lr;
    u.step = this.steps;
    // the runs hold on to the gradient buffers they were made for: make them again if one changed
    for (let i = 0; i < this.params.length; i++) {
      if (this.params[i].tensor.grad !== this.runGrads[i]) {
        this.runs = runs(this.params, this.s1, this.s2, this.weightDecay);
        this.params.forEach((p, j) => { this.runGrads[j] = p.tensor.grad; });
        break;
      }
    }
    for (const r of this.runs) {
      u.weightDecay = r.weightDecay;
      k.update(r.w, r.g, r.s1, r.s2, u);
    }
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.tensor.grad?.fill(0);
  }

  /** The state to save in a checkpoint. */
  getState(): OptimizerState {
    const slots: Record<string, { s1: number[]; s2: number[] }> = {};
    this.params.forEach((p, i) => { slots[p.name] = { s1: plainArray(this.s1[i]), s2: plainArray(this.s2[i]) }; });
    return { name: this.name, step: this.steps, lr: this.lr, slots };
  }

  /** Restores a state saved by {@link Optimizer.getState}. */
  setState(state: OptimizerState): void {
    if (state.name !== this.name) {
      throw new ArgumentError(`optimizer state is for ${state.name}, not ${this.name}`, { where: 'optimizer', expected: this.name, received: state.name });
    }
    this.steps = state.step;
    this.lr = state.lr;
    this.params.forEach((p, i) => {
      const slot = state.slots[p.name];
      if (!slot || slot.s1.length !== this.s1[i].length || slot.s2.length !== this.s2[i].length) {
        throw new ArgumentError(`optimizer state has no matching slot for ${p.name}`, { where: p.name, expected: `${this.s1[i].length} values`, received: slot ? `${slot.s1.length}` : 'nothing' });
      }
      this.s1[i].set(slot.s1);
      this.s2[i].set(slot.s2);
    });
  }
}
