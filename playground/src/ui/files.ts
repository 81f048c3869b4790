/** Files in and out: a CSV file chosen or dropped, a model file imported, a model file downloaded. */
import type { CsvSource } from '../protocol.js';
import { byId } from './dom.js';

/** Calls `load` with each CSV file chosen in the file input or dropped on the data panel (the worker reads it). */
export function watchCsv(load: (source: CsvSource) => void): void {
  const input = byId<HTMLInputElement>('csv-file');
  const read = (f: File | undefined) => {
    if (f) load({ name: f.name, file: f });
  };
  input.addEventListener('change', () => read(input.files?.[0]));
  const zone = byId('data-panel');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    byId('drop').classList.add('over');
  });
  zone.addEventListener('dragleave', () => byId('drop').classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    byId('drop').classList.remove('over');
    read(e.dataTransfer?.files[0]);
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
