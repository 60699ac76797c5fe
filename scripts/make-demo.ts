/**
 * Builds public/demo/online-retail-sample.csv from the UCI Online Retail data (CC BY 4.0):
 * the products sold on the most days, as daily net sales per product in Shelfcast's long format.
 *
 *   npm run make-demo [-- --source ../shared/data/online-retail/online_retail.csv.gz --products 120]
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/data/online-retail/online_retail.csv.gz' },
    products: { type: 'string', default: '120' },
    output: { type: 'string', default: 'public/demo/online-retail-sample.csv' },
  },
});

/** Stock codes that are postage, fees, samples or adjustments rather than products. */
const NON_PRODUCT = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;

interface Row { InvoiceNo: string; StockCode: string; Description: string; Quantity: string; InvoiceDate: string; UnitPrice: string }

const net = new Map<string, Map<string, { qty: number; revenue: number; pricedQty: number }>>();
const sellingDays = new Map<string, Set<string>>();
const nameVotes = new Map<string, Map<string, number>>();

await new Promise<void>((resolve, reject) => {
  Papa.parse<Row>(createReadStream(args.source as string).pipe(createGunzip()), {
    header: true,
    skipEmptyLines: true,
    step: ({ data: r }) => {
      if (NON_PRODUCT.test(r.StockCode) || r.InvoiceNo.startsWith('A')) return;
      const qty = Number(r.Quantity);
      const price = Number(r.UnitPrice);
      const cancellation = r.InvoiceNo.startsWith('C');
      // Negative lines without a "C" invoice are stock write-offs (damaged, lost), not customer demand.
      if (qty < 0 && !cancellation) return;
      const day = r.InvoiceDate.slice(0, 10);
      const bySku = net.get(r.StockCode) ?? new Map();
      net.set(r.StockCode, bySku);
      const cell = bySku.get(day) ?? { qty: 0, revenue: 0, pricedQty: 0 };
      bySku.set(day, cell);
      cell.qty += qty;
      if (qty > 0 && price > 0) {
        cell.revenue += qty * price;
        cell.pricedQty += qty;
        const days = sellingDays.get(r.StockCode) ?? new Set();
        sellingDays.set(r.StockCode, days);
        days.add(day);
        const name = r.Description.trim();
        if (name) {
          const votes = nameVotes.get(r.StockCode) ?? new Map();
          nameVotes.set(r.StockCode, votes);
          votes.set(name, (votes.get(name) ?? 0) + 1);
        }
      }
    },
    complete: () => resolve(),
    error: reject,
  });
});

const chosen = [...sellingDays.entries()]
  .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
  .slice(0, Number(args.products))
  .map(([sku]) => sku)
  .sort();

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const lines = ['date,sku,name,quantity,price'];
for (const sku of chosen) {
  const name = [...(nameVotes.get(sku) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? sku;
  for (const [day, cell] of [...(net.get(sku) ?? new Map()).entries()].sort()) {
    const qty = Math.max(0, cell.qty);
    if (qty === 0) continue;
    const price = cell.pricedQty > 0 ? (cell.revenue / cell.pricedQty).toFixed(2) : '';
    lines.push(`${day},${quote(sku)},${quote(name)},${qty},${price}`);
  }
}
writeFileSync(args.output as string, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length - 1} rows for ${chosen.length} products to ${args.output}`);
