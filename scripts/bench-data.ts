/**
 * Prepares the benchmark inputs for the forecast engine from ../shared/data, as long CSVs that the
 * CLI reads (they are written to .bench/, which git ignores: Store Item Demand may not be shipped).
 *
 *   npm run bench:data [-- --out .bench]
 *
 * Online Retail (order lines) → `online-retail-daily.csv` with columns date,sku,qty,price,name:
 * - Cancellations ("C" invoices) are matched to the order line they cancel — same customer, same
 *   product, the latest earlier line with at least that quantity left — and taken off that line, on
 *   that line's day. A cancelled order was never demand; netting it on the cancellation's own day
 *   instead would leave the original spike and put a fake dip days later. Cancellations with no
 *   matching earlier line (the order predates the file, or no customer id) are dropped.
 * - Negative lines without a "C" (stock write-offs), zero-price lines, bad-debt adjustments ("A")
 *   and non-product codes (postage, fees, samples, vouchers) are dropped.
 * - Products "with enough history": sold on at least 60 distinct days before the last 84 days of the
 *   file (the three 28-day backtest folds), with a first sale at least 182 days before them. Only
 *   data before the folds decides, so the choice cannot peek at the days being scored.
 *
 * Store Item Demand is already a long daily table (date,store,item,sales) and is used as is, with
 * `--id-columns store,item` on the CLI; this script only checks it is there.
 */
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { dayToIso, isoToDay } from '../src/core/series';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/data/online-retail/online_retail.csv.gz' },
    out: { type: 'string', default: '.bench' },
    'min-days': { type: 'string', default: '60' },
    'min-age': { type: 'string', default: '182' },
    holdout: { type: 'string', default: '84' },
  },
});

/** Stock codes that are postage, fees, samples or adjustments rather than products. */
const NON_PRODUCT = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;

interface Row { InvoiceNo: string; StockCode: string; Description: string; Quantity: string; InvoiceDate: string; UnitPrice: string; CustomerID: string }
interface Line { sku: string; day: number; qty: number; price: number; customer: string }

const lines: Line[] = [];
const cancellations: { sku: string; qty: number; customer: string; at: string }[] = [];
const names = new Map<string, Map<string, number>>();
const dropped = { nonProduct: 0, writeOff: 0, zeroPrice: 0, adjustment: 0 };

await new Promise<void>((resolve, reject) => {
  Papa.parse<Row>(createReadStream(args.source as string).pipe(createGunzip()), {
    header: true,
    skipEmptyLines: true,
    step: ({ data: r }) => {
      if (r.InvoiceNo.startsWith('A')) { dropped.adjustment++; return; }
      if (NON_PRODUCT.test(r.StockCode)) { dropped.nonProduct++; return; }
      const qty = Number(r.Quantity);
      const price = Number(r.UnitPrice);
      if (r.InvoiceNo.startsWith('C')) {
        cancellations.push({ sku: r.StockCode, qty: -qty, customer: r.CustomerID, at: r.InvoiceDate });
        return;
      }
      if (qty <= 0) { dropped.writeOff++; return; }
      if (!(price > 0)) { dropped.zeroPrice++; return; }
      const day = isoToDay(r.InvoiceDate.slice(0, 10));
      lines.push({ sku: r.StockCode, day, qty, price, customer: r.CustomerID });
      const name = r.Description.trim();
      if (name) {
        const votes = names.get(r.StockCode) ?? new Map<string, number>();
        names.set(r.StockCode, votes);
        votes.set(name, (votes.get(name) ?? 0) + 1);
      }
    },
    complete: () => resolve(),
    error: reject,
  });
});

// Match each cancellation to the latest earlier line of the same customer and product.
const byKey = new Map<string, number[]>();
lines.forEach((line, index) => {
  if (!line.customer) return;
  const key = `${line.customer}|${line.sku}`;
  const list = byKey.get(key);
  if (list) list.push(index);
  else byKey.set(key, [index]);
});
let matched = 0;
let unmatched = 0;
for (const c of cancellations) {
  const candidates = c.customer ? byKey.get(`${c.customer}|${c.sku}`) : undefined;
  const cancelDay = isoToDay(c.at.slice(0, 10));
  let hit = -1;
  if (candidates) {
    for (let k = candidates.length - 1; k >= 0; k--) {
      const line = lines[candidates[k]];
      if (line.day <= cancelDay && line.qty >= c.qty) { hit = candidates[k]; break; }
    }
  }
  if (hit >= 0) {
    lines[hit].qty -= c.qty;
    matched++;
  } else {
    unmatched++;
  }
}

// Daily totals per product, with the quantity-weighted price.
interface Cell { qty: number; revenue: number }
const daily = new Map<string, Map<number, Cell>>();
let lastDay = -Infinity;
for (const line of lines) {
  lastDay = Math.max(lastDay, line.day);
  if (line.qty <= 0) continue;
  const bySku = daily.get(line.sku) ?? new Map<number, Cell>();
  daily.set(line.sku, bySku);
  const cell = bySku.get(line.day) ?? { qty: 0, revenue: 0 };
  bySku.set(line.day, cell);
  cell.qty += line.qty;
  cell.revenue += line.qty * line.price;
}

const holdoutStart = lastDay - Number(args.holdout) + 1;
const chosen: string[] = [];
for (const [sku, cells] of daily) {
  let days = 0;
  let first = Infinity;
  for (const day of cells.keys()) {
    if (day < holdoutStart) { days++; first = Math.min(first, day); }
  }
  if (days >= Number(args['min-days']) && holdoutStart - first >= Number(args['min-age'])) chosen.push(sku);
}
chosen.sort();

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const out = ['date,sku,qty,price,name'];
for (const sku of chosen) {
  const votes = [...(names.get(sku) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
  const name = quote(votes[0]?.[0] ?? sku);
  for (const [day, cell] of [...(daily.get(sku) as Map<number, Cell>).entries()].sort((a, b) => a[0] - b[0])) {
    out.push(`${dayToIso(day)},${quote(sku)},${cell.qty},${(cell.revenue / cell.qty).toFixed(4)},${name}`);
  }
}
mkdirSync(args.out as string, { recursive: true });
const target = `${args.out}/online-retail-daily.csv`;
writeFileSync(target, `${out.join('\n')}\n`);
console.log(`Online Retail: ${lines.length} sale lines kept; cancellations matched ${matched}, unmatched (dropped) ${unmatched}; ` +
  `dropped ${dropped.nonProduct} non-product, ${dropped.writeOff} write-off, ${dropped.zeroPrice} zero-price, ${dropped.adjustment} adjustment lines.`);
console.log(`  ${daily.size} products sold; ${chosen.length} have enough history (≥ ${args['min-days']} selling days and first sale ≥ ${args['min-age']} days ` +
  `before ${dayToIso(holdoutStart)}); wrote ${out.length - 1} rows to ${target}`);
const storeItem = '../shared/data/store-item-demand/train.csv';
console.log(existsSync(storeItem)
  ? `Store Item Demand: use ${storeItem} directly with --id-columns store,item`
  : `Store Item Demand: ${storeItem} not found`);
