/**
 * Reading a CSV file in the worker: its size checked first, then read and parsed piece by piece
 * by the library's CsvReader into typed columns, with progress, so a large file never blocks the
 * page and takes about its own size in memory.
 */
import { CsvReader, type ColumnTable } from '../../src/index.js';
import type { CsvSource } from './protocol.js';

/** The largest file the page reads (the page trains on every row it reads). */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

/** Reads and parses a CSV file; `progress` hears how far it got. */
export async function readCsv(source: CsvSource, progress: (text: string) => void): Promise<ColumnTable> {
  const reader = new CsvReader(source.name);
  if ('text' in source) {
    reader.push(source.text);
    return reader.end();
  }
  const file = source.file;
  if (file.size > MAX_CSV_BYTES) {
    throw new Error(`${source.name} is ${mb(file.size)} MB; the playground reads CSV files up to ${mb(MAX_CSV_BYTES)} MB. ` +
      'Keep a sample of its rows, or train on the whole file with the command line (neurite train).');
  }
  const decoder = new TextDecoder();
  const stream = file.stream().getReader();
  let read = 0;
  let told = 0;
  for (;;) {
    const { done, value } = await stream.read();
    if (done) break;
    reader.push(decoder.decode(value, { stream: true }));
    read += value.length;
    if (read - told > file.size / 20) {
      told = read;
      progress(`Reading ${source.name}: ${mb(read)} of ${mb(file.size)} MB`);
    }
  }
  reader.push(decoder.decode());
  return reader.end();
}

/** The default choice of columns: the first two numeric features on the axes and the last column as label. */
export function defaultColumns(table: ColumnTable): { columns: string[]; featureX: string; featureY: string; target: string } {
  const target = table.columns[table.columns.length - 1];
  const numeric = table.columns.filter((c, j) => c !== target && table.column(j).kind === 'numeric');
  const two = numeric.length >= 2;
  return { columns: [...table.columns], featureX: two ? numeric[0] : '', featureY: two ? numeric[1] : '', target };
}
