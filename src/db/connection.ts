import { ShelfcastDB } from './schema';

let shared: ShelfcastDB | undefined;
let staleListeners: ((reason: StaleReason) => void)[] = [];
let deletedElsewhere = false;

/** Why this realm's view of the database is no longer valid: a newer schema, or all data deleted. */
export type StaleReason = 'upgraded' | 'deleted';

/**
 * The one database connection of this realm (page or worker). Each realm opens its own; Dexie
 * and IndexedDB keep them consistent across tabs and workers. When another tab opens a newer
 * schema version, this connection closes so the upgrade is not blocked, and the page is told it
 * is stale: its code no longer matches the stored data and it must reload before writing again.
 * When another realm deletes the database ("Delete all my data"), this realm refuses to reopen
 * it: a forecast still running here would otherwise recreate it and write results for products
 * that no longer exist.
 */
export function database(): ShelfcastDB {
  if (deletedElsewhere) {
    throw new Error('All Shelfcast data was deleted (in this or another tab). Reload the page to start again.');
  }
  if (!shared) {
    const db = new ShelfcastDB();
    db.on('versionchange', (event) => {
      db.close();
      if (shared === db) shared = undefined;
      const reason: StaleReason = (event as IDBVersionChangeEvent).newVersion === null ? 'deleted' : 'upgraded';
      if (reason === 'deleted') deletedElsewhere = true;
      for (const listener of staleListeners) listener(reason);
      return false;
    });
    shared = db;
  }
  return shared;
}

/**
 * Forgets the connection; the next call opens a fresh one. Called by the realm that deleted the
 * database itself (its own connection was closed first, so it saw no versionchange).
 */
export function resetConnection(): void {
  shared = undefined;
  deletedElsewhere = false;
}

/**
 * Calls `listener` when another realm upgrades or deletes the database; returns an unsubscribe
 * function.
 */
export function onDatabaseStale(listener: (reason: StaleReason) => void): () => void {
  staleListeners.push(listener);
  return () => { staleListeners = staleListeners.filter((l) => l !== listener); };
}

/** For tests: use a database of another name (each test gets a clean one). */
export function useDatabase(db: ShelfcastDB): void {
  shared = db;
  deletedElsewhere = false;
}
