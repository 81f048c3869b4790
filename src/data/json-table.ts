/**
 * Tables from JSON: an array of records (`[{"a": 1, "b": "x"}, …]`), JSON Lines (one record per
 * line), or records already in memory. Each becomes a {@link ColumnTable} like a CSV file, so
 * everything after reading (column roles, preprocessing, targets) is the same.
 *
 * Note [records]: the columns are the keys in order of first appearance; a record without a key
 * has a missing cell there, as has `null`. Numbers are kept as JavaScript writes them, booleans
 * as `true`/`false`, strings trimmed. A nested object or array is refused at its record: a table
 * cell holds one value.
 */
import { TextBuilder } from './columns.js';
import { columnTable } from './csv.js';
import { DataError } from './errors.js';
import { MISSING, type MissingMarkers } from './numbers.js';
import { LineIndex, type ColumnTable } from './table.js';

/** What reading records may be told. */
export interface RecordsOptions {
  /** What counts as missing (default blank and the usual markers, Note [missing values]). */
  readonly markers?: MissingMarkers;
  /** The 1-based line each record starts on, for messages (default: record i is line i + 1). */
  readonly lines?: ArrayLike<number>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cellText(v: unknown, source: string, line: number, key: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  throw new DataError({
    file: source, line, columnName: key,
    problem: `the field ${JSON.stringify(key)} holds ${Array.isArray(v) ? 'an array' : 'an object'}, not one value`,
    fix: 'flatten the records so that each field is a number, a string, a boolean or null',
  });
}

/**
 * A table from records (plain objects), as from a JSON file or built in memory (Note [records]).
 *
 * @param records one object per row
 * @param source the name used in messages
 * @param options see {@link RecordsOptions}
 * @throws DataError for no records, a record that is not an object, or a nested value
 * @example
 * ```ts
 * const t = recordsTable([{ x: 1, y: 'a' }, { x: null, y: 'b' }], 'rows');
 * t.column(0).value(0); // 1; row 1's x is missing
 * ```
 */
export function recordsTable(records: readonly unknown[], source: string, options: RecordsOptions = {}): ColumnTable {
  const lineOf = (i: number) => (options.lines ? options.lines[i] : i + 1);
  if (records.length === 0) throw new DataError({ file: source, problem: 'no records (an empty array)', fix: 'expected an array of objects, one per row' });
  const names: string[] = [];
  const known = new Set<string>();
  records.forEach((r, i) => {
    if (!isRecord(r)) {
      throw new DataError({ file: source, line: lineOf(i), problem: `record ${i + 1} is ${Array.isArray(r) ? 'an array' : JSON.stringify(r)}, not an object`, fix: 'each record is an object such as {"x": 1, "label": "a"}' });
    }
    for (const k of Object.keys(r)) {
      if (!known.has(k)) {
        known.add(k);
        names.push(k);
      }
    }
  });
  const empty = names.find((k) => k.trim() === '');
  if (empty !== undefined) throw new DataError({ file: source, problem: 'a field with an empty name', fix: 'give every field a name' });
  const markers = options.markers ?? MISSING;
  const builders = names.map((k) => new TextBuilder(k, records.length, markers));
  const lines = new LineIndex();
  records.forEach((r, i) => {
    const rec = r as Record<string, unknown>;
    lines.push(i, lineOf(i));
    builders.forEach((b, j) => b.add(cellText(Object.hasOwn(rec, names[j]) ? rec[names[j]] : null, source, lineOf(i), names[j])));
  });
  return columnTable(source, names, records.length, builders.map((b) => b.seal()), lines);
}

/** The 1-based line of every top-level element of a JSON array text. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (expect && depth === 1) {
      lines.push(line);
      expect = false;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === 1 && c === 91) expect = true;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1) expect = true;
  }
  return lines;
}

/** A JSON.parse error as FILE:LINE:COL. */
function jsonError(text: string, source: string, error: unknown, offset = 0, lineBase = 0, end = text.length): DataError {
  const message = (error as Error).message;
  const m = /position (\d+)/.exec(message);
  // "Unexpected end of JSON input" names no position: the problem is where the text ends
  const at = m ? offset + Number(m[1]) : /end of JSON input/.test(message) ? end : -1;
  const line = at >= 0 ? lineBase + text.slice(offset, at).split('\n').length : lineBase > 0 ? lineBase + 1 : undefined;
  const column = at >= 0 ? at - text.lastIndexOf('\n', at - 1) : undefined;
  const what = message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/, "[^]*$/, '');
  return new DataError({ file: source, line, column, problem: `invalid JSON (${what})`, fix: 'fix the JSON, or give a CSV file' });
}

/**
 * Reads JSON text holding an array of records, or JSON Lines (one record per line), into a table.
 *
 * @param text the file's text
 * @param source the file name for messages
 * @param lines `true` for JSON Lines, `false` for one JSON value, `undefined` to tell from the text
 * @param markers what counts as missing
 * @throws DataError at FILE:LINE:COL for invalid JSON or records that are not flat objects
 * @example
 * ```ts
 * parseJsonTable('{"x":1,"y":"a"}\n{"x":2,"y":"b"}\n', 'a.jsonl').rowCount; // 2
 * ```
 */
export function parseJsonTable(text: string, source: string, lines?: boolean, markers?: MissingMarkers): ColumnTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const asLines = lines ?? (first === '{' && isJsonLines(body));
  if (asLines) return jsonLines(body, source, markers);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw jsonError(body, source, error);
  }
  if (Array.isArray(value)) return recordsTable(value, source, { markers, lines: elementLines(body) });
  if (isRecord(value)) {
    const arrays = Object.entries(value).filter(([, v]) => Array.isArray(v));
    const hint = arrays.length > 0 ? `; its field ${JSON.stringify(arrays[0][0])} holds an array of ${(arrays[0][1] as unknown[]).length}: save that array as the file` : '';
    throw new DataError({ file: source, problem: `one JSON object, not an array of records${hint}`, fix: 'expected [{...}, {...}] or JSON Lines (one object per line)' });
  }
  throw new DataError({ file: source, problem: `a JSON ${typeof value}, not an array of records`, fix: 'expected [{...}, {...}] or JSON Lines (one object per line)' });
}

/** Whether text starting with `{` holds more than one value: JSON Lines rather than one object. */
function isJsonLines(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function jsonLines(text: string, source: string, markers?: MissingMarkers): ColumnTable {
  const records: unknown[] = [];
  const lines: number[] = [];
  let start = 0;
  for (let n = 1; start < text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== '') {
      try {
        records.push(JSON.parse(line));
      } catch (error) {
        const raw = text.slice(start, end);
        throw jsonError(text, source, error, start + (raw.length - raw.trimStart().length), n - 1, start + raw.trimEnd().length);
      }
      lines.push(n);
    }
    start = end + 1;
  }
  return recordsTable(records, source, { markers, lines });
}
