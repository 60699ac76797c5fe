import * as Comlink from 'comlink';
import type { ImportDialog, ImportOptions, ImportSource, ImportWorkerApi, ReviewDecision } from '../../workers/import.worker';
import type { ImportReport } from '../core/ingest';
import { getLocale } from '../i18n';
import { WorkerClient, spawnModuleWorker } from './workerClient';
import importWorkerUrl from '../../workers/import.worker.ts?worker&url';

export type { ImportDialog, ImportOptions, ImportSource, ReviewDecision };

// Long idle time: a checked file waits in the worker while the seller reads the report.
const importWorker = new WorkerClient<ImportWorkerApi>(
  () => spawnModuleWorker(importWorkerUrl, 'import'),
  30 * 60_000,
);

/**
 * Runs an import in the worker. The dialog's methods are called from the worker (mapping screen,
 * validation report); cancelling the signal stops the worker and nothing is written.
 */
export function importFile(source: ImportSource, options: ImportOptions, dialog: ImportDialog, signal?: AbortSignal): Promise<ImportReport | null> {
  const withLocale: ImportOptions = { locale: getLocale(), ...options };
  return importWorker.run((api) => api.importFile(source, withLocale, Comlink.proxy(dialog)), signal);
}

/** All issues of the last checked file, as a CSV Blob. */
export function issuesCsv(): Promise<Blob> {
  return importWorker.run((api) => api.issuesCsv());
}

export function exportBackup(signal?: AbortSignal): Promise<Blob> {
  return importWorker.run((api) => api.exportBackup(), signal);
}

export function restoreBackup(file: File, signal?: AbortSignal): Promise<{ tables: number; records: number }> {
  return importWorker.run((api) => api.restoreBackup(file), signal);
}

/** Stops every other worker first: none may write while, or after, the database is deleted. */
export async function deleteAllData(): Promise<string[]> {
  WorkerClient.stopAll('All data is being deleted; the page reloads when it is done.', importWorker as WorkerClient<unknown>);
  try {
    return await importWorker.run((api) => api.deleteAllData());
  } catch (error) {
    WorkerClient.resumeAll();
    throw error;
  }
}
