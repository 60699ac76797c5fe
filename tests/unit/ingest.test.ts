import { describe, expect, it } from 'vitest';
import {
  describeIssue, detectDateOrder, detectDecimal, ImportError, inspectFile, issuesToCsv, makeZoneConverter, parseDate, parseNumber, recordTerminator, reportOf, stageImport,
  zoneExample,
  type ImportPlan, type Inspection,
} from '../../src/core/ingest';
import { applyReturnsPolicy, isoToDay } from '../../src/core/series';

const d = isoToDay;

async function inspect(text: string | Uint8Array, name = 'file.csv'): Promise<Inspection> {
  return inspectFile(new Blob([text as BlobPart]), name);
}

async function stage(text: string | Uint8Array, name = 'file.csv', change: (plan: ImportPlan) => void = () => {}, chunkBytes?: number) {
  const blob = new Blob([text as BlobPart]);
  const inspection = await inspectFile(blob, name);
  change(inspection.plan);
  const staged = await stageImport(blob, name, inspection.headers, inspection.plan, undefined, chunkBytes);
  return { inspection, staged, report: reportOf(staged, inspection.notes, inspection.layout) };
}

const qty = (staged: Awaited<ReturnType<typeof stage>>['staged'], sku: string, policy: 'net' | 'drop' = 'net') => {
  const block = applyReturnsPolicy(staged.sales!.blocks, policy).blocks.find((b) => b.sku === sku)!;
  return { start: block.startDay, qty: Array.from(block.qty), price: Array.from(block.price), flags: Array.from(block.flags) };
};

describe('numbers', () => {
  it('reads decimal points, decimal commas, thousands separators and currency signs', () => {
    expect(parseNumber('2.55', '.', 'price')).toEqual({ value: 2.55 });
    expect(parseNumber('1,234.50', '.', 'price')).toEqual({ value: 1234.5 });
    expect(parseNumber('1.234,50', ',', 'price')).toEqual({ value: 1234.5 });
    expect(parseNumber('2,5', ',', 'price')).toEqual({ value: 2.5 });
    expect(parseNumber('1 234,5', ',', 'price')).toEqual({ value: 1234.5 });
    expect(parseNumber('€12,99', ',', 'price')).toEqual({ value: 12.99 });
    expect(parseNumber('12.99 USD', '.', 'price')).toEqual({ value: 12.99 });
    expect(parseNumber('-3', '.', 'quantity')).toEqual({ value: -3 });
  });

  it('rejects what is not a number, saying why', () => {
    expect(parseNumber('six', '.', 'quantity')).toEqual({ error: 'quantity "six" is not a number' });
    expect(parseNumber('2,5', '.', 'price')).toEqual({ error: 'price "2,5" is not a number (the file uses "." for decimals)' });
    expect(parseNumber('1,2,3', '.', 'quantity')).toMatchObject({ error: expect.stringContaining('is not a number') });
    expect(parseNumber('=SUM(A1:A3)', '.', 'quantity')).toMatchObject({ error: expect.stringContaining('spreadsheet formula') });
    expect(parseNumber('1e300', '.', 'quantity')).toMatchObject({ error: expect.stringContaining('out of range') });
  });

  it('detects the decimal separator from the data and flags "1,234" as ambiguous', () => {
    expect(detectDecimal(['2,50', '3', '1.234,00'])).toEqual({ decimal: ',', sure: true });
    expect(detectDecimal(['2.50', '3'])).toEqual({ decimal: '.', sure: true });
    expect(detectDecimal(['1,234', '7'])).toMatchObject({ decimal: '.', sure: false, ambiguousExample: '1,234' });
  });
});

