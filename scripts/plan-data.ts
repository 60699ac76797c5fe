/**
 * Loads the shared benchmark data sets as daily Series for the planning benchmark
 * (scripts/bench-plan.ts). Nothing here ships in the app.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';
import { dayToIso, isoToDay, type Series } from '../src/core/series';

/** Store Item Demand (Kaggle, probably synthetic): 500 daily series "s<store>-i<item>". */
export function loadStoreItem(path = '../shared/data/store-item-demand/train.csv'): Series[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const bySku = new Map<string, { start: number; values: number[] }>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [date, store, item, sales] = line.split(',');
    const sku = `s${store}-i${item}`;
    const day = isoToDay(date);
    let s = bySku.get(sku);
    if (!s) {
      s = { start: day, values: [] };
      bySku.set(sku, s);
    }
    s.values[day - s.start] = Number(sales);
  }
  return [...bySku.entries()].map(([sku, s]) => ({
    sku, start: dayToIso(s.start), freq: 'D' as const, values: Float32Array.from(s.values, (v) => v ?? 0),
  }));
}

/** Stock codes that are postage, fees, samples or adjustments rather than products (as in make-demo). */
const NON_PRODUCT = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;

export interface RetailSeries extends Series {
  sellingDays: number;
  /** Quantity-weighted mean unit price over the whole history (GBP). */
  meanPrice: number;
}

/**
 * UCI Online Retail (CC BY 4.0), cleaned as for the demo: cancellations netted per product and day,
 * write-offs, non-product codes and bad-debt adjustments dropped. Each series runs from the
 * product's first sale to the last day of the data (2011-12-09); days without sales are zeros.
 */
export async function loadOnlineRetail(path = '../shared/data/online-retail/online_retail.csv.gz'): Promise<RetailSeries[]> {
  interface Row { InvoiceNo: string; StockCode: string; Quantity: string; InvoiceDate: string; UnitPrice: string }
  const net = new Map<string, Map<number, number>>();
  const revenue = new Map<string, { value: number; qty: number }>();
  let lastDay = -Infinity;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<Row>(createReadStream(path).pipe(createGunzip()), {
      header: true,
      skipEmptyLines: true,
      step: ({ data: r }) => {
        if (NON_PRODUCT.test(r.StockCode) || r.InvoiceNo.startsWith('A')) return;
        const qty = Number(r.Quantity);
        if (qty < 0 && !r.InvoiceNo.startsWith('C')) return; // write-offs, not customer demand
        const day = isoToDay(r.InvoiceDate.slice(0, 10));
        lastDay = Math.max(lastDay, day);
        const bySku = net.get(r.StockCode) ?? new Map<number, number>();
        net.set(r.StockCode, bySku);
        bySku.set(day, (bySku.get(day) ?? 0) + qty);
        const price = Number(r.UnitPrice);
        if (qty > 0 && price > 0) {
          const rv = revenue.get(r.StockCode) ?? { value: 0, qty: 0 };
          rv.value += qty * price;
          rv.qty += qty;
          revenue.set(r.StockCode, rv);
        }
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  const out: RetailSeries[] = [];
  for (const [sku, byDay] of net) {
    const sold = [...byDay.entries()].filter(([, q]) => q > 0);
    if (sold.length === 0) continue;
    const first = Math.min(...sold.map(([d]) => d));
    const values = new Float32Array(lastDay - first + 1);
    for (const [d, q] of byDay) if (d >= first) values[d - first] = Math.max(0, q);
    const rv = revenue.get(sku);
    out.push({
      sku, start: dayToIso(first), freq: 'D', values, sellingDays: sold.length,
      meanPrice: rv && rv.qty > 0 ? rv.value / rv.qty : Number.NaN,
    });
  }
  return out.sort((a, b) => (a.sku < b.sku ? -1 : 1));
}
