/** Loading the shared data sets for the text benchmarks (paths default to ../shared/data). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';

export interface Review {
  clothingId: string;
  text: string;
  rating: number;
}

/** Women's E-Commerce Clothing Reviews (CC0): title and body joined; rows without a body dropped. */
export function loadClothingReviews(path = '../shared/data/womens-clothing-reviews/womens_clothing_reviews.csv.gz'): Review[] {
  const csv = gunzipSync(readFileSync(path)).toString('utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const out: Review[] = [];
  for (const row of parsed.data) {
    const body = (row['Review Text'] ?? '').trim();
    if (!body) continue;
    const title = (row.Title ?? '').trim();
    out.push({ clothingId: row['Clothing ID'], text: title ? `${title}. ${body}` : body, rating: Number(row.Rating) });
  }
  return out;
}

/** Stock codes that are postage, fees, samples or adjustments rather than products (as in make-demo). */
const NON_PRODUCT = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;

export interface RetailProduct {
  sku: string;
  name: string;
  /** Day number (days since 1970-01-01) of the first positive sale. */
  firstDay: number;
  /** Net daily units from firstDay to the last day of the data (cancellations netted, never below 0). */
  daily: Float64Array;
}

/**
 * UCI Online Retail (CC BY 4.0, Chen 2015) as one launch-aligned daily series per product, cleaned
 * like the demo: non-product codes, bad-debt adjustments and stock write-offs dropped, cancellations
 * netted per day. The name is the product's most frequent description.
 */
export function loadOnlineRetail(path = '../shared/data/online-retail/online_retail.csv.gz'): { products: RetailProduct[]; firstDay: number; lastDay: number } {
  const csv = gunzipSync(readFileSync(path)).toString('utf8');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  const net = new Map<string, Map<number, number>>();
  const firstSale = new Map<string, number>();
  const votes = new Map<string, Map<string, number>>();
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const r of parsed.data) {
    if (NON_PRODUCT.test(r.StockCode) || r.InvoiceNo.startsWith('A')) continue;
    const qty = Number(r.Quantity);
    const price = Number(r.UnitPrice);
    const cancellation = r.InvoiceNo.startsWith('C');
    if (!Number.isFinite(qty) || (qty < 0 && !cancellation)) continue;
    const day = Math.round(Date.parse(`${r.InvoiceDate.slice(0, 10)}T00:00:00Z`) / 86_400_000);
    firstDay = Math.min(firstDay, day);
    lastDay = Math.max(lastDay, day);
    const byDay = net.get(r.StockCode) ?? new Map<number, number>();
    net.set(r.StockCode, byDay);
    byDay.set(day, (byDay.get(day) ?? 0) + qty);
    if (qty > 0 && price > 0) {
      firstSale.set(r.StockCode, Math.min(firstSale.get(r.StockCode) ?? day, day));
      const name = (r.Description ?? '').trim();
      if (name) {
        const v = votes.get(r.StockCode) ?? new Map<string, number>();
        votes.set(r.StockCode, v);
        v.set(name, (v.get(name) ?? 0) + 1);
      }
    }
  }
  const products: RetailProduct[] = [];
  for (const [sku, start] of firstSale) {
    const daily = new Float64Array(lastDay - start + 1);
    for (const [day, q] of net.get(sku) ?? []) if (day >= start) daily[day - start] = Math.max(0, q);
    const name = [...(votes.get(sku) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (name) products.push({ sku, name, firstDay: start, daily });
  }
  products.sort((a, b) => (a.sku < b.sku ? -1 : 1));
  return { products, firstDay, lastDay };
}

export interface LabelledReview {
  cat: string;
  label: 0 | 1;
  review: string;
}

/**
 * A reviews CSV with the columns cat,label,review (label 1 positive, 0 negative), plain or .gz, as the
 * Chinese development slice in ../shared/data/chinese-reviews-dev. Rows without text are skipped; a bad
 * label stops with the file and line.
 */
export function loadLabelledReviews(path: string): LabelledReview[] {
  const bytes = readFileSync(path);
  const csv = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0].message} (row ${(parsed.errors[0].row ?? 0) + 2})`);
  for (const column of ['cat', 'label', 'review']) {
    if (!parsed.meta.fields?.includes(column)) throw new Error(`${path}: no "${column}" column (the columns must be cat,label,review; found ${parsed.meta.fields?.join(',')})`);
  }
  const out: LabelledReview[] = [];
  parsed.data.forEach((row, i) => {
    const review = (row.review ?? '').replace(/^\uFEFF/, '').trim();
    if (!review) return;
    const label = row.label.trim();
    if (label !== '0' && label !== '1') throw new Error(`${path}, line ${i + 2}: label must be 0 or 1, got "${row.label}"`);
    out.push({ cat: (row.cat ?? '').trim(), label: label === '1' ? 1 : 0, review });
  });
  return out;
}

/** The Chinese catalogue fixture written for Shelfcast: 120 titles in 12 groups. */
export function loadZhCatalogue(path = 'tests/fixtures/text/zh_catalogue.csv'): { group: string; sku: string; name: string }[] {
  return Papa.parse<{ group: string; sku: string; name: string }>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
}
