import { CancelledError, WorkersStoppedError } from '../../bridge';

/**
 * What to tell the seller when a job ends in `error`: `cancelled` for a cancel, nothing when the
 * page's workers were stopped (its banner already says why and asks for a reload), else the message.
 */
export function jobErrorMessage(error: unknown, cancelled: string): string | null {
  if (error instanceof WorkersStoppedError) return null;
  if (error instanceof CancelledError) return cancelled;
  return error instanceof Error ? error.message : String(error);
}
