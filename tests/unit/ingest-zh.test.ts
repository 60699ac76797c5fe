import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeIssue, guessEncoding, inspectFile, parseDate, reportOf, stageImport, type ImportPlan } from '../../src/core/ingest';
import { applyReturnsPolicy, isoToDay } from '../../src/core/series';
import { setLocale } from '../../src/i18n';

const d = isoToDay;
const FIXTURES = 'tests/fixtures/import';

async function stage(bytes: Uint8Array | string, name: string, change: (plan: ImportPlan) => void = () => {}) {
  const blob = new Blob([bytes as BlobPart]);
  const inspection = await inspectFile(blob, name);
  change(inspection.plan);
  const staged = await stageImport(blob, name, inspection.headers, inspection.plan, undefined, undefined, d('2030-01-01'));
  return { inspection, staged, report: reportOf(staged, inspection.notes, inspection.layout) };
}

const series = (staged: Awaited<ReturnType<typeof stage>>['staged'], sku: string, policy: 'net' | 'drop' = 'net') => {
  const block = applyReturnsPolicy(staged.sales!.blocks, policy).blocks.find((b) => b.sku === sku)!;
  return { start: block.startDay, qty: Array.from(block.qty) };
};

describe('Chinese dates', () => {
  it('reads 2024年3月5日, with or without a time, and 2024/3/5, 2024-3-5', () => {
    expect(parseDate('2024年3月5日', 'YMD')).toEqual({ day: d('2024-03-05') });
    expect(parseDate('2024年3月5日 14:05:00', 'YMD')).toEqual({ day: d('2024-03-05') });
    expect(parseDate('2024年03月05日14:05', 'YMD')).toEqual({ day: d('2024-03-05') });
    expect(parseDate('2024/3/5', 'YMD')).toEqual({ day: d('2024-03-05') });
    expect(parseDate('2024-3-5', 'YMD')).toEqual({ day: d('2024-03-05') });
    // Year first is unambiguous: read so whatever order the file's other dates have.
    expect(parseDate('2024年3月5日', 'DMY')).toEqual({ day: d('2024-03-05') });
    expect(parseDate('2024年2月30日', 'YMD')).toMatchObject({ error: expect.stringContaining('not a real calendar date') });
  });
});

describe('encodings', () => {
  it('tells GBK, Big5, Windows-1252 and UTF-8 apart, and offers a choice when unsure', () => {
    const gbk = new Uint8Array(readFileSync(`${FIXTURES}/taobao-orders-gbk.csv`));
    expect(guessEncoding(gbk, false)).toEqual({ encoding: 'gb18030', sure: true });
    const big5 = new Uint8Array(readFileSync(`${FIXTURES}/zh-sales-big5.csv`));
    expect(guessEncoding(big5, false)).toEqual({ encoding: 'big5', sure: true });
    const latin = new Uint8Array([...'name;qty\nM'].map((c) => c.charCodeAt(0)).concat([0xfc], [...'ller;1\nCaf'].map((c) => c.charCodeAt(0)), [0xe9, 0x0a]));
    expect(guessEncoding(latin, false)).toEqual({ encoding: 'windows-1252', sure: true });
    expect(guessEncoding(new TextEncoder().encode('日期,数量\n'), false)).toEqual({ encoding: 'utf-8', sure: true });
    // Two rare characters in GBK (幄猓) and in Big5 (屣滹), nothing else to go by: the seller chooses.
    const unsure = guessEncoding(new Uint8Array([0x61, 0x2c, 0xe1, 0xa2, 0xe2, 0xa3, 0x0a]), false);
    expect(unsure).toEqual({ encoding: 'windows-1252', sure: false, choices: ['windows-1252', 'gb18030', 'big5'] });
  });

  it('reads a Big5 file with traditional headers', async () => {
    const { inspection, staged } = await stage(new Uint8Array(readFileSync(`${FIXTURES}/zh-sales-big5.csv`)), 'big5.csv');
    expect(inspection.plan).toMatchObject({ encoding: 'big5', kind: 'sales', columns: { date: 0, sku: 1, name: 2, qty: 3 } });
    expect(inspection.notes.join(' ')).toMatch(/Big5/);
    expect(staged.sales!.names.get('A001')).toBe('紅色馬克杯');
    expect(series(staged, 'A001').qty).toEqual([3, 2]);
  });

  it('a forced encoding re-reads the header', async () => {
    const blob = new Blob([readFileSync(`${FIXTURES}/taobao-orders-gbk.csv`)]);
    const wrong = await inspectFile(blob, 'orders.csv', { encoding: 'windows-1252' });
    expect(wrong.headers[0]).not.toBe('主订单编号');
    const right = await inspectFile(blob, 'orders.csv', { encoding: 'gb18030' });
    expect(right.headers[0]).toBe('主订单编号');
    expect(right.notes.join(' ')).toMatch(/as you chose/);
  });
});

