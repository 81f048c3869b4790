/**
 * `predict` and `evaluate` for models learnt without labels: a map gives each row's cluster and
 * its quantization and topographic errors (and, given a column of known groups, the adjusted Rand
 * index); an autoencoder gives each row's reconstruction and reconstruction error.
 */
import { adjustedRandIndex, SelfOrganizingMap } from '../../index.js';
import { readEncoded, type Encoded } from '../dataset.js';
import { CliError, UsageError } from '../errors.js';
import { checkComputable } from '../model.js';
import type { Io } from '../io.js';
import { writeOutput } from '../io.js';
import type { UnlabelledModel } from './model.js';
import { autoencoderEvaluation, formatAutoencoderReport, reconstructionColumns } from './reconstruction.js';
import { cellsOf, rowsCsv } from './rows.js';

function encoded(m: UnlabelledModel, data: string): Encoded & { table: NonNullable<Encoded['table']> } {
  const e = readEncoded(m, data);
  if (!e.table) throw new CliError(`${data}: ${m.path} was learnt from CSV rows; give a CSV file`);
  if (e.x.rows === 0) throw new CliError(`${data}: no rows`);
  checkComputable(m, e, data);
  return e as Encoded & { table: NonNullable<Encoded['table']> };
}

/**
 * `neurite predict` with a clustering or autoencoder model: the rows with a `cluster` column, or
 * with each column's reconstruction and the row's `reconstruction_error`.
 *
 * @returns the exit status
 */
export function predictUnlabelled(io: Io, m: UnlabelledModel, o: { data: string; out?: string; json?: boolean }): number {
  const e = encoded(m, o.data);
  let csv: string;
  let json: Record<string, unknown>;
  if (m.task === 'clustering') {
    const clusters = Array.from(new SelfOrganizingMap(m.network).assign(e.x));
    csv = rowsCsv(cellsOf(e.table), [['cluster', clusters.map(String)]]);
    json = { predictions: clusters };
  } else {
    const r = reconstructionColumns(m, e.x);
    csv = rowsCsv(cellsOf(e.table), r.columns);
    json = { predictions: r.errors, reconstructions: r.rows };
  }
  if (o.out !== undefined) writeOutput(o.out, csv, '--out');
  if (o.json) io.out(`${JSON.stringify(json)}\n`);
  else if (o.out === undefined) io.out(csv);
  else io.err(`wrote ${e.x.rows} rows to ${o.out}\n`);
  return 0;
}

/**
 * `neurite evaluate` with a clustering or autoencoder model: a map's quantization and
 * topographic errors (with `--target`, the adjusted Rand index of its clusters against that
 * column), or an autoencoder's reconstruction error overall and per column.
 *
 * @returns the exit status
 */
export function evaluateUnlabelled(io: Io, m: UnlabelledModel, o: { data: string; target?: string; json?: boolean }): number {
  const e = encoded(m, o.data);
  if (m.task === 'autoencoder') {
    if (o.target !== undefined) throw new UsageError('--target: an autoencoder has no target; leave it out');
    const report = autoencoderEvaluation(m, e.x);
    io.out(o.json ? `${JSON.stringify(report)}\n` : `${m.path} on ${o.data}: ${e.x.rows} rows\n${formatAutoencoderReport(report)}`);
    return 0;
  }
  const map = new SelfOrganizingMap(m.network);
  const clusters = map.assign(e.x);
  const report: Record<string, unknown> = { rows: e.x.rows, quantizationError: map.quantizationError(e.x), topographicError: map.topographicError(e.x) };
  if (o.target !== undefined) {
    const j = e.table.columns.indexOf(o.target);
    if (j < 0) throw new CliError(`${o.data}: no column named ${JSON.stringify(o.target)} for --target; the columns are: ${e.table.columns.join(', ')}`);
    report.adjustedRandIndex = adjustedRandIndex(clusters, e.table.rows.map((r) => r[j]));
  }
  if (o.json) {
    io.out(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const te = report.topographicError === null ? '' : `  topographic error ${(report.topographicError as number).toPrecision(4)}`;
  const ari = o.target === undefined ? '' : `  adjusted Rand index against ${o.target} ${(report.adjustedRandIndex as number).toPrecision(4)}`;
  io.out(`${m.path} on ${o.data}: ${e.x.rows} rows\nquantization error ${(report.quantizationError as number).toPrecision(4)}${te}${ari}\n`);
  return 0;
}
