import { t } from '../../i18n';
import { CancelledError, WorkersStoppedError, type Progress } from '../../bridge';

/**
 * What to tell the seller when a job ends in `error`: `cancelled` for a cancel, nothing when the
 * page's workers were stopped (its banner already says why and asks for a reload), else the message.
 */
export function jobErrorMessage(error: unknown, cancelled: string): string | null {
  if (error instanceof WorkersStoppedError) return null;
  if (error instanceof CancelledError) return cancelled;
  return error instanceof Error ? error.message : String(error);
}

export interface Job {
  title: string;
  progress: Progress;
  controller: AbortController;
}

/**
 * One job at a time with a progress bar, a cancel button and an error line: the part the app's
 * stores (session, text) share. A second job is refused while one runs, so two never fight over
 * the same data or the same two cores.
 */
export class JobRunner {
  job = $state.raw<Job | null>(null);
  error = $state<string | null>(null);

  /** @param cancelledNote what a cancel leaves behind, said after "<title> cancelled; ". */
  constructor(private readonly cancelledNote: string) {}

  cancel(): void {
    this.job?.controller.abort();
  }

  /** A cancel the seller chose: by default said on the error line; a store with a notice line says it there. */
  protected onCancelled(message: string): void {
    this.error = message;
  }

  protected async runJob<T>(title: string, work: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<T>): Promise<T | undefined> {
    if (this.job) {
      this.error = t('common:job.stillRunning', { job: this.job.title.toLowerCase() });
      return undefined;
    }
    const controller = new AbortController();
    this.error = null;
    this.job = { title, progress: { stage: title }, controller };
    try {
      return await work(controller.signal, (progress) => {
        if (this.job) this.job = { ...this.job, progress };
      });
    } catch (error) {
      if (error instanceof CancelledError) this.onCancelled(`${title} cancelled; ${this.cancelledNote}`);
      else this.error = jobErrorMessage(error, '');
      return undefined;
    } finally {
      this.job = null;
    }
  }
}
