import { expect, test } from '@playwright/test';
import { snap } from './helpers';

const GBK = 'tests/fixtures/import/taobao-orders-gbk.csv';

test('a GBK Taobao order export: read as GBK, its profile named, service lines proposed, the encoding changeable', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('file-input').setInputFiles(GBK);
  const check = page.getByRole('region', { name: 'Import check' });
  // Hand-checked (tests/unit/ingest-zh.test.ts): 交易关闭 order and the 运费补差价 line left out, the 退款成功 line netted.
  await expect(check).toContainText('7 rows read, 5 accepted, 0 rejected. 2 products (2 new), 2024-03-05 to 2024-03-07; 9 units sold.');
  await expect(check.getByTestId('import-profile')).toContainText('Taobao / Tmall order export');
  await expect(check).toContainText('1 line of a cancelled or closed order left out');
  const service = check.getByTestId('service-lines');
  await expect(service).toContainText('YF-1 1');
  await snap(page, 'import-zh-check');

  // The seller keeps the proposed service line: checked again, it counts as a sale.
  await service.getByRole('button', { name: 'Keep them as sales' }).click();
  await expect(check).toContainText('7 rows read, 6 accepted, 0 rejected. 3 products (3 new)');
  await check.getByRole('button', { name: 'Leave them out' }).click();
  await expect(check).toContainText('7 rows read, 5 accepted');

  // Another encoding re-reads the column names; back to GBK and they read right again.
  await check.getByRole('button', { name: 'Change the column mapping' }).click();
  const mapping = page.getByRole('region', { name: 'Column mapping' });
  await expect(mapping.getByRole('cell', { name: '主订单编号' })).toBeVisible();
  await mapping.getByLabel('Text encoding').selectOption('windows-1252');
  await expect(mapping.getByRole('cell', { name: '主订单编号' })).toHaveCount(0);
  await mapping.getByLabel('Text encoding').selectOption('gb18030');
  await expect(mapping.getByRole('cell', { name: '主订单编号' })).toBeVisible();
  await expect(mapping).toContainText('read as GBK / GB18030 (Simplified Chinese), as you chose');
  await mapping.getByRole('button', { name: 'Check the file' }).click();

  await check.getByRole('button', { name: 'Import 5 rows' }).click();
  const products = page.getByRole('listbox', { name: 'Products' });
  await expect(products.getByRole('option')).toHaveCount(2);
  await expect(products).toContainText('保温杯 500ml 红色');
  await expect(page.getByRole('region', { name: 'Import report' })).toContainText('Read as Taobao / Tmall order export.');
  await snap(page, 'import-zh-stored');
});
