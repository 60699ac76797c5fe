/**
 * Builds public/demo/online-retail-sample.csv from the UCI Online Retail data (CC BY 4.0):
 * the products sold on the most days, as daily net sales per product in Shelfcast's long format;
 * then public/demo/demo-catalogue.csv from that sample alone (see buildCatalogue).
 *
 *   npm run make-demo [-- --source ../shared/data/online-retail/online_retail.csv.gz --products 120]
 *   npm run make-demo -- --catalogue-only     # the catalogue from the shipped sample, no source needed
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: '../shared/data/online-retail/online_retail.csv.gz' },
    products: { type: 'string', default: '120' },
    output: { type: 'string', default: 'public/demo/online-retail-sample.csv' },
    catalogue: { type: 'string', default: 'public/demo/demo-catalogue.csv' },
    'catalogue-only': { type: 'boolean', default: false },
  },
});

async function buildSales(): Promise<void> {
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
}

/**
 * The demo shop's catalogue, made from the sample's own sales so the demo plan is a realistic mix:
 * four suppliers with different lead times, margins and case packs; unit cost = average price ×
 * (1 − the supplier's margin); on hand drawn (with a fixed seed) so that about a third of the
 * products are at or below their reorder point, half comfortably stocked (above the reorder point, below the order-up-to level) and a few overstocked;
 * a few open orders arriving after the last sale. Stock and open orders are as of the last sale day.
 */
function buildCatalogue(salesPath: string, outputPath: string): void {
  const parsed = Papa.parse<{ date: string; sku: string; name: string; quantity: string; price: string }>(readFileSync(salesPath, 'utf8'), { header: true, skipEmptyLines: true });
  const lastDate = parsed.data.reduce((m, r) => (r.date > m ? r.date : m), '');
  const lastMs = Date.parse(`${lastDate}T00:00:00Z`);
  const WINDOW_DAYS = 56;
  const products = new Map<string, { name: string; recentUnits: number; revenue: number; units: number }>();
  for (const r of parsed.data) {
    const p = products.get(r.sku) ?? { name: r.name, recentUnits: 0, revenue: 0, units: 0 };
    products.set(r.sku, p);
    const qty = Number(r.quantity);
    const price = Number(r.price);
    if (lastMs - Date.parse(`${r.date}T00:00:00Z`) < WINDOW_DAYS * 86_400_000) p.recentUnits += qty;
    if (r.price !== '' && Number.isFinite(price)) { p.revenue += qty * price; p.units += qty; }
  }
  const SUPPLIERS = [
    { name: 'Harbour Home Goods', leadTimeDays: 10, margin: 0.45, casePack: 6, match: /DOORMAT|CUSHION|CANDLE|HOLDER|LANTERN|FRAME|CLOCK|HOOK|SIGN|HEART/ },
    { name: 'Kent Paper & Party', leadTimeDays: 21, margin: 0.55, casePack: 12, match: /PAPER|CARD|WRAP|NAPKIN|CAKE CASES|PARTY|BUNTING|CHALK|STICKER|BOOK|TAPE/ },
    { name: 'Northern Ceramics', leadTimeDays: 35, margin: 0.5, casePack: 4, match: /MUG|CERAMIC|TEA|CUP|PLATE|BOWL|STAND|JAR|BOTTLE|TIN/ },
    { name: 'Eastway Imports', leadTimeDays: 56, margin: 0.6, casePack: 10, match: /.*/ },
  ];
  // A fixed-seed generator (mulberry32): the same catalogue on every run.
  let seed = 20111209;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const isoPlus = (days: number) => new Date(lastMs + days * 86_400_000).toISOString().slice(0, 10);
  const rows = ['sku,name,supplier,on_hand,on_order,on_order_arrival,lead_time_days,unit_cost,price,moq,case_pack'];
  const counts = { low: 0, comfortable: 0, overstocked: 0, openOrders: 0 };
  [...products.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).forEach(([sku, p], index) => {
    const supplier = SUPPLIERS.find((s) => s.match.test(p.name.toUpperCase())) as (typeof SUPPLIERS)[number];
    const perDay = p.recentUnits / WINDOW_DAYS;
    const price = p.units > 0 ? p.revenue / p.units : 1;
    const cover = supplier.leadTimeDays + 14; // lead time + the default two-week review
    const draw = random();
    let days: number;
    // Low: less than the lead time's demand; comfortable: between about the reorder point and the
    // order-up-to level; overstocked: months of sales.
    if (draw < 0.3) { days = between(0.1, 0.8) * supplier.leadTimeDays; counts.low++; }
    else if (draw < 0.88) { days = between(1.7 * supplier.leadTimeDays + 2, 1.6 * cover); counts.comfortable++; }
    else { days = between(150, 260); counts.overstocked++; }
    const onHand = Math.round(perDay * days);
    // Every ninth product has an order on its way, arriving within the supplier's lead time.
    const open = index % 9 === 4;
    if (open) counts.openOrders++;
    const onOrder = open ? Math.max(supplier.casePack, Math.round((perDay * cover) / supplier.casePack) * supplier.casePack) : '';
    const arrival = open ? isoPlus(Math.round(between(3, supplier.leadTimeDays))) : '';
    const moq = supplier.name === 'Eastway Imports' ? supplier.casePack * 5 : '';
    const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    rows.push([quote(sku), quote(p.name), quote(supplier.name), onHand, onOrder, arrival, supplier.leadTimeDays,
      (price * (1 - supplier.margin)).toFixed(2), price.toFixed(2), moq, supplier.casePack].join(','));
  });
  writeFileSync(outputPath, `${rows.join('\n')}\n`);
  console.log(`wrote a catalogue of ${rows.length - 1} products to ${outputPath} (stock as of ${lastDate}): ` +
    `${counts.low} low, ${counts.comfortable} comfortable, ${counts.overstocked} overstocked, ${counts.openOrders} with an open order`);
}

if (!args['catalogue-only']) await buildSales();
buildCatalogue(args.output as string, args.catalogue as string);
