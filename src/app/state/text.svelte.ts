import {
  analyseReviews, appUrl, embedCatalogue, forecastColdStart, importFile, stopTextWorker, type CatalogueEmbedding,
  type SentimentRun,
} from '../../bridge';
import type { ReturnsPolicy } from '../../core/series';
import { encoderKey, NGRAM_ZH_KEY, productText, type EncoderChoice } from '../../core/text';
import { t } from '../../i18n';
import {
  DEFAULT_TEXT_SETTINGS, getPlanSettings, observeProductSentiment, observeTextHeads, observeTextSettings, saveTextSettings, sentimentHeadId,
  type ProductRecord, type ProductSentimentRecord, type TextHeadRecord, type TextSettings,
} from '../../db';
import { hubDownloadsAllowed, lockConnectionsToOwnOrigin, setHubDownloadsAllowed } from '../privacy';
import { JobRunner } from './job.svelte';
import { FORECAST_QUANTILES, PLAN_PATHS } from './session.svelte';

/**
 * The text side of the app: which encoder, the catalogue's embedding status, the text worker's running
 * job (with progress and cancel), and stored review sentiment. Separate from the session's job so that
 * embedding product names in the background never blocks an import or a forecast.
 */
class TextState extends JobRunner {
  settings = $state.raw<TextSettings>(DEFAULT_TEXT_SETTINGS);
  /** Result of the last catalogue embedding; null until one finished. */
  embedded = $state.raw<CatalogueEmbedding | null>(null);
  /** Bumped after every catalogue embedding, so views re-ask for neighbours. */
  version = $state(0);
  sentiment = $state.raw<Map<string, ProductSentimentRecord>>(new Map());
  heads = $state.raw<TextHeadRecord[]>([]);
  lastRun = $state.raw<SentimentRun | null>(null);
  /** The seller's opt-in to model downloads from the Hugging Face hub (remembered by src/app/privacy.ts). */
  allowHub = $state(hubDownloadsAllowed());
  /** Turned on in this page: the page's Content-Security-Policy only lets the hub in after a reload. */
  hubNeedsReload = $state(false);
  /** What the last catalogue embedding was asked to cover (done or failed: a failure is not retried in a loop). */
  private attempted = '';

  constructor() {
    super('what was finished is kept.');
    observeTextSettings().subscribe({ next: (s) => { this.settings = s; } });
    observeProductSentiment().subscribe({ next: (list) => { this.sentiment = new Map(list.map((r) => [r.sku, r])); } });
    observeTextHeads().subscribe({ next: (list) => { this.heads = list; } });
  }

  get encoderKey(): string {
    return encoderKey(this.settings.encoder);
  }

  /**
   * The sentiment model the stored scores came from: the current encoder's head, or the Chinese n-gram
   * model when the reviews were Chinese (the newest of the two).
   */
  get head(): TextHeadRecord | undefined {
    const ids = [sentimentHeadId(this.encoderKey), sentimentHeadId(NGRAM_ZH_KEY)];
    return this.heads.filter((h) => ids.includes(h.id)).sort((a, b) => (a.trainedAt < b.trainedAt ? 1 : -1))[0];
  }

  /** Whether the shown sentiment model is the Chinese n-gram one. */
  get headIsChinese(): boolean {
    return this.head?.id === sentimentHeadId(NGRAM_ZH_KEY);
  }

  /**
   * Embeds the catalogue when the product texts (or the encoder) changed since the last run.
   * Called from views whenever the product list changes; cheap when nothing changed.
   */
  refresh(products: readonly ProductRecord[], busy = false): void {
    const signature = `${this.encoderKey}|${this.allowHub}|${products.map((p) => `${p.sku}\u0000${productText(p)}`).join('\u0001')}`;
    // `busy`: an import or forecast is running; read names after it (no race over forecasts, no CPU fight).
    if (products.length === 0 || signature === this.attempted || this.job || busy) return;
    this.attempted = signature;
    void this.embed();
  }

  /**
   * Embeds the catalogue now (also the "try again" after a failure or a cancel). When new names were
   * read, new products (first sold < 28 days ago, or not yet) get their cold-start forecasts.
   */
  async embed(): Promise<void> {
    const result = await this.runJob(t('text:view.readingNames'), async (signal, onProgress) => {
      const embedded = await embedCatalogue(this.allowHub, onProgress, signal);
      if (embedded.computed > 0) {
        onProgress({ stage: t('text:view.forecastingNew') });
        const settings = await getPlanSettings();
        await forecastColdStart({ horizon: settings.horizonDays, quantiles: FORECAST_QUANTILES, paths: PLAN_PATHS, baseUrl: appUrl('') }, signal);
      }
      return embedded;
    });
    if (!result) return;
    this.embedded = result;
    this.version++;
  }

  async chooseEncoder(encoder: EncoderChoice): Promise<void> {
    this.cancel();
    stopTextWorker();
    this.embedded = null;
    this.attempted = '';
    await saveTextSettings({ encoder });
  }

  /**
   * Turning downloads on takes effect after a reload (a page's Content-Security-Policy can be narrowed
   * but never widened); turning them off takes effect at once, in the worker and in the page's policy.
   */
  setAllowHub(allowHub: boolean): void {
    setHubDownloadsAllowed(allowHub);
    if (allowHub) {
      this.hubNeedsReload = true;
      return;
    }
    this.hubNeedsReload = false;
    lockConnectionsToOwnOrigin();
    this.cancel();
    stopTextWorker();
    this.allowHub = false;
    this.attempted = '';
  }

  /**
   * Imports a file shipped with Shelfcast (public/…), asking nothing: it is known to be clean. Used by
   * the Chinese demo (demoZh.ts), as this room's job so its progress and cancel show like any other.
   */
  async importShipped(path: string, returns: ReturnsPolicy): Promise<boolean> {
    const fileName = path.split('/').pop() as string;
    const report = await this.runJob(t('text:demo.importing', { file: fileName }), (signal, onProgress) => importFile(
      { url: appUrl(path), fileName }, { auto: true, returns },
      {
        onProgress,
        askMapping: () => Promise.reject(new Error(`${fileName} needs a column mapping; a shipped file never should`)),
        review: () => Promise.reject(new Error(`${fileName} needs a review; a shipped file never should`)),
      },
      signal,
    ));
    return report?.committed !== undefined;
  }

  async analyse(): Promise<void> {
    const run = await this.runJob(t('text:view.analysing'), (signal, onProgress) => analyseReviews(this.allowHub, onProgress, signal));
    if (run) this.lastRun = run;
  }
}

export const text = new TextState();
