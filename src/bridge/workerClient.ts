import * as Comlink from 'comlink';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'AbortError';
  }
}

/**
 * This page's workers were stopped for good (its data was deleted or upgraded, here or in another
 * tab): the page shows why in a banner and must reload, so callers need not report it again.
 */
export class WorkersStoppedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WorkersStoppedError';
  }
}

/** The browser refused to store more: the seller must free space; nothing of the failed write was kept. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(
      'Your browser\'s storage for Shelfcast is full, so nothing from this step was saved and your existing data is unchanged. ' +
      'Free disk space, undo old imports in the Data view, or export a backup and delete old data, then try again.',
      { cause },
    );
    this.name = 'StorageFullError';
  }
}

/** IndexedDB reports a full disk or quota as QuotaExceededError (Dexie keeps the name, and comlink the message). */
function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /QuotaExceeded/i.test(error.name) || /QuotaExceeded|quota (has been )?exceeded/i.test(error.message);
}

/**
 * Owns one worker at a time (Squoosh's pattern): calls go through comlink; cancelling terminates the
 * worker (the only way to stop a busy one) and the next call starts a fresh one; an idle worker is
 * terminated after a while so its memory, GPU memory included, is freed.
 */
export class WorkerClient<Api> {
  private static readonly all = new Set<WorkerClient<unknown>>();
  /** Set by stopAll: why new work is refused, and the one client still allowed to run. */
  private static halted?: { reason: string; keep?: WorkerClient<unknown> };

  /**
   * Stops every worker of this page but `keep` and refuses new work until the page reloads. Used
   * before "Delete all my data", so no background job (a cold-start forecast, an embedding pass)
   * writes while the database is deleted or recreates it afterwards; and in a tab whose database
   * was deleted or upgraded by another tab, where a fresh worker would not know it.
   */
  static stopAll(reason: string, keep?: WorkerClient<unknown>): void {
    WorkerClient.halted = { reason, keep };
    for (const client of WorkerClient.all) {
      if (client !== keep) client.terminate(new WorkersStoppedError(reason));
    }
  }

  /** After a deletion that failed: the page is not reloaded, so work may start again. */
  static resumeAll(): void {
    WorkerClient.halted = undefined;
  }

  private worker?: Worker;
  private remote?: Comlink.Remote<Api>;
  private readonly pending = new Set<(error: Error) => void>();
  private idleTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly spawn: () => Worker, private readonly idleMs = 120_000) {
    WorkerClient.all.add(this as WorkerClient<unknown>);
  }

  /** Runs `call` on the worker; rejects with CancelledError if `signal` aborts first. */
  run<Result>(call: (api: Comlink.Remote<Api>) => Promise<Result>, signal?: AbortSignal): Promise<Result> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const halted = WorkerClient.halted;
    if (halted && halted.keep !== (this as WorkerClient<unknown>)) return Promise.reject(new WorkersStoppedError(halted.reason));
    clearTimeout(this.idleTimer);
    const api = this.ensure();
    return new Promise<Result>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      const onAbort = () => this.terminate(new CancelledError());
      this.pending.add(fail);
      signal?.addEventListener('abort', onAbort, { once: true });
      call(api).then(resolve, (error) => reject(isQuotaError(error) ? new StorageFullError(error) : error)).finally(() => {
        this.pending.delete(fail);
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
      });
    });
  }

  /** Stops the worker now; calls still running reject with `reason`. */
  terminate(reason: Error = new CancelledError()): void {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    for (const fail of this.pending) fail(reason);
    this.pending.clear();
  }

  private ensure(): Comlink.Remote<Api> {
    if (!this.remote) {
      this.worker = this.spawn();
      this.worker.addEventListener('error', (event) => this.terminate(new Error(`worker failed: ${event.message}`)));
      this.remote = Comlink.wrap<Api>(this.worker);
    }
    return this.remote;
  }
}

/**
 * Starts a module worker that the page's Content-Security-Policy governs.
 *
 * A worker loaded from its own URL takes its policy from that script's HTTP headers, which a static
 * host does not send: index.html's <meta> policy would not reach it, and its fetches and imports
 * could go to any origin. A worker started from a blob: URL inherits the page's policy instead (CSP
 * level 3, local schemes), so the bootstrap is a one-line blob that imports the bundled worker from
 * this origin (allowed by script-src 'self'). The worker's modules keep their own import.meta.url;
 * only `self.location` is the blob's, so worker code resolves its files against import.meta.url.
 */
export function spawnModuleWorker(scriptUrl: string, name: string): Worker {
  const script = new URL(scriptUrl, document.baseURI).href;
  const bootstrap = URL.createObjectURL(new Blob([`import ${JSON.stringify(script)};\n`], { type: 'text/javascript' }));
  try {
    return new Worker(bootstrap, { type: 'module', name });
  } finally {
    // The worker holds on to what the URL named from the moment it is constructed.
    URL.revokeObjectURL(bootstrap);
  }
}

/** Stops every worker of this page for good (until it reloads); new work is refused with `reason`. */
export function stopAllWorkers(reason: string): void {
  WorkerClient.stopAll(reason);
}

/** Wraps a progress callback so a worker can call it across the thread boundary. */
export function progressProxy<T extends (...args: never[]) => void>(callback: T): T & Comlink.ProxyMarked {
  return Comlink.proxy(callback);
}
