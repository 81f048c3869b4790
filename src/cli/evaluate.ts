/**
 * `neurite evaluate --model FILE --data FILE`: honest metrics of a model on labelled data.
 */
import { classReport, evaluate, mae, mse, r2 } from '../index.js';
import { classLookup, columnIndex, type ColumnTable } from '../data/index.js';
import { readEncoded } from './dataset.js';
import { reportEncoding } from './encode-warnings.js';
import { CliError, UsageError } from './errors.js';
import { metric, percent, table } from './format.js';
import type { Io } from './io.js';
import { checkComputable, type CliModel, loadCliModel, readModel } from './model.js';
import { evaluateUnlabelled } from './unsupervised/apply.js';
import { isUnlabelled, unlabelledModel } from './unsupervised/model.js';

/** What `--json` prints: classification or regression metrics. */
export type EvaluationReport =
  | { task: 'classification'; rows: number; loss: number; accuracy: number; classes: string[]; confusion: number[][];
      perClass: { class: string; precision: number; recall: number; f1: number; support: number }[] }
  | { task: 'regression'; rows: number; loss: number; mse: number; rmse: number; mae: number; r2: number };

/**
 * Metrics of a model on encoded rows and targets; regression errors are in the target's own
 * units (predictions scaled back), the loss in the units the network was trained in.
 *
 * @example
 * ```ts
 * measure(model, x, targets).loss;
 * ```
 */
export function measure(model: CliModel, x: { data: Float32Array; rows: number; cols: number }, targets: Float32Array): EvaluationReport {
  const net = model.network;
  const result = evaluate(net, x, targets);
  if (model.task === 'classification') return classificationReport(model.classes as string[], result.confusion as number[][], x.rows, result.loss);
  return regressionReport(model.preprocessor, targets, net.predictFlat(x.data, x.rows), x.rows, result.loss);
}

/**
 * The report of `rows` rows whose classes were counted in `counts` (true class × predicted class,
 * over the network's outputs, which may be more than the classes: a single sigmoid unit counts two).
 *
 * @example
 * ```ts
 * classificationReport(['no', 'yes'], [[5, 1], [0, 4]], 10, 0.31).accuracy; // 0.9
 * ```
 */
export function classificationReport(classes: string[], counts: readonly (readonly number[])[], rows: number, loss: number): EvaluationReport {
  const confusion = counts.slice(0, classes.length).map((r) => r.slice(0, classes.length));
  const hits = counts.reduce((s, r, i) => s + r[i], 0);
  const perClass = classReport(confusion).map((c, i) => ({ class: classes[i], ...c }));
  return { task: 'classification', rows, loss, accuracy: hits / rows, classes, confusion, perClass };
}

/**
 * The report of `rows` rows from their targets and predictions as the network sees them (scaled):
 * the errors in the target's own units.
 *
 * @example
 * ```ts
 * regressionReport(preprocessor, targets, net.predictFlat(x, rows), rows, loss).mae;
 * ```
 */
export function regressionReport(p: CliModel['preprocessor'], targets: ArrayLike<number>, outputs: ArrayLike<number>, rows: number, loss: number): EvaluationReport {
  const truth = p.decodeTarget(targets);
  const predicted = p.decodeTarget(outputs);
  const m = mse(truth, predicted);
  return { task: 'regression', rows, loss, mse: m, rmse: Math.sqrt(m), mae: mae(truth, predicted), r2: r2(truth, predicted) };
}

/**
 * Human-readable metrics: accuracy, loss, per-class table and confusion matrix, or regression errors.
 *
 * @example
 * ```ts
 * io.out(formatReport(report));
 * ```
 */
export function formatReport(r: EvaluationReport): string {
  if (r.task === 'regression') {
    return `mse ${metric(r.mse)}  rmse ${metric(r.rmse)}  mae ${metric(r.mae)}  r² ${metric(r.r2)}  loss ${metric(r.loss)}\n`;
  }
  const perClass = table([['class', 'precision', 'recall', 'f1', 'support'], ...r.perClass.map((c) => [c.class, metric(c.precision), metric(c.recall), metric(c.f1), String(c.support)])], '  ');
  const confusion = table([['true \\ predicted', ...r.classes], ...r.confusion.map((row, i) => [r.classes[i], ...row.map(String)])], '  ');
  return `accuracy ${percent(r.accuracy)}  loss ${metric(r.loss)}\n\n${perClass}\nconfusion matrix (rows: true class, columns: predicted class)\n${confusion}`;
}

