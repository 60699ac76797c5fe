import { expect, test } from '@playwright/test';
import { snap } from './helpers';

test('Forecast view: report card, demand class, explanation under the chart, and another model on request', async ({ page }) => {
  await page.goto('./?demo');
  const card = page.getByRole('region', { name: 'Forecast report card' });
  // The headline compares the per-product choice with seasonal naive on the inner backtest: on the
  // demo the choice does better (no minus sign), by what the table's pinball losses say.
  const headline = card.getByTestId('report-headline');
  await expect(headline).toContainText(/beat seasonal naive by \d+%/, { timeout: 90_000 });
  const pinball = async (row: RegExp) => Number(await card.getByRole('row', { name: row }).getByRole('cell').nth(2).textContent());
  const chosen = await pinball(/Chosen per product/);
  const seasonalNaive = await pinball(/Seasonal naive/);
  const claimed = Number((await headline.textContent())?.match(/by (\d+)%/)?.[1]);
  expect(chosen).toBeLessThan(seasonalNaive);
  expect(Math.abs(claimed - 100 * (1 - chosen / seasonalNaive))).toBeLessThanOrEqual(1); // the table shows 3 decimals
  await expect(card).toContainText(/Demand classes: .*(lumpy|erratic|smooth|intermittent)/);

  const product = page.getByRole('article', { name: 'Selected product' });
  const why = product.getByRole('region', { name: 'Why this forecast' });
  await expect(why).toContainText('Level: about');
  await expect(why).toContainText('The shop does not trade on Saturdays');
  await expect(why.getByTestId('component-chart').locator('canvas')).toBeVisible();
  const report = product.getByRole('region', { name: 'Product report card' });
  await expect(report.getByTestId('demand-class')).toHaveText(/smooth|erratic|intermittent|lumpy/);
  await expect(report.getByTestId('report-summary')).toContainText('was chosen');
  await expect(report.getByRole('row')).toHaveCount(8); // header + 7 candidates
  await expect(report.getByRole('row', { name: /Transformer/ })).toBeVisible();
  await snap(page, 'forecast-engine-report');

  // AutoETS runs from @bsull/augurs' wasm inside the built forecast worker.
  await card.getByLabel('Forecast model').selectOption('auto_ets');
  await card.getByRole('button', { name: 'Forecast again' }).click();
  await expect(product).toContainText('model: AutoETS (augurs)', { timeout: 90_000 });
  await expect(card).toContainText('report cards come with the automatic model choice');
  await snap(page, 'forecast-engine-auto-ets');
});
