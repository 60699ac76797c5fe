/** How much this browser lets Shelfcast store, and whether it may evict it under pressure. */
export interface StorageStatus {
  usedBytes?: number;
  quotaBytes?: number;
  /** True once the browser promised not to clear the data to free space. */
  persistent: boolean;
}

export async function storageStatus(): Promise<StorageStatus> {
  const storage = navigator.storage;
  if (!storage) return { persistent: false };
  const [estimate, persistent] = await Promise.all([
    storage.estimate?.() ?? Promise.resolve({} as StorageEstimate),
    storage.persisted?.() ?? Promise.resolve(false),
  ]);
  return { usedBytes: estimate.usage, quotaBytes: estimate.quota, persistent };
}

/**
 * Asks the browser to keep Shelfcast's data even when disk space runs low. Browsers may grant it
 * silently (Chromium decides by engagement) or refuse; either way nothing else changes.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  // Only a page's StorageManager has persist(); db/ is also compiled for the workers, whose has not.
  const storage = navigator.storage as (StorageManager & { persist?: () => Promise<boolean> }) | undefined;
  return (await storage?.persist?.()) ?? false;
}
