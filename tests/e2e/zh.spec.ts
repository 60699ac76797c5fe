import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/**
 * The seller's path with the browser in Chinese (zh-CN): the interface follows the browser's
 * language, shows no English in the parts the i18n room owns, switches back to English on request
 * and remembers the choice. Screenshots at desktop and phone size go to test-results/zh/.
 */
test.use({ locale: 'zh-CN' });
test.setTimeout(240_000);

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A screenshot of the whole page, or of the screen only (`fullPage: false`) for the long lists. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync('test-results/zh', { recursive: true });
  await page.screenshot({ path: `test-results/zh/${name}.png`, fullPage });
}

/**
 * Names, codes and units that stay as they are in any language; product names come from the
 * seller's data and are removed before looking for English.
 */
const ALLOWED = /\b(Shelfcast|P10|P50|P90|CSV|WebGPU|WebGL|WebAssembly|CPU|Transformer|IndexedDB|MB|GB|Online Retail|CC BY 4\.0|UCI Machine Learning Repository|Chen|doi:[\w./]+)\b/g;

/** Runs of two or more English words left in a text (after removing product names and allowed names). */
function englishRuns(text: string, productNames: readonly string[]): string[] {
  let rest = text;
  for (const name of [...productNames].sort((a, b) => b.length - a.length)) if (name.trim()) rest = rest.split(name).join(' ');
  rest = rest.replace(ALLOWED, ' ');
  return [...rest.matchAll(/[A-Za-z][A-Za-z'’]+(?:[ \t]+[A-Za-z][A-Za-z'’]+)+/g)].map((m) => m[0]);
}

/** Visible text (closed "Details for analysts" excluded, as a seller sees it). */
const visibleText = (locator: Locator) => locator.innerText();

/** The demo's product names, read from the product list once (other views show them without the list). */
let names: string[] = [];
async function productNames(page: Page): Promise<string[]> {
  if (names.length === 0) names = await page.locator('[role="listbox"] [role="option"] .name').allInnerTexts();
  return names;
}

/** Keys that failed to resolve would show as "ns:key". */
const RAW_KEY = /\b(common|forecast|alerts|models|data):[a-zA-Z]+\.[\w.]+/;

async function expectChinese(page: Page, regions: Locator[], what: string): Promise<void> {
  const known = await productNames(page);
  for (const region of regions) {
    const text = await visibleText(region);
    expect(text, `${what}: a message key was not found`).not.toMatch(RAW_KEY);
    expect(englishRuns(text, known), `${what}: English left in «${text.slice(0, 200)}…»`).toEqual([]);
    expect(text, `${what}: Chinese shown`).toMatch(/[\u4e00-\u9fff]/);
  }
}

async function openView(page: Page, index: number): Promise<void> {
  // Tabs in VIEWS order: forecasts, plan, alerts, what-if, text, data, models.
  await page.locator('nav.tabs button').nth(index).click();
}

