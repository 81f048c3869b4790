/**
 * The plan of a search: Hyperband's brackets (Li et al. 2018, "Hyperband: a novel bandit-based
 * approach to hyperparameter optimization", algorithm 1), each a run of successive halving.
 *
 * Note [hyperband brackets]: successive halving must guess how many trials to start and how soon
 * to judge them: many trials judged after a few epochs find good settings among many, but drop
 * those that start slowly and end best (a low learning rate, strong weight decay on a small
 * table). Hyperband hedges: bracket s (s = sMax … 0) starts n_s = ⌈n·(sMax+1) / ((s+1)·eta^(sMax−s))⌉
 * trials at epochs/eta^s and keeps the best 1/eta of them eta times longer, s times; the last
 * bracket trains a few trials for every epoch with no halving. Each bracket spends about the same
 * epochs (n·epochs per rung at most), so the hedge costs about sMax+1 times one bracket.
 */

/** One rung of a bracket: how many trials train, and for how many epochs. */
export interface Rung {
  readonly trials: number;
  readonly epochs: number;
}

const levels = (v: number, eta: number) => Math.floor(Math.log(v) / Math.log(eta) + 1e-9);

/**
 * The rungs of successive halving for n trials: each rung keeps the best 1/eta of the one before
 * and trains them eta times longer, the last for `epochs`.
 *
 * @param halvings at most this many halvings (default: as many as n and epochs allow)
 * @example
 * ```ts
 * rungsFor(27, 100); // [{trials: 27, epochs: 4}, {9, 11}, {3, 33}, {1, 100}]
 * ```
 */
export function rungsFor(n: number, epochs: number, eta = 3, halvings = Infinity): Rung[] {
  const s = Math.max(0, Math.min(levels(n, eta), levels(epochs, eta), halvings));
  return Array.from({ length: s + 1 }, (_, i) => ({ trials: Math.max(1, Math.floor(n / eta ** i)), epochs: Math.max(1, Math.round(epochs / eta ** (s - i))) }));
}

/**
 * Hyperband's brackets for a largest bracket of n trials (see Note [hyperband brackets]): the
 * first is successive halving of n trials from epochs/eta^sMax; each next one starts fewer trials
 * for eta times more epochs and halves once less; the last trains its trials for every epoch.
 *
 * @param count how many brackets, from the first (default: all sMax + 1; 1 is successive halving alone)
 * @returns each bracket's rungs
 * @example
 * ```ts
 * hyperbandBrackets(27, 100).map((b) => b.map((r) => `${r.trials}@${r.epochs}`).join(' '));
 * // ['27@4 9@11 3@33 1@100', '12@11 4@33 1@100', '6@33 2@100', '4@100']
 * ```
 */
export function hyperbandBrackets(n: number, epochs: number, eta = 3, count = Infinity): Rung[][] {
  const sMax = Math.max(0, Math.min(levels(n, eta), levels(epochs, eta)));
  const brackets: Rung[][] = [];
  for (let s = sMax; s >= 0 && brackets.length < count; s--) {
    const trials = Math.ceil((n * (sMax + 1)) / ((s + 1) * eta ** (sMax - s)) - 1e-9);
    brackets.push(rungsFor(trials, epochs, eta, s));
  }
  return brackets;
}
