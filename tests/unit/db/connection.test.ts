import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { database, onDatabaseStale, resetConnection, type StaleReason } from '../../../src/db';

function deleteFromAnotherRealm(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe('the connection of a realm when the database is deleted elsewhere', () => {
  afterEach(() => resetConnection());

  it('closes, tells the page why, and refuses to recreate the database until reset', async () => {
    const reasons: StaleReason[] = [];
    const stop = onDatabaseStale((reason) => reasons.push(reason));
    const db = database();
    await db.settings.put({ key: 'probe', value: 1 });

    await deleteFromAnotherRealm(db.name);

    expect(reasons).toEqual(['deleted']);
    // A background job of this realm that writes now gets a clear error instead of a new, empty
    // database holding its orphaned results.
    expect(() => database()).toThrow(/data was deleted.*Reload the page/);
    await expect(db.settings.put({ key: 'late', value: 2 })).rejects.toThrow();
    expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(db.name);
    stop();

    resetConnection(); // what the deleting realm itself does: it may open a fresh database
    expect(await database().settings.count()).toBe(0);
  });
});