describe('dates', () => {
  it('reads ISO, day-first, month-first, month names, times, zones and Excel serials', () => {
    expect(parseDate('2024-01-31', 'YMD')).toEqual({ day: d('2024-01-31') });
    expect(parseDate('2024-01-31T23:30:00-05:00', 'YMD')).toEqual({ day: d('2024-01-31') });
    expect(parseDate('2010-12-01 08:26:00', 'YMD')).toEqual({ day: d('2010-12-01') });
    expect(parseDate('31/01/2024', 'DMY')).toEqual({ day: d('2024-01-31') });
    expect(parseDate('01.02.24', 'DMY')).toEqual({ day: d('2024-02-01') });
    expect(parseDate('12/1/2010 8:26', 'MDY')).toEqual({ day: d('2010-12-01') });
    expect(parseDate('1/5/2024 3:04:05 PM', 'MDY')).toEqual({ day: d('2024-01-05') });
    expect(parseDate('5 Jan 2024', 'DMY')).toEqual({ day: d('2024-01-05') });
    expect(parseDate('Jan 5, 2024', 'MDY')).toEqual({ day: d('2024-01-05') });
    expect(parseDate('45322', 'serial')).toEqual({ day: d('2024-01-31') });
    expect(parseDate('45322.75', 'serial')).toEqual({ day: d('2024-01-31') });
  });

  it('keeps the day written in the file, or moves zoned timestamps to a chosen time zone', () => {
    expect(parseDate('2024-01-05T23:30:00-05:00', 'YMD')).toEqual({ day: d('2024-01-05') });
    expect(parseDate('2024-01-05T23:30:00-05:00', 'YMD', makeZoneConverter('UTC'))).toEqual({ day: d('2024-01-06') });
    expect(parseDate('2024-01-05 20:00:00 Z', 'YMD', makeZoneConverter('Asia/Tokyo'))).toEqual({ day: d('2024-01-06') });
    expect(parseDate('01/05/2024 11:30 PM +0000', 'MDY', makeZoneConverter('Asia/Kolkata'))).toEqual({ day: d('2024-01-06') });
    // No zone written: nothing to convert from, the written day stands.
    expect(parseDate('2024-01-05 23:30', 'YMD', makeZoneConverter('Asia/Tokyo'))).toEqual({ day: d('2024-01-05') });
    expect(zoneExample(['2024-01-05', '2024-01-05T10:00:00+01:00'])).toBe('2024-01-05T10:00:00+01:00');
    expect(zoneExample(['2024-01-05 10:00'])).toBeUndefined();
  });

  it('rejects impossible dates and dates in the wrong order with a reason', () => {
    expect(parseDate('2024-02-30', 'YMD')).toMatchObject({ error: expect.stringContaining('not a real calendar date') });
    expect(parseDate('01/13/2024', 'DMY')).toMatchObject({ error: expect.stringContaining('mix date orders') });
    expect(parseDate('31/01/2024', 'YMD')).toMatchObject({ error: expect.stringContaining('year-month-day') });
    expect(parseDate('1850-01-01', 'YMD')).toMatchObject({ error: expect.stringContaining('outside 1970–2100') });
    expect(parseDate('soon', 'YMD')).toEqual({ error: '"soon" is not a date' });
  });

  it('decides day-first or month-first only from proof in the data, and asks otherwise', () => {
    expect(detectDateOrder(['01/02/2024', '13/02/2024'])).toMatchObject({ order: 'DMY', sure: true });
    expect(detectDateOrder(['01/02/2024', '02/13/2024'])).toMatchObject({ order: 'MDY', sure: true });
    expect(detectDateOrder(['01/02/2024', '03/04/2024'])).toMatchObject({ order: undefined, sure: false });
    expect(detectDateOrder(['13/02/2024', '02/13/2024'])).toMatchObject({ sure: false, reason: expect.stringContaining('mix') });
    expect(detectDateOrder(['45322', '45323'])).toMatchObject({ order: 'serial', sure: true });
  });
});

