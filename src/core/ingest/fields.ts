/**
 * What each kind of file holds, and the header names sellers' exports use for it.
 * Detection matches headers exactly (after normalising case and separators) against these lists,
 * then by a looser "contains" rule; only exact matches count as sure.
 */
export type FileKind = 'sales' | 'wide' | 'catalogue' | 'reviews' | 'stock';

export type Field =
  | 'date' | 'sku' | 'qty' | 'price' | 'name' | 'store' | 'channel' | 'promo' | 'invoice' | 'cancelledAt'
  | 'description' | 'category' | 'unitCost' | 'leadTimeDays' | 'leadTimeSdDays' | 'moq' | 'casePack'
  | 'onHand' | 'onOrder' | 'onOrderArrival' | 'serviceLevel' | 'holdingCostRate' | 'stockoutCost' | 'orderingCost'
  | 'rating' | 'reviewText' | 'reviewTitle' | 'stockout' | 'supplier';

export const KIND_LABEL: Record<FileKind, string> = {
  sales: 'Sales or order lines (one row per sale, order line or product-day)',
  wide: 'Wide sales table (one column per day or week)',
  catalogue: 'Product catalogue (costs, prices, lead times, stock)',
  reviews: 'Product reviews (rating and text)',
  stock: 'Stock snapshots or stock-out flags per day',
};

export const FIELD_LABEL: Record<Field, string> = {
  date: 'Date', sku: 'Product code (SKU)', qty: 'Quantity', price: 'Unit price', name: 'Product name',
  store: 'Store / location (own stock)', channel: 'Sales channel (shared stock)', promo: 'Promotion flag',
  invoice: 'Order / invoice number', cancelledAt: 'Cancelled at (order cancelled)',
  description: 'Description', category: 'Category', unitCost: 'Unit cost', leadTimeDays: 'Lead time (days)',
  leadTimeSdDays: 'Lead time SD (days)', moq: 'Minimum order qty', casePack: 'Case pack', onHand: 'On hand',
  onOrder: 'On order', onOrderArrival: 'On-order arrival date', serviceLevel: 'Service level',
  holdingCostRate: 'Holding cost rate (per year)', stockoutCost: 'Stock-out cost per unit', orderingCost: 'Cost per order',
  rating: 'Rating (stars)', reviewText: 'Review text', reviewTitle: 'Review title', stockout: 'Out-of-stock flag',
  supplier: 'Supplier',
};

/** Fields each kind can use, required ones first. */
export const KIND_FIELDS: Record<FileKind, { required: Field[]; optional: Field[] }> = {
  sales: { required: ['date', 'sku', 'qty'], optional: ['price', 'name', 'store', 'channel', 'promo', 'invoice', 'cancelledAt'] },
  wide: { required: ['sku'], optional: ['name', 'store'] },
  catalogue: {
    required: ['sku'],
    optional: ['name', 'description', 'category', 'unitCost', 'price', 'leadTimeDays', 'leadTimeSdDays', 'moq', 'casePack',
      'onHand', 'onOrder', 'onOrderArrival', 'serviceLevel', 'holdingCostRate', 'stockoutCost', 'orderingCost', 'store', 'supplier'],
  },
  reviews: { required: ['sku'], optional: ['rating', 'reviewText', 'reviewTitle', 'date'] },
  stock: { required: ['date', 'sku'], optional: ['onHand', 'stockout', 'store'] },
};

