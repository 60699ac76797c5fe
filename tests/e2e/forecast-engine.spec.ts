import { expect, test } from '@playwright/test';
import { snap } from './helpers';

test('Forecast view: report card, demand class, explanation under the chart, and another model on request', async ({ page }) => {
  await page.goto('./?demo');
  const card = page.getByRole('region', { name: 'Forecast report card' });
  // The headline says in plain words how sure the forecasts were on the inner backtest; the
  // comparison with seasonal naive and the metrics wait behind "Details for analysts".
  await expect(card.getByTestId('report-headline')).toContainText(/in \d+ of 10 days/, { timeout: 90_000 });
  await expect(card.getByTestId('report-headline')).toContainText(/more|less accurate than simply repeating last week's sales/);
  await expect(card.getByRole('row', { name: /Chosen per product/ })).toBeHidden();
  await card.getByText('Details for analysts').click();
  // The analysts' headline compares the per-product choice with seasonal naive on the inner
  // backtest: on the demo the choice does better (no minus sign), by what the table's losses say.
  const headline = card.getByTestId('report-analyst-headline');
  await expect(headline).toContainText(/beat seasonal naive by \d+%/);
  await expect(card.getByRole('row', { name: /Chosen per product/ })).toBeVisible();
  await expect(card.getByRole('row', { name: /Seasonal naive/ })).toBeVisible();
  const pinball = async (row: RegExp) => Number(await card.getByRole('row', { name: row }).getByRole('cell').nth(2).textContent());
  const chosen = await pinball(/Chosen per product/);
  const seasonalNaive = await pinball(/Seasonal naive/);
  const claimed = Number((await headline.textContent())?.match(/by (\d+)%/)?.[1]);
  expect(chosen).toBeLessThan(seasonalNaive);
  expect(Math.abs(claimed - 100 * (1 - chosen / seasonalNaive))).toBeLessThanOrEqual(1); // the table shows 3 decimals
  await expect(card).toContainText(/Demand classes: .*(lumpy|erratic|smooth|intermittent)/i);

  const product = page.getByRole('article', { name: 'Selected product' });
  const why = product.getByRole('region', { name: 'Why this forecast' });
  await expect(why).toContainText('Level: about');
  await expect(why).toContainText('The shop does not trade on Saturdays');
  await expect(why.getByTestId('component-chart').locator('canvas')).toBeVisible();
  const report = product.getByRole('region', { name: 'Product report card' });
  await expect(report.getByTestId('demand-class')).toHaveText(/smooth|erratic|intermittent|lumpy/i);
  await expect(report.getByTestId('report-summary')).toContainText(/In \d+ of 10 past days like these/);
  await report.getByText('Details for analysts').click();
  await expect(report.getByTestId('report-chosen')).toContainText('was chosen');
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
