/**
 * `neurite inspect --data FILE`: before training, how the file reads and what each column is:
 * its detected type, its role (feature, target, or left out and why), missing and distinct counts.
 */
import { MissingMarkers, planColumns, type ColumnPlan } from '../data/index.js';
import { describeFormat, readDataFile } from '../data/node/index.js';
import { CliError } from './errors.js';
import { table } from './format.js';
import type { Io } from './io.js';
import { checkFile } from './io.js';

/** The options of `inspect --data`. */
export interface InspectDataOptions {
  data: string;
  target?: string;
  delimiter?: string;
  na?: string;
  ignore?: string;
  features?: string;
  json?: boolean;
}

const list = (s?: string): string[] | undefined => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

function roleText(c: ColumnPlan): string {
  if (c.role === 'feature') return c.type === 'date' ? 'feature (as year, month, …)' : 'feature';
  if (c.role === 'target') return 'target';
  return `left out: ${c.role}`;
}

/**
 * Runs `neurite inspect --data`.
 *
 * @returns the exit status
 */
export function inspectDataCommand(io: Io, o: InspectDataOptions): number {
  checkFile(o.data, '--data');
  const file = readDataFile(o.data, { delimiter: o.delimiter, markers: new MissingMarkers(list(o.na) ?? []) });
  if (file.kind !== 'csv') throw new CliError(`${o.data}: IDX ${file.kind}, not a table; inspect --data shows the columns of a CSV, TSV or JSON file`);
  const t = file.table;
  const columns = planColumns(t, { target: o.target, ignore: list(o.ignore), features: list(o.features) });
  if (o.json) {
    io.out(`${JSON.stringify({ file: o.data, format: file.format, rows: t.rowCount, columns })}\n`);
    return 0;
  }
  const rows = columns.map((c) => [c.name, c.type === 'date' ? `date (${c.dateFormat})` : c.type, roleText(c), String(c.missing + c.invalid), String(c.distinct), c.reason]);
  let text = `file ${o.data}: ${describeFormat(file.format)}; ${t.rowCount} rows, ${t.columns.length} columns\n\n`;
  text += table([['column', 'type', 'role', 'missing', 'distinct', 'why'], ...rows], '  ');
  const invalid = columns.filter((c) => c.invalid > 0);
  for (const c of invalid) text += `\n${c.name}: ${c.invalid} of its missing cells are text or not finite in a numeric column (used as missing)`;
  text += `${invalid.length > 0 ? '\n' : ''}\nmissing: blank or one of ${new MissingMarkers(list(o.na) ?? []).list.join(' ')}; --target, --ignore and --features change the roles as in train\n`;
  io.out(text);
  return 0;
}