describe('Chinese files', () => {
  it('a Taobao order export in GBK: closed orders left out, refunds netted, service lines proposed', async () => {
    const { inspection, staged, report } = await stage(new Uint8Array(readFileSync(`${FIXTURES}/taobao-orders-gbk.csv`)), 'taobao-orders-gbk.csv');
    expect(inspection.confident).toBe(true);
    expect(inspection.plan).toMatchObject({
      encoding: 'gb18030', kind: 'sales', dateOrder: 'YMD', profile: 'taobao',
      columns: { invoice: 0, name: 2, price: 3, qty: 4, sku: 5, orderStatus: 6, refund: 7, date: 8 },
    });
    expect(report.layout).toBe('Taobao / Tmall order export');
    expect(report.profile).toBe('taobao');
    // 7 lines: T1002 is 交易关闭 (left out), T1005 is 运费补差价 (a service line, left out as proposed).
    expect(report.rowsRead).toBe(7);
    expect(report.rowsAccepted).toBe(5);
    expect(staged.exclusions).toMatchObject({ cancelledOrders: 1, returns: 1, returnedUnits: -3, serviceLines: 1, serviceLineCodes: { 'YF-1': 1 } });
    // CUP-R: 2 on 5 March; 3 on the 6th refunded (退款成功): net 0, drop 3. BOWL-L: 1, 4, 2.
    expect(series(staged, 'CUP-R')).toEqual({ start: d('2024-03-05'), qty: [2, 0, 0] });
    expect(series(staged, 'CUP-R', 'drop').qty).toEqual([2, 3, 0]);
    expect(series(staged, 'BOWL-L').qty).toEqual([1, 4, 2]);
    expect(report.units).toEqual({ net: 9, drop: 12 });
    expect(staged.sales!.names.get('CUP-R')).toBe('保温杯 500ml 红色');
  });

  it('a UTF-8 sales table with Chinese headers and Chinese date forms', async () => {
    const text = readFileSync(`${FIXTURES}/zh-sales-utf8.csv`);
    const { inspection, staged, report } = await stage(new Uint8Array(text), 'zh-sales-utf8.csv', (plan) => { plan.seriesKey = 'sku'; });
    expect(inspection.plan).toMatchObject({ encoding: 'utf-8', dateOrder: 'YMD', columns: { date: 0, sku: 1, name: 2, qty: 3, price: 4, store: 5 } });
    expect(report.profile).toBeUndefined();
    // A001: 3, 2, 5 (the 5 sold in 北京店 adds up with 上海店's). A002: 1 on the 1st, a return of 1 on the 3rd.
    expect(series(staged, 'A001')).toEqual({ start: d('2024-03-01'), qty: [3, 2, 5] });
    expect(series(staged, 'A002').qty).toEqual([1, 0, 0]);
    expect(report.units).toEqual({ net: 11, drop: 11 });
    expect(staged.exclusions).toMatchObject({ returns: 1, returnedUnits: -1 });
    const perStore = await stage(new Uint8Array(text), 'zh-sales-utf8.csv');
    expect(perStore.staged.sales!.blocks.map((b) => b.sku)).toEqual(['A001@上海店', 'A001@北京店', 'A002@上海店']);
  });

  it('JD and Pinduoduo exports: cancelled orders left out, after-sale refunds netted', async () => {
    const jd = await stage([
      '订单号,商品ID,商品名称,订购数量,下单时间,京东价,订单状态',
      '9001,100234,不锈钢保温杯,2,2024-03-05 10:00:00,89.00,完成',
      '9002,100234,不锈钢保温杯,1,2024-03-05 11:00:00,89.00,(删除)已取消',
      '9003,100235,玻璃水杯,3,2024-03-06 12:00:00,39.00,等待确认收货',
    ].join('\n'), 'jd.csv');
    expect(jd.report.profile).toBe('jd');
    expect(jd.staged.exclusions.cancelledOrders).toBe(1);
    expect(series(jd.staged, '100234').qty).toEqual([2, 0]);
    expect(series(jd.staged, '100235').qty).toEqual([3]);
    const pdd = await stage([
      '商品,订单号,订单状态,商品数量(件),支付时间,商家编码-SKU维度,售后状态',
      '纯棉毛巾 3条装,240305-01,已签收,2,2024-03-05 09:00:00,TW-3,无售后或售后取消',
      '纯棉毛巾 3条装,240305-02,已签收,1,2024-03-05 10:00:00,TW-3,退款成功',
      '纯棉毛巾 3条装,240306-01,已取消,4,2024-03-06 10:00:00,TW-3,无售后或售后取消',
    ].join('\n'), 'pdd.csv');
    expect(pdd.report.profile).toBe('pinduoduo');
    expect(pdd.inspection.plan.columns).toMatchObject({ name: 0, invoice: 1, orderStatus: 2, qty: 3, date: 4, sku: 5, refund: 6 });
    expect(pdd.staged.exclusions).toMatchObject({ cancelledOrders: 1, returns: 1, returnedUnits: -1 });
    expect(series(pdd.staged, 'TW-3', 'net').qty).toEqual([2]);
    expect(series(pdd.staged, 'TW-3', 'drop').qty).toEqual([3]);
  });

  it('speaks Chinese to a Chinese seller: issues, notes and questions', async () => {
    setLocale('zh');
    try {
      const { staged, inspection } = await stage('日期,商品编码,数量\n2024-03-01,A,三\n2024-03-02,,1\n', 'zh.csv');
      expect(staged.issues.map(describeIssue)).toEqual([
        'zh.csv，第 2 行第 3 列（数量）：数量“三”不是数字',
        'zh.csv，第 3 行第 2 列（商品编码）：商品编码为空',
      ]);
      expect(inspection.notes.join(' ')).toMatch(/分隔符/);
    } finally {
      setLocale('en');
    }
  });
});
