import { describe, expect, it } from 'vitest';
import { detectGrain, detectProfile, inspectFile, isServiceLine, reportOf, stageImport, type ImportPlan } from '../../src/core/ingest';
import { applyReturnsPolicy, isoToDay } from '../../src/core/series';

const d = isoToDay;

async function stage(text: string, name = 'file.csv', change: (plan: ImportPlan) => void = () => {}, today = d('2030-01-01')) {
  const blob = new Blob([text]);
  const inspection = await inspectFile(blob, name);
  change(inspection.plan);
  const staged = await stageImport(blob, name, inspection.headers, inspection.plan, undefined, undefined, today);
  return { inspection, staged, report: reportOf(staged, inspection.notes, inspection.layout) };
}

const units = (staged: Awaited<ReturnType<typeof stage>>['staged'], sku: string, policy: 'net' | 'drop' = 'net') =>
  Array.from(applyReturnsPolicy(staged.sales!.blocks, policy).blocks.find((b) => b.sku === sku)!.qty);

describe('layout profiles', () => {
  it('recognise exports by their header signature only', () => {
    expect(detectProfile(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice'])?.id).toBe('online-retail');
    expect(detectProfile(['Name', 'Created at', 'Lineitem quantity', 'Lineitem sku'])?.id).toBe('shopify');
    expect(detectProfile(['主订单编号', '商品标题', '商品价格', '购买数量', '商家编码', '订单状态'])?.id).toBe('taobao');
    expect(detectProfile(['订单号', '商品ID', '商品名称', '订购数量', '下单时间', '京东价', '订单状态'])?.id).toBe('jd');
    expect(detectProfile(['商品', '订单号', '订单状态', '商品数量(件)', '支付时间', '商家编码-SKU维度', '售后状态'])?.id).toBe('pinduoduo');
    expect(detectProfile(['order id', 'date', 'sku', 'qty'])).toBeUndefined();
  });

  it('a shop whose order numbers start with C keeps its sales: the C rule is Online Retail\'s alone', async () => {
    const text = 'order id,date,sku,qty,price\nC1001,2024-03-01,MUG,2,5.00\nC1002,2024-03-01,MUG,3,5.00\nC1003,2024-03-02,MUG,-1,5.00\n';
    const { staged, report } = await stage(text, 'orders.csv');
    expect(report.profile).toBeUndefined();
    expect(report.layout).toBe('order lines');
    expect(staged.exclusions).toMatchObject({ cancellations: 0, returns: 1, returnedUnits: -1 });
    // 5 sold on the 1st; the negative line is a return on the 2nd (net: clamped to 0).
    expect(units(staged, 'MUG', 'drop')).toEqual([5, 0]);
    expect(report.units).toEqual({ net: 5, drop: 5 });
    // The same lines under Online Retail's header are cancellations.
    const retail = await stage('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice\nC1001,MUG,Mug,-2,2024-03-01 10:00,5.00\n1002,MUG,Mug,3,2024-03-01 11:00,5.00\n', 'retail.csv');
    expect(retail.report.profile).toBe('online-retail');
    expect(retail.staged.exclusions).toMatchObject({ cancellations: 1, cancelledUnits: -2 });
  });

  it('Online Retail\'s one-letter codes are products elsewhere; service lines are proposed, counted per code, and kept on request', async () => {
    const text = [
      'date,sku,name,qty,price',
      '2024-03-01,M,Mug medium,4,3.00',
      '2024-03-01,S,Saucer small,2,1.00',
      '2024-03-01,SHIP,Delivery,1,4.95',
      '2024-03-02,SHIP,Delivery,1,4.95',
      '2024-03-02,CASH,Cash payment,1,0.50',
      '2024-03-02,WRAP,Gift wrap,1,2.00',
    ].join('\n');
    const proposed = await stage(text);
    expect(proposed.staged.sales!.blocks.map((b) => b.sku)).toEqual(['M', 'S']);
    expect(proposed.staged.exclusions).toMatchObject({ serviceLines: 4, serviceLineCodes: { SHIP: 2, CASH: 1, WRAP: 1 }, nonProduct: 4 });
    expect(proposed.report.rowsAccepted).toBe(2);
    const kept = await stage(text, 'file.csv', (plan) => { plan.excludeNonProducts = false; });
    expect(kept.staged.sales!.blocks.map((b) => b.sku)).toEqual(['CASH', 'M', 'S', 'SHIP', 'WRAP']);
    expect(kept.staged.exclusions).toMatchObject({ serviceLines: 4, nonProduct: 0 });
    expect(isServiceLine('P1', 'Postage and packing')).toBe(true);
    expect(isServiceLine('X', '运费')).toBe(true);
    expect(isServiceLine('COF-1', 'Coffee beans')).toBe(false);
  });

  it('Shopify: a cancelled order\'s later lines (blank order fields) are left out too', async () => {
    const text = [
      'Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at',
      '#1001,2024-01-05 10:00:00 -0500,2,Blue mug,8.00,MUG-B,2024-01-05 12:00:00 -0500',
      '#1001,,1,Plate,5.00,PLATE,',
      '#1002,2024-01-06 09:00:00 -0500,1,Plate,5.00,PLATE,',
    ].join('\n');
    const { staged, report } = await stage(text, 'orders_export.csv');
    expect(report.layout).toBe('Shopify orders export');
    expect(report.profile).toBe('shopify');
    expect(staged.exclusions.cancelledOrders).toBe(2);
    expect(staged.sales!.blocks.map((b) => b.sku)).toEqual(['PLATE']);
    // Blank dates are not filled down outside Shopify: the line is rejected with its place.
    const generic = await stage('order,date,sku,qty\n1,2024-01-05,A,1\n1,,B,1\n');
    expect(generic.staged.issues[0]).toMatchObject({ line: 3, columnName: 'date', reason: 'date is empty' });
  });
});

describe('grain and future dates', () => {
  it('detects weekly and monthly long tables and keeps daily ones daily', () => {
    const days = (isos: string[]) => new Set(isos.map(d));
    expect(detectGrain(days(['2024-01-05', '2024-01-12', '2024-01-19', '2024-02-02']))).toBe('week');
    expect(detectGrain(days(['2024-01-01', '2024-02-01', '2024-03-01', '2024-05-01']))).toBe('month');
    expect(detectGrain(days(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']))).toBe('month');
    expect(detectGrain(days(['2024-01-01', '2024-01-02', '2024-01-08', '2024-01-15']))).toBe('day');
    expect(detectGrain(days(['2024-01-01', '2024-01-08', '2024-01-15']))).toBe('day'); // too few dates to tell
  });

  it('puts the grain in the report with a warning, and counts rows dated after today', async () => {
    const weekly = 'date,store,item,sales\n' + ['2024-01-05', '2024-01-12', '2024-01-19', '2024-01-26'].flatMap((day, i) => [`${day},1,1,${10 + i}`, `${day},1,2,${20 + i}`]).join('\n');
    const { report } = await stage(weekly, 'weekly.csv', () => {}, d('2024-01-15'));
    expect(report.grain).toBe('week');
    expect(report.warnings.join(' ')).toMatch(/looks like a weekly export/);
    expect(report.futureRows).toBe(4);
    expect(report.warnings.join(' ')).toMatch(/4 rows are dated after today \(first: line 6\)/);
    const daily = await stage('date,sku,qty\n2024-01-01,A,1\n2024-01-02,A,1\n2024-01-03,A,1\n2024-01-04,A,1\n');
    expect(daily.report.grain).toBe('day');
    expect(daily.report.futureRows).toBe(0);
  });
});
