/**
 * Model files in a browser: kept in localStorage or IndexedDB under a name, or downloaded as a
 * file. What is stored is the model file's text (docs/model-format.md), read back by
 * {@link parseModel}: data, checked field by field, never code.
 */
import { NeuriteError } from '../core/errors.js';
import type { Network } from '../nn/network.js';
import { type LoadedModel, parseModel } from './load.js';
import { type ModelMeta, modelText } from './model-file.js';

/** Where a browser keeps models: localStorage keys or IndexedDB records start with this. */
const PREFIX = 'neurite-model:';
/** The IndexedDB database and store the models are kept in. */
const DATABASE = 'neurite';
const STORE = 'models';

function unavailable(where: string, what: string): NeuriteError {
  return new NeuriteError(`${where}: ${what} is not available here (in Node, save files with saveModel from neurite/node)`, { where, expected: what, received: 'none' });
}

function storage(where: string): Storage {
  const s = (globalThis as { localStorage?: Storage }).localStorage;
  if (s === undefined) throw unavailable(where, 'localStorage');
  return s;
}

function notFound(where: string, name: string, names: readonly string[]): NeuriteError {
  const known = names.length > 0 ? `the models saved are ${names.map((n) => JSON.stringify(n)).join(', ')}` : 'no model is saved';
  return new NeuriteError(`${where}: no model named ${JSON.stringify(name)}; ${known}`, { where, expected: 'a saved model', received: JSON.stringify(name) });
}

/**
 * Saves a network's model file in localStorage under `name`, replacing one of that name (one
 * `setItem`: the old file stays whole if the new one does not fit).
 *
 * @param net the network (its classes and preprocessor are saved with it)
 * @param name the model's name
 * @param meta more fields of the model file (task, features, …)
 * @throws NeuriteError when the file does not fit (about 5 MB per site): use {@link saveToIndexedDB}
 * @example
 * ```ts
 * saveToLocalStorage(net, 'xor');
 * const { network } = loadFromLocalStorage('xor');
 * ```
 */
export function saveToLocalStorage(net: Network, name: string, meta: ModelMeta = {}): void {
  const s = storage('saveToLocalStorage');
  const text = modelText(net, meta);
  try {
    s.setItem(PREFIX + name, text);
  } catch (error) {
    throw new NeuriteError(`saveToLocalStorage: the model file (${(text.length / 1000).toFixed(0)} KB of text) could not be stored (${(error as Error).name}: localStorage holds about 5 MB per site); save it with saveToIndexedDB instead`, {
      where: 'saveToLocalStorage', expected: 'room in localStorage', received: `${text.length} characters`,
    });
  }
}

/**
 * Loads a network saved by {@link saveToLocalStorage}.
 *
 * @throws NeuriteError naming the models there are when none has that name; ModelFormatError for a damaged file
 * @example
 * ```ts
 * loadFromLocalStorage('xor').network.predict([[0, 1]]);
 * ```
 */
export function loadFromLocalStorage(name: string): LoadedModel {
  const s = storage('loadFromLocalStorage');
  const text = s.getItem(PREFIX + name);
  if (text === null) {
    const names = Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length));
    throw notFound('loadFromLocalStorage', name, names);
  }
  return parseModel(text, `localStorage ${JSON.stringify(name)}`);
}

/** Runs one request on the models store and resolves with its result. */
async function withStore<T>(where: string, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (idb === undefined) throw unavailable(where, 'IndexedDB');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = idb.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(new NeuriteError(`${where}: IndexedDB could not be opened (${open.error?.message ?? 'blocked'})`, { where }));
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      // resolved when the transaction is committed, so a saved model is on disk when save returns
      tx.oncomplete = () => resolve(request.result);
      tx.onabort = tx.onerror = () => reject(new NeuriteError(`${where}: ${tx.error?.name ?? 'error'}: ${tx.error?.message ?? 'the transaction failed'}`, { where }));
    });
  } finally {
    db.close();
  }
}

/**
 * Saves a network's model file in IndexedDB (database `neurite`, store `models`) under `name`, in
 * one transaction: the old file of that name stays whole if this one fails.
 *
 * @param net the network (its classes and preprocessor are saved with it)
 * @param name the model's name
 * @param meta more fields of the model file
 * @example
 * ```ts
 * await saveToIndexedDB(net, 'digits');
 * const { network } = await loadFromIndexedDB('digits');
 * ```
 */
export async function saveToIndexedDB(net: Network, name: string, meta: ModelMeta = {}): Promise<void> {
  const text = modelText(net, meta);
  await withStore('saveToIndexedDB', 'readwrite', (s) => s.put(text, PREFIX + name));
}

/**
 * Loads a network saved by {@link saveToIndexedDB}.
 *
 * @throws NeuriteError naming the models there are when none has that name; ModelFormatError for a damaged file
 * @example
 * ```ts
 * (await loadFromIndexedDB('digits')).network.classify(rows);
 * ```
 */
export async function loadFromIndexedDB(name: string): Promise<LoadedModel> {
  const text = await withStore<unknown>('loadFromIndexedDB', 'readonly', (s) => s.get(PREFIX + name));
  if (typeof text !== 'string') {
    const keys = await withStore('loadFromIndexedDB', 'readonly', (s) => s.getAllKeys());
    throw notFound('loadFromIndexedDB', name, keys.map(String).filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)));
  }
  return parseModel(text, `IndexedDB ${JSON.stringify(name)}`);
}

/**
 * Offers a network's model file to the user as a download (`model.json` by default), the file
 * `neurite predict` and `parseModel` read.
 *
 * @param net the network
 * @param filename the file's name
 * @param meta more fields of the model file
 * @example
 * ```ts
 * button.onclick = () => downloadModel(net, 'iris.json');
 * ```
 */
export function downloadModel(net: Network, filename = 'model.json', meta: ModelMeta = {}): void {
  const doc = (globalThis as { document?: Document }).document;
  if (doc === undefined) throw unavailable('downloadModel', 'a page (document)');
  const url = URL.createObjectURL(new Blob([modelText(net, meta)], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // the click has started the download; the URL is freed once the browser has read it
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
