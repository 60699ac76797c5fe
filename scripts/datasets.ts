/**
 * Loaders for the shared development data sets (../shared/data), for scripts only: pre-training,
 * accuracy and speed benchmarks. Both return daily Series in Shelfcast's contract.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import Papa from 'papaparse';
import { dayToIso, isoToDay, type Series } from '../src/core/series';

export const ONLINE_RETAIL = '../shared/data/online-retail/online_retail.csv.gz';
export const STORE_ITEM_DEMAND = '../shared/data/store-item-demand/train.csv';

/** Stock codes that are postage, fees, samples or adjustments rather than products. */
const NON_PRODUCT = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;

export interface LoadedSet {
  series: Series[];
  names: Map<string, string>;
  firstDay: number;
  lastDay: number;
}

/**
 * UCI Online Retail (CC BY 4.0): net units per product per day (cancellations subtract, stock
 * write-offs and non-products are dropped), quantity-weighted selling price, from each product's
 * first sale to the last day of the file. Products with fewer than `minSellingDays` are left out.
 */
export async function loadOnlineRetail(path = ONLINE_RETAIL, minSellingDays = 1): Promise<LoadedSet> {
  interface Row { InvoiceNo: string; StockCode: string; Description: string; Quantity: string; InvoiceDate: string; UnitPrice: string }
  const cells = new Map<string, Map<number, { qty: number; revenue: number; pricedQty: number }>>();
  const names = new Map<string, string>();
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<Row>(createReadStream(path).pipe(createGunzip()), {
      header: true,
      skipEmptyLines: true,
      step: ({ data: r }) => {
        if (NON_PRODUCT.test(r.StockCode) || r.InvoiceNo.startsWith('A')) return;
        const qty = Number(r.Quantity);
        const price = Number(r.UnitPrice);
        if (qty < 0 && !r.InvoiceNo.startsWith('C')) return; // write-offs are not demand
        const day = isoToDay(r.InvoiceDate.slice(0, 10));
        if (!Number.isFinite(day) || !Number.isFinite(qty)) return;
        firstDay = Math.min(firstDay, day);
        lastDay = Math.max(lastDay, day);
        let bySku = cells.get(r.StockCode);
        if (!bySku) cells.set(r.StockCode, (bySku = new Map()));
        let cell = bySku.get(day);
        if (!cell) bySku.set(day, (cell = { qty: 0, revenue: 0, pricedQty: 0 }));
        cell.qty += qty;
        if (qty > 0 && price > 0) {
          cell.revenue += qty * price;
          cell.pricedQty += qty;
          if (r.Description?.trim()) names.set(r.StockCode, r.Description.trim());
        }
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  const series: Series[] = [];
  for (const [sku, byDay] of [...cells.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const selling = [...byDay.entries()].filter(([, c]) => c.qty > 0);
    if (selling.length < minSellingDays) continue;
    const start = Math.min(...selling.map(([d]) => d));
    const n = lastDay - start + 1;
    const values = new Float32Array(n);
    const price = new Float32Array(n).fill(Number.NaN);
    for (const [day, c] of byDay) {
      if (day < start) continue;
      values[day - start] = Math.max(0, c.qty);
      if (c.pricedQty > 0) price[day - start] = c.revenue / c.pricedQty;
    }
    series.push({ sku, start: dayToIso(start), freq: 'D', values, covariates: { price } });
  }
  return { series, names, firstDay, lastDay };
}

/** Kaggle Store Item Demand (internal testing only: never ship anything made from it). */
export async function loadStoreItemDemand(path = STORE_ITEM_DEMAND): Promise<LoadedSet> {
  const byKey = new Map<string, Map<number, number>>();
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<{ date: string; store: string; item: string; sales: string }>(createReadStream(path), {
      header: true,
      skipEmptyLines: true,
      step: ({ data: r }) => {
        const day = isoToDay(r.date);
        const key = `S${r.store.padStart(2, '0')}-I${r.item.padStart(2, '0')}`;
        let m = byKey.get(key);
        if (!m) byKey.set(key, (m = new Map()));
        m.set(day, Number(r.sales));
        firstDay = Math.min(firstDay, day);
        lastDay = Math.max(lastDay, day);
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  const series: Series[] = [];
  for (const [sku, m] of [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const values = new Float32Array(lastDay - firstDay + 1);
    for (const [day, v] of m) values[day - firstDay] = v;
    series.push({ sku, start: dayToIso(firstDay), freq: 'D', values });
  }
  return { series, names: new Map(), firstDay, lastDay };
}
