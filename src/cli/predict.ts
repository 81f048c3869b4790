/**
 * `neurite predict --model FILE --data FILE [--out FILE.csv] [--json]`: applies a model, its own
 * preprocessing included, to new rows.
 */
import { classesOf } from '../index.js';
import { readEncoded } from './dataset.js';
import { reportEncoding } from './encode-warnings.js';
import type { Io } from './io.js';
import { writeOutput } from './io.js';
import { checkComputable, loadCliModel, readModel, type CliModel } from './model.js';
import { predictUnlabelled } from './unsupervised/apply.js';
import { isUnlabelled, unlabelledModel } from './unsupervised/model.js';

/** Predictions and the raw outputs of the output layer, one entry per row. */
export interface Predictions {
  readonly predictions: (string | number)[];
  readonly outputs: number[][];
  /** Per class, the probability of each row (classification only). */
  readonly probabilities?: number[][];
}

function rowsOf(flat: Float32Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * cols, (i + 1) * cols)));
}

/**
 * Applies a model to encoded rows.
 *
 * @example
 * ```ts
 * predictRows(model, x).predictions; // ['setosa', ...]
 * ```
 */
export function predictRows(model: CliModel, x: { data: Float32Array; rows: number }, flat = model.network.predictFlat(x.data, x.rows)): Predictions {
  const net = model.network;
  const outputs = rowsOf(flat, x.rows, net.outputs);
  if (model.task === 'regression') return { predictions: Array.from(model.preprocessor.decodeTarget(flat)), outputs };
  const classes = model.classes as string[];
  const predictions = Array.from(classesOf(flat, x.rows, net.outputs), (k) => classes[k]);
  const probabilities = net.outputs === 1 ? outputs.map(([p]) => [1 - p, p]) : outputs;
  return { predictions, outputs, probabilities };
}

/**
 * A CSV field, quoted when it holds a comma, a quote, a line break or edge spaces.
 *
 * @example
 * ```ts
 * field('a,b'); // '"a,b"'
 * ```
 */
export function field(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A column name not among `taken`: `name`, else `name_`, `name__`, ...
 *
 * @example
 * ```ts
 * unique('cluster', ['cluster']); // 'cluster_'
 * ```
 */
export function unique(name: string, taken: readonly string[]): string {
  let n = name;
  while (taken.includes(n)) n = `${n}_`;
  return n;
}

/**
 * The CSV text of predictions: the input columns, `prediction` and one `p_<class>` column per class.
 *
 * @example
 * ```ts
 * toCsv(model, table.columns, table.rows, predictions);
 * ```
 */
export function toCsv(model: CliModel, columns: readonly string[], rows: readonly (readonly string[])[], p: Predictions): string {
  const extra = [unique('prediction', columns)];
  if (p.probabilities) for (const c of model.classes as string[]) extra.push(unique(`p_${c}`, [...columns, ...extra]));
  const num = (v: number) => String(Number(v.toPrecision(7)));
  const lines = [[...columns, ...extra].map(field).join(',')];
  p.predictions.forEach((pred, i) => {
    const probs = p.probabilities ? p.probabilities[i].map(num) : [];
    lines.push([...rows[i], typeof pred === 'number' ? num(pred) : pred, ...probs].map(field).join(','));
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `neurite predict`.
 *
 * @returns the exit status
 */
export function predictCommand(io: Io, o: { model: string; data: string; out?: string; json?: boolean; strict?: boolean; delimiter?: string }): number {
  const loaded = readModel(o.model, '--model');
  if (isUnlabelled(loaded)) return predictUnlabelled(io, unlabelledModel(loaded, o.model), o);
  const model = loadCliModel(o.model, '--model', undefined, loaded);
  const encoded = readEncoded(model, o.data, undefined, { delimiter: o.delimiter });
  reportEncoding(io, encoded.report, encoded.columns, model.preprocessor.toJSON(), o.strict);
  const outputs = model.network.predictFlat(encoded.x.data, encoded.x.rows);
  checkComputable(model, encoded, o.data, outputs);
  const p = predictRows(model, encoded.x, outputs);
  const columns = encoded.table?.columns ?? ['image'];
  const rows = encoded.table?.rows ?? p.predictions.map((_, i) => [String(i)]);
  const csv = o.out !== undefined || !o.json ? toCsv(model, columns, rows, p) : '';
  if (o.out !== undefined) writeOutput(o.out, csv, '--out');
  if (o.json) io.out(`${JSON.stringify({ predictions: p.predictions, outputs: p.outputs })}\n`);
  else if (o.out === undefined) io.out(csv);
  else io.err(`wrote ${p.predictions.length} predictions to ${o.out}\n`);
  return 0;
}
