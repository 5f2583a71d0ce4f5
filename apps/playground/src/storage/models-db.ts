/**
 * Models kept in the browser (IndexedDB): the native file's bytes under a name, with a summary
 * to list them by. The bytes are the same file the CLI and the editor read, so what is saved
 * here can be downloaded and used there unchanged.
 */
import type { ModelSummary } from '../worker/lm-api.js';

export interface SavedModel {
  name: string;
  bytes: Uint8Array;
  summary: ModelSummary;
  savedAt: number;
}

const DB = 'recurrent-playground', STORE = 'models';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'name' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable (private browsing?)'));
  });
}

/** Runs one request in a transaction and closes the database after. */
async function run<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = make(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB request failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
    });
  } finally {
    db.close();
  }
}

/** Every saved model, newest first. */
export async function listModels(): Promise<SavedModel[]> {
  const all = await run('readonly', (s) => s.getAll() as IDBRequest<SavedModel[]>);
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

/** Saves (or replaces) a model under its name. */
export async function putModel(model: SavedModel): Promise<void> {
  await run('readwrite', (s) => s.put(model));
}

export async function getModel(name: string): Promise<SavedModel | undefined> {
  return run('readonly', (s) => s.get(name) as IDBRequest<SavedModel | undefined>);
}

export async function deleteModel(name: string): Promise<void> {
  await run('readwrite', (s) => s.delete(name));
}
