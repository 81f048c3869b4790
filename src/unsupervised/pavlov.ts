/**
 * Classical conditioning (Pavlov's dog) as one neuron that learns by Hebb's rule. Salivation is a
 * threshold unit with two inputs: food, joined by a fixed innate connection, and a bell, whose
 * connection starts at 0. The neuron salivates when w_food·food + w_bell·bell ≥ threshold.
 *
 * Note [conditioning rule]: the bell's connection learns by
 *   Δw_bell = η · bell · (w_food · food − w_bell),
 * Hebb's product of the bell (presynaptic) and the activity the food drives in the neuron
 * (postsynaptic), with a decay of w_bell while the bell sounds (Grossberg's outstar rule; for one
 * cue the same update as Rescorla and Wagner's). Bell and food together: w_bell grows toward
 * w_food (bounded, unlike plain Hebb) until the bell alone crosses the threshold (conditioning).
 * The bell without food: the Hebbian term is 0 and w_bell decays by (1 − η) a trial until the
 * bell alone no longer fires (extinction). Food alone, or nothing: w_bell stays (no bell, no
 * change, so the association is not forgotten between trials). With the defaults (η 0.2,
 * threshold 0.5, w_food 1) w_bell after n pairings is 1 − 0.8ⁿ: 0.488 after 3 (no), 0.590 after 4,
 * so the bell alone fires after N = 4 paired trials; after 6 pairings (0.738) two bell-alone
 * trials bring it to 0.472, below the threshold.
 */
import { checkNumber } from '../core/assert.js';

/** What the neuron is shown in one trial. */
export interface Stimulus {
  readonly bell: boolean;
  readonly food: boolean;
}

/** One trial: what was shown, what the neuron did, and its bell weight before and after. */
export interface PavlovTrial extends Stimulus {
  /** 1-based. */
  readonly trial: number;
  readonly bellWeightBefore: number;
  /** w_food·food + w_bell·bell. */
  readonly drive: number;
  readonly salivates: boolean;
  readonly bellWeight: number;
}

/** The neuron's constants. */
export interface PavlovOptions {
  /** η (default 0.2). */
  readonly lr?: number;
  /** The drive at which it salivates (default 0.5). */
  readonly threshold?: number;
  /** The fixed food → salivation weight (default 1). */
  readonly foodWeight?: number;
}

/**
 * A salivation neuron with a fixed food connection and a learnt bell connection (Note
 * [conditioning rule]).
 *
 * @example
 * ```ts
 * const dog = new PavlovNeuron();
 * dog.present({ bell: true, food: false }).salivates; // false: the bell means nothing yet
 * for (let i = 0; i < 4; i++) dog.present({ bell: true, food: true });
 * dog.present({ bell: true, food: false }).salivates; // true: conditioned
 * ```
 */
export class PavlovNeuron {
  readonly lr: number;
  readonly threshold: number;
  readonly foodWeight: number;
  /** The learnt bell → salivation weight (starts at 0). */
  bellWeight = 0;
  private trials = 0;

  constructor(options: PavlovOptions = {}) {
    this.lr = checkNumber('PavlovNeuron', 'lr', options.lr ?? 0.2, { min: 0, max: 1, minExclusive: true });
    this.threshold = checkNumber('PavlovNeuron', 'threshold', options.threshold ?? 0.5, { min: 0, minExclusive: true });
    this.foodWeight = checkNumber('PavlovNeuron', 'foodWeight', options.foodWeight ?? 1, { min: this.threshold });
  }

  /** Whether the neuron would salivate to a stimulus now (no learning). */
  respond(s: Stimulus): { drive: number; salivates: boolean } {
    const drive = this.foodWeight * Number(s.food) + this.bellWeight * Number(s.bell);
    return { drive, salivates: drive >= this.threshold };
  }

  /** Shows a stimulus: the neuron responds, then its bell weight learns (Note [conditioning rule]). */
  present(s: Stimulus): PavlovTrial {
    const before = this.bellWeight;
    const { drive, salivates } = this.respond(s);
    this.bellWeight += this.lr * Number(s.bell) * (this.foodWeight * Number(s.food) - this.bellWeight);
    return { trial: ++this.trials, bell: s.bell, food: s.food, bellWeightBefore: before, drive, salivates, bellWeight: this.bellWeight };
  }
}

/**
 * The conditioning experiment: the bell alone (nothing), food alone (salivation, the innate
 * response), `pairings` trials of bell and food, then `extinction` trials of the bell alone.
 *
 * @example
 * ```ts
 * pavlov().map((t) => t.salivates); // [false, true, true ×6, true, true, false, false, false, false]
 * ```
 */
export function pavlov(options: PavlovOptions & { pairings?: number; extinction?: number } = {}): PavlovTrial[] {
  const pairings = checkNumber('pavlov', 'pairings', options.pairings ?? 6, { min: 0, integer: true });
  const extinction = checkNumber('pavlov', 'extinction', options.extinction ?? 6, { min: 0, integer: true });
  const dog = new PavlovNeuron(options);
  const schedule: Stimulus[] = [
    { bell: true, food: false },
    { bell: false, food: true },
    ...Array.from({ length: pairings }, () => ({ bell: true, food: true })),
    ...Array.from({ length: extinction }, () => ({ bell: true, food: false })),
  ];
  return schedule.map((s) => dog.present(s));
}