const SYNONYMS: Record<Field, readonly string[]> = {
  date: ['date', 'day', 'order date', 'orderdate', 'invoice date', 'invoicedate', 'sale date', 'sales date', 'created at',
    'purchase date', 'transaction date', 'timestamp', 'datetime', 'date time', 'ds', 'order created', 'paid at', 'review date', 'snapshot date', 'stock date'],
  sku: ['sku', 'lineitem sku', 'variant sku', 'product sku', 'seller sku', 'product id', 'productid', 'product code', 'item', 'item id', 'itemid',
    'item code', 'item number', 'item no', 'stockcode', 'stock code', 'article', 'article number', 'code', 'asin', 'ean', 'upc', 'barcode',
    'unique id', 'id', 'product', 'clothing id'],
  qty: ['quantity', 'qty', 'lineitem quantity', 'units', 'unit sales', 'units sold', 'units ordered', 'quantity sold', 'qty sold', 'quantity ordered',
    'net quantity', 'net items sold', 'sales', 'sold', 'demand', 'count', 'amount sold', 'y'],
  price: ['price', 'lineitem price', 'unit price', 'unitprice', 'sale price', 'selling price', 'price each', 'item price', 'variant price', 'retail price', 'list price'],
  name: ['name', 'lineitem name', 'product name', 'title', 'product title', 'item name', 'item description', 'description', 'product description'],
  store: ['store', 'store id', 'store nbr', 'store number', 'shop', 'location', 'warehouse', 'branch', 'outlet', 'site'],
  channel: ['channel', 'sales channel', 'marketplace', 'platform', 'source', 'source name'],
  promo: ['promo', 'promotion', 'on promotion', 'onpromotion', 'promo flag', 'is promo', 'on sale', 'promoted'],
  invoice: ['invoiceno', 'invoice', 'invoice no', 'invoice number', 'order id', 'order number', 'order no', 'order', 'order name', 'transaction id'],
  cancelledAt: ['cancelled at', 'canceled at', 'cancelled', 'canceled'],
  description: ['description', 'product description', 'body', 'body html', 'details', 'long description'],
  category: ['category', 'product category', 'product type', 'type', 'department', 'department name', 'class', 'class name', 'collection', 'group'],
  unitCost: ['unit cost', 'cost', 'cost price', 'purchase price', 'cogs', 'cost per item', 'landed cost', 'buy price'],
  leadTimeDays: ['lead time', 'lead time days', 'leadtime', 'lead time d', 'supplier lead time', 'lead days'],
  leadTimeSdDays: ['lead time sd', 'lead time sd days', 'lead time std', 'lead time stdev', 'lead time std days', 'lead time variability'],
  moq: ['moq', 'min order qty', 'minimum order quantity', 'min order quantity', 'minimum order qty', 'min order', 'minimum order'],
  casePack: ['case pack', 'pack size', 'case size', 'case qty', 'units per case', 'inner pack', 'carton qty', 'pack'],
  onHand: ['on hand', 'onhand', 'stock', 'stock on hand', 'soh', 'in stock', 'inventory', 'qty on hand', 'quantity on hand', 'available',
    'stock level', 'inventory quantity', 'variant inventory qty', 'closing stock', 'stock qty'],
  onOrder: ['on order', 'onorder', 'incoming', 'qty on order', 'quantity on order', 'open po', 'on po'],
  onOrderArrival: ['on order arrival', 'expected arrival', 'arrival date', 'eta', 'expected date', 'incoming date', 'due date'],
  serviceLevel: ['service level', 'target service level', 'csl'],
  holdingCostRate: ['holding cost rate', 'holding rate', 'carrying cost rate'],
  stockoutCost: ['stockout cost', 'stock out cost', 'shortage cost', 'lost sale cost'],
  orderingCost: ['ordering cost', 'order cost', 'cost per order'],
  rating: ['rating', 'stars', 'star rating', 'score', 'review rating', 'overall'],
  reviewText: ['review text', 'review', 'reviewtext', 'review body', 'text', 'comment', 'comments', 'body', 'content'],
  reviewTitle: ['review title', 'title', 'summary', 'headline'],
  stockout: ['stockout', 'stock out', 'out of stock', 'oos', 'sold out', 'stockout flag'],
  supplier: ['supplier', 'vendor', 'supplier name', 'vendor name', 'manufacturer', 'brand supplier', 'supplied by'],
};

/** Lower-case, collapse separators, so "Unit_Price", "unit price" and " UNIT-PRICE " compare equal. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\ufeff/, '').trim().toLowerCase().replace(/\(.*?\)/g, ' ').replace(/[\s_\-./:#]+/g, ' ').trim();
}

export type ColumnMap = Partial<Record<Field, number>>;

export interface KindMatch {
  kind: FileKind;
  columns: ColumnMap;
  /** Required fields with no column. */
  missing: Field[];
  /** Fields matched only loosely (a header that contains a synonym). */
  loose: Field[];
  /** Header names that appear more than once among the matched ones. */
  duplicates: string[];
}

/** Fields whose synonyms are checked first for a kind, so that e.g. "Title" is a review title in reviews. */
const KIND_PRIORITY: Partial<Record<FileKind, Field[]>> = {
  reviews: ['reviewTitle', 'reviewText', 'rating'],
  catalogue: ['description'],
};

/**
 * Maps the header to one kind's fields. Exact synonym matches win; a required field still missing
 * may take a header that merely contains one of its synonyms (reported as loose).
 */
export function matchKind(headers: readonly string[], kind: FileKind): KindMatch {
  const norm = headers.map(normaliseHeader);
  const { required, optional } = KIND_FIELDS[kind];
  const priority = KIND_PRIORITY[kind] ?? [];
  const order = [...priority, ...required.filter((f) => !priority.includes(f)), ...optional.filter((f) => !priority.includes(f))];
  const columns: ColumnMap = {};
  const taken = new Set<number>();
  const isShopify = norm.includes('lineitem quantity');
  for (const field of order) {
    for (const synonym of SYNONYMS[field]) {
      // Shopify's "Name" column is the order number (#1001); the product is "Lineitem name".
      if (isShopify && field === 'name' && synonym === 'name') continue;
      const index = norm.findIndex((h, i) => h === synonym && !taken.has(i));
      if (index >= 0) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  if (isShopify && columns.invoice === undefined) {
    const index = norm.findIndex((h, i) => h === 'name' && !taken.has(i));
    if (index >= 0) { columns.invoice = index; taken.add(index); }
  }
  const loose: Field[] = [];
  for (const field of required) {
    if (columns[field] !== undefined) continue;
    const index = norm.findIndex((h, i) => !taken.has(i) && SYNONYMS[field].some((s) => s.length >= 3 && new RegExp(`\\b${s}\\b`).test(h)));
    if (index >= 0) {
      columns[field] = index;
      taken.add(index);
      loose.push(field);
    }
  }
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const index of Object.values(columns)) {
    const h = norm[index as number];
    if (norm.filter((x) => x === h).length > 1 && !seen.has(h)) {
      seen.set(h, index as number);
      duplicates.push(headers[index as number]);
    }
  }
  return { kind, columns, missing: required.filter((f) => columns[f] === undefined), loose, duplicates };
}

/** A short description of what a field expects, for messages. */
export function fieldHint(field: Field): string {
  return `${FIELD_LABEL[field]} (e.g. ${SYNONYMS[field].slice(0, 3).map((s) => `"${s}"`).join(', ')})`;
}