describe('inspecting a file', () => {
  it('detects ; tab and | delimiters, BOMs, decimal commas and the sales columns', async () => {
    const semi = await inspect('\ufeffDatum;Artikel;Menge;Preis\n31.01.2024;A;2;1,50\n01.02.2024;A;1;1,50\n');
    // "Datum/Artikel/Menge" are not English: detection is unsure and the mapping screen asks.
    expect(semi.confident).toBe(false);
    expect(semi.plan.delimiter).toBe(';');
    const tab = await inspect('date\tsku\tqty\n2024-01-01\tA\t3\n');
    expect(tab.plan).toMatchObject({ delimiter: '\t', kind: 'sales', columns: { date: 0, sku: 1, qty: 2 } });
    expect(tab.confident).toBe(true);
    const pipe = await inspect('Date|SKU|Units|Unit Price\n31/01/2024|A|2|1,50\n');
    expect(pipe.plan).toMatchObject({ delimiter: '|', decimal: ',', dateOrder: 'DMY', columns: { price: 3 } });
  });

  it('asks about ambiguous dates instead of guessing', async () => {
    const inspection = await inspect('date,sku,qty\n01/02/2024,A,1\n03/04/2024,A,2\n');
    expect(inspection.confident).toBe(false);
    expect(inspection.plan.dateOrder).toBeUndefined();
    expect(inspection.questions.join(' ')).toMatch(/could be day\/month or month\/day/);
    // Reading without an answer is refused.
    await expect(stageImport(new Blob(['x']), 'f.csv', inspection.headers, inspection.plan)).rejects.toThrow(/date order .* was not chosen/);
  });

  it('recognises Shopify, Online Retail, wide, catalogue, review and stock layouts', async () => {
    expect((await inspect('Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at\n#1,2024-01-01 10:00:00 -0500,1,Mug,4.00,MUG,\n')).plan)
      .toMatchObject({ kind: 'sales', columns: { invoice: 0, date: 1, qty: 2, name: 3, price: 4, sku: 5, cancelledAt: 6 } });
    const retail = await inspect('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,UK\n');
    expect(retail.layout).toBe('order lines (Online Retail layout)');
    expect((await inspect('sku,name,2024-01-01,2024-01-02,2024-01-03\nA,Mug,1,2,3\n')).plan).toMatchObject({ kind: 'wide', granularity: 'day' });
    expect((await inspect('sku,2024-W01,2024-W02\nA,7,14\n')).plan).toMatchObject({ kind: 'wide', granularity: 'week' });
    expect((await inspect('SKU,Title,Cost per item,Lead time,MOQ,Case pack\nA,Mug,1.2,14,10,6\n')).plan.kind).toBe('catalogue');
    expect((await inspect(',Clothing ID,Age,Title,Review Text,Rating\n0,767,33,,Lovely,4\n')).plan).toMatchObject({ kind: 'reviews', columns: { sku: 1, reviewTitle: 3, reviewText: 4, rating: 5 } });
    expect((await inspect('date,sku,on hand\n2024-01-01,A,0\n')).plan.kind).toBe('stock');
  });

  it('gives a located message for files it cannot read at all', async () => {
    await expect(inspect('')).rejects.toThrow(new ImportError('file.csv', 1, 'line 1: the file is empty (0 bytes).'));
    await expect(inspect('date,sku,qty\n')).rejects.toThrow(/line 2: the file has a header but no data rows/);
    await expect(inspect(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).rejects.toThrow(/Excel workbook/);
  });
});

describe('reading a whole file', () => {
  it('reports each bad row with its line and column; quoted newlines keep later line numbers right', async () => {
    const text = [
      'date,sku,qty,price,name',
      '2024-01-01,A,2,1.50,"Mug, blue"',
      '2024-01-02,A,x,1.50,Mug',
      '2024-02-30,P,1,,Plate',
      '"2024-01-03",P,3,,"Plate',
      'with newline"',
      '2024-01-04,,1,,',
      '2024-01-05T10:30:00+02:00,C,4,2,',
      '2024-01-06,C,4',
    ].join('\r\n');
    // The same answer whatever the read step: 4 MiB, or a few bytes (rows and quotes cut across steps).
    for (const chunk of [undefined, 7, 16, 33]) {
      const { staged } = await stage(text, 'sales.csv', () => {}, chunk);
      expect(staged.rowsRead).toBe(7);
      expect(staged.rowsAccepted).toBe(3);
      expect(staged.issues.map(describeIssue)).toEqual([
        'sales.csv, line 3, column 3 (qty): quantity "x" is not a number',
        'sales.csv, line 4, column 1 (date): date "2024-02-30" is not a real calendar date (read as year-month-day)',
        'sales.csv, line 7, column 2 (sku): product code is empty',
        'sales.csv, line 9: has 3 cells but the header has 5',
      ]);
      expect(staged.sales!.names.get('P')).toBe('Plate\r\nwith newline');
    }
  });

  it('gives the same fingerprint whatever the read step, and a different one for different bytes', async () => {
    const text = 'date,sku,qty\n' + Array.from({ length: 500 }, (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')},S${i % 7},${i}`).join('\n');
    const a = (await stage(text, 'a.csv', () => {}, 64)).staged.fingerprint;
    const b = (await stage(text, 'a.csv')).staged.fingerprint;
    const c = (await stage(text + '\n', 'a.csv')).staged.fingerprint;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('recovers after a quote that never closes: one row lost, not the rest of the file', async () => {
    const { staged } = await stage('date,sku,qty\n2024-01-01,A,1\n2024-01-02,"B,2\n2024-01-03,C,3\n', 'quote.csv');
    expect(describeIssue(staged.issues[0])).toMatch(/^quote.csv, line 3: a quoted cell opened on this line is never closed/);
    expect(staged.sales!.blocks.map((b) => b.sku)).toEqual(['A', 'C']);
  });

  it('aggregates order lines: cancellations, write-offs, bad debt and non-product codes are counted apart', async () => {
    const text = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '1,85123A,HEART,6,2010-12-01 08:26:00,2.00,1,UK',
      '1,85123A,HEART,4,2010-12-01 09:00:00,3.00,1,UK',
      '2,POST,POSTAGE,1,2010-12-01 09:00:00,18.00,1,UK',
      'C3,85123A,HEART,-3,2010-12-02 10:00:00,2.00,1,UK',
      '4,85123A,damaged,-5,2010-12-02 11:00:00,0,,UK',
      'A563185,B,Adjust bad debt,1,2010-12-02 12:00:00,11062.06,,UK',
      '5,gift_0001_20,VOUCHER,1,2010-12-03 12:00:00,20,,UK',
      '6,22423,REGENCY CAKESTAND,2,2010-12-03 12:00:00,12.75,,UK',
      'C7,99999,ONLY CANCELLED,-1,2010-12-03 12:00:00,1,,UK',
    ].join('\n');
    const { staged, report } = await stage(text, 'retail.csv');
    expect(staged.exclusions).toMatchObject({
      nonProduct: 2, nonProductCodes: { POST: 1, 'gift_0001_*': 1 }, badDebt: 1, cancellations: 2, cancelledUnits: -4,
      stockAdjustments: 1, adjustedUnits: -5, returns: 0,
    });
    expect(staged.sales!.blocks.map((b) => b.sku)).toEqual(['22423', '85123A']);
    // Net: 10 sold − 3 cancelled on the 2nd; drop: cancellations ignored. Price: (6·2 + 4·3) / 10.
    expect(qty(staged, '85123A')).toMatchObject({ start: d('2010-12-01'), qty: [10, 0, 0] });
    expect(qty(staged, '85123A').price[0]).toBeCloseTo(2.4, 5);
    // The cancellation falls on a later day than its sale: netting per day clamps that day at 0.
    expect(report.units).toEqual({ net: 12, drop: 12 });
    expect(report.clampedDays.net).toBe(1);
    expect(staged.warnings.join(' ')).toMatch(/1 product had only returns/);
  });

  it('reads a Shopify export: order fields blank on later lines, cancelled orders left out', async () => {
    const text = [
      'Name,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at',
      '#1001,2024-01-05 23:10:00 -0500,2,Blue mug,8.00,MUG-B,',
      '#1001,,1,Plate,5.00,PLATE,',
      '#1002,2024-01-06 09:00:00 -0500,5,Blue mug,8.00,MUG-B,2024-01-06 10:00:00 -0500',
      '#1003,2024-01-06 11:00:00 -0500,1,Gift card,25.00,,',
    ].join('\n');
    const { staged, report } = await stage(text, 'orders_export.csv');
    expect(report.layout).toBe('Shopify orders export');
    expect(qty(staged, 'MUG-B').qty).toEqual([2, 0]);
    expect(qty(staged, 'PLATE')).toMatchObject({ start: d('2024-01-05'), qty: [1, 0] });
    expect(staged.exclusions.cancelledOrders).toBe(1);
    // No SKU: the line item's name stands in for it, and the report says so.
    expect(staged.sales!.blocks.map((b) => b.sku)).toContain('Gift card');
    expect(staged.warnings.join(' ')).toMatch(/no product code; the product name is used/);
  });

  it('keeps one series per store and item for Store Item Demand, or adds stores up on request', async () => {
    const text = 'date,store,item,sales\n2013-01-01,1,1,13\n2013-01-01,2,1,11\n2013-01-02,1,1,14\n2013-01-02,2,1,9\n';
    const perStore = await stage(text, 'train.csv');
    expect(perStore.staged.sales!.blocks.map((b) => b.sku)).toEqual(['1@1', '1@2']);
    expect(qty(perStore.staged, '1@2').qty).toEqual([11, 9]);
    expect(perStore.report.seriesRule).toMatch(/one series per product and store/);
    const summed = await stage(text, 'train.csv', (plan) => { plan.seriesKey = 'sku'; });
    expect(qty(summed.staged, '1').qty).toEqual([24, 23]);
  });

  it('reads wide tables, spreading weekly totals over their days', async () => {
    const daily = await stage('SKU;Name;01.02.2024;02.02.2024;13.02.2024\nA;Mug;1;;3\nB;Cup;x;1;1\n', 'wide.csv');
    expect(daily.inspection.plan.dateOrder).toBe('DMY');
    expect(qty(daily.staged, 'A')).toMatchObject({ start: d('2024-02-01'), qty: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3] });
    expect(describeIssue(daily.staged.issues[0])).toBe('wide.csv, line 3, column 3 (01.02.2024): quantity "x" is not a number');
    const weekly = await stage('sku,2024-W01,2024-W02\nA,7,14\n', 'weeks.csv');
    expect(qty(weekly.staged, 'A')).toMatchObject({ start: d('2024-01-01'), qty: [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2] });
  });

  it('reads a catalogue, rejecting duplicate codes and bad values', async () => {
    const text = 'SKU,Title,Description,Cost per item,Lead time,MOQ,Case pack,On hand,Service level\nA,Mug,"<b>Big</b> mug",1.20,14,10,6,5,95%\nB,Cup,,0.5,-2,,,,\nA,Mug again,,,,,,,\nC,Plate,,,,,,,0.9\n';
    const { staged } = await stage(text, 'catalogue.csv');
    expect(staged.catalogue).toEqual([
      { sku: 'A', line: 2, fields: { unitCost: 1.2, leadTimeDays: 14, moq: 10, casePack: 6, onHand: 5, serviceLevel: 0.95, name: 'Mug', description: '<b>Big</b> mug' } },
      { sku: 'C', line: 5, fields: { serviceLevel: 0.9, name: 'Plate' } },
    ]);
    expect(staged.issues.map(describeIssue)).toEqual([
      'catalogue.csv, line 3, column 5 (Lead time): lead time "-2" must be 0 or more',
      'catalogue.csv, line 4, column 1 (SKU): product "A" already appeared on line 2; this row was skipped',
    ]);
  });

  it('reads reviews with optional dates, and stock snapshots as stock-out flags', async () => {
    const reviews = await stage('sku,date,rating,review\nA,2024-01-02,5,"Great, ""really"""\nA,,2,\nB,,7,Too many stars\n', 'reviews.csv');
    expect(reviews.staged.reviews).toEqual([
      { sku: 'A', line: 2, date: '2024-01-02', rating: 5, text: 'Great, "really"' },
      { sku: 'A', line: 3, rating: 2, text: '' },
    ]);
    expect(describeIssue(reviews.staged.issues[0])).toBe('reviews.csv, line 4, column 3 (rating): rating 7 is not between 0 and 5 stars');
    const stock = await stage('date,sku,on hand\n2024-01-01,A,3\n2024-01-02,A,0\n2024-01-04,A,-1\n', 'stock.csv');
    expect(stock.staged.stock).toEqual([{ sku: 'A', startDay: d('2024-01-01'), flags: new Uint8Array([0, 1, 0, 1]), onHand: new Float32Array([3, 0, Number.NaN, -1]) }]);
  });

  it('takes the record break from outside quotes: CRLF inside quoted reviews in an LF file', async () => {
    // The clothing-reviews layout: records end in LF, some review texts carry Windows line breaks.
    const text = 'sku,rating,review\nA,5,"Lovely.\r\nFits well."\nB,1,"Too small"\nC,4,"Nice\r\n\r\ncolour"\n';
    const { inspection, staged } = await stage(text, 'reviews.csv');
    expect(inspection.plan.kind).toBe('reviews');
    expect(staged.reviews?.map((r) => [r.sku, r.line, r.text])).toEqual([
      ['A', 2, 'Lovely.\r\nFits well.'],
      ['B', 4, 'Too small'],
      ['C', 5, 'Nice\r\n\r\ncolour'],
    ]);
    expect(recordTerminator('a,"x\r\ny"\r\nb')).toBe('\r\n');
    expect(recordTerminator('a,"x\ny"\rb')).toBe('\r');
    expect(recordTerminator('one line')).toBe('\n');
  });

  it('writes every issue to a CSV that spreadsheets cannot run as formulas', () => {
    const csv = issuesToCsv([{ file: 'a.csv', line: 3, column: 2, columnName: 'sku', reason: '=HYPERLINK("x")' }], 5);
    expect(csv).toBe('file,line,column,column_name,reason\r\na.csv,3,2,sku,"\'=HYPERLINK(""x"")"\r\n…and 5 more issues not kept (only the first 1 are listed)\r\n');
  });
});
