import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

/**
 * The seller's whole path in a zh-CN browser, beyond the views tests/e2e/zh.spec.ts walks: a GBK
 * order export with Chinese headers imported through the check screen and its report, the plan view,
 * the demo's plan and its purchase order downloaded with Chinese headers, what-if and the
 * text view — every region Chinese, with no English left but product names and a few proper names.
 * Screenshots go to test-results/zh-path/.
 */
test.use({ locale: 'zh-CN' });

const GBK = 'tests/fixtures/import/taobao-orders-gbk.csv';
const ALLOWED = /\b(Shelfcast|P10|P50|P90|CSV|Excel|GBK|GB18030|UTF-8|Big5|WebGPU|WebGL|WebAssembly|CPU|Transformer|IndexedDB|MB|GB|GBP|SKU|ID|Online Retail|Universal Sentence Encoder lite|Hugging Face|CC BY 4\.0|UCI Machine Learning Repository|Chen|doi:[\w./]+)\b/g;

function englishRuns(text: string, names: readonly string[]): string[] {
  let rest = text;
  for (const name of [...names].sort((a, b) => b.length - a.length)) if (name.trim()) rest = rest.split(name).join(' ');
  rest = rest.replace(ALLOWED, ' ');
  return [...rest.matchAll(/[A-Za-z][A-Za-z'’]+(?:[ \t]+[A-Za-z][A-Za-z'’]+)+/g)].map((m) => m[0]);
}

async function expectChinese(region: Locator, what: string, names: readonly string[] = []): Promise<void> {
  const text = await region.innerText();
  expect(text, `${what}: a message key was not found`).not.toMatch(/\b[a-z]+:[a-zA-Z]+\.[\w.]+/);
  expect(englishRuns(text, names), `${what}: English left in «${text.slice(0, 300)}…»`).toEqual([]);
  expect(text, `${what}: Chinese shown`).toMatch(/[\u4e00-\u9fff]/);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/zh-path', { recursive: true });
  await page.screenshot({ path: `test-results/zh-path/${name}.png`, fullPage: true });
}

const tabs = (page: Page) => page.locator('nav.tabs button');

test('a GBK order export with Chinese headers, read, checked and reported in Chinese; the plan view in Chinese', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./');
  await expectChinese(page.locator('main'), 'welcome');
  await shot(page, '1-welcome');
  await page.getByTestId('file-input').setInputFiles(GBK);
  const check = page.getByRole('region', { name: '导入检查' });
  await expect(check).toBeVisible({ timeout: 60_000 });
  await expect(check.getByTestId('import-profile')).toContainText('淘宝');
  await expectChinese(check, 'import check');
  await shot(page, '2-import-check');
  await check.getByRole('button', { name: /导入 5 行/ }).click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(2, { timeout: 90_000 });
  const report = page.getByRole('region', { name: '导入报告' });
  await expect(report).toContainText('按淘宝/天猫订单导出读取');
  await expectChinese(report, 'import report');
  // Three days of sales are too few to forecast: the plan view says so, in Chinese.
  await expect(page.locator('footer.status')).toContainText('上次预测', { timeout: 90_000 });
  await tabs(page).nth(1).click();
  await expectChinese(page.locator('main'), 'plan');
  await shot(page, '3-plan');
});

test('the demo in Chinese: plan, purchase order with Chinese headers, what-if and text views', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./');
  await page.getByRole('button', { name: '试用演示数据' }).click();
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(120, { timeout: 90_000 });
  const names = await page.locator('[role="listbox"] [role="option"] .name').allInnerTexts();
  await tabs(page).nth(1).click();
  await expect(page.getByTestId('plan-summary-line')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('download-po')).toBeEnabled({ timeout: 90_000 });
  await expectChinese(page.locator('main'), 'plan', names);
  // The whole page too — header, import report, the progress strip of the model choice still running, status bar.
  await expectChinese(page.locator('body'), 'whole page while the plan is refined', names);
  await shot(page, '4-plan');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('download-po').click();
  const raw = readFileSync(await (await downloading).path(), 'utf8').replace(/^\uFEFF/, '');
  const header = raw.split(/\r?\n/).find((line) => /供应商|商品/.test(line)) ?? '';
  expect(header, 'the purchase order has Chinese column names').toMatch(/[\u4e00-\u9fff]/);
  expect(englishRuns(header, []), 'no English column names').toEqual([]);

  await tabs(page).nth(3).click();
  await page.waitForTimeout(2000);
  await expectChinese(page.locator('main'), 'what-if', names);
  await shot(page, '5-whatif');
  await tabs(page).nth(4).click();
  await page.waitForTimeout(2000);
  await expectChinese(page.locator('main'), 'text', names);
  await shot(page, '6-text');
});
