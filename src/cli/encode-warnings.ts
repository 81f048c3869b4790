/**
 * What `predict` and `evaluate` say about new data encoded as trained (Note [encoding report]):
 * a warning per column for values filled in, cells that could not be read and categories never
 * seen in training, or with `--strict` one error listing them all (the first 20 and a count).
 */
import type { ColumnTable, EncodeReport, PreprocessingJSON } from '../data/index.js';
import { CliError } from './errors.js';
import { count, grouped } from './format.js';
import type { Io } from './io.js';

function values(m: ReadonlyMap<string, number>): string {
  const sorted = [...m.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, 5).map(([v, n]) => `${JSON.stringify(v)}${n > 1 ? ` ×${n}` : ''}`);
  return `${shown.join(', ')}${sorted.length > 5 ? `, … ${sorted.length - 5} more` : ''}`;
}

const WHAT = { missing: 'missing', invalid: 'not readable as the trained kind', unseen: 'not seen in training' } as const;

/**
 * Warns (stderr) about what encoding met, or with `strict` refuses the file listing every problem.
 *
 * @param spec the model's preprocessing (what a missing value is filled with)
 * @throws CliError with `strict` when any cell was not a plain known value
 * @example
 * ```ts
 * reportEncoding(io, encoded.report, encoded.columns, model.preprocessor.toJSON(), o.strict);
 * ```
 */
export function reportEncoding(io: Io, report: EncodeReport | undefined, table: ColumnTable | undefined, spec: PreprocessingJSON, strict = false): void {
  if (!report || !table || report.total() === 0) return;
  if (strict) {
    const total = report.total();
    const places = [...report.first].sort((a, b) => a.row - b.row).map((c) => `${table.line(c.row)}:${table.columns.indexOf(c.feature) + 1} ${c.feature} ${JSON.stringify(c.text)} (${WHAT[c.kind]})`);
    const more = total > places.length ? `, and ${total - places.length} more` : '';
    throw new CliError(`${table.source}: ${count(total, 'cell')} the model cannot use as they are (line:column): ${places.join(', ')}${more}; fix them, or leave out --strict to fill in missing values as in training and encode unseen categories as none`);
  }
  for (const f of spec.features) {
    const r = report.features.get(f.name);
    if (!r) continue;
    const fill = f.kind === 'numeric' ? `${+(f.impute ?? f.center).toPrecision(6)}` : f.kind === 'categorical' ? (f.impute === undefined ? 'none of its categories' : JSON.stringify(f.impute)) : 'the median date';
    if (r.missing > 0) io.err(`warning: column ${f.name}: ${count(r.missing, 'missing value')} filled with ${fill}, as in training\n`);
    if (r.invalid > 0) io.err(`warning: column ${f.name}: ${count(r.invalid, 'cell')} not ${f.kind === 'date' ? `a date (${f.format})` : 'a number'} (${values(r.values)}), filled with ${fill} as a missing value\n`);
    if (r.unseen > 0) io.err(`warning: column ${f.name}: ${count(r.unseen, 'row')} with a value not seen in training (${values(r.values)}), encoded as none of its categories\n`);
  }
  io.err(`warning: ${count(report.rows, 'row')} of ${grouped(table.rowCount)} had such cells; --strict refuses them instead\n`);
}
