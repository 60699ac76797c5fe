import { t } from '../../i18n';
import {
  appUrl, deleteAllData, exportBackup, forecastAll, importFile, initCompute, issuesCsv, restoreBackup,
  type ForecastSummary, type ImportSource, type Progress, type ReviewDecision,
} from '../../bridge';
import { BACKEND_LABEL, type BackendChoice } from '../../core/neural';
import type { ImportPlan, ImportReport, Inspection } from '../../core/ingest';
import type { ReturnsPolicy } from '../../core/series';
import { calendarToday, MAX_PLAN_GAP_DAYS } from '../../core/plan';
import { DEFAULT_PLAN_SETTINGS, getReturnsPreference, saveReturnsPreference, forecastHorizon, getForecastModel, getPlanSettings, latestSalesDay, savePlanSettings, setForecastModel, storageStatus } from '../../db';
import { JobRunner } from './job.svelte';
import { purchasePlan } from './purchasePlan.svelte';
import { training } from './training.svelte';

export const DEMO_FILE = 'online-retail-sample.csv';
/** The demo shop's catalogue (stock, open orders, suppliers, costs), made by scripts/make-demo.ts. */
export const DEMO_CATALOGUE = 'demo-catalogue.csv';
/** The demo shop (UCI Online Retail) sells in pounds sterling. */
const DEMO_CURRENCY = 'GBP';
/**
 * The model of the quick first forecast when the seller's choice is the automatic selection: fast
 * enough for a plan on screen within seconds, then replaced by the selection's forecasts.
 */
