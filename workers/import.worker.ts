import * as Comlink from 'comlink';
import {
  ImportError, inspectFile, issuesToCsv, reportOf, stageImport, type ImportPlan, type ImportReport, type Inspection, type StagedImport,
} from '../src/core/ingest';
import type { ReturnsPolicy } from '../src/core/series';
import { setLocale, t, type Locale } from '../src/i18n';
import { analyseStaged, commitStaged, deleteAllData, exportBackup, restoreBackup } from '../src/db';
import type { ProgressCallback } from './progress';

/** A file from the picker or drop zone, or a same-origin URL (the demo). */
export type ImportSource = { file: File } | { url: string; fileName: string };

/** The seller's answer on the validation report. */
export type ReviewDecision =
  | { action: 'import'; returns: ReturnsPolicy; overlap: 'replace' | 'add' }
  | { action: 'remap' }
  /** Check the file again under a changed plan (e.g. keep the proposed service lines after all). */
  | { action: 'replan'; plan: ImportPlan }
  | { action: 'cancel' };

/** The page's side of an import: it shows the mapping screen and the report, and answers. */
export interface ImportDialog {
  onProgress: ProgressCallback;
  /** Resolves with the confirmed plan, or null when the seller cancels. */
  askMapping(inspection: Inspection, problem?: string): Promise<ImportPlan | null>;
  review(report: ImportReport): Promise<ReviewDecision>;
}

export interface ImportOptions {
  /** No questions asked (the shipped demo): fails if the file needs any answer. */
  auto: boolean;
  returns: ReturnsPolicy;
  /** The page's language: every message the import writes (notes, issues, report) is in it. */
  locale?: Locale;
}

/** The issues of the last file checked, kept so the seller can download all of them. */
let lastIssues: { issues: StagedImport['issues']; count: number } | undefined;

async function blobOf(source: ImportSource): Promise<{ fileName: string; blob: Blob }> {
  if ('file' in source) return { fileName: source.file.name, blob: source.file };
  const response = await fetch(source.url);
  if (!response.ok) throw new Error(t('import:worker.loadFailed', { file: source.fileName, status: response.status }));
  return { fileName: source.fileName, blob: await response.blob() };
}

/**
 * The mapping screen, as often as the seller changes the text encoding there: each change reads the
 * file's start again in that encoding (the column names change with it) and asks again.
 */
async function askMapping(blob: Blob, first: Inspection, dialog: ImportDialog, problem?: string): Promise<{ inspection: Inspection; plan: ImportPlan | null }> {
  let inspection = first;
  let plan = await dialog.askMapping(inspection, problem);
  while (plan && plan.encoding !== inspection.plan.encoding) {
    inspection = await inspectFile(blob, inspection.fileName, { encoding: plan.encoding });
    plan = await dialog.askMapping(inspection);
  }
  return { inspection, plan };
}

async function commit(staged: StagedImport, report: ImportReport, decision: Extract<ReviewDecision, { action: 'import' }>, dialog: ImportDialog): Promise<ImportReport> {
  dialog.onProgress({ stage: t('import:progress.saving') });
  const started = performance.now();
  const outcome = await commitStaged(staged, report, decision);
  report.returnsPolicy = decision.returns;
  report.newProducts = outcome.newProducts;
  report.committed = { batchId: outcome.batchId, overlap: outcome.overlap };
  report.timings.writeMs = performance.now() - started;
  return report;
}

const api = {
  /**
   * Inspect → (mapping) → read and check everything → (report, seller decides) → one transaction.
   * Returns the final report, or null when the seller cancelled. Nothing is written before the
   * seller confirms (or, for the demo, before the whole file checked out).
   */
  async importFile(source: ImportSource, options: ImportOptions, dialog: ImportDialog): Promise<ImportReport | null> {
    if (options.locale) setLocale(options.locale);
    const { fileName, blob } = await blobOf(source);
    dialog.onProgress({ stage: t('import:progress.looking', { file: fileName }) });
    let inspection = await inspectFile(blob, fileName);
    let plan: ImportPlan | null = inspection.plan;
    if (!inspection.confident) {
      if (options.auto) throw new ImportError(fileName, 1, t('import:worker.needsAnswers', { questions: inspection.questions.join(' ') }));
      ({ inspection, plan } = await askMapping(blob, inspection, dialog));
    }
    while (plan) {
      let staged: StagedImport;
      try {
        staged = await stageImport(blob, fileName, inspection.headers, plan, (fraction) => dialog.onProgress({ stage: t('import:progress.reading', { file: fileName }), fraction }));
      } catch (error) {
        if (!(error instanceof ImportError) || options.auto) throw error;
        ({ inspection, plan } = await askMapping(blob, { ...inspection, plan }, dialog, error.message));
        continue;
      }
      lastIssues = { issues: staged.issues, count: staged.issueCount };
      dialog.onProgress({ stage: t('import:progress.comparing') });
      const report = await analyseStaged(staged, reportOf(staged, inspection.notes, inspection.layout));
      report.returnsPolicy = options.returns;
      const decision: ReviewDecision = options.auto
        ? { action: 'import', returns: options.returns, overlap: report.overlap?.suggested ?? 'add' }
        : await dialog.review(report);
      if (decision.action === 'cancel') return null;
      if (decision.action === 'replan') { plan = decision.plan; continue; }
      if (decision.action === 'remap') {
        ({ inspection, plan } = await askMapping(blob, { ...inspection, plan }, dialog));
        continue;
      }
      if (report.duplicateOf || report.rowsAccepted === 0) return report;
      return commit(staged, report, decision, dialog);
    }
    return null;
  },

  /** Every issue of the last file checked, as CSV (formula-safe). */
  issuesCsv(): Blob {
    if (!lastIssues) throw new Error(t('import:worker.noneChecked'));
    const text = issuesToCsv(lastIssues.issues, lastIssues.count - lastIssues.issues.length);
    return new Blob([text], { type: 'text/csv' });
  },

  exportBackup(): Promise<Blob> {
    return exportBackup();
  },

  restoreBackup(file: Blob): Promise<{ tables: number; records: number }> {
    return restoreBackup(file);
  },

  deleteAllData(): Promise<string[]> {
    lastIssues = undefined;
    return deleteAllData();
  },
};

export type ImportWorkerApi = typeof api;
Comlink.expose(api);
