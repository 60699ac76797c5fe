import { session } from './session.svelte';
import { text } from './text.svelte';

/**
 * The Chinese demo shop (public/demo/zh, made by scripts/make-demo-zh.ts): 24 products with Chinese
 * names, 18 months of daily sales with the 618 and 双11 promotions, and ~1,100 Chinese reviews — all
 * written or generated for Shelfcast, no outside data.
 */
export const ZH_DEMO_SALES = 'demo/zh/demo-sales-zh.csv';
export const ZH_DEMO_REVIEWS = 'demo/zh/demo-reviews-zh.csv';

/**
 * Loads the Chinese demo in one go, asking nothing: sales, then forecasts for every product, then the
 * reviews, then review sentiment (learnt from the reviews' stars). Stops at the first step that fails
 * or is cancelled (its message is in `text.error` / `session.error`).
 */
export async function loadChineseDemo(): Promise<void> {
  if (!(await text.importShipped(ZH_DEMO_SALES, 'net'))) return;
  await session.forecast();
  if (!(await text.importShipped(ZH_DEMO_REVIEWS, 'net'))) return;
  await text.analyse();
}