export const QUICK_MODEL = 'moving_average';
/** Sample paths of the quick forecast: half the usual, so it and its plan take half the time. */
const QUICK_PATHS = 100;
/** At most this long the refinement waits for the quick plan (the Plan view may not be open). */
const QUICK_PLAN_WAIT_MS = 4000;
export const FORECAST_QUANTILES = [0.1, 0.5, 0.9];
export const PLAN_PATHS = 200;

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
  /** While the automatic model choice refines a quick first forecast: the quick model's name. */
  refining = $state<string | null>(null);

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

  /** The seller chose to cancel: said as a notice, not in red like an error. */
  protected override onCancelled(message: string): void {
    this.notice = message;
  }

  override cancel(): void {
    super.cancel();
    this.importStep = null;
  }

  /** A seller's file: mapping screen when unsure, then the validation report, then it is stored. */
  importFile(file: File): Promise<void> {
    return this.importAndForecast({ file }, false);
  }

  /**
   * The shipped demo: one click, no questions (it is known to be clean): its sales, then its
   * catalogue (stock, suppliers, costs), then a quick forecast refined by the automatic choice.
   */
  async loadDemo(): Promise<void> {
    purchasePlan.warmUp(); // the plan worker starts while the demo imports
    const sales = await this.importOnly({ url: appUrl(`demo/${DEMO_FILE}`), fileName: DEMO_FILE }, true);
    if (!sales?.committed && !sales?.duplicateOf) return;
    const settings = await getPlanSettings();
    if (settings.currency === DEFAULT_PLAN_SETTINGS.currency) await savePlanSettings({ ...settings, currency: DEMO_CURRENCY });
    // The catalogue and the quick forecast need nothing from each other: one job runs both at once.
    const returns = await preferredReturns();
    const loaded = await this.runJob(t('common:job.quickForecast'), (signal, onProgress) => Promise.all([
      importFile({ url: appUrl(`demo/${DEMO_CATALOGUE}`), fileName: DEMO_CATALOGUE }, { auto: true, returns }, {
        onProgress: () => {},
        askMapping: async () => null, // never asked: the demo's catalogue is known to be clean
        review: async () => ({ action: 'cancel' }),
      }, signal),
      this.quickForecast(signal, onProgress),
    ]));
    if (!loaded) return;
    await this.forecast(undefined, false, loaded[1] !== null);
  }

  /** The quick first forecast, when the seller's model is the automatic choice (else null: not needed). */
  private async quickForecast(signal: AbortSignal, onProgress: (p: Progress) => void): Promise<ForecastSummary | null> {
    const settings = await getPlanSettings();
    if ((await getForecastModel()) !== 'auto') return null;
    return forecastAll({
      horizon: await planHorizon(settings), quantiles: FORECAST_QUANTILES, paths: QUICK_PATHS, model: QUICK_MODEL, decisionDays: decisionDays(settings),
    }, onProgress, signal);
  }

  private async importAndForecast(source: ImportSource, auto: boolean): Promise<void> {
    const report = await this.importOnly(source, auto);
    if (report?.committed && (report.kind === 'sales' || report.kind === 'wide' || report.kind === 'stock')) {
      await this.forecast(undefined, true);
      // New sales continue the Transformer's training (continual learning), in its own worker.
      void training.afterImport();
    }
  }

  /** Imports one file (mapping and check screens unless `auto`) and stores it; undefined: it failed. */
  private async importOnly(source: ImportSource, auto: boolean): Promise<ImportReport | null | undefined> {
    this.report = null;
    this.notice = null;
    const returns = await preferredReturns();
    const report = await this.runJob(t('common:job.importing'), (signal, onProgress) => importFile(source, { auto, returns }, {
      onProgress,
      askMapping: (inspection, problem) => new Promise((resolve) => {
        this.importStep = { step: 'mapping', inspection, problem, answer: (plan) => { this.importStep = null; resolve(plan); } };
        onProgress({ stage: t('common:job.waitingMapping') });
      }),
      review: (staged) => new Promise((resolve) => {
        this.importStep = { step: 'review', report: staged, answer: (decision) => { this.importStep = null; resolve(decision); } };
        onProgress({ stage: t('common:job.waitingReport') });
      }),
    }, signal));
    this.importStep = null;
    if (report === undefined) return undefined;
    if (report === null) {
      this.notice = t('common:job.importCancelled');
      return null;
    }
    this.report = report;
    if (report.committed) await saveReturnsPreference(report.returnsPolicy);
    return report;
  }

  /**
   * Forecasts every product, with `model` when given (it becomes the stored choice), else with the
   * stored one. Reading the settings is part of the job, so any failure is shown to the seller.
   */
  async forecast(model?: string, quickFirst = false, quickDone = false): Promise<void> {
    if (quickFirst) {
      // A first plan in seconds; the automatic choice (backtests of every model) replaces it.
      const quick = await this.runJob(t('common:job.quickForecast'), (signal, onProgress) => this.quickForecast(signal, onProgress));
      if (quick === undefined) return; // failed or cancelled: the error line says so
      quickDone = quick !== null;
    }
    if (quickDone) {
      this.refining = QUICK_MODEL;
      // Let the quick plan reach the screen before the selection's backtests take both cores.
      await purchasePlan.settled(QUICK_PLAN_WAIT_MS);
    }
    const run = () => this.runJob(t('common:job.forecasting'), async (signal, onProgress) => {
      if (model !== undefined) await setForecastModel(model);
      const settings = await getPlanSettings();
      const chosen = await getForecastModel();
      return forecastAll({
        horizon: await planHorizon(settings), quantiles: FORECAST_QUANTILES, paths: PLAN_PATHS, model: chosen, decisionDays: decisionDays(settings),
      }, onProgress, signal);
    });
    let summary: Awaited<ReturnType<typeof run>>;
    try {
      summary = await run();
    } finally {
      this.refining = null;
    }
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
    const blob = await this.runJob(t('common:job.backup'), (signal) => exportBackup(signal));
    if (blob) download(blob, `shelfcast-backup-${new Date().toISOString().slice(0, 10)}.ndjson`);
  }

  async restore(file: File): Promise<void> {
    const result = await this.runJob(t('common:job.restore'), (signal) => restoreBackup(file, signal));
    if (result) this.notice = `Backup restored: ${result.records.toLocaleString()} records in ${result.tables} tables.`;
  }

  /** Empties IndexedDB completely, then reloads so no view keeps stale data in memory. */
  async deleteEverything(): Promise<void> {
    this.deleting = true;
    const deleted = await this.runJob(t('common:job.deleteAll'), async () => {
      const names = await deleteAllData();
      await storageSettled();
      return names;
    });
    if (deleted) location.reload();
    else this.deleting = false;
  }
}

/**
 * Days to forecast: what the plan needs, plus — when planning as of today and the data ends before
 * today — the days between the last sale and today, which the plan skips (unknown, not zero).
 */
async function planHorizon(settings: Awaited<ReturnType<typeof getPlanSettings>>): Promise<number> {
  const needed = forecastHorizon(settings);
  if (settings.asOf !== 'today') return needed;
  const gap = calendarToday() - (await latestSalesDay()) - 1;
  return gap > 0 && gap <= MAX_PLAN_GAP_DAYS ? Math.min(needed + gap, needed + MAX_PLAN_GAP_DAYS) : needed;
}

/**
 * Waits (at most ~3 s) until the browser's storage estimate stops falling after a deletion: it is
 * updated lazily, and a page reloaded at once would show the old figure as what is stored now.
 */
async function storageSettled(): Promise<void> {
  let last = (await storageStatus()).usedBytes;
  for (let i = 0; i < 10 && last !== undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = (await storageStatus()).usedBytes;
    if (now === last) return;
    last = now;
  }
}

/** Days one order covers (mean lead time + review period): the forecast's totals are calibrated over them. */
function decisionDays(settings: { leadTimeDays: number; reviewDays: number }): number {
  return Math.max(1, Math.round(settings.leadTimeDays) + settings.reviewDays);
}

function preferredReturns(): Promise<ReturnsPolicy> {
  return getReturnsPreference();
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
