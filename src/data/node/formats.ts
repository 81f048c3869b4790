/**
 * Which kind of table a file holds, from its name and its first bytes, and what a file that is
 * not a table looks like (Note [file formats]).
 *
 * Note [file formats]: `.json` is JSON (an array of records, or JSON Lines when it holds several
 * objects), `.jsonl`/`.ndjson` JSON Lines, `.tsv`/`.tab` tab-separated text; any other name is
 * delimited text whose dialect is sniffed (Note [sniffing]), unless its text starts with `[` or
 * `{`, when it is read as JSON. A file that is not the format its name says (JSON in `data.csv`,
 * CSV in `data.json`), and a file of another kind altogether (a spreadsheet, a PDF, a web page,
 * Parquet), is refused with what it looks like and how to fix it.
 */
import { extname } from 'node:path';
import { DataError } from '../errors.js';
import { delimiterName } from '../csv-tokens.js';
import { sniffDialect } from '../sniff.js';

/** How a table file is written. */
export type TableFormat =
  | { readonly type: 'csv'; readonly delimiter: string; readonly quote: string; readonly detected: boolean }
  | { readonly type: 'json' | 'jsonl' };

/** Files that are not text tables, by their first bytes. */
const SIGNATURES: readonly [bytes: number[], what: string, fix: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel .xlsx or OpenDocument spreadsheet?)', 'save the sheet as CSV (File → Save as → CSV) and give that file'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) workbook', 'save the sheet as CSV and give that file'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document', 'export the table from its source as CSV'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file', 'convert it to CSV (e.g. pandas.read_parquet(f).to_csv(out))'],
  [[0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], 'an Arrow file', 'convert it to CSV (e.g. pyarrow, pandas)'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database', 'export a table to CSV (sqlite3 -header -csv db "select * from t" > t.csv)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image', 'give a table (CSV, TSV or JSON)'],
  [[0xff, 0xd8, 0xff], 'a JPEG image', 'give a table (CSV, TSV or JSON)'],
];

/**
 * Refuses a file that is clearly not a text table, saying what it looks like.
 *
 * @param head the first bytes
 * @param path the file, for the message
 * @throws DataError naming the kind of file
 */
export function checkNotOtherKind(head: Uint8Array, path: string): void {
  for (const [bytes, what, fix] of SIGNATURES) {
    if (bytes.every((b, i) => head[i] === b)) throw new DataError({ file: path, problem: `this is ${what}, not a table of text`, fix });
  }
  const start = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512)).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<') && start.includes('<body'))) {
    throw new DataError({ file: path, problem: 'this is a web page (HTML), not a table', fix: 'a download link may have given a page instead of the file; download the CSV itself' });
  }
  if (start.startsWith('<?xml')) throw new DataError({ file: path, problem: 'this is an XML document, not a table', fix: 'export the data as CSV or JSON' });
}

function looksLike(text: string): string {
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return 'JSON';
  const d = sniffDialect(text);
  return d.width > 1 ? `${delimiterName(d.delimiter)}-separated text (${d.width} columns)` : 'text with one column';
}

/**
 * The format of a table file (Note [file formats]).
 *
 * @param path the file's path (its extension decides first)
 * @param start the start of its text (the first piece, decoded)
 * @param delimiter `--delimiter`, when given
 * @throws DataError for a file that is not the format its name says
 * @example
 * ```ts
 * tableFormat('a.tsv', 'x\ty\n1\t2\n'); // { type: 'csv', delimiter: '\t', quote: '"', detected: false }
 * ```
 */
export function tableFormat(path: string, start: string, delimiter?: string): TableFormat {
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  const text = start.charCodeAt(0) === 0xfeff ? start.slice(1) : start;
  const first = text.trimStart()[0];
  const json = first === '[' || first === '{';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') {
    if (!json) throw new DataError({ file: path, problem: `not JSON: it looks like ${looksLike(text)}`, fix: 'rename the file to .csv (or .tsv), or give JSON: an array of records or one record per line' });
    return { type: ext === '.json' ? 'json' : 'jsonl' };
  }
  if (json && delimiter === undefined) {
    if (['.csv', '.tsv', '.tab', '.txt'].includes(ext)) {
      throw new DataError({ file: path, problem: `this looks like JSON (it starts with ${first}), not ${ext === '.csv' ? 'CSV' : 'delimited text'}`, fix: 'rename the file to .json (or .jsonl for one record per line)' });
    }
    return { type: 'json' };
  }
  const sniffed = sniffDialect(text);
  if (delimiter !== undefined) return { type: 'csv', delimiter, quote: sniffed.quote, detected: false };
  if (ext === '.tsv' || ext === '.tab') return { type: 'csv', delimiter: '\t', quote: sniffed.quote, detected: false };
  return { type: 'csv', delimiter: sniffed.delimiter, quote: sniffed.quote, detected: true };
}

/**
 * The format in words, for the output: `comma-separated, quote "` or `JSON Lines`.
 *
 * @example
 * ```ts
 * describeFormat({ type: 'csv', delimiter: ';', quote: '"', detected: true }); // 'semicolon-separated (detected), quote "'
 * ```
 */
export function describeFormat(f: TableFormat): string {
  if (f.type !== 'csv') return f.type === 'json' ? 'JSON records' : 'JSON Lines';
  return `${delimiterName(f.delimiter)}-separated${f.detected ? ' (detected; --delimiter to change)' : ''}, quote ${f.quote}`;
}
