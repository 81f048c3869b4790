/**
 * Reading a CSV file in the worker: its size checked first, read in pieces with progress, then
 * parsed by the library, so a large file never blocks the page.
 */
import { columnKind, columnValues, parseCsv, type Table } from '../../src/index.js';
import type { CsvSource } from './protocol.js';

/** The largest file the page reads: a parsed table takes many times the file's size in memory. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

/** The text of a file, read in pieces; `progress` hears how far it got. */
async function readText(name: string, file: Blob, progress: (text: string) => void): Promise<string> {
  if (file.size > MAX_CSV_BYTES) {
    throw new Error(`${name} is ${mb(file.size)} MB; the playground reads CSV files up to ${mb(MAX_CSV_BYTES)} MB. ` +
      'Keep a sample of its rows, or train on the whole file with the command line (neurite train).');
  }
  const decoder = new TextDecoder();
  const parts: string[] = [];
  const reader = file.stream().getReader();
  let read = 0;
  let told = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
    read += value.length;
    if (read - told > file.size / 20) {
      told = read;
      progress(`Reading ${name}: ${mb(read)} of ${mb(file.size)} MB`);
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Reads and parses a CSV file. */
export async function readCsv(source: CsvSource, progress: (text: string) => void): Promise<Table> {
  const text = 'text' in source ? source.text : await readText(source.name, source.file, progress);
  if (text.length > 1024 * 1024) progress(`Parsing ${source.name} (${mb(text.length)} MB)…`);
  return parseCsv(text, source.name);
}

/** The default choice of columns: the first two numeric features on the axes and the last column as label. */
export function defaultColumns(table: Table): { columns: string[]; featureX: string; featureY: string; target: string } {
  const target = table.columns[table.columns.length - 1];
  const numeric = table.columns.filter((c) => c !== target && columnKind(columnValues(table, c)) === 'numeric');
  const two = numeric.length >= 2;
  return { columns: table.columns, featureX: two ? numeric[0] : '', featureY: two ? numeric[1] : '', target };
}
