/**
 * What `neurite train` says about the data before training (stderr): how the file was read, the
 * columns left out and why (with how to keep them), dates turned into numbers, missing values
 * filled in, cells that were not numbers, and rows left out.
 */
import type { ColumnPlan, EncodeReport, FeatureJSON, PreprocessingJSON } from '../../data/index.js';
import { describeFormat } from '../../data/node/index.js';
import { count } from '../format.js';
import type { Prepared } from './prepare.js';
import type { Source } from './source.js';

/** Up to 5 values with their counts: `"abc" (3), "12..5" (1)`. */
export function someValues(values: ReadonlyMap<string, number>, max = 5): string {
  const sorted = [...values.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, max).map(([v, n]) => `${JSON.stringify(v)}${n > 1 ? ` ×${n}` : ''}`);
  return `${shown.join(', ')}${sorted.length > max ? `, … ${sorted.length - max} more` : ''}`;
}

/** A column name as typed in a shell: quoted when it has spaces or other special characters. */
const shellWord = (name: string): string => (/^[\w.,:@%+-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`);

function leftOut(c: ColumnPlan): string | null {
  switch (c.role) {
    case 'id': return `column ${c.name} left out: an id (${c.reason}); --features to use it anyway`;
    case 'empty': return `column ${c.name} left out: ${c.reason}`;
    case 'high-cardinality': return `column ${c.name} left out: ${c.reason}; to keep it, name it in --features (one input per value) or group its values`;
    default: return null;
  }
}

function filled(f: FeatureJSON): string {
  if (f.kind === 'numeric') return `the training median ${+(f.impute ?? f.center).toPrecision(6)}`;
  if (f.kind === 'categorical') return `the most frequent value ${JSON.stringify(f.impute)}`;
  return 'the median date';
}

function missingNotes(spec: PreprocessingJSON, report: EncodeReport): string[] {
  const out: string[] = [];
  for (const f of spec.features) {
    const r = report.features.get(f.name);
    if (!r) continue;
    const flag = f.missingIndicator ? ', with a "was missing" input' : '';
    if (r.missing > 0) out.push(`column ${f.name}: ${count(r.missing, 'missing value')} filled with ${filled(f)}${flag}`);
    if (r.invalid > 0) {
      const what = f.kind === 'date' ? 'cells that are not dates' : 'cells that are not numbers';
      out.push(`column ${f.name}: ${count(r.invalid, 'cell')} ${what.replace(/^cells /, '')} (${someValues(r.values)}) used as missing, filled with ${filled(f)}`);
    }
    if (r.unseen > 0) out.push(`column ${f.name}: ${count(r.unseen, 'validation or test row')} with a value not in the training rows (${someValues(r.values)}), encoded as none of its categories`);
  }
  return out;
}

/**
 * The notices about a prepared table, one line each (empty for images and built-in datasets
 * where nothing needed saying).
 *
 * @example
 * ```ts
 * for (const line of dataNotices(run.source, run.prepared)) io.err(`${line}\n`);
 * ```
 */
export function dataNotices(source: Source, p: Prepared): string[] {
  const out: string[] = [];
  if (source.kind === 'table' && source.format) out.push(`read ${source.name} as ${describeFormat(source.format)}`);
  const t = p.table;
  if (!t) return out;
  for (const c of t.rows.columns) {
    const line = leftOut(c);
    if (line) out.push(line);
    if (c.role === 'ignored') out.push(`column ${c.name} ${c.reason}`);
  }
  const spec = p.preprocessor.toJSON();
  for (const f of spec.features) {
    if (f.kind === 'date') out.push(`column ${f.name}: dates (${f.format}) used as ${f.parts.map((q) => q.part).join(', ')}; --ignore ${shellWord(f.name)} to leave it out`);
  }
  out.push(...missingNotes(spec, t.report));
  if (t.rows.noTarget > 0) out.push(`${count(t.rows.noTarget, 'row')} without a value in the target ${p.preprocessor.target} left out`);
  if (t.rows.dropped > 0) out.push(`${count(t.rows.dropped, 'row')} with missing values left out (--missing drop)`);
  return out;
}
