/**
 * Partial dependence and individual conditional expectation (ICE), as scikit-learn's
 * `partial_dependence` (method "brute", kind "both"): one column is set to each value of a grid in
 * every row, the other columns left as they are, and the model's predictions are averaged over the
 * rows (the partial dependence) or kept per row for a sample of rows (the ICE curves).
 */
import { ArgumentError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { asColumns, columnIndex, type AnyTable, type Preprocessor, type Table } from '../data/index.js';
import { inputGroups, type ExplainedModel } from './importance.js';

/** What {@link partialDependence} takes besides the model, the table and the column. */
export interface DependenceOptions {
  /** Grid points of a numeric column (default 20; fewer when the column has fewer distinct values). */
  readonly grid?: number;
  /** The grid spans these quantiles of the column (default [0.05, 0.95], as scikit-learn). */
  readonly percentiles?: readonly [number, number];
  /** Rows drawn for ICE curves (default 50; 0 for none). */
  readonly ice?: number;
  /** Seed of the ICE rows (default 0). */
  readonly seed?: number;
  /** Table rows to average over (default all). */
  readonly rows?: ArrayLike<number>;
}

/** A column's partial dependence. */
export interface Dependence {
  readonly column: string;
  readonly kind: 'numeric' | 'categorical';
  /** The grid: numbers, or a categorical column's categories. */
  readonly values: readonly (number | string)[];
  /** What is predicted: each class's probability, or the target (in its own units). */
  readonly outputs: readonly string[];
  /** `[output][point]`: the prediction averaged over the rows. */
  readonly average: readonly (readonly number[])[];
  /** The table rows of the ICE curves, and `[row][output][point]` their predictions. */
  readonly ice: { readonly rows: readonly number[]; readonly curves: readonly (readonly (readonly number[])[])[] };
}

/** Linear interpolation between order statistics (numpy's default quantile). */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * The grid of a numeric column, as scikit-learn makes it: its distinct values when there are
 * fewer than `points`, else `points` evenly spaced values between two quantiles.
 *
 * @example
 * ```ts
 * numericGrid(Float64Array.of(1, 2, 2, 3), 20, [0.05, 0.95]); // [1, 2, 3]
 * ```
 */
export function numericGrid(values: Float64Array, points: number, percentiles: readonly [number, number]): number[] {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  const distinct = [...new Set(finite)];
  if (distinct.length === 0) return [];
  if (distinct.length < points) return distinct;
  const lo = quantile(finite, percentiles[0]);
  const hi = quantile(finite, percentiles[1]);
  return Array.from({ length: points }, (_, i) => (points === 1 ? lo : lo + ((hi - lo) * i) / (points - 1)));
}

/**
 * The inputs a column's grid values encode to: a small table with one row per grid value (the
 * other features given any valid value), encoded by the model's own preprocessing, so the values
 * go through exactly the scaling or one-hot encoding the model was trained with.
 */
function encodedGrid(p: Preprocessor, column: string, values: readonly (number | string)[]): Float32Array[] {
  const json = p.toJSON();
  const filler = json.features.map((f) => (f.kind === 'categorical' ? f.categories[0] ?? '' : '0'));
  const j = json.features.findIndex((f) => f.name === column);
  const rows = values.map((v) => filler.map((cell, k) => (k === j ? String(v) : cell)));
  const table: Table = { source: 'grid', columns: json.features.map((f) => f.name), rows, lines: rows.map((_, i) => i + 2) };
  const x = p.transform(table);
  const g = inputGroups(p)[j];
  return values.map((_, i) => x.data.slice(i * x.cols + g.from, i * x.cols + g.to));
}

/** Output columns per row: class probabilities (two for one sigmoid unit), or the target in its units. */
function predictions(model: ExplainedModel, x: Float32Array, rows: number): { outputs: number; at: (row: number, k: number) => number } {
  const { network, preprocessor: p } = model;
  const y = network.predictFlat(x, rows);
  if (p.task === 'regression') {
    const decoded = p.decodeTarget(y);
    return { outputs: 1, at: (row) => decoded[row] };
  }
  const n = network.outputs;
  if (n === 1) return { outputs: 2, at: (row, k) => (k === 1 ? y[row] : 1 - y[row]) };
  return { outputs: n, at: (row, k) => y[row * n + k] };
}

/**
 * Partial dependence of a model's prediction on one raw column, with ICE curves: per class
 * (probabilities) for a classifier, in the target's units for a regression. A numeric column
 * varies over a grid between its 5th and 95th percentiles (or over its values when it has few), a
 * categorical one over its categories.
 *
 * @param column a feature column of the model
 * @throws ArgumentError when the column is not one of the model's features, or is a date column
 * @example
 * ```ts
 * const pd = partialDependence({ network, preprocessor }, table, 'x1');
 * pd.values; // grid of x1
 * pd.average[0]; // mean prediction at each grid value
 * ```
 */
export function partialDependence(model: ExplainedModel, table: AnyTable, column: string, options: DependenceOptions = {}): Dependence {
  const p = model.preprocessor;
  const feature = p.toJSON().features.find((f) => f.name === column);
  if (!feature) {
    throw new ArgumentError(`partialDependence: ${JSON.stringify(column)} is not a feature of the model; its features are ${p.features.map((f) => JSON.stringify(f)).join(', ')}`, { where: 'column', expected: `one of ${p.features.join(', ')}`, received: column });
  }
  if (feature.kind === 'date') {
    throw new ArgumentError(`partialDependence: ${JSON.stringify(column)} is a date column, which the model sees as several parts (${feature.parts.map((x) => x.part).join(', ')}); partial dependence takes a numeric or categorical column`, { where: 'column', expected: 'a numeric or categorical feature', received: `the date column ${column}` });
  }
  const t = asColumns(table);
  const all = options.rows ?? Uint32Array.from({ length: t.rowCount }, (_, i) => i);
  const kind = feature.kind === 'categorical' ? 'categorical' : 'numeric';
  const values: (number | string)[] = feature.kind === 'categorical'
    ? [...feature.categories]
    : numericGrid(Float64Array.from(all, (i) => t.column(columnIndex(t, column)).value(i)), options.grid ?? 20, options.percentiles ?? [0.05, 0.95]);
  const x = p.transform(t, all);
  const g = inputGroups(p).find((gr) => gr.name === column) as { from: number; to: number };
  const grid = encodedGrid(p, column, values);
  const n = x.rows;
  const rng = new Random(options.seed ?? 0);
  const iceCount = Math.min(n, options.ice ?? 50);
  const iceAt = (rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i)) as Uint32Array).slice(0, iceCount).sort();
  const varied = Float32Array.from(x.data);
  let outputs = 0;
  const average: number[][] = [];
  const curves: number[][][] = Array.from({ length: iceCount }, () => []);
  values.forEach((_, point) => {
    for (let i = 0; i < n; i++) varied.set(grid[point], i * x.cols + g.from);
    const pred = predictions(model, varied, n);
    outputs = pred.outputs;
    for (let k = 0; k < outputs; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += pred.at(i, k);
      (average[k] ??= []).push(sum / Math.max(1, n));
      iceAt.forEach((row, r) => (curves[r][k] ??= []).push(pred.at(row, k)));
    }
  });
  const names = p.task === 'regression' ? [p.target] : (p.classes as string[]);
  return { column, kind, values, outputs: names.slice(0, Math.max(outputs, 1)), average, ice: { rows: Array.from(iceAt, (k) => all[k]), curves } };
}
