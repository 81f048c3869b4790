/**
 * An autoencoder's reconstructions in the user's terms: the error per feature column (the one-hot
 * inputs of a text column together), and each row's reconstruction in the column's own units.
 */
import { Autoencoder, type InputPreprocessor, type Matrix, type ReconstructionError } from '../../index.js';
import { featureInputs, type FeatureJSON } from '../../data/index.js';
import { metric, table } from '../format.js';
import type { UnlabelledModel } from './model.js';

/** What `evaluate --json` prints for an autoencoder (and `train` for its rows). */
export interface AutoencoderReport {
  rows: number;
  /** Mean squared error over every scaled input of every row. */
  reconstructionMse: number;
  /** The same per feature column (over its inputs: one, or one per category). */
  perColumn: Record<string, number>;
}

/** Each feature with the inputs it encodes to. */
function spans(p: InputPreprocessor): { feature: FeatureJSON; from: number; to: number }[] {
  let at = 0;
  return p.toJSON().features.map((feature) => {
    const from = at;
    at += featureInputs(feature);
    return { feature, from, to: at };
  });
}

/**
 * The reconstruction error of rows, overall and per feature column.
 *
 * @example
 * ```ts
 * reconstructionReport(preprocessor, ae.reconstructionError(x), x.rows).perColumn.petal_width;
 * ```
 */
export function reconstructionReport(p: InputPreprocessor, e: ReconstructionError, rows: number): AutoencoderReport {
  const perColumn: Record<string, number> = {};
  for (const { feature, from, to } of spans(p)) {
    let s = 0;
    for (let k = from; k < to; k++) s += e.perInput[k];
    perColumn[feature.name] = s / (to - from);
  }
  return { rows, reconstructionMse: e.mse, perColumn };
}

/**
 * An autoencoder model's error on encoded rows.
 *
 * @example
 * ```ts
 * autoencoderEvaluation(model, encoded.x).reconstructionMse;
 * ```
 */
export function autoencoderEvaluation(m: UnlabelledModel, x: Matrix): AutoencoderReport {
  const ae = new Autoencoder({ network: m.network, bottleneck: m.meta.bottleneck as number });
  return reconstructionReport(m.preprocessor, ae.reconstructionError(x), x.rows);
}

/**
 * The report as text: the overall error, then a table of the columns.
 *
 * @example
 * ```ts
 * io.out(formatAutoencoderReport(report));
 * ```
 */
export function formatAutoencoderReport(r: AutoencoderReport): string {
  const rows = Object.entries(r.perColumn).map(([name, v]) => [name, metric(v)]);
  return `reconstruction mse ${metric(r.reconstructionMse)} (scaled features)\n${table([['column', 'mse'], ...rows], '  ')}`;
}

/**
 * Each row's reconstruction in its columns' own units (a number scaled back; a text column's
 * category whose input came out largest), and its error, for `predict`.
 *
 * @returns the added CSV columns (`COLUMN_reconstructed`..., `reconstruction_error`), the errors
 *   and the reconstructed rows
 * @example
 * ```ts
 * const { columns } = reconstructionColumns(model, encoded.x);
 * ```
 */
export function reconstructionColumns(m: UnlabelledModel, x: Matrix): { columns: [string, string[]][]; errors: number[]; rows: (number | string)[][] } {
  const ae = new Autoencoder({ network: m.network, bottleneck: m.meta.bottleneck as number });
  const y = ae.reconstruct(x);
  const errors = Array.from(ae.reconstructionError(x).perRow);
  const cols = x.cols;
  const rows = Array.from({ length: x.rows }, (_, i) => spans(m.preprocessor).map(({ feature, from, to }) => {
    if (feature.kind === 'numeric') return y.data[i * cols + from] * feature.scale + feature.center;
    // fitInputPreprocessor makes no date features; a "was missing" input after the categories is not one of them
    if (feature.kind !== 'categorical') return '';
    let best = from;
    for (let k = from + 1; k < from + feature.categories.length; k++) if (y.data[i * cols + k] > y.data[i * cols + best]) best = k;
    return feature.categories[best - from];
  }));
  const num = (v: number | string) => (typeof v === 'number' ? String(Number(v.toPrecision(7))) : v);
  const columns: [string, string[]][] = m.preprocessor.features.map((name, j) => [`${name}_reconstructed`, rows.map((r) => num(r[j]))]);
  columns.push(['reconstruction_error', errors.map(num)]);
  return { columns, errors, rows };
}
