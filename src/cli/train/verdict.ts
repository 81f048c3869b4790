/**
 * Judging a finished run in plain words: why training stopped and which weights were kept, a
 * baseline to compare the scores with (the most frequent class; the mean, r² 0), whether the model
 * beats it, and whether it overfits (Note [overfitting notice]).
 *
 * Note [overfitting notice]: a run overfits when its validation loss ended well above its best
 * (more than 25 % and 0.05 above), or when its training and validation scores are far apart
 * (accuracy 15 points, r² 0.25). The notice names it and what usually helps: weight decay,
 * dropout, fewer units, more data.
 */
import type { EpochLog, FitResult } from '../../index.js';
import type { EvaluationReport } from '../evaluate.js';
import { count, metric, percent } from '../format.js';

/** What predicting without looking at the features scores: the most frequent training class, or the training mean. */
export type Baseline =
  | { readonly task: 'classification'; readonly class: string; readonly accuracy: Record<string, number> }
  | { readonly task: 'regression'; readonly mean: number; readonly mae: Record<string, number>; readonly r2: 0 };

/**
 * The baseline of a run: from the training targets, scored on each part.
 *
 * @param parts the targets of each part (class indices, or values in the target's units); `train` first
 * @param classes the classes (classification), or undefined (regression)
 * @example
 * ```ts
 * baselineOf({ train: [0, 0, 1], validation: [0, 1] }, ['a', 'b']); // always 'a': 67 %, 50 %
 * ```
 */
export function baselineOf(parts: Record<string, ArrayLike<number>>, classes?: readonly string[]): Baseline {
  const train = parts.train;
  if (classes) {
    const counts = new Float64Array(classes.length);
    for (let i = 0; i < train.length; i++) counts[train[i]]++;
    const k = counts.indexOf(Math.max(...counts));
    const accuracy = Object.fromEntries(Object.entries(parts).filter(([, y]) => y.length > 0).map(([name, y]) => [name, Array.from(y).filter((v) => v === k).length / y.length]));
    return { task: 'classification', class: classes[k], accuracy };
  }
  let sum = 0;
  for (let i = 0; i < train.length; i++) sum += train[i];
  const mean = sum / train.length;
  const mae = Object.fromEntries(Object.entries(parts).filter(([, y]) => y.length > 0).map(([name, y]) => [name, Array.from(y).reduce((s, v) => s + Math.abs(v - mean), 0) / y.length]));
  return { task: 'regression', mean, mae, r2: 0 };
}

/** The baseline line of the summary. */
export function baselineLine(b: Baseline, held: string): string {
  if (b.task === 'classification') return `baseline    accuracy ${percent(b.accuracy[held] ?? b.accuracy.train)} on the ${held} rows, always predicting ${JSON.stringify(b.class)} (the most frequent class)\n`;
  return `baseline    r² 0 and mae ${metric(b.mae[held] ?? b.mae.train)} on the ${held} rows, always predicting the mean ${metric(b.mean)}\n`;
}

/** A plain sentence when the model does no better than the baseline on the held-out rows, or null. */
export function noBetter(b: Baseline, r: EvaluationReport, held: string): string | null {
  if (b.task === 'classification' && r.task === 'classification') {
    const base = b.accuracy[held] ?? 0;
    if (r.accuracy <= base + 0.005) return `the model does no better than always predicting ${JSON.stringify(b.class)} (${percent(r.accuracy)} against ${percent(base)} on the ${held} rows): the features, as given, do not tell the classes apart for this model`;
  } else if (r.task === 'regression' && r.r2 <= 0.005) {
    return `the model does no better than predicting the mean (r² ${metric(r.r2)} on the ${held} rows, where 0 is the mean): the features, as given, do not predict the target for this model`;
  }
  return null;
}

/**
 * Why training stopped and which weights the model holds, as a sentence.
 *
 * @example
 * ```ts
 * stopReason(result, 100, 10); // 'stopped early at epoch 37: no better validation loss for 10 epochs; kept the weights of epoch 27 ...'
 * ```
 */
export function stopReason(result: FitResult, epochs: number, patience: number | undefined): string {
  const h = result.history;
  const best = result.bestEpoch !== undefined && result.bestEpoch > 0 ? h[result.bestEpoch - 1] : undefined;
  const kept = best ? `kept the weights of epoch ${best.epoch}, the best validation loss (${metric(best.valLoss)})` : 'kept the last weights';
  if (patience === undefined) return `ran all ${count(h.length, 'epoch')} (no early stopping); kept the last weights`;
  if (result.stopped && h.length < epochs) return `stopped early at epoch ${h.length}: no better validation loss for ${count(patience, 'epoch')}; ${kept}`;
  return `ran all ${count(h.length, 'epoch')}; ${kept}`;
}

/**
 * The overfitting notice of Note [overfitting notice], or null.
 *
 * @param history the epochs run
 * @param train the final training scores
 * @param validation the final validation scores
 * @param bestEpoch the epoch whose weights were kept, if early stopping kept one
 */
export function overfitting(history: readonly EpochLog[], train: EvaluationReport, validation: EvaluationReport | null, bestEpoch?: number): string | null {
  if (!validation) return null;
  const evidence: string[] = [];
  const losses = history.map((l) => l.valLoss).filter((v): v is number => v !== undefined);
  if (losses.length > 1) {
    const best = Math.min(...losses);
    const last = losses[losses.length - 1];
    const at = losses.indexOf(best) + 1;
    if (last > best * 1.25 && last - best > 0.05) {
      const kept = bestEpoch === at ? `; the weights of epoch ${at} were kept` : '';
      evidence.push(`the validation loss rose from ${metric(best)} (epoch ${at}) to ${metric(last)} (epoch ${history[history.length - 1].epoch})${kept}`);
    }
  }
  if (train.task === 'classification' && validation.task === 'classification' && train.accuracy - validation.accuracy > 0.15) {
    evidence.push(`training accuracy ${percent(train.accuracy)} against ${percent(validation.accuracy)} on validation`);
  } else if (train.task === 'regression' && validation.task === 'regression' && train.r2 - validation.r2 > 0.25) {
    evidence.push(`training r² ${metric(train.r2)} against ${metric(validation.r2)} on validation`);
  }
  if (evidence.length === 0) return null;
  return `overfitting: ${evidence.join('; ')}. The network fits its training rows better than new ones; try --weight-decay 0.01, --dropout 0.2, fewer units (e.g. --hidden 16) or more data`;
}
