import {
  appUrl, deleteAllData, exportBackup, forecastAll, importFile, initCompute, issuesCsv, restoreBackup,
  type ImportSource, type ReviewDecision,
} from '../../bridge';
import { BACKEND_LABEL, type BackendChoice } from '../../core/neural';
import type { ImportPlan, ImportReport, Inspection } from '../../core/ingest';
import type { ReturnsPolicy } from '../../core/series';
import { database, forecastHorizon, getForecastModel, getPlanSettings, setForecastModel } from '../../db';
import { JobRunner } from './job.svelte';
import { training } from './training.svelte';

export const DEMO_FILE = 'online-retail-sample.csv';
export const FORECAST_QUANTILES = [0.1, 0.5, 0.9];
export const PLAN_PATHS = 200;
/** Settings key of the seller's import preferences. */
export const IMPORT_SETTINGS_KEY = 'import';

/** A question the import worker is waiting on: the mapping screen or the validation report. */
export type ImportStep =
  | { step: 'mapping'; inspection: Inspection; problem?: string; answer: (plan: ImportPlan | null) => void }
  | { step: 'review'; report: ImportReport; answer: (decision: ReviewDecision) => void };

/** What the app is doing right now: the running job, the import dialog, the compute backend. */
class Session extends JobRunner {
  constructor() {
    super('nothing was changed.');
  }

  importStep = $state.raw<ImportStep | null>(null);
  report = $state.raw<ImportReport | null>(null);
  notice = $state<string | null>(null);
  /** True from "Yes, delete everything" until the reload: this tab is the one deleting. */
  deleting = $state(false);
  backend = $state.raw<BackendChoice | null>(null);
  backendError = $state<string | null>(null);
  lastForecast = $state.raw<{ forecasted: number; skipped: number; ms: number; model: string } | null>(null);

  get backendLabel(): string {
    if (this.backend) return BACKEND_LABEL[this.backend.backend];
    return this.backendError ? 'unavailable' : 'starting…';
  }

  async startCompute(): Promise<void> {
    try {
      this.backend = await initCompute();
    } catch (error) {
      this.backendError = error instanceof Error ? error.message : String(error);
    }
  }

  override cancel(): void {
    super.cancel();
    this.importStep = null;
  }

  /** A seller's file: mapping screen when unsure, then the validation report, then it is stored. */
  importFile(file: File): Promise<void> {
    return this.importAndForecast({ file }, false);
  }

  /** The shipped demo: one click, no questions (it is known to be clean). */
  loadDemo(): Promise<void> {
    return this.importAndForecast({ url: appUrl(`demo/${DEMO_FILE}`), fileName: DEMO_FILE }, true);
  }

  private async importAndForecast(source: ImportSource, auto: boolean): Promise<void> {
    this.report = null;
    this.notice = null;
    const returns = await preferredReturns();
    const report = await this.runJob('Importing', (signal, onProgress) => importFile(source, { auto, returns }, {
      onProgress,
      askMapping: (inspection, problem) => new Promise((resolve) => {
        this.importStep = { step: 'mapping', inspection, problem, answer: (plan) => { this.importStep = null; resolve(plan); } };
        onProgress({ stage: 'Waiting for your column mapping' });
      }),
      review: (staged) => new Promise((resolve) => {
        this.importStep = { step: 'review', report: staged, answer: (decision) => { this.importStep = null; resolve(decision); } };
        onProgress({ stage: 'Waiting for you to check the report' });
      }),
    }, signal));
    this.importStep = null;
    if (report === undefined) return;
    if (report === null) {
      this.notice = 'Import cancelled; nothing was changed.';
      return;
    }
    this.report = report;
    if (report.committed) {
      await database().settings.put({ key: IMPORT_SETTINGS_KEY, value: { returns: report.returnsPolicy } });
      if (report.kind === 'sales' || report.kind === 'wide' || report.kind === 'stock') {
        await this.forecast();
        // New sales continue the Transformer's training (continual learning), in its own worker.
        void training.afterImport();
      }
    }
  }

  /**
   * Forecasts every product, with `model` when given (it becomes the stored choice), else with the
   * stored one. Reading the settings is part of the job, so any failure is shown to the seller.
   */
  async forecast(model?: string): Promise<void> {
    const summary = await this.runJob('Forecasting', async (signal, onProgress) => {
      if (model !== undefined) await setForecastModel(model);
      const settings = await getPlanSettings();
      const chosen = await getForecastModel();
      return forecastAll({ horizon: forecastHorizon(settings), quantiles: FORECAST_QUANTILES, paths: PLAN_PATHS, model: chosen }, onProgress, signal);
    });
    if (!summary) return;
    this.lastForecast = { forecasted: summary.forecasted, skipped: summary.skipped.length, ms: summary.ms, model: summary.model };
    this.backend = summary.backend;
    if (summary.fallbacks.length > 0) this.notice = `${summary.fallbacks.join('; ')}: the forecast was finished there.`;
  }

  /** Downloads every issue of the last checked file. */
  async downloadIssues(fileName: string): Promise<void> {
    try {
      download(await issuesCsv(), `${fileName.replace(/\.[^.]+$/, '')}-issues.csv`);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async downloadBackup(): Promise<void> {
    const blob = await this.runJob('Preparing the backup', (signal) => exportBackup(signal));
    if (blob) download(blob, `shelfcast-backup-${new Date().toISOString().slice(0, 10)}.ndjson`);
  }

  async restore(file: File): Promise<void> {
    const result = await this.runJob('Restoring the backup', (signal) => restoreBackup(file, signal));
    if (result) this.notice = `Backup restored: ${result.records.toLocaleString()} records in ${result.tables} tables.`;
  }

  /** Empties IndexedDB completely, then reloads so no view keeps stale data in memory. */
  async deleteEverything(): Promise<void> {
    this.deleting = true;
    const deleted = await this.runJob('Deleting all data', () => deleteAllData());
    if (deleted) location.reload();
    else this.deleting = false;
  }
}

async function preferredReturns(): Promise<ReturnsPolicy> {
  const stored = await database().settings.get(IMPORT_SETTINGS_KEY);
  const value = (stored?.value as { returns?: ReturnsPolicy } | undefined)?.returns;
  return value === 'drop' ? 'drop' : 'net';
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const session = new Session();