test('a zh-CN browser gets Chinese on the welcome, forecast, product, alerts, data and models views; English comes back on request', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('language-switch')).toHaveValue('zh');
  const header = page.locator('header');
  await expect(header).toContainText('销量预测和采购计划');
  await expectChinese(page, [header], 'header');
  await shot(page, 'welcome-desktop');
  await page.setViewportSize(PHONE);
  await shot(page, 'welcome-phone');
  await page.setViewportSize(DESKTOP);
  // Welcome itself belongs to the seller room: reported, not asserted.
  console.log('welcome, English left:', englishRuns(await page.locator('main').innerText(), []));

  // The demo (a ?demo link, independent of the welcome screen's wording).
  await page.goto('./?demo');
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(120, { timeout: 90_000 });
  await expect(page.locator('footer.status')).toContainText('上次预测：120 个商品', { timeout: 90_000 });
  const report = page.locator('section.card').filter({ has: page.getByTestId('report-headline') });
  await expect(report.getByTestId('report-headline')).toContainText('10 天里有', { timeout: 90_000 });
  const product = page.locator('article.card').first();
  await expect(product.getByTestId('report-summary')).toContainText('10 天里有', { timeout: 90_000 });
  await expect(product.locator('.explanation li').first()).toContainText('基本水平');
  // The report card stays closed after forecasting: the chart is on screen, the analysts' table is not.
  await expect(report.locator('details')).not.toHaveAttribute('open', '');
  await expect(report.locator('table')).toBeHidden();
  await expect(page.getByTestId('forecast-chart')).toBeInViewport();

  await expectChinese(page, [header, page.locator('nav.tabs'), page.locator('footer.status'), report, page.locator('aside'), product], 'forecasts');
  await shot(page, 'forecasts-desktop');

  // Another product, its details open: the analysts' words are there, behind the disclosure.
  await page.getByRole('listbox').getByRole('option').nth(3).click();
  await expect(product.getByTestId('report-summary')).toContainText('10 天里有');
  await expectChinese(page, [product], 'product detail');
  await product.locator('.report details summary').click();
  await expect(product.getByTestId('report-chosen')).toBeVisible();
  await shot(page, 'product-desktop');
  await product.locator('.report details summary').click();

  await openView(page, 2);
  const alerts = page.getByRole('region', { name: '提醒' });
  await expect(alerts.locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });
  await expectChinese(page, [alerts], 'alerts');
  await shot(page, 'alerts-desktop', false);

  await openView(page, 5);
  await expect(page.getByRole('region', { name: '已导入的文件' })).toBeVisible();
  await expectChinese(page, [page.locator('main')], 'data');
  await shot(page, 'data-desktop');

  await openView(page, 6);
  const models = page.getByRole('region', { name: 'Transformer model' });
  await expect(models.getByTestId('train-backend')).not.toHaveText('启动中…', { timeout: 60_000 });
  await expectChinese(page, [models, page.getByRole('region', { name: 'Model versions' })], 'models');
  await shot(page, 'models-desktop');

  // The other rooms' views: screenshots and what English is left there (not asserted here).
  for (const [index, name] of [[1, 'plan'], [3, 'whatif'], [4, 'text']] as const) {
    await openView(page, index);
    await page.waitForTimeout(1500);
    console.log(`${name}, English left:`, englishRuns(await page.locator('main').innerText(), await productNames(page)).slice(0, 40));
    await shot(page, `${name}-desktop`);
  }

  // Phone.
  await page.setViewportSize(PHONE);
  await openView(page, 0);
  await expect(product.getByTestId('report-summary')).toBeVisible();
  await shot(page, 'forecasts-phone');
  await openView(page, 2);
  await shot(page, 'alerts-phone', false);
  await openView(page, 6);
  await shot(page, 'models-phone');

  // Back to English: every text of these views, including the stored forecast explanations.
  await page.setViewportSize(DESKTOP);
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await openView(page, 0);
  await expect(page.locator('nav.tabs')).toContainText('Forecasts');
  await expect(report).toContainText('How good are the forecasts?');
  await expect(product.locator('.explanation li').first()).toContainText('Level: about');
  const noChinese = async (locators: Locator[], what: string) => {
    // The language switch names Chinese in Chinese (简体中文), in every language.
    for (const locator of locators) expect((await visibleText(locator)).replace('简体中文', ''), what).not.toMatch(/[\u4e00-\u9fff]/);
  };
  await noChinese([header, page.locator('nav.tabs'), page.locator('footer.status'), report, page.locator('aside'), product], 'forecasts in English');
  await openView(page, 2);
  await noChinese([page.getByRole('region', { name: 'Alerts' })], 'alerts in English');
  await openView(page, 6);
  await noChinese([page.getByRole('region', { name: 'Transformer model' }), page.getByRole('region', { name: 'Model versions' })], 'models in English');
  await shot(page, 'models-english');

  // Remembered: a reload keeps English although the browser asks for Chinese.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('language-switch')).toHaveValue('en');
  await expect(page.locator('nav.tabs')).toContainText('Forecasts');
});
