/** Files in and out: a CSV file chosen or dropped, a model file imported, a model file downloaded. */
import { columnKind, columnValues, parseCsv } from '../../../src/data/index.js';
import type { CsvFile } from '../protocol.js';
import { byId } from './dom.js';

/** The columns of a CSV file and a default choice: the first two numeric features and the last column as label. */
export function csvColumns(file: CsvFile): { columns: string[]; featureX: string; featureY: string; target: string } {
  const table = parseCsv(file.text, file.name);
  const target = table.columns[table.columns.length - 1];
  const numeric = table.columns.filter((c) => c !== target && columnKind(columnValues(table, c)) === 'numeric');
  const two = numeric.length >= 2;
  return { columns: table.columns, featureX: two ? numeric[0] : '', featureY: two ? numeric[1] : '', target };
}

/** Calls `load` with each CSV file chosen in the file input or dropped on the data panel. */
export function watchCsv(load: (file: CsvFile) => void): void {
  const input = byId<HTMLInputElement>('csv-file');
  const read = async (f: File | undefined) => {
    if (f) load({ name: f.name, text: await f.text() });
  };
  input.addEventListener('change', () => void read(input.files?.[0]));
  const zone = byId('data-panel');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    byId('drop').classList.add('over');
  });
  zone.addEventListener('dragleave', () => byId('drop').classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    byId('drop').classList.remove('over');
    void read(e.dataTransfer?.files[0]);
  });
}

/** Calls `load` with the text of a model file chosen for import. */
export function watchImport(load: (name: string, text: string) => void): void {
  const input = byId<HTMLInputElement>('import-file');
  input.addEventListener('change', async () => {
    const f = input.files?.[0];
    if (f) load(f.name, await f.text());
    input.value = '';
  });
}

/** Offers text as a file download. */
export function download(name: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
