import { expect, type Page } from '@playwright/test';

/** A stored Transformer version as IndexedDB holds it (read past the app, straight from the store). */
export interface StoredVersion {
  id: string;
  group: string;
  status: string;
  parentId: string;
  weightBytes: number;
  /** What the manifest says the weights must hold: every tensor's size × 4 bytes. */
  manifestBytes: number;
}

/** Every record of the `models` store, sorted by id. */
export async function storedVersions(page: Page): Promise<StoredVersion[]> {
  return page.evaluate(() => new Promise<StoredVersion[]>((resolve, reject) => {
    const open = indexedDB.open('shelfcast');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction('models', 'readonly').objectStore('models').getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        db.close();
        const records = request.result as {
          id: string; group: string; status: string; parentId: string; weights: ArrayBuffer;
          manifest: { shape: number[]; offset: number }[];
        }[];
        resolve(records.map((r) => ({
          id: r.id, group: r.group, status: r.status, parentId: r.parentId,
          weightBytes: r.weights?.byteLength ?? 0,
          manifestBytes: Math.max(0, ...r.manifest.map((m) => (m.offset + m.shape.reduce((a, b) => a * b, 1)) * 4)),
        })).sort((a, b) => (a.id < b.id ? -1 : 1)));
      };
    };
  }));
}

/**
 * The model store is consistent: every version is whole (its weights fill its manifest), has a
 * status the app knows, comes from a version that exists (or the shipped weights), and each group
 * has at most one version in use.
 */
export function expectConsistent(versions: readonly StoredVersion[]): void {
  const ids = new Set(versions.map((v) => v.id));
  for (const v of versions) {
    expect(v.weightBytes, `weights of ${v.id}`).toBeGreaterThan(0);
    expect(v.weightBytes, `weights of ${v.id}`).toBe(v.manifestBytes);
    expect(['active', 'archived', 'rejected'], `status of ${v.id}`).toContain(v.status);
    expect(v.parentId === 'shipped' || ids.has(v.parentId), `parent of ${v.id}`).toBe(true);
  }
  const active = versions.filter((v) => v.status === 'active').map((v) => v.group);
  expect(new Set(active).size, 'one version in use per group').toBe(active.length);
}