/**
 * Runs `neurite evaluate`.
 *
 * @returns the exit status
 */
export function evaluateCommand(io: Io, o: { model: string; data: string; labels?: string; target?: string; json?: boolean; strict?: boolean; delimiter?: string }): number {
  const loaded = readModel(o.model, '--model');
  if (isUnlabelled(loaded)) return evaluateUnlabelled(io, unlabelledModel(loaded, o.model), o);
  const model = loadCliModel(o.model, '--model', o.target, loaded);
  let rows: Uint32Array | undefined;
  const unknown = new Map<string, number>();
  const known = (t: ColumnTable): Uint32Array => {
    const labelled = model.preprocessor.labelledRows(t);
    const classes = model.preprocessor.classes;
    if (!classes) return labelled;
    const c = t.column(columnIndex(t, model.preprocessor.target));
    const lookup = classLookup(classes);
    return labelled.filter((i) => {
      const ok = lookup(c.text(i)) >= 0;
      if (!ok) unknown.set(c.text(i), (unknown.get(c.text(i)) ?? 0) + 1);
      return ok;
    });
  };
  const encoded = readEncoded(model, o.data, o.labels, { delimiter: o.delimiter, rows: (t) => (rows = known(t)) });
  const n = [...unknown.values()].reduce((a, b) => a + b, 0);
  if (unknown.size > 0) {
    const what = `${n} row${n === 1 ? '' : 's'} whose target is not one of the model's classes (${[...unknown.keys()].slice(0, 5).map((v) => JSON.stringify(v)).join(', ')})`;
    if (o.strict) throw new CliError(`${o.data}: ${what}; the classes are: ${(model.classes as string[]).join(', ')}`);
    io.err(`warning: ${what} left out\n`);
  }
  reportEncoding(io, encoded.report, encoded.columns, model.preprocessor.toJSON(), o.strict);
  // rows of an unknown class were counted above; these are the rows with no target at all
  const skipped = encoded.columns && rows ? encoded.columns.rowCount - rows.length - n : 0;
  if (skipped > 0) io.err(`${skipped} row${skipped === 1 ? '' : 's'} without a value in the target ${model.preprocessor.target} left out\n`);
  if (encoded.columns && rows?.length === 0) throw new UsageError(`${o.data}: no row has a value in the target ${model.preprocessor.target}${n > 0 ? ' that is one of the model\'s classes' : ''}; evaluate needs labelled rows (predict does not)`);
  let targets: Float32Array;
  if (encoded.columns) targets = model.preprocessor.encodeTargets(encoded.columns, rows);
  else if (encoded.labels) targets = model.preprocessor.encodeLabels(encoded.labels, o.labels as string);
  else throw new UsageError('IDX images need --labels to be evaluated (the IDX labels file that goes with them)');
  if (encoded.x.rows === 0) throw new CliError(`${o.data}: no rows to evaluate (0 ${encoded.table ? 'data rows' : 'images'}); give data with at least one labelled row`);
  checkComputable(model, encoded, o.data);
  const target = targets.findIndex((v) => !Number.isFinite(v));
  if (target >= 0 && encoded.table) {
    const { table } = encoded;
    throw new CliError(`${o.data}:${table.lines[target]}: the target ${table.rows[target][table.columns.indexOf(model.preprocessor.target)]} is too large for the model once scaled (beyond float32, 3.4e38); check the value or remove the row`);
  }
  const report = measure(model, encoded.x, targets);
  // outputs that overflowed make the loss NaN; only then look for the row, naming it
  if (!Number.isFinite(report.loss)) checkComputable(model, encoded, o.data, model.network.predictFlat(encoded.x.data, encoded.x.rows));
  if (o.json) io.out(`${JSON.stringify(report)}\n`);
  else io.out(`${o.model} on ${o.data}: ${report.rows} rows, ${report.task} of ${model.preprocessor.target}\n${formatReport(report)}`);
  return 0;
}
